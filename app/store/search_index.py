"""Search as you type, answered by the database: ICD-10-CM and the drug catalog in SQLite FTS5
tables with prefix indexes (made by migration m008), so no process builds an index in memory.

The index is built once per shipped data version, right after the database is made or updated
(`build_search_index`, on a background connection in the app: almost all of it is one SQL
statement, so it does not hold Python's lock). Each entry's rowid is the order results are
listed in: billable codes before category headers, drug codes before their NDC packages, the
drugs with most packages (those offices stock) first. A keystroke asks at most a few LIMITed
questions (`app.core.search.match_tiers`), each well under a millisecond.

Until the index is built (or on a read-only database that was never indexed) the searches fall
back to plain LIKE scans of the tables, slower but correct.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import sqlite_utils

from app.core.billing_unit import BillingUnit
from app.core.search import (Diagnosis, DrugChoice, code_prefix, drug_code_words, match_tiers, ndc_typed,
                             no_match_hint, package_facts, package_words, query_words, route_from_description)
from app.core.ndc import ndc_search_key, normalize_ndc
from app.paths import data_dir
from app.store.db import sql_errors, writing

READY_KEY = "search_index_{}"     # meta key: the shipped version an index ("icd", "drugs") was built from
DRUG_LIKE = ("drug", "antineoplastic", "hormonal_antineoplastic", "vaccine", "allergen")


def load_drug_names(db: sqlite_utils.Database) -> None:
    """Brand and common drug names (data/drug_names.csv, hand-written, with the usual route), and
    every drug name of the NDC crosswalk: what the drug search finds a code by."""
    if not db["drug_names"].exists():      # a schema before m008 (seeded by an older version)
        return
    with open(data_dir() / "drug_names.csv", newline="", encoding="utf-8") as handle:
        curated = [(r["name"], r["hcpcs"], r["usual_route"] or None, "curated") for r in csv.DictReader(handle)]
    with writing(db):
        db.execute("DELETE FROM drug_names")
        db.conn.executemany("INSERT OR REPLACE INTO drug_names (name, hcpcs, usual_route, origin) VALUES (?, ?, ?, ?)",
                            curated)
        db.execute("INSERT OR IGNORE INTO drug_names (name, hcpcs, usual_route, origin) SELECT DISTINCT "
                   "drug_name, hcpcs, NULL, 'crosswalk' FROM ndc_crosswalk WHERE coalesce(drug_name, '') <> ''")


def forget_icd10cm(db: sqlite_utils.Database) -> None:
    """Empty ICD-10-CM (shipped data changed): `build_search_index` loads it again."""
    db.execute("DELETE FROM icd10cm")


def _meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def search_ready(db: sqlite_utils.Database, index: str) -> bool:
    """The index ("icd" or "drugs") was built from the data now in the database."""
    try:
        version = _meta(db, "shipped_version")
        return version is not None and _meta(db, READY_KEY.format(index)) == version
    except sql_errors("OperationalError"):     # tables of an older version not there yet
        return False


def build_search_index(db: sqlite_utils.Database, icd_done=lambda: None) -> None:
    """(Re)build both indexes from the reference tables: ICD-10-CM first, then the drugs, each in
    one transaction. `icd_done()` is called when ICD-10-CM's rows are in (searchable by scanning)
    and again when its index is built."""
    from app.store.reference import icd_loaded, load_icd10cm

    if not icd_loaded(db):
        load_icd10cm(db)
    icd_done()
    for index, build in (("icd", _index_icd), ("drugs", _index_drugs)):
        with writing(db):
            build(db)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                       [READY_KEY.format(index), _meta(db, "shipped_version") or ""])
        if index == "icd":
            icd_done()


def _index_icd(db: sqlite_utils.Database) -> None:
    db.execute("INSERT INTO icd_find (icd_find) VALUES ('delete-all')")
    db.execute("INSERT INTO icd_find (rowid, words) SELECT rowid, lower(code) || ' ' || description || ' ' || "
               "coalesce(terms, '') FROM icd10cm")      # rows are loaded billable first: rowid is the order
    _keep_words(db, "icd")


def _keep_words(db: sqlite_utils.Database, kind: str) -> None:
    db.execute(f"DELETE FROM {kind}_words")
    db.execute(f"INSERT INTO {kind}_words (word, docs) SELECT term, doc FROM {kind}_vocab")


def _index_drugs(db: sqlite_utils.Database) -> None:
    marks = ", ".join("?" * len(DRUG_LIKE))
    codes = db.execute(f"SELECT code, description, term_date FROM codes WHERE kind IN ({marks})", DRUG_LIKE).fetchall()
    packages = db.execute("SELECT ndc, hcpcs, coalesce(drug_name, ''), coalesce(labeler, '') FROM ndc_crosswalk "
                          "ORDER BY hcpcs, ndc").fetchall()
    names: dict[str, list[str]] = defaultdict(list)
    for name, hcpcs in db.execute("SELECT name, hcpcs FROM drug_names ORDER BY hcpcs, name"):
        names[hcpcs].append(name)
    count: dict[str, int] = defaultdict(int)
    for _, hcpcs, drug_name, _ in packages:
        count[hcpcs] += 1
        if drug_name and drug_name not in names[hcpcs]:
            names[hcpcs].append(drug_name)
    known = {code for code, _, _ in codes}
    codes.sort(key=lambda r: (r[2] is not None, -count[r[0]], r[0]))
    packages = sorted((p for p in packages if p[1] in known), key=lambda p: (-count[p[1]], p[1], p[0]))
    order = [(code, None, drug_code_words(code, description or "", names[code])) for code, description, _ in codes]
    order += [(hcpcs, ndc, package_words(ndc, hcpcs, drug_name, labeler, [n for n in names[hcpcs] if n != drug_name]))
              for ndc, hcpcs, drug_name, labeler in packages]
    db.execute("DELETE FROM drug_order")
    db.execute("INSERT INTO drug_find (drug_find) VALUES ('delete-all')")
    db.conn.executemany("INSERT INTO drug_order (n, hcpcs, ndc) VALUES (?, ?, ?)",
                        [(n, hcpcs, ndc) for n, (hcpcs, ndc, _) in enumerate(order, 1)])
    db.conn.executemany("INSERT INTO drug_find (rowid, words) VALUES (?, ?)",
                        [(n, words) for n, (_, _, words) in enumerate(order, 1)])
    _keep_words(db, "drug")


class _Words:
    """The indexed words a typed prefix stands for, when they are few (remembered per prefix)."""

    MOST = 24
    SHORTEST = 4            # shorter prefixes have FTS5 prefix indexes of their own
    ENOUGH = 20             # results from the better questions that make the looser ones unneeded

    def __init__(self, db: sqlite_utils.Database, kind: str):
        self.db, self.table, self._known = db, f"{kind}_words", {}

    def __call__(self, prefix: str) -> list[str] | None:
        if len(prefix) < self.SHORTEST:
            return None
        if prefix not in self._known:
            if len(self._known) > 5000:
                self._known.clear()
            rows = self.db.execute(f"SELECT word FROM {self.table} WHERE word >= ? AND word < ? LIMIT ?",
                                   [prefix, prefix + "~", self.MOST + 1]).fetchall()
            self._known[prefix] = None if len(rows) > self.MOST else [r[0] for r in rows]
        return self._known[prefix]


def _like(words: list[str]) -> tuple[str, list[str]]:
    """A scan for every word (LIKE ignores ASCII case by itself: no lower() per row)."""
    return " AND ".join("{0} LIKE ?" for _ in words), [f"%{w}%" for w in words]


class IcdSearch:
    """ICD-10-CM by code or words, billable codes first; one per database connection."""

    COLUMNS = "i.code, i.display, i.description, i.billable, i.parent"

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._ready = False
        self._words = _Words(db, "icd")

    def ready(self) -> bool:
        if not self._ready:
            self._ready = search_ready(self.db, "icd")
        return self._ready

    def search(self, text: str, limit: int = 80) -> list[Diagnosis]:
        found: dict[str, Diagnosis] = {}
        prefix = code_prefix(text)
        if prefix:
            self._by_code(prefix, limit, found)
        words = query_words(text)
        if not words:
            pass
        elif self.ready():
            enough = 1 if len(words[-1]) == 1 else min(limit, _Words.ENOUGH)   # "vitamin d": d as a word will do
            for tier in match_tiers(words, self._words):
                if len(found) >= enough:
                    break
                self._add(f"SELECT {self.COLUMNS} FROM icd_find f JOIN icd10cm i ON i.rowid = f.rowid "
                          "WHERE icd_find MATCH ? ORDER BY f.rowid LIMIT ?",
                          [tier, limit + len(found)], found)
        else:
            where, params = _like(words)
            self._add(f"SELECT {self.COLUMNS} FROM icd10cm i WHERE {where.format('i.description')} LIMIT ?",
                      [*params, limit], found)
        results = list(found.values())
        return ([d for d in results if d.billable] + [d for d in results if not d.billable])[:limit]

    def _by_code(self, prefix: str, limit: int, found: dict) -> None:
        for billable in (1, 0):
            self._add(f"SELECT {self.COLUMNS} FROM icd10cm i WHERE i.code >= ? AND i.code < ? AND i.billable = ? "
                      "ORDER BY i.code LIMIT ?", [prefix, prefix + "~", billable, limit], found)

    def _add(self, sql: str, params: list, found: dict) -> None:
        for key, display, description, billable, parent in self.db.execute(sql, params):
            if key not in found:
                found[key] = Diagnosis(key, display, description or "", bool(billable), parent)

    def get(self, code: str) -> Diagnosis | None:
        key = (code or "").replace(".", "").replace(" ", "").upper()
        found: dict[str, Diagnosis] = {}
        self._add(f"SELECT {self.COLUMNS} FROM icd10cm i WHERE i.code = ?", [key], found)
        return found.get(key)

    def children(self, code: str) -> list[Diagnosis]:
        found: dict[str, Diagnosis] = {}
        self._add(f"SELECT {self.COLUMNS} FROM icd10cm i WHERE i.parent = ? ORDER BY i.code",
                  [code.replace(".", "").upper()], found)
        return list(found.values())

    def no_match(self, text: str) -> str:
        """What to tell the biller when `text` finds nothing: close words that do exist."""
        closest = []
        if self.ready():
            for word in query_words(text):
                closest += [w for w in self._closest(word) if w not in closest]
        return no_match_hint(text, closest[:3])

    def _closest(self, word: str) -> list[str]:
        if self.db.execute("SELECT 1 FROM icd_words WHERE word >= ? AND word < ? LIMIT 1",
                           [word, word + "~"]).fetchone():
            return []                                     # this word is fine; another one finds nothing
        for end in range(len(word) - 1, 2, -1):
            rows = self.db.execute("SELECT word FROM icd_words WHERE word >= ? AND word < ? ORDER BY docs DESC LIMIT 2",
                                   [word[:end], word[:end] + "~"]).fetchall()
            if rows:
                return [r[0] for r in rows]
        return []


class DrugSearch:
    """Drug, vaccine and allergen codes with their NDC packages, by name, brand, code or NDC."""

    SELECT = ("SELECT o.hcpcs, o.ndc, c.description, c.kind, c.unit_amount, c.unit_measure, c.unit_up_to, "
              "c.term_date, x.drug_name, x.labeler, x.hcpcs_dosage, x.pkg_size, x.pkg_qty, x.bill_units, "
              "(SELECT usual_route FROM drug_names d WHERE d.hcpcs = o.hcpcs AND usual_route <> '' "
              "ORDER BY origin DESC, name LIMIT 1) ")

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._ready = False
        self._words = _Words(db, "drug")

    def ready(self) -> bool:
        if not self._ready:
            self._ready = search_ready(self.db, "drugs")
        return self._ready

    def search(self, text: str, limit: int = 60) -> list[DrugChoice]:
        typed = text.strip()
        ndc11 = normalize_ndc(typed) if "-" in typed or len(typed) == 11 else None
        if ndc11:
            exact = self.packages(ndc11)
            if exact:
                return exact
        words = [ndc_search_key(typed)] if ndc_typed(typed) else query_words(typed)
        if not words or not words[0]:
            return []
        if not self.ready():
            return self._fallback(words, limit)
        found: dict[tuple, DrugChoice] = {}
        for tier in match_tiers(words, self._words):
            if len(found) >= min(limit, _Words.ENOUGH):
                break
            self._add(self.SELECT + "FROM drug_find f JOIN drug_order o ON o.n = f.rowid "
                      "JOIN codes c ON c.code = o.hcpcs LEFT JOIN ndc_crosswalk x ON x.ndc = o.ndc AND +x.hcpcs = o.hcpcs "
                      "WHERE drug_find MATCH ? ORDER BY f.rowid LIMIT ?", [tier, limit + len(found)], found)
        return list(found.values())[:limit]

    def _fallback(self, words: list[str], limit: int) -> list[DrugChoice]:
        where, params = _like(words)
        marks = ", ".join("?" * len(DRUG_LIKE))
        found: dict[tuple, DrugChoice] = {}
        where = where.format("code || ' ' || description")
        self._add(self.SELECT + f"FROM (SELECT code AS hcpcs, NULL AS ndc FROM codes WHERE kind IN ({marks}) AND "
                  f"{where} ORDER BY code LIMIT ?) o "
                  "JOIN codes c ON c.code = o.hcpcs LEFT JOIN ndc_crosswalk x ON 0", [*DRUG_LIKE, *params, limit], found)
        return list(found.values())

    def _add(self, sql: str, params: list, found: dict) -> None:
        for row in self.db.execute(sql, params):
            choice = _choice(row)
            found.setdefault((choice.hcpcs, choice.ndc), choice)

    def code(self, hcpcs: str) -> DrugChoice | None:
        marks = ", ".join("?" * len(DRUG_LIKE))
        found: dict[tuple, DrugChoice] = {}
        self._add(self.SELECT + f"FROM (SELECT ? AS hcpcs, NULL AS ndc) o JOIN codes c ON c.code = o.hcpcs "
                  f"LEFT JOIN ndc_crosswalk x ON 0 WHERE c.kind IN ({marks})",
                  [(hcpcs or "").strip().upper(), *DRUG_LIKE], found)
        return next(iter(found.values()), None)

    def packages(self, ndc: str | None) -> list[DrugChoice]:
        """Every code an NDC is billed under, as package choices."""
        ndc11 = normalize_ndc(ndc)
        if not ndc11:
            return []
        found: dict[tuple, DrugChoice] = {}
        self._add(self.SELECT + "FROM (SELECT ndc, hcpcs FROM ndc_crosswalk WHERE ndc = ?) o "
                  "JOIN codes c ON c.code = o.hcpcs JOIN ndc_crosswalk x ON x.ndc = o.ndc AND +x.hcpcs = o.hcpcs "
                  "ORDER BY o.hcpcs", [ndc11], found)
        return list(found.values())


def _choice(row) -> DrugChoice:
    (hcpcs, ndc, description, kind, amount, measure, up_to, ended, drug_name, labeler, dosage, size, quantity,
     bill_units, route) = row
    unit = BillingUnit(Decimal(str(amount)), measure, bool(up_to)) if amount and measure else None
    route = route or route_from_description(description or "")
    if not ndc:
        return DrugChoice(hcpcs, description or "", kind or "drug", unit, ended, usual_route=route)
    words, item_ml, per_ml, per_measure = package_facts(dosage, bill_units, size, quantity)
    return DrugChoice(hcpcs, description or "", kind or "drug", unit, ended, ndc=ndc, drug_name=(drug_name or "").strip(),
                      labeler=labeler, package=words, item_ml=item_ml, per_ml=per_ml, measure=per_measure,
                      usual_route=route)
