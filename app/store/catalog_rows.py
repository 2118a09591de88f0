"""The rows the window's lists are built from: ICD-10-CM and the drug catalog for the search
indexes (`app.core.search`) and places of service for the visit page. Plain rows out; the
window never writes SQL itself. (The saved history comes from `app.store.encounters`.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

DRUG_LIKE = ("drug", "antineoplastic", "hormonal_antineoplastic", "vaccine", "allergen")


def _dicts(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    return list(db.query(sql, params))


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file behind `db`, or None for an in-memory database."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def open_for_reading(path: str | Path) -> sqlite_utils.Database:
    """A second connection to the database at `path`, for a background thread."""
    return sqlite_utils.Database(sqlite3.connect(str(path), timeout=30, isolation_level=None))


def meta_value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def icd_loaded(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM icd10cm LIMIT 1").fetchone() is not None


def icd_rows(db: sqlite_utils.Database) -> list[tuple]:
    """(key, code, description, billable, parent) for every ICD-10-CM category and code, in code order."""
    return db.execute("SELECT code, display, description, billable, parent FROM icd10cm ORDER BY code").fetchall()


def drug_code_rows(db: sqlite_utils.Database) -> list[dict]:
    marks = ", ".join("?" * len(DRUG_LIKE))
    return _dicts(db, f"SELECT code, description, kind, unit_amount, unit_measure, unit_up_to, noc, term_date "
                      f"FROM codes WHERE kind IN ({marks}) ORDER BY code", DRUG_LIKE)


def ndc_rows(db: sqlite_utils.Database) -> list[dict]:
    return _dicts(db, "SELECT ndc, hcpcs, drug_name, labeler, hcpcs_dosage, pkg_size, pkg_qty "
                      "FROM ndc_crosswalk ORDER BY hcpcs, ndc")


def places_of_service(db: sqlite_utils.Database) -> list[tuple[str, str, bool]]:
    return [(c, n, bool(f)) for c, n, f in db.execute("SELECT code, name, facility FROM places_of_service "
                                                       "ORDER BY code").fetchall()]
