"""What the daily backup costs the biller, with 0, 10,000 and 100,000 saved claims (varied
documents, saved_claims.py): the window opened (`app.ui.open_window`, shown, events processed)
on the first start of a day, when today's backup is still to be made, against a later start
the same day (the baseline, interleaved in the same run). The target: no difference, the backup
never on the start-up path. Then, where the backup runs in the background, how long it takes
to finish and the longest the event loop was kept from running meanwhile (a 10 ms timer's
longest gap: what a biller typing would feel).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_backup.py [--n 0,10000,100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from saved_claims import fill  # noqa: E402
from timed_runs import Runs, report  # noqa: E402


def backup_folders(db_path: Path) -> list[Path]:
    """Wherever this code keeps the database's backups (removed to make a start the day's first)."""
    from app.store import backup

    return [backup.backup_dir(db_path)]


def open_and_show(db_path: Path):
    from PySide6.QtWidgets import QApplication

    from app.ui import open_window

    window = open_window(db_path)
    window.show()
    QApplication.processEvents()
    return window


def close(window) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window.close()                          # (stops a backup under way)
    worker = getattr(window, "backup_worker", None)
    if worker is not None:
        worker.wait()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QApplication.processEvents()
    window.db.conn.close()


def first_start(db_path: Path):
    for folder in backup_folders(db_path):
        shutil.rmtree(folder, ignore_errors=True)
    window = open_and_show(db_path)
    return window


def later_start(db_path: Path):
    return open_and_show(db_path)


def background_backup(db_path: Path) -> tuple[float, float] | None:
    """(seconds until the background backup finished, longest event-loop gap in seconds); None
    when the backup is not made in the background."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    for folder in backup_folders(db_path):
        shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    window = open_and_show(db_path)
    if not hasattr(window, "backup_finished"):
        close(window)
        return None
    gaps, clock, ticker, loop = [], QElapsedTimer(), QTimer(), QEventLoop()
    clock.start()

    def tick():
        gaps.append((time.perf_counter(), clock.restart() / 1000))
    ticker.timeout.connect(tick)
    ticker.start(10)
    window.backup_finished.connect(loop.quit)
    loop.exec()
    took = time.perf_counter() - start
    ticker.stop()
    began = getattr(window.backup_worker, "started_at", None) or start
    close(window)
    return took, max([gap for at, gap in gaps if at - gap >= began] or [0.010]) - 0.010


def window_class():
    from app.ui.main_window import MainWindow

    return MainWindow


def run(n: int, repeat: int) -> None:
    from app.store.db import connect
    from app.ui import _application

    from PySide6.QtCore import QSettings

    _application()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(Path(tmp) / "settings"))
        db_path = Path(tmp) / "injectclaim.db"
        db = connect(db_path)
        fill(db, n)
        db.conn.close()
        size = db_path.stat().st_size / 1e6
        print(f"\n== {n:,} saved claims ({size:.0f} MB database)", flush=True)
        close(later_start(db_path))                   # warm the file cache
        first, later = Runs(), Runs()
        for _ in range(repeat):                        # interleaved; each window closed outside its timing
            close(later.time(lambda: later_start(db_path)))
            close(first.time(lambda: first_start(db_path)))
        report("window up, first start of the day", first, later, "a later start")
        done = background_backup(db_path)
        if done:
            print(f"background backup finished {done[0] * 1000:.0f} ms after the start (it begins "
                  f"{getattr(window_class(), 'BACKUP_AFTER_MS', 0)} ms after the window is up); longest "
                  f"event-loop gap while it copied {done[1] * 1000:.0f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="0,10000,100000", help="saved claims, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for n in (int(x) for x in args.n.split(",")):
        run(n, args.repeat)


if __name__ == "__main__":
    main()
