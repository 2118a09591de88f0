"""Keeping the biller's data safe: a backup copy made with SQLite's backup API once a day (the last
seven kept), the integrity check behind Help ▸ Check database, and restoring a backup."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

KEEP = 7


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backups(db_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    folder = backup_dir(db_path)
    return sorted(folder.glob(f"{db_path.stem}-*.db"), reverse=True) if folder.is_dir() else []


def backup_now(db: sqlite_utils.Database, db_path: Path, day: date | None = None, label: str = "") -> Path:
    """Copy the live database with the backup API (safe while it is in use) and keep the last seven.
    A `label` ("before-restore", a time) keeps the day's other backup instead of replacing it."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{label}" if label else ""
    target = folder / f"{db_path.stem}-{(day or date.today()).isoformat()}{suffix}.db"
    partial = target.with_suffix(".partial")
    copy = sqlite3.connect(str(partial))
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
    partial.replace(target)
    for old in backups(db_path)[KEEP:]:
        old.unlink()
    return target


def daily_backup(db: sqlite_utils.Database, db_path: Path, today: date | None = None) -> Path | None:
    """Make today's backup unless there is one already."""
    day = today or date.today()
    if any(day.isoformat() in b.stem for b in backups(db_path)):
        return None
    return backup_now(db, db_path, day)


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """What `PRAGMA integrity_check` found; empty when the database is sound."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def restore(db_path: Path, backup: Path) -> Path:
    """Put a backup in place of the database; the current one is backed up first (returned), so a
    restore can itself be undone."""
    current = sqlite3.connect(str(db_path))
    try:
        saved = backup_now(sqlite_utils.Database(current), db_path,
                           label="before-restore-" + datetime.now().strftime("%H%M%S"))
        backup_source = sqlite3.connect(str(backup))
        try:
            backup_source.backup(current)
        finally:
            backup_source.close()
    finally:
        current.close()
    return saved
