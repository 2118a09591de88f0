"""The activity log (Help ▸ Activity): what was done to the biller's data and when, kept in the
database. One seat needs no audit trail of who did it, but "what changed the rules on Tuesday",
"when was #412 deleted" and "what went out in that 837P" are questions a biller asks.

`record` is called inside the transaction of the change it describes (so a change and its line
in the log are kept or lost together). Kinds: rule (edits, imports), save, delete, undo delete,
sent, export, restore.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

log = logging.getLogger(__name__)
MOST_SHOWN = 1000


@dataclass(frozen=True)
class Activity:
    at: str                 # ISO time, UTC
    kind: str
    what: str               # in the biller's words
    encounter_id: int | None = None


def record(db: sqlite_utils.Database, kind: str, what: str, encounter_id: int | None = None) -> None:
    """Add a line to the log. Never the reason a change fails: a log that cannot be written is logged."""
    try:
        db.execute("INSERT INTO activity (at, kind, what, encounter_id) VALUES (?, ?, ?, ?)",
                   [datetime.now(timezone.utc).isoformat(timespec="seconds"), kind, what[:500], encounter_id])
    except Exception as error:       # e.g. an older database opened read-only: the change itself decides
        log.warning("activity not recorded (%s: %s): %s", kind, what, error)


def record_many(db: sqlite_utils.Database, kind: str, what: str, encounter_ids: list[int]) -> None:
    for encounter_id in encounter_ids:
        record(db, kind, what, encounter_id)


def recent(db: sqlite_utils.Database, limit: int = MOST_SHOWN) -> list[Activity]:
    """The newest activity first."""
    if not db["activity"].exists():
        return []
    rows = db.execute("SELECT at, kind, what, encounter_id FROM activity ORDER BY id DESC LIMIT ?", [limit])
    return [Activity(*row) for row in rows.fetchall()]


def note(db: sqlite_utils.Database, kind: str, what: str, encounter_ids: list[int] | tuple = ()) -> None:
    """Record something done outside a change of the data (an export) in a transaction of its own;
    on a database that cannot be written (read-only) it goes to the app's log only."""
    from app.store.db import DatabaseUnusable, writing

    try:
        with writing(db):
            for encounter_id in encounter_ids or [None]:
                record(db, kind, what, encounter_id)
    except DatabaseUnusable:
        log.info("activity (not kept: the database cannot be written): %s: %s", kind, what)
