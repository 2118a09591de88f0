"""Loading the shipped data (`data/`) into the database: on first use, and again whenever an app
update ships different data. Reference tables are replaced whole; shipped payer rules are
updated unless the biller edited them; the biller's own rules and payers are never touched."""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from operator import itemgetter

import sqlite_utils

from app import __version__
from app.core.catalog import ADMIN_CODES
from app.core.payer import Payer, Rule, parse_rule_pack, rule_to_json, settings_to_json
from app.paths import data_dir
from app.store.db import writing


DRUG_LIKE = ("drug", "antineoplastic", "hormonal_antineoplastic", "vaccine", "allergen")
PTP_SOURCE = "CMS NCCI PTP practitioner edits 2024 Q3 (effective 2024-07-01)"
MUE_SOURCE = "CMS NCCI practitioner MUE table 2024 Q3 (effective 2024-07-01)"
SHIPPED_PAYERS = ("medicare", "medicaid", "commercial")


def read_csv(name: str) -> list[dict]:
    with open(data_dir() / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def shipped_version() -> str:
    """The app version, data/manifest.json (written by tools/build_data.py: a hash of each shipped
    table) and the payer packs; no need to read the tables on every open."""
    digest = hashlib.sha1(__version__.encode())
    manifest = data_dir() / "manifest.json"
    shipped = sorted(data_dir().glob("payers/*.json")) if manifest.is_file() else sorted(data_dir().rglob("*"))
    for path in ([manifest] if manifest.is_file() else []) + shipped:
        if path.is_file() and path.suffix in (".csv", ".json", ".gz"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def ensure_seeded(db: sqlite_utils.Database) -> None:
    version = shipped_version()
    row = db.execute("SELECT value FROM meta WHERE key = 'shipped_version'").fetchone()
    if row and row[0] == version:
        return
    from app.store.search_index import forget_icd10cm, load_drug_names

    with writing(db):
        load_reference(db)
        load_drug_names(db)
        forget_icd10cm(db)      # ICD-10-CM and the search index are loaded after, off the start-up path
        table_rows = [rule_row("", rule, "shipped") for rule in cms_rules(db)]
        for pack in shipped_packs():
            update_shipped_payer(db, pack, table_rows)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('shipped_version', ?)", [version])


# ---------------------------------------------------------------- reference tables


def _bulk(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows that all have the same keys in the same order (as the loaders here make them); a
    column the table does not have yet (a database seeded before the migration that adds it) is left out."""
    if not rows:
        return
    have = set(db[table].columns_dict)
    columns = [c for c in rows[0] if c in have]
    sql = f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    values = itemgetter(*columns) if len(columns) > 1 else (lambda r: (r[columns[0]],))
    db.conn.executemany(sql, map(values, rows))


def _hcpcs_rows(replacements: dict[str, str]) -> list[dict]:
    return [{"code": r["code"], "description": r["description"], "short_description": r.get("short_description") or None,
             "kind": r["kind"], "add_date": r["add_date"] or None,
             "term_date": r["term_date"] or None, "unit_amount": r["unit_amount"] or None,
             "unit_measure": r["unit_measure"] or None, "unit_up_to": int(r["unit_up_to"] or 0),
             "noc": int(r["noc"] or 0), "sad_marker": int(r["sad_marker"] or 0),
             "cancer_kind": r["cancer_kind"] or None, "vaccine_group": r.get("vaccine_group") or None,
             "replacement": replacements.get(r["code"]) or None, "catalog": "hcpcs"}
            for r in read_csv("hcpcs.csv")]


def _cpt_rows() -> list[dict]:
    return [{"code": r["code"], "description": r["description"], "kind": r["kind"],
             "vaccine_group": r["vaccine_group"] or None, "unit_up_to": 0, "noc": 0, "sad_marker": 0,
             "unit_measure": "dose" if r["kind"] in ("vaccine", "allergen") else None,
             "unit_amount": "1" if r["kind"] in ("vaccine", "allergen") else None, "catalog": "cpt"}
            for r in read_csv("cpt_codes.csv")]


def _cms_table_rows() -> list[dict]:
    """Codes the CMS tables (MUE, NCCI, PFS) name: real codes the app has no description for."""
    known = {r["code"] for r in read_csv("mue.csv")} | {r["code"] for r in read_csv("cms_codes.csv")}
    return [{"code": c, "description": "", "kind": "", "catalog": "cms"} for c in sorted(known)]


def load_reference(db: sqlite_utils.Database) -> None:
    for table in ("codes", "ndc_crosswalk", "places_of_service", "adjustment_codes"):
        db.execute(f"DELETE FROM {table}")
    replacements = {r["old_code"]: r["new_code"] for r in read_csv("code_replacements.csv")}
    _bulk(db, "codes", _cms_table_rows())
    _bulk(db, "codes", _hcpcs_rows(replacements))
    _bulk(db, "codes", _cpt_rows())
    _bulk(db, "ndc_crosswalk", read_csv("ndc_crosswalk.csv"))
    _bulk(db, "places_of_service", [{**r, "facility": int(r["facility"])} for r in read_csv("place_of_service.csv")])
    _bulk(db, "adjustment_codes", [{k: r[k] or None for k in ("code", "type", "description", "end_date")}
                                   for r in read_csv("carc_rarc.csv")])
    biller_fees = {r[0] for r in db.execute("SELECT code FROM fees WHERE origin = 'biller'").fetchall()}
    db.execute("DELETE FROM fees WHERE origin = 'shipped'")
    _bulk(db, "fees", [{**r, "fee_mills": int(r["fee_mills"]), "origin": "shipped"}
                       for r in read_csv("fee_schedule.csv") if r["code"] not in biller_fees])


# ---------------------------------------------------------------- shipped payers and rules


def cms_rules(db: sqlite_utils.Database) -> list[Rule]:
    """Every NCCI pair and MUE value the app uses, as rules (the same for every shipped payer)."""
    drugs = {r[0] for r in db.execute(f"SELECT code FROM codes WHERE kind IN ({', '.join('?' * len(DRUG_LIKE))})",
                                      DRUG_LIKE).fetchall()}
    rules = [Rule("bundled_pair", {"column1": r["column1"], "column2": r["column2"],
                                   "modifier_opens": r["modifier_indicator"] == "1"},
                  source=PTP_SOURCE, effective_to=_date(r["deletion_date"]))
             for r in read_csv("ncci_ptp.csv")]
    rules += [Rule("max_units", {"code": r["code"], "max": int(r["mue"]), "per": "line" if r["mai"] == "1" else "day"},
                   source=f"{MUE_SOURCE}, MAI {r['mai']}")
              for r in read_csv("mue.csv") if r["code"] in ADMIN_CODES or r["code"] in drugs]
    return rules


def _date(text: str | None):
    from datetime import date
    return date.fromisoformat(text) if text else None


def shipped_packs() -> list[Payer]:
    packs = []
    for pid in SHIPPED_PAYERS:
        payer = parse_rule_pack(json.loads((data_dir() / "payers" / f"{pid}.json").read_text(encoding="utf-8")))
        packs.append(payer)
    return packs


def shipped_key(rule: Rule) -> str:
    f = rule.fields
    if rule.kind == "bundled_pair":
        return f"bundled_pair|{f['column1']}|{f['column2']}|{rule.effective_to or ''}"
    if rule.kind == "max_units":
        return f"max_units|{f['code']}|{f['per']}"
    return f"{rule.kind}|{f.get('code', '')}"


def rule_row(payer_id: str, rule: Rule, origin: str) -> dict:
    f = rule.fields
    return {"payer_id": payer_id, "kind": rule.kind, "code": f.get("code"), "column1": f.get("column1"),
            "column2": f.get("column2"), "fields": json.dumps(f, sort_keys=True),
            "effective_from": _iso(rule.effective_from), "effective_to": _iso(rule.effective_to),
            "source": rule.source, "severity": rule.severity, "note": rule.note, "enabled": int(rule.enabled),
            "origin": origin, "shipped_key": shipped_key(rule) if origin == "shipped" else None, "edited": 0,
            "shipped_json": json.dumps({**rule_to_json(rule), "origin": "shipped"}) if origin == "shipped" else None}


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def update_shipped_payer(db: sqlite_utils.Database, pack: Payer, table_rows: list[dict]) -> None:
    """Add or update a shipped payer: its settings (unless the biller edited them), its pack's rules
    and the CMS table rules (`table_rows`, made once for every payer)."""
    settings = json.dumps(settings_to_json(pack.settings))
    current = db.execute("SELECT settings_edited FROM payers WHERE id = ?", [pack.id]).fetchone()
    if current is None:
        _bulk(db, "payers", [{"id": pack.id, "name": pack.name, "kind": pack.kind, "settings": settings,
                              "origin": "shipped", "settings_edited": 0, "shipped_settings": settings}])
    elif current[0]:
        db.execute("UPDATE payers SET shipped_settings = ? WHERE id = ?", [settings, pack.id])
    else:
        db.execute("UPDATE payers SET name = ?, kind = ?, settings = ?, shipped_settings = ? WHERE id = ?",
                   [pack.name, pack.kind, settings, settings, pack.id])
    rows = [rule_row(pack.id, rule, "shipped") for rule in pack.rules]
    rows += [{**row, "payer_id": pack.id} for row in table_rows]
    new_rows = {row["shipped_key"]: row for row in rows}
    _merge_shipped_rules(db, pack.id, new_rows)


def _merge_shipped_rules(db: sqlite_utils.Database, payer_id: str, new_rows: dict[str, dict]) -> None:
    existing = {key: (rid, edited, shipped, fields) for rid, key, edited, shipped, fields in db.execute(
        "SELECT id, shipped_key, edited, shipped_json, fields FROM rules WHERE payer_id = ? AND origin = 'shipped'",
        [payer_id]).fetchall()}
    gone = [rid for key, (rid, edited, _, _) in existing.items() if key not in new_rows and not edited]
    db.conn.executemany("DELETE FROM rules WHERE id = ?", [[rid] for rid in gone])
    _bulk(db, "rules", [row for key, row in new_rows.items() if key not in existing])
    for key, row in new_rows.items():
        if key not in existing:
            continue
        rid, edited, shipped, fields = existing[key]
        if shipped == row["shipped_json"] and (edited or fields == row["fields"]):
            continue  # unchanged since the last update
        if edited:
            db.execute("UPDATE rules SET shipped_json = ? WHERE id = ?", [row["shipped_json"], rid])
        else:
            sets = ", ".join(f"{c} = ?" for c in row)
            db.execute(f"UPDATE rules SET {sets} WHERE id = ?", [*row.values(), rid])
