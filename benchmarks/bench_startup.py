"""How fast the app is ready to type in: time from process start to a usable wizard (window
shown, events processed, the cursor in the first field), median of N runs, as a ratio to a bare
PySide6 QWizard started the same way. The database is seeded once beforehand (a first run's
seeding is a one-off, measured by bench_check.py).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_startup.py [--n 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
wizard, page = QWizard(), QWizardPage()
QVBoxLayout(page).addWidget(QLineEdit())
wizard.addPage(page)
wizard.show()
app.processEvents()
print("ready", flush=True)
"""

APP = """
import sys
from PySide6.QtWidgets import QApplication
from app.ui import _application, open_window
app = _application()
window = open_window(sys.argv[1])
window.show()
app.processEvents()
assert QApplication.focusWidget().objectName() == "patient_search"
print("ready", flush=True)
"""


def time_to_ready(script: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    if line.strip() != "ready":
        raise SystemExit(f"the child did not get ready (exit {child.returncode})")
    return elapsed


def seeded_database(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from app.store.db import connect
    from app.store.reference import ensure_icd

    path = folder / "injectclaim.db"
    db = connect(path)
    ensure_icd(db)
    db.conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=9, help="runs of each (default 9)")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        db = seeded_database(Path(tmp))
        time_to_ready(BARE), time_to_ready(APP, str(db))            # warm the OS file cache
        bare = [time_to_ready(BARE) for _ in range(n)]
        app = [time_to_ready(APP, str(db)) for _ in range(n)]
    ratio = statistics.median(app) / statistics.median(bare)
    print(f"bare QWizard:       median {statistics.median(bare) * 1000:6.0f} ms  (min {min(bare) * 1000:.0f})")
    print(f"InjectClaim wizard: median {statistics.median(app) * 1000:6.0f} ms  (min {min(app) * 1000:.0f})")
    print(f"ratio (app / bare): {ratio:.2f}  over {n} runs each")


if __name__ == "__main__":
    main()
