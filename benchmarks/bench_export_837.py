"""How fast an 837P of 1,000 claims is written (`app.export.x837.write_837`, the checks done
beforehand), with 0, 10,000 and 100,000 saved claims in the history (saved_claims.py). The
target is 1 s. The baseline, interleaved in the same run: the same file's bytes written through
the app's atomic writer (`app.files.replace_file`), the floor of any export. Also printed: how
many transactions the export committed (each costs a sync of the database file).

    python benchmarks/bench_export_837.py [--n 0,10000,100000] [--claims 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "export"), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from export_fixtures import PRACTICE, set_payer_837_ids  # noqa: E402  (the export tests' practice)
from saved_claims import FIRST, LAST, fill  # noqa: E402
from timed_runs import interleaved, report  # noqa: E402

def checked_claims(db, count: int) -> list:
    """`count` clean encounters, each its own patient, checked."""
    from app.check import Checker
    from support import CLEAN

    checker, checked = Checker(db), []
    for number in range(count):
        doc = copy.deepcopy(CLEAN)
        doc["patient"].update(first_name=FIRST[number % len(FIRST)], last_name=LAST[number % len(LAST)],
                              member_id=f"1EG4TE5MK{number:04d}", account_number=f"A{number:06d}",
                              address={"line1": f"{number} Byron Street", "city": "Springfield", "state": "IL",
                                       "zip": "62701"})
        checked.append(checker.check(doc))
    return checked


class Commits:
    """Counts the transactions committed on `db`'s connection (a trace of COMMIT statements)."""

    def __init__(self, db):
        self.count = 0
        db.conn.set_trace_callback(self._seen)

    def _seen(self, statement: str) -> None:      # (sqlite-utils' read-only savepoints are not commits)
        if statement.strip().upper() in ("COMMIT", "END", "END TRANSACTION", "COMMIT TRANSACTION"):
            self.count += 1


def run(n: int, claims: int, repeat: int) -> None:
    from app.export.x837 import write_837
    from app.files import replace_file
    from app.store.db import connect
    from app.store.settings import set_settings

    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "export.db")
        set_settings(db, PRACTICE)
        set_payer_837_ids(db)
        fill(db, n)
        checked = checked_claims(db, claims)
        out, floor = Path(tmp) / "claims.837", Path(tmp) / "floor.837"
        write_837(db, checked, out, force=True)       # (findings do not matter here: the writing does)
        content = out.read_text()
        commits = Commits(db)
        write_837(db, checked, out, force=True)
        print(f"\n== {n:,} saved claims; {claims:,} claims exported, {len(content) / 1e6:.1f} MB; "
              f"{commits.count} transaction(s) committed by one export", flush=True)
        db.conn.set_trace_callback(None)
        report(f"write_837 of {claims:,} claims", *interleaved(lambda _: write_837(db, checked, out, force=True),
                                                               lambda _: replace_file(floor, content),
                                                               range(repeat)), "atomic write of the same bytes")
        db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="0,10000,100000", help="saved claims in the history, comma-separated")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    for n in (int(x) for x in args.n.split(",")):
        run(n, args.claims, args.repeat)
    print(f"(whole run {time.perf_counter() - start:.0f} s; code: {ROOT})")


if __name__ == "__main__":
    main()
