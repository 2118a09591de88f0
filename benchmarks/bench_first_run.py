"""A new user's first start, everything they wait for: the database made (reference tables and
payer rules; ICD-10-CM and the search indexes follow on a background thread), the window shown,
then "b12" typed in the diagnosis search until results are listed; and the longest the event
loop stalls meanwhile (and for two seconds after, while anything left runs in the background).

Each run uses a new database in a new folder, interleaved with a bare QWizard started the same
way as the baseline; the figures are medians, p99 (the worst of a few runs) and CPU time.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_first_run.py [--n 5] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timed_runs import BARE_WIZARD  # noqa: E402  (benchmarks/, beside this script)

ROOT = Path(__file__).resolve().parent.parent

FIRST_RUN = r"""
import json, sys, time
spawned = float(sys.argv[2])
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.ui import _application, open_window
from app.store.db import connect

app = _application()
start = time.time()
connect(sys.argv[1]).conn.close()
made = time.time() - start
window = open_window(sys.argv[1])
window.show()
app.processEvents()
shown = time.time()

stalls, clock = [0.0], QElapsedTimer()
def tick():
    stalls.append(clock.restart())
ticker = QTimer(interval=5)
ticker.timeout.connect(tick)
clock.start()
ticker.start()

page = window.wizard.page_named("diagnoses")
window.wizard.go_to("diagnoses")
QTest.keyClicks(page.search.edit, "b12")
found_at = None
while time.time() - shown < 60:
    app.processEvents()
    if found_at is None and page.search.results.model().rowCount() > 0:
        found_at = time.time()
    if found_at is not None and time.time() - found_at > 2:
        break
    time.sleep(0.001)
print(json.dumps({"made": made, "shown": shown - spawned, "results": (found_at or 1e9) - shown,
                  "stall": max(stalls) / 1000}), flush=True)
"""

BARE = BARE_WIZARD + 'import json, time\nprint(json.dumps({"shown": time.time() - float(sys.argv[1])}), flush=True)\n'


def run(root: Path, argv: list[str]) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)     # an installed app has its .pyc files; so do the runs here
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                             cwd=str(root))
    line = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0 or not line.strip():
        raise SystemExit(f"the child failed (status {status})")
    return {**json.loads(line.strip().splitlines()[-1]), "cpu": usage.ru_utime + usage.ru_stime}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def line(name: str, values: list[float], unit: float = 1000, suffix: str = "ms") -> str:
    scaled = [v * unit for v in values]
    return f"{name:<52} median {statistics.median(scaled):7.0f} {suffix}  p99 {percentile(scaled, 0.99):7.0f} {suffix}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    args = parser.parse_args()
    root = args.root.resolve()
    bare, first = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(args.n + 1):                        # the first of each warms the file cache
            bare.append(run(root, [sys.executable, "-c", BARE, repr(time.time())]))
            db = Path(tmp) / f"new{number}" / "injectclaim.db"
            first.append(run(root, [sys.executable, "-c", FIRST_RUN, str(db), repr(time.time())]))
    bare, first = bare[1:], first[1:]
    print(f"{root}: {args.n} interleaved first starts, each on a new database")
    print(line("bare QWizard, start to shown", [r["shown"] for r in bare]))
    print(line("database made (reference tables, payer rules)", [r["made"] for r in first]))
    print(line("InjectClaim first start to window shown", [r["shown"] for r in first]))
    print(line("window shown to first diagnosis results (\"b12\")", [r["results"] for r in first]))
    print(line("longest event-loop stall after the window shows", [r["stall"] for r in first]))
    print(line("CPU of the whole first start (child)", [r["cpu"] for r in first]))
    print(line("CPU of the bare QWizard (child)", [r["cpu"] for r in bare]))


if __name__ == "__main__":
    main()
