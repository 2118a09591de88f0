"""How fast the history list is with 0, 10,000 and 100,000 saved claims (varied documents, made by
saved_claims.py): filtering as the biller types (a keystroke each: patient names, member ids,
codes, finding codes, dates typed MM/DD/YYYY and ISO), listing everything, sorting by each
column; for the store (what the list asks per keystroke) and for the window (the filter applied,
the list on screen and painted, offscreen). The target is p99 <= 50 ms per keystroke at 100k.

Every measured run is interleaved with a baseline run in the same process: for the store, the
first 200 rows of the unfiltered list fetched as bare tuples; for the window, a bare QTableView
over a 200-row QStandardItemModel reset and painted. Medians, p99, worst and CPU time (all
threads) are printed. Run from any checkout: it measures the code beside it.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_history.py [--n 0,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from saved_claims import fill  # noqa: E402
from timed_runs import Runs, interleaved, report  # noqa: E402

TYPED = ["byron", "turing ada", "1eg4", "j3420", "99214 96372", "npi_invalid", "nguyen linh j1885", "kowal",
         "03/14/2025", "2025-06", "zq", "o'brien"]
PAGE_BASELINE = 200


def keystrokes() -> list[str]:
    return [text[:end] for text in TYPED for end in range(1, len(text) + 1)]


def baseline_sql(db):
    """The floor: the first rows of the unfiltered list as tuples."""
    return lambda _: db.execute("SELECT id, saved_at, patient, member_id, date_of_service, payer, codes, status, "
                                "errors, warnings, infos, findings, sent_on FROM encounters WHERE deleted_at IS NULL "
                                f"ORDER BY date_of_service DESC, id DESC LIMIT {PAGE_BASELINE}").fetchall()


def store_query(db):
    """What the list asks of the store per filter: a page and the count where the store pages, else every row."""
    from app.store import encounters

    if hasattr(encounters, "count_matching"):
        page = getattr(encounters, "PAGE", PAGE_BASELINE)
        return lambda f: (encounters.list_encounters(db, replace(f, limit=page)), encounters.count_matching(db, f))
    return lambda f: encounters.list_encounters(db, f)


def paged_numbers(db, repeat: int) -> None:
    """Where the store pages: the first page (what the keystroke waits for) and the count (after it)."""
    from app.store import encounters
    from app.store.encounters import HistoryFilter

    if not hasattr(encounters, "count_matching"):
        return
    floor = baseline_sql(db)
    typed = [HistoryFilter(text=k, limit=encounters.PAGE) for k in keystrokes()] * repeat
    report("store: first page, a keystroke each", *interleaved(lambda f: encounters.list_encounters(db, f),
                                                               floor, typed), "bare SQL")
    report("store: count found, a keystroke each", *interleaved(lambda f: encounters.count_matching(db, f),
                                                                floor, typed), "bare SQL")


def store_numbers(db, repeat: int) -> None:
    from app.store.encounters import HistoryFilter

    paged_numbers(db, repeat)
    query, floor = store_query(db), baseline_sql(db)
    report("store: list all (first screen)", *interleaved(query, floor, [HistoryFilter()] * repeat * 4), "bare SQL")
    typed = [HistoryFilter(text=k) for k in keystrokes()] * repeat
    report("store: filter, a keystroke each", *interleaved(query, floor, typed), "bare SQL")
    others = [HistoryFilter(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)), HistoryFilter(status="errors"),
              HistoryFilter(status="sent", text="j3420")] * repeat
    report("store: date range, status", *interleaved(query, floor, others), "bare SQL")
    sorts = [HistoryFilter(sort=s, descending=d) for s in ("patient", "member_id", "date_of_service", "payer",
                                                           "codes", "status") for d in (False, True)] * repeat
    report("store: sort by a column", *interleaved(query, floor, sorts), "bare SQL")


class BareTable:
    """The window's baseline: a plain QTableView over 200 rows, reset and painted."""

    def __init__(self):
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QTableView

        self.model, self.view = QStandardItemModel(), QTableView()
        self.items = [[QStandardItem(f"Row {r} col {c}") for c in range(6)] for r in range(PAGE_BASELINE)]
        self.view.setModel(self.model)
        self.view.resize(1100, 600)
        self.view.show()
        self.item = QStandardItem

    def run(self, _) -> None:
        self.model.clear()
        for row in range(PAGE_BASELINE):
            self.model.appendRow([self.item(f"{row} {c}") for c in range(6)])
        self.view.viewport().repaint()


def wait_listed(view, apply) -> None:
    """Apply a filter or sort and return when the list shows its result (at once where it is synchronous)."""
    from PySide6.QtCore import QEventLoop

    listed = getattr(view.model, "listed", None)
    if listed is None:
        apply()
    else:
        loop = QEventLoop()
        listed.connect(loop.quit)
        apply()
        if view.model.busy():
            loop.exec()
        listed.disconnect(loop.quit)
    view.table.viewport().repaint()


COUNTS = Runs()        # from the list on screen to the number found on screen (where that comes after)


def wait_counted(view) -> None:
    """Outside the timed run: let the count of the last list finish, timing how long it took."""
    from PySide6.QtCore import QEventLoop

    if not hasattr(view.model, "counting") or not view.model.counting():
        return
    loop = QEventLoop()
    view.model.counted.connect(loop.quit)
    COUNTS.time(loop.exec)
    view.model.counted.disconnect(loop.quit)


def build_view(db, app):
    from app.ui.history_view import HistoryView

    start, cpu = time.perf_counter(), time.process_time()
    view = HistoryView(db)
    built = time.perf_counter() - start
    view.resize(1100, 760)
    wait_listed(view, view.show)
    app.processEvents()
    print(f"history tab built {built * 1000:.0f} ms; built, listed and painted {(time.perf_counter() - start) * 1000:.0f} "
          f"ms (CPU {(time.process_time() - cpu) * 1000:.0f} ms), {view.model.rowCount():,} rows loaded", flush=True)
    return view


def window_numbers(db, repeat: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication


    app = QApplication.instance() or QApplication([])
    view, bare = build_view(db, app), BareTable()
    COUNTS.wall.clear(), COUNTS.cpu.clear()
    typed = lambda text: wait_listed(view, lambda: view.model.set_filter(text=text))
    done, base = Runs(), Runs()
    for key in keystrokes() * repeat:                   # interleaved; each count finished outside the timing
        base.time(lambda: bare.run(None))
        done.time(lambda: typed(key))
        wait_counted(view)
    report("window: filter, a keystroke each (list on screen)", done, base, "bare table")
    if COUNTS.wall:
        report("window: then the number found on screen", COUNTS)
    typed("")
    wait_counted(view)
    sort = lambda c: wait_listed(view, lambda: view.table.sortByColumn(c[0], c[1]))
    columns = [(c, o) for c in range(view.model.columnCount()) for o in (Qt.AscendingOrder, Qt.DescendingOrder)]
    done, base = Runs(), Runs()
    for column in columns * repeat:
        base.time(lambda: bare.run(None))
        done.time(lambda: sort(column))
        wait_counted(view)
    report("window: sort by a column (list on screen)", done, base, "bare table")
    scroll = Runs()
    for _ in range(repeat * 4):
        scroll.time(lambda: (view.table.scrollToBottom(), app.processEvents(), view.table.viewport().repaint()))
    report("window: scroll to the bottom (more rows fetched)", scroll)
    view.close()
    bare.view.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="0,10000,100000", help="saved claims, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-window", action="store_true")
    args = parser.parse_args()
    from app.store.db import connect

    for n in (int(x) for x in args.n.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            db = connect(Path(tmp) / "history.db")
            start = time.perf_counter()
            fill(db, n)
            print(f"\n== {n:,} saved claims (made in {time.perf_counter() - start:.1f} s; code: {ROOT})", flush=True)
            store_numbers(db, args.repeat)
            if not args.no_window:
                window_numbers(db, args.repeat)
            db.conn.close()


if __name__ == "__main__":
    main()
