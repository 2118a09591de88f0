"""The database's quick check and today's backup, made after the window is up, on a thread of its own (its own connection,
SQLite's backup API a step at a time), with its progress in the status bar: the biller types on
meanwhile. A backup that fails (a full disk, a read-only folder) is a warning in the status bar
and the log, never a failed start, and leaves no partial file. Closing the window stops a
backup under way (nothing half-made is kept; the next start makes it). A database that fails the
quick check is never backed up (its damage would push good backups out): the window is told."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from app.store import backup
from app.store.db import sql_errors

log = logging.getLogger(__name__)
MESSAGE_MS = 8000


def failure_words(error: BaseException) -> str:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return (f"Today's backup could not be made ({reason}). Your work is safe in the database; "
            "Help ▸ Check database can try again.")


class DailyBackup(QThread):
    """Makes today's backup of the database at `db_path` unless there is one."""

    healthy = Signal()                   # the quick check passed: writes need not run it again
    damaged = Signal(object)             # the quick check failed: app.store.db.DatabaseDamaged
    progress = Signal(int)               # percent copied
    made = Signal(str)                   # the backup made ("" when today's was there already)
    failed = Signal(str)                 # what went wrong, in the biller's words

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.started_at: float | None = None     # time.perf_counter() when the copy began (for benchmarks)

    def run(self) -> None:
        from app.store.db import DatabaseUnusable, as_database, health_of, open_connection

        self.started_at = time.perf_counter()
        try:
            damaged = health_of(self.db_path)
            if damaged is not None:
                log.warning("%s failed its quick check: %s", self.db_path, damaged.problems[:3])
                return self.damaged.emit(damaged)
            self.healthy.emit()
            source = open_connection(self.db_path, read_only=True)
        except (OSError, DatabaseUnusable, *sql_errors()) as error:     # (a passphrase no longer at hand)
            return self._failed(error)
        try:
            made = backup.daily_backup(as_database(source), self.db_path,
                                       progress=self.progress.emit, stop=self.isInterruptionRequested)
            self.made.emit(str(made or ""))
        except backup.BackupStopped:
            log.info("today's backup stopped: the app is closing")
        except (OSError, *sql_errors()) as error:
            self._failed(error)
        finally:
            source.close()

    def _failed(self, error: BaseException) -> None:
        log.warning("today's backup of %s failed: %s", self.db_path, error)
        self.failed.emit(failure_words(error))


def start_daily_backup(window, db_path: Path) -> DailyBackup:
    """Start today's backup behind `window` (a QMainWindow), saying in its status bar how it goes;
    `window.backup_finished` is emitted when it ends, however it ends."""
    worker = DailyBackup(db_path, window)
    bar = window.statusBar()
    worker.progress.connect(lambda percent: bar.showMessage(f"Backing up today's data… {percent}%"))
    worker.made.connect(lambda made: bar.showMessage(f"Today's backup: {made}", MESSAGE_MS) if made
                        else bar.clearMessage())
    worker.failed.connect(lambda words: bar.showMessage(words))
    worker.finished.connect(window.backup_finished)
    worker.start(QThread.LowPriority)
    return worker
