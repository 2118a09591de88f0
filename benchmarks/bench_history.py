"""How fast the history list is with 10,000 saved encounters: listing, filtering as the biller
types (a keystroke each), and sorting, for the store's query (median, p99, and the ratio to
the bare SQL query it runs) and for the window (model reset plus the table repainted,
offscreen); and the history tab's first paint. The budget is one frame or two (16-33 ms).

The encounters are inserted straight into the `encounters` table (one realistic document and
check result copied, with varied patient, date, payer, codes and status): saving is not what
is measured here.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_history.py [--n 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support import CLEAN  # noqa: E402

LAST = ["Byron", "Turing", "Hopper", "Lovelace", "Noether", "Curie", "Franklin", "Johnson", "Garcia", "Nguyen",
        "Smith", "Okafor", "Kowalski", "Rossi", "Haddad", "Tanaka", "Murphy", "Schmidt", "Silva", "Cohen"]
FIRST = ["Ada", "Alan", "Grace", "Emmy", "Marie", "Rosalind", "Katherine", "Maria", "Linh", "John", "Chidi"]
CODES = ["99213 96372 J3420", "96372 J1885", "99214 96372 J0897", "96372 J1050", "99212 96372 J0696",
         "96372 J1100 J2550", "90471 90686", "96372 J1071", "99211 96372 J3301"]
FINDINGS = {"errors": ["NPI_INVALID", "DRUG_UNITS_MISMATCH", "VISIT_MODIFIER_25_MISSING", "FACILITY_PLACE_OF_SERVICE"],
            "warnings": ["NDC_MISSING", "DIAGNOSIS_NOT_COVERED", "JZ_MISSING"], "clean": [""]}
TYPED = ["byron", "turing ada", "1eg4", "j3420", "99214 96372", "npi_invalid", "nguyen linh j1885", "kowal"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def realistic(db) -> tuple[str, str]:
    """One checked encounter's document and result, as saving would store them."""
    from app.check import Checker

    checked = Checker(db).check(CLEAN)
    return json.dumps(CLEAN), json.dumps(checked.result.to_json())


def encounter_row(rng: random.Random, number: int, document: str, result: str) -> tuple:
    status = rng.choices(["clean", "warnings", "errors"], [6, 3, 1])[0]
    errors, warnings = (rng.randint(1, 3), 0) if status == "errors" else (0, rng.randint(1, 2) * (status == "warnings"))
    payer, member = rng.choice(["medicare", "medicaid", "commercial"]), f"{rng.randrange(16**10):010X}"
    served = date(2024, 1, 1) + timedelta(days=rng.randrange(800))
    sent = (served + timedelta(days=rng.randint(0, 9))).isoformat() if rng.random() < 0.4 else None
    return (f"2026-03-01T09:{number % 60:02d}:00+00:00", payer, f"{payer}:{member}", f"{rng.choice(LAST)}, "
            f"{rng.choice(FIRST)}", served.isoformat(), rng.choice(CODES), status, errors, warnings, 0,
            f"{number:040x}", document, result, sent, member, " ".join(rng.sample(FINDINGS[status], 1)).strip())


def fill(db, n: int) -> None:
    rng = random.Random(20260312)
    document, result = realistic(db)
    rows = [encounter_row(rng, number, document, result) for number in range(n)]
    with db.atomic():
        db.conn.executemany("INSERT INTO encounters (saved_at, payer, member_key, patient, date_of_service, codes, "
                            "status, errors, warnings, infos, fingerprint, document, result, sent_on, member_id, "
                            "findings) VALUES (" + ", ".join("?" * 16) + ")", rows)


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float], bare: list[float] | None = None) -> None:
    ms = [t * 1000 for t in times]
    ratio = (f"  ×{statistics.median(times) / statistics.median(bare):4.1f} the bare SQL "
             f"({statistics.median(bare) * 1000:.2f} ms)") if bare else ""
    print(f"{name:<44} {len(ms):>5} runs  median {statistics.median(ms):7.2f} ms  p99 {percentile(ms, 0.99):7.2f} ms"
          f"  worst {max(ms):7.2f} ms{ratio}")


def bare_sql(db, f):
    """The query list_encounters runs, rows fetched as tuples (no dicts): the floor."""
    from app.store.encounters import _where

    where, params = _where(f)
    order = f"{f.sort} {'DESC' if f.descending else 'ASC'}, id DESC"
    return lambda: db.execute("SELECT id, saved_at, patient, member_id, date_of_service, payer, codes, status, "
                              "errors, warnings, infos, findings, sent_on FROM encounters "
                              f"WHERE {where} ORDER BY {order}", params).fetchall()


def filters():
    """Every keystroke of the typed searches, then date ranges and statuses."""
    from app.store.encounters import HistoryFilter

    found = [HistoryFilter(text=text[:end]) for text in TYPED for end in range(1, len(text) + 1)]
    found += [HistoryFilter(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)),
              HistoryFilter(status="errors"), HistoryFilter(status="sent", text="j3420")]
    return found


def store_numbers(db, repeat: int) -> None:
    from app.store.encounters import HistoryFilter, list_encounters

    everything = HistoryFilter()
    report("list all (store)", timed(lambda: list_encounters(db, everything), repeat * 4),
           timed(bare_sql(db, everything), repeat * 4))
    store, bare = [], []
    for f in filters():
        store += timed(lambda: list_encounters(db, f), repeat)
        bare += timed(bare_sql(db, f), repeat)
    report("filter, a keystroke each (store)", store, bare)


def window_numbers(db, repeat: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui import refcount_guard
    from app.ui.history_view import HistoryView

    app = QApplication.instance() or QApplication([])
    refcount_guard.install(app)
    start = time.perf_counter()
    view = HistoryView(db)
    view.resize(1100, 760)
    view.show()
    view.table.viewport().repaint()
    app.processEvents()
    print(f"history tab built, listed and first painted: {(time.perf_counter() - start) * 1000:.0f} ms "
          f"({view.model.rowCount():,} rows)")

    report("model reset, every row (no filter)", timed(view.model.reload, repeat * 4))

    def typed(text: str):
        view.filters.text.setText(text)
        view.table.viewport().repaint()
    keystrokes = [t[:end] for t in TYPED for end in range(1, len(t) + 1)]
    report("filter, a keystroke each (reset + paint)", [x for _ in range(repeat) for k in keystrokes
                                                        for x in timed(lambda: typed(k), 1)])
    typed("")
    sorts = []
    for _ in range(repeat):
        for column in range(view.model.columnCount()):
            order = Qt.AscendingOrder
            sorts += timed(lambda: (view.table.sortByColumn(column, order), view.table.viewport().repaint()), 1)
    report("sort by a column (reset + paint)", sorts)
    view.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from app.store.db import connect

    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "history.db")
        start = time.perf_counter()
        fill(db, args.n)
        print(f"{args.n:,} saved encounters inserted in {(time.perf_counter() - start) * 1000:.0f} ms")
        store_numbers(db, args.repeat)
        window_numbers(db, args.repeat)
        db.conn.close()


if __name__ == "__main__":
    main()
