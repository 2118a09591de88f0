"""What the window's lists need from the database, without the window running SQL: whether
ICD-10-CM and the search index are there, building them on a connection of their own (for a
background thread), and the places of service for the visit page. The searches themselves are
`app.store.search_index`. (The saved history comes from `app.store.encounters`.)
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store.db import as_database, is_read_only, open_connection
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
    """A second connection to the database at `path`, for the background thread that builds the
    search index. Its commits are not synced to disk one by one (WAL, synchronous=NORMAL: the
    database stays whole; a power cut may lose the last commit, and the index is then built again)."""
    db = as_database(open_connection(Path(path)))
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def search_built(db: sqlite_utils.Database) -> bool:
    """Both search indexes are built from the data now in the database, and ICD-10-CM is loaded."""
    from app.store.search_index import search_ready

    return search_ready(db, "icd") and search_ready(db, "drugs") and icd_loaded(db)


def build_search(db: sqlite_utils.Database, icd_done=lambda: None) -> None:
    """ICD-10-CM's rows and the search indexes, if `db` lacks them (about a second's work, once);
    `icd_done()` as soon as diagnoses can be searched, and again once they are indexed."""
    from app.store.search_index import build_search_index

    if search_built(db):
        icd_done()
        return
    build_search_index(db, icd_done)


def places_of_service(db: sqlite_utils.Database) -> list[tuple[str, str, bool]]:
    return [(c, n, bool(f)) for c, n, f in db.execute("SELECT code, name, facility FROM places_of_service "
                                                       "ORDER BY code").fetchall()]
