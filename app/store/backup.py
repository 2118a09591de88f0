"""Keeping the biller's data safe: a backup copy made with SQLite's backup API once a day (the last
seven kept), the integrity check behind Help ▸ Check database, and restoring a backup.

Each database keeps its backups in a folder of its own, named after its file
(`backups/clinic.db/clinic-2026-03-10.db`), so two databases side by side (clinic.db and
clinic-east.db) never list, rotate or restore each other's. Inside every backup, `meta` says
when it was made and of which file, and its settings name the practice: a restore shows those,
read from the backup itself, before anything is replaced. A backup is copied a step at a time
(progress said between steps, safe while the app writes) to a `.partial` file, renamed only when
whole; a failure leaves no `.partial` behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils

from app.files import make_private
from app.store import activity

KEEP = 7                  # daily backups kept, and as many labelled ones ("before-restore-…")
STEP_PAGES = 2048         # pages (4 KB each) copied per step of the backup API
PARTIAL = ".partial"
DAY = r"\d{4}-\d{2}-\d{2}"


class BackupStopped(Exception):
    """The backup was asked to stop (the app is closing); nothing was kept."""


def backup_dir(db_path: Path) -> Path:
    """This database's own backup folder: `backups/<its file name>/` beside it."""
    return Path(db_path).parent / "backups" / Path(db_path).name


def _own_name(db_path: Path) -> re.Pattern:
    """Names of this database's backups, exactly: its name, a day, an optional label."""
    return re.compile(rf"{re.escape(Path(db_path).stem)}-({DAY})(-[a-z0-9-]+)?\.db")


def _legacy_name(db_path: Path) -> re.Pattern:
    """Backups made before each database had its own folder, matched exactly (never clinic-east's)."""
    return re.compile(rf"{re.escape(Path(db_path).stem)}-({DAY})(-before-restore-\d{{6}})?\.db")


def backups(db_path: Path) -> list[Path]:
    """Backups of this database (its own folder, and any older ones of exactly its name), newest first."""
    own, legacy = backup_dir(db_path), Path(db_path).parent / "backups"
    found = [p for p in own.glob("*.db") if _own_name(db_path).fullmatch(p.name)] if own.is_dir() else []
    found += [p for p in legacy.glob("*.db") if _legacy_name(db_path).fullmatch(p.name)] if legacy.is_dir() else []
    return sorted(found, key=lambda p: (p.name[len(Path(db_path).stem) + 1:], p.stat().st_mtime), reverse=True)


def daily_name(db_path: Path, day: date) -> Path:
    return backup_dir(db_path) / f"{Path(db_path).stem}-{day.isoformat()}.db"


def backup_now(db: sqlite_utils.Database, db_path: Path, day: date | None = None, label: str = "",
               progress: Callable[[int], None] | None = None,
               stop: Callable[[], bool] = lambda: False) -> Path:
    """Copy the live database with the backup API (safe while it is in use) and keep the last seven.
    A `label` ("before-restore-…") keeps the day's backup instead of replacing it. `progress(percent)`
    is told between steps; `stop()` true ends the copy (BackupStopped). Raises OSError or
    sqlite3.Error when the copy cannot be made, leaving no partial file."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(folder.parent)               # `backups/` itself: mkdir makes parents 0755 under umask 022
    for leftover in folder.glob(f"*{PARTIAL}*"):        # from a copy cut short (power lost)
        leftover.unlink(missing_ok=True)
    suffix = f"-{label}" if label else ""
    target = folder / f"{Path(db_path).stem}-{(day or date.today()).isoformat()}{suffix}.db"
    partial = target.with_name(target.name + PARTIAL)
    try:
        _copy(db, partial, db_path, progress, stop)
        partial.replace(target)
    finally:
        for path in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm", "-journal"))):
            path.unlink(missing_ok=True)
    _rotate(db_path)
    return target


def _copy(db: sqlite_utils.Database, partial: Path, db_path: Path, progress, stop) -> None:
    from app.store.db import open_connection

    def step(status, remaining, total):
        if stop():
            raise BackupStopped()
        if progress and total:
            progress(int(100 * (total - remaining) / total))
    copy = open_connection(partial, like=db_path)      # a protected database's backup is protected too
    try:
        db.conn.backup(copy, pages=STEP_PAGES, progress=step)
        copy.execute("PRAGMA journal_mode=DELETE")        # one self-contained file
        made = datetime.now(timezone.utc).isoformat(timespec="seconds")
        copy.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [("backup.made_at", made), ("backup.of", str(Path(db_path).resolve()))])
    finally:
        copy.close()


def _rotate(db_path: Path) -> None:
    """Keep the newest KEEP daily backups and the newest KEEP labelled ones, of this database only."""
    own = [p for p in backups(db_path) if p.parent == backup_dir(db_path)]
    daily = [p for p in own if not _own_name(db_path).fullmatch(p.name)[2]]
    labelled = [p for p in own if _own_name(db_path).fullmatch(p.name)[2]]
    for old in daily[KEEP:] + labelled[KEEP:]:
        old.unlink(missing_ok=True)


def daily_backup(db: sqlite_utils.Database, db_path: Path, today: date | None = None,
                 progress: Callable[[int], None] | None = None, stop: Callable[[], bool] = lambda: False
                 ) -> Path | None:
    """Make today's backup unless there is one already (a labelled backup made today does not count)."""
    day = today or date.today()
    if daily_name(db_path, day).exists():
        return None
    return backup_now(db, db_path, day, progress=progress, stop=stop)


@dataclass
class BackupInfo:
    """What a backup says about itself, read from inside it."""

    path: Path
    practice: str = ""                  # practice.name in its settings
    made_at: datetime | None = None     # when it was made (None: made before backups said so)
    last_saved: str | None = None       # the newest saved encounter in it (ISO)
    encounters: int = 0
    problem: str | None = None          # it cannot be read as an InjectClaim database

    def when(self) -> str:
        """"03/10/2026 at 09:14" in the biller's local time, or the date of the newest claim saved in it."""
        if self.made_at:
            return self.made_at.astimezone().strftime("%m/%d/%Y at %H:%M")
        if self.last_saved:
            return "an unknown day (its newest saved claim is of " + \
                   datetime.fromisoformat(self.last_saved).astimezone().strftime("%m/%d/%Y") + ")"
        return "an unknown day"


def read_backup(path: Path) -> BackupInfo:
    """The practice, the time made and the saved encounters of the backup at `path`."""
    from app.store.db import DatabaseUnusable, open_connection, sql_errors

    info = BackupInfo(Path(path))
    try:
        conn = open_connection(Path(path), read_only=True)
    except sql_errors() as error:
        info.problem = str(error)
        return info
    except DatabaseUnusable as error:                  # protected with another passphrase
        info.problem = str(error)
        return info
    try:
        info.practice = _setting(conn, "practice.name")
        made = _meta(conn, "backup.made_at")
        info.made_at = datetime.fromisoformat(made) if made else None
        info.encounters, info.last_saved = conn.execute(
            "SELECT count(*), max(saved_at) FROM encounters WHERE deleted_at IS NULL").fetchone()
    except (*sql_errors(), ValueError) as error:
        info.problem = f"it is not a backup of InjectClaim ({error})"
    finally:
        conn.close()
    return info


def _setting(conn, key: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    try:
        value = json.loads(row[0]) if row else ""
    except ValueError:
        value = row[0]
    return str(value or "")


def _meta(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """What `PRAGMA integrity_check` found; empty when the database is sound."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def restore(db_path: Path, backup: Path) -> Path:
    """Put a backup in place of the database; the current one is backed up first (returned), so a
    restore can itself be undone (and that day's daily backup is still made)."""
    from app.store.crypto import refuse_mixed_restore
    from app.store.db import as_database, open_connection

    refuse_mixed_restore(Path(db_path), Path(backup))
    current = open_connection(Path(db_path))
    try:
        saved = backup_now(as_database(current), db_path,
                           label="before-restore-" + datetime.now().strftime("%H%M%S"))
        source = open_connection(Path(backup), read_only=True)
        try:
            source.backup(current)
        finally:
            source.close()
        current.execute("DELETE FROM meta WHERE key LIKE 'backup.%'")     # the live database is no backup
        activity.record(current, "restore", f"Restored the backup {Path(backup).name} (the database before it: "
                                            f"{saved.name})")
    finally:
        current.close()
    return saved
