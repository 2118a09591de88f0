"""What the window's lists need from the database, without the window running SQL: whether
ICD-10-CM and the search index are there, building them on a connection of their own (for a
background thread), and the places of service for the visit page. The searches themselves are
`app.store.search_index`. (The saved history comes from `app.store.encounters`.)
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.db import is_read_only, open_connection
from app.store.reference import icd_loaded


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file behind `db`, or None for an in-memory database."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def read_only(db: sqlite_utils.Database) -> bool:
    return is_read_only(db) is not None


def open_for_writing(path: str | Path) -> sqlite_utils.Database:
    """A second connection to the database at `path`, for a background thread."""
    return sqlite_utils.Database(open_connection(Path(path)))


def build_search(db: sqlite_utils.Database, icd_done=lambda: None) -> None:
    """ICD-10-CM's rows and the search indexes, if `db` lacks them (about a second's work, once);
    `icd_done()` as soon as diagnoses can be searched (the drugs follow)."""
    from app.store.search_index import build_search_index, search_ready

    if search_ready(db, "icd") and search_ready(db, "drugs") and icd_loaded(db):
        icd_done()
        return
    build_search_index(db, icd_done)


def places_of_service(db: sqlite_utils.Database) -> list[tuple[str, str, bool]]:
    return [(c, n, bool(f)) for c, n, f in db.execute("SELECT code, name, facility FROM places_of_service "
                                                       "ORDER BY code").fetchall()]
