"""How fast search as you type answers: every prefix of realistic typed queries (a keystroke
each) over all of ICD-10-CM and the drug catalog, answered by the database's FTS5 index;
median, p99 and worst per keystroke (wall and CPU), for the index alone and with the results
list on the real pages redrawn (offscreen). Targets: index p99 <= 1 ms, with the list p99 <= 16 ms
(one frame). Then the peak memory of a GUI process (main window, 200 searches typed on the
diagnoses page), against a bare QWizard in a process of its own: target <= 150 MB.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_search.py [--repeat 5] [--root DIR]

`--root` runs the memory figure on another checkout (e.g. an older commit unpacked with
`git archive`); the keystroke figures always run this checkout.
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
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICD_TYPED = ["b12 anemia", "D51.0", "type 2 diabetes without complications", "e11.9", "vitamin d deficiency",
             "low back pain", "m54.50", "essential hypertension", "i10", "osteoporosis age related",
             "encounter for immunization", "z23", "chronic kidney disease stage 3", "pain in left knee",
             "long term current use of insulin", "z79.4", "allergic rhinitis due to pollen", "migraine without aura",
             "hypothyroidism unspecified", "iron deficiency anemia", "menopausal", "contraceptive management",
             "rheumatoid arthritis", "nausea with vomiting", "b12 def", "acute sinusitis", "vit b12", "m545",
             "pernicious anemia"]
DRUG_TYPED = ["ketorolac", "J1885", "0409-3795-01", "00409379501", "cyanocobalamin", "J3420", "b-12", "b12",
              "vitamin b12", "depo provera", "medroxyprogesterone 150", "J1050", "ceftriaxone", "rocephin 250",
              "J0696", "testosterone cypionate", "J1071", "denosumab", "prolia", "0143-9621-25", "dexamethasone",
              "triamcinolone kenalog", "J3301", "promethazine", "influenza vaccine", "90686", "methylpred", "toradol"]

MEMORY = r"""
import json, resource, sys
from PySide6.QtWidgets import QApplication
from app.ui import _application, open_window
app = _application()
window = open_window(sys.argv[1])
window.show()
app.processEvents()
if hasattr(window.catalogs, "wait_for_icd"):
    window.catalogs.wait_for_icd()
window.wizard.go_to("diagnoses")
page = window.wizard.page_named("diagnoses")
typed = json.loads(sys.argv[2])
for number in range(200):
    text = typed[number % len(typed)]
    page.search.edit.setText(text)
    app.processEvents()
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
window.close()              # stops a background thread of the window (today's backup) before exit
app.processEvents()
"""

BARE = BARE_WIZARD + 'import json, resource\nprint(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)\n'


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def keystrokes(search, queries: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """(wall, CPU) seconds of each keystroke: every prefix of every query."""
    wall, cpu = [], []
    for _ in range(repeat):
        for text in queries:
            for end in range(1, len(text) + 1):
                start, start_cpu = time.perf_counter(), time.thread_time()
                search(text[:end])
                wall.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - start_cpu)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]]) -> None:
    wall, cpu = ([t * 1000 for t in series] for series in times)
    print(f"{name:<34} {len(wall):>5} keystrokes  median {statistics.median(wall):6.2f} ms  "
          f"p99 {percentile(wall, 0.99):6.2f} ms  worst {max(wall):6.2f} ms  "
          f"(CPU median {statistics.median(cpu):5.2f}, p99 {percentile(cpu, 0.99):5.2f} ms)")


def prepared_database(root: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "injectclaim.db"
    script = ("import sys\nfrom app.store.db import connect\nfrom app.store.reference import ensure_icd\n"
              "db = connect(sys.argv[1])\nensure_icd(db)\ndb.conn.close()\n")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=str(root),
                   env={**os.environ, "PYTHONPATH": str(root)})
    return path


def with_list(db_path: Path):
    """The real diagnoses page and injection panel: type, then let the list redraw."""
    from PySide6.QtWidgets import QApplication

    from app.ui import _application, open_window

    app = _application()
    window = open_window(db_path)
    window.resize(1024, 640)
    window.show()
    window.wizard.go_to("diagnoses")
    diagnoses = window.wizard.page_named("diagnoses").search
    app.processEvents()

    def typed(box):
        def one(text):
            box.edit.setText(text)
            QApplication.processEvents()
        return one
    return window, typed(diagnoses)


def drug_box(window):
    from PySide6.QtWidgets import QApplication

    window.wizard.go_to("injections")
    box = window.wizard.page_named("injections").panels[0].search
    QApplication.processEvents()

    def one(text):
        box.edit.setText(text)
        QApplication.processEvents()
    return one


def peak_memory(root: Path, db_path: Path) -> tuple[float, float]:
    for draft in db_path.parent.glob("*.unfinished-encounter.json"):   # it would be offered back: a dialog
        draft.unlink()
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare = subprocess.run([sys.executable, "-c", BARE], capture_output=True, text=True, cwd=str(root), env=env)
    gui = subprocess.run([sys.executable, "-c", MEMORY, str(db_path), json.dumps(ICD_TYPED)], capture_output=True,
                         text=True, cwd=str(root), env=env)
    if "peak_mb" not in gui.stdout or "peak_mb" not in bare.stdout:
        raise SystemExit(f"memory run failed: {gui.stderr[-500:]}")
    return (json.loads(bare.stdout.strip().splitlines()[-1])["peak_mb"],
            json.loads(gui.stdout.strip().splitlines()[-1])["peak_mb"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="another checkout for the memory figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = prepared_database(ROOT, Path(tmp))
        for root in dict.fromkeys([ROOT, args.root.resolve()]):     # before this process makes any window
            memory_db = db_path if root == ROOT else prepared_database(root, Path(tmp) / "other")
            bare, gui = peak_memory(root, memory_db)
            print(f"peak memory ({root}): bare QWizard {bare:.0f} MB; main window after 200 diagnosis "
                  f"searches {gui:.0f} MB")
        from app.store.db import connect
        from app.store.search_index import DrugSearch, IcdSearch

        db = connect(db_path)
        icd, drugs = IcdSearch(db), DrugSearch(db)
        if not (icd.ready() and drugs.ready()):
            raise SystemExit("the search index was not built")
        icd.search("warm up"), drugs.search("warm up")
        report("ICD-10-CM, index", keystrokes(icd.search, ICD_TYPED, args.repeat))
        report("drugs, index", keystrokes(drugs.search, DRUG_TYPED, args.repeat))
        window, icd_box = with_list(db_path)
        report("ICD-10-CM, diagnoses page redrawn", keystrokes(icd_box, ICD_TYPED, 1))
        report("drugs, injections page redrawn", keystrokes(drug_box(window), DRUG_TYPED, 1))
        window.close()


if __name__ == "__main__":
    main()
