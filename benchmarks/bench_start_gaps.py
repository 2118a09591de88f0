"""The longest the event loop goes without running in the first seconds of a normal start, while
the window makes what the start left for later (the other wizard pages, the history tab) and
today's backup begins, against a bare QWizard watched the same way, in one run.

Each run is a new process: the window opened as `injectclaim` opens it (`open_window`), shown,
then a 5 ms timer ticks for `--seconds`; the longest gap between ticks is the stall a biller's
typing would feel. With `--claims N` the history holds N varied saved claims.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_start_gaps.py [--n 7] [--claims 0,100000] [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_startup import ROOT, _env, forget_drafts, percentile, prepared_database  # noqa: E402
from timed_runs import BARE_WIZARD  # noqa: E402

WATCH = """
import json, sys, time
from PySide6.QtCore import QElapsedTimer, QTimer
gaps, clock = [], QElapsedTimer()
ticker = QTimer(interval=5)
ticker.timeout.connect(lambda: gaps.append(clock.restart()))
clock.start()
ticker.start()
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.001)
print(json.dumps({"gap": max(gaps)}), flush=True)
"""

APP = """
import sys
from app.ui import _application, open_window
app = _application()
window = open_window(sys.argv[2])
window.show()
app.processEvents()
""" + WATCH

BARE = BARE_WIZARD + WATCH


def longest_gap(argv: list[str]) -> float:
    done = subprocess.run(argv, capture_output=True, text=True, env=_env(ROOT), cwd=str(ROOT), timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])["gap"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--claims", default="0,100000", help="saved claims, comma-separated")
    parser.add_argument("--seconds", default="3", help="how long to watch after the window shows")
    args = parser.parse_args()
    for claims in (int(c) for c in args.claims.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            db = prepared_database(ROOT, folder, claims)
            bare, app = [], []
            for _ in range(args.n):
                bare.append(longest_gap([sys.executable, "-c", BARE, args.seconds]))
                forget_drafts(folder)
                app.append(longest_gap([sys.executable, "-c", APP, args.seconds, str(db)]))
        print(f"{claims:,} saved claims, {args.n} interleaved runs, watched {args.seconds} s after the window shows")
        for name, gaps in (("bare QWizard", bare), ("InjectClaim", app)):
            print(f"  {name:<14} longest event-loop gap: median {statistics.median(gaps):5.0f} ms  "
                  f"p99 {percentile(gaps, 0.99):5.0f} ms")


if __name__ == "__main__":
    main()
