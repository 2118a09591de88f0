"""The core's `Reference` (codes, ICD-10-CM, places of service, NDC crosswalk, fees) answered
from SQLite, with small caches so repeated checks stay in memory.

ICD-10-CM comes from the `simple-icd-10-cm` package, turned into data/icd10cm.csv.gz at build
time; the database gets its rows when it is made (a fraction of a second), and nothing here
imports the package or waits for the search index.
"""

from __future__ import annotations

import csv
import gzip
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import sqlite_utils

from app.core.billing_unit import BillingUnit
from app.core.catalog import DRUG_KINDS, AgeBand, CodeInfo, IcdCode, PlaceOfService, ReferenceTable, icd_key
from app.core.ndc import normalize_ndc
from app.paths import data_dir
from app.store.db import writing
from app.store.seed import read_csv

ICD_PACKAGE = "simple-icd-10-cm 1.5.0 (ICD-10-CM FY2026, April 1 2026)"
ICD_FILE = "icd10cm.csv.gz"


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _unit(row: dict) -> BillingUnit | None:
    if not row["unit_amount"] or not row["unit_measure"]:
        return None
    return BillingUnit(Decimal(row["unit_amount"]), row["unit_measure"], bool(row["unit_up_to"]))


def code_info(row: dict) -> CodeInfo:
    return CodeInfo(code=row["code"], description=row["description"] or "", kind=row["kind"] or "",
                    short_description=row.get("short_description") or "",
                    add_date=_date(row["add_date"]), term_date=_date(row["term_date"]), billing_unit=_unit(row),
                    noc=bool(row["noc"]), sad_marker=bool(row["sad_marker"]), cancer_kind=row["cancer_kind"],
                    vaccine_group=row["vaccine_group"], replacement=row["replacement"])


def load_icd10cm(db: sqlite_utils.Database) -> None:
    """Fill the icd10cm table from data/icd10cm.csv.gz (made at build time from simple-icd-10-cm, so
    nothing parses its XML here), unless another connection just did. The rows go from the CSV
    reader to SQLite without Python code per row."""
    with writing(db), gzip.open(data_dir() / ICD_FILE, "rt", encoding="utf-8", newline="") as handle:
        if db.execute("SELECT 1 FROM icd10cm LIMIT 1").fetchone():
            return
        rows = csv.reader(handle)
        next(rows)
        db.conn.executemany("INSERT INTO icd10cm (code, display, description, billable, parent, terms) VALUES "
                            "(?1, CASE WHEN length(?1) > 3 THEN substr(?1, 1, 3) || '.' || substr(?1, 4) ELSE ?1 END, "
                            "?2, ?3, nullif(?4, ''), nullif(?5, ''))", rows)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('icd_source', ?)", [ICD_PACKAGE])


def icd_loaded(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM icd10cm LIMIT 1").fetchone() is not None


def ensure_icd(db: sqlite_utils.Database) -> None:
    """ICD-10-CM in the database and the search index built, now (tests, benchmarks and tools; the
    app does this on a background connection once the database is made)."""
    from app.store.search_index import build_search_index, search_ready

    if not search_ready(db, "icd") or not search_ready(db, "drugs") or not icd_loaded(db):
        build_search_index(db)


class StoreReference:
    """Reference data from the database; one instance per open database."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.code = lru_cache(maxsize=4096)(self._code)
        self.icd = lru_cache(maxsize=4096)(self._icd)
        self.codes_for_ndc = lru_cache(maxsize=2048)(self._codes_for_ndc)
        self.ndcs_for_code = lru_cache(maxsize=2048)(self._ndcs_for_code)
        self._fees: dict[str, tuple[int, str]] | None = None
        self._places: dict[str, PlaceOfService] | None = None
        self._adjustments: dict[str, str] | None = None
        self._bands: dict[str, AgeBand] | None = None
        self._icd_ready = False

    def _rows(self, sql: str, params=()) -> list[dict]:
        return list(self.db.query(sql, params))

    def _code(self, code: str) -> CodeInfo | None:
        rows = self._rows("SELECT * FROM codes WHERE code = ?", [code.strip().upper()])
        return code_info(rows[0]) if rows else None

    def _icd(self, code: str) -> IcdCode | None:
        if not self._icd_ready:     # the table only; a check never waits for the search index
            if not icd_loaded(self.db):
                load_icd10cm(self.db)
            self._icd_ready = True
        key = icd_key(code)
        rows = self._rows("SELECT * FROM icd10cm WHERE code = ?", [key])
        if not rows:
            return None
        row = rows[0]
        children = () if row["billable"] else tuple(self._billable_below(key))
        return IcdCode(row["display"], row["description"], bool(row["billable"]), children)

    def _billable_below(self, key: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT display FROM icd10cm WHERE code LIKE ? AND billable = 1 ORDER BY code LIMIT 40", [key + "%"])]

    def place_of_service(self, code: str) -> PlaceOfService | None:
        if self._places is None:
            self._places = {r["code"]: PlaceOfService(r["code"], r["name"], bool(r["facility"]))
                            for r in self._rows("SELECT * FROM places_of_service")}
        return self._places.get(code)

    def _codes_for_ndc(self, ndc11: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT hcpcs FROM ndc_crosswalk WHERE ndc = ?", [ndc11])}

    def _ndcs_for_code(self, code: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT ndc FROM ndc_crosswalk WHERE hcpcs = ?", [code])}

    def codes_for_drug_name(self, name: str) -> list[str]:
        words = [w for w in name.lower().replace(",", " ").split() if len(w) >= 4 and w.isalpha()]
        if not words:
            return []
        kinds = ", ".join("?" * len(DRUG_KINDS))
        rows = self.db.execute(
            f"SELECT code, description, term_date FROM codes WHERE kind IN ({kinds}) AND noc = 0 "
            f"AND lower(description) LIKE ? ORDER BY code", [*DRUG_KINDS, f"%{words[0]}%"]).fetchall()
        return [code for code, desc, term in rows if term is None and all(w in desc.lower() for w in words[:2])]

    def _fee_rows(self) -> dict[str, tuple[int, str]]:
        if self._fees is None:
            self._fees = {code: (mills, "practice fee schedule" if origin == "biller" else basis)
                          for code, mills, origin, basis in self.db.execute(
                              "SELECT code, fee_mills, origin, basis FROM fees").fetchall()}
        return self._fees

    def fee_basis(self, code: str) -> str | None:
        row = self._fee_rows().get(code)
        return row[1] if row else None

    def fee_cents(self, code: str, units) -> int | None:
        mills = self._fee_rows().get(code, (None,))[0]
        if mills is None:
            return None
        return int((Decimal(mills) * Decimal(units) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def adjustment_text(self, code: str) -> str | None:
        """X12 wording of a CARC ("16") or RARC ("N822")."""
        if self._adjustments is None:
            self._adjustments = dict(self.db.execute("SELECT code, description FROM adjustment_codes").fetchall())
        return self._adjustments.get(code)

    def _age_bands(self) -> dict[str, AgeBand]:
        if self._bands is None:
            self._bands = {r["code"]: AgeBand(r["code"], int(r["from_months"]),
                                              int(r["to_months"]) if r["to_months"] else None, r["ages"],
                                              r["family"], r["source"]) for r in read_csv("age_bands.csv")}
        return self._bands

    def age_band(self, code: str) -> AgeBand | None:
        return self._age_bands().get(code.strip().upper())

    def age_family(self, family: str) -> list[AgeBand]:
        return [band for band in self._age_bands().values() if family and band.family == family]

    def reference_tables(self) -> list[ReferenceTable]:
        """The editions of the shipped reference tables (data/reference_tables.csv)."""
        return [ReferenceTable(r["table"], r["name"], r["edition"], date.fromisoformat(r["covers_from"]),
                               date.fromisoformat(r["covers_through"]), r["used_when"])
                for r in read_csv("reference_tables.csv")]

    def ndc_lookup(self, text: str) -> list[dict]:
        ndc11 = normalize_ndc(text)
        return self._rows("SELECT * FROM ndc_crosswalk WHERE ndc = ?", [ndc11]) if ndc11 else []
