"""How fast search as you type answers: every prefix of realistic typed queries (a keystroke
each) over all of ICD-10-CM and the drug catalog; median, p99 and worst per keystroke, for the
index alone and with the results list on the page redrawn (offscreen). The budget is one frame,
16 ms.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_search.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICD_TYPED = ["b12 anemia", "D51.0", "type 2 diabetes without complications", "e11.9", "vitamin d deficiency",
             "low back pain", "m54.50", "essential hypertension", "i10", "osteoporosis age related",
             "encounter for immunization", "z23", "chronic kidney disease stage 3", "pain in left knee",
             "long term current use of insulin", "z79.4", "allergic rhinitis due to pollen", "migraine without aura",
             "hypothyroidism unspecified", "iron deficiency anemia", "menopausal", "contraceptive management",
             "rheumatoid arthritis", "nausea with vomiting", "b12 def", "acute sinusitis"]
DRUG_TYPED = ["ketorolac", "J1885", "0409-3795-01", "00409379501", "cyanocobalamin", "J3420", "b-12",
              "depo provera", "medroxyprogesterone 150", "J1050", "ceftriaxone", "rocephin 250", "J0696",
              "testosterone cypionate", "J1071", "denosumab", "prolia", "0143-9621-25", "dexamethasone",
              "triamcinolone kenalog", "J3301", "promethazine", "influenza vaccine", "90686", "methylpred"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def keystrokes(search, queries: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for text in queries:
            for end in range(1, len(text) + 1):
                start = time.perf_counter()
                search(text[:end])
                times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(f"{name:<34} {len(ms):>6} keystrokes  median {statistics.median(ms):6.2f} ms  "
          f"p99 {percentile(ms, 0.99):6.2f} ms  worst {max(ms):6.2f} ms")


def indexes(folder: Path):
    from app.core.search import DrugIndex, IcdIndex
    from app.store import catalog_rows
    from app.store.db import connect
    from app.store.reference import ensure_icd

    db = connect(folder / "injectclaim.db")
    ensure_icd(db)
    start = time.perf_counter()
    icd = IcdIndex(catalog_rows.icd_rows(db))
    built_icd = time.perf_counter() - start
    start = time.perf_counter()
    drugs = DrugIndex(catalog_rows.drug_code_rows(db), catalog_rows.ndc_rows(db))
    built_drugs = time.perf_counter() - start
    print(f"index built: ICD-10-CM {len(icd):,} entries in {built_icd * 1000:.0f} ms; "
          f"drugs {len(drugs.choices):,} codes and packages in {built_drugs * 1000:.0f} ms")
    return icd, drugs


def with_list(icd, drugs):
    """The SearchBox as the pages use it: search, then refill and redraw its results list."""
    from PySide6.QtWidgets import QApplication

    from app.ui.widgets.search_box import SearchBox

    app = QApplication.instance() or QApplication([])
    boxes = (SearchBox("diagnosis", ["Code", "Billable?", "Description"], icd.search,
                       lambda e: (e.code, "billable" if e.billable else "category", e.description)),
             SearchBox("drug", ["Code", "Drug"], drugs.search, lambda c: (c.hcpcs, c.title())))
    for box in boxes:
        box.resize(900, 400)
        box.show()

    def typed(box):
        def one(text):
            box.edit.setText(text)
            app.processEvents()
        return one
    return typed(boxes[0]), typed(boxes[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        icd, drugs = indexes(Path(tmp))
        report("ICD-10-CM, index", keystrokes(icd.search, ICD_TYPED, repeat))
        report("drugs, index", keystrokes(drugs.search, DRUG_TYPED, repeat))
        icd_box, drug_box = with_list(icd, drugs)
        report("ICD-10-CM, with the results list", keystrokes(icd_box, ICD_TYPED, 1))
        report("drugs, with the results list", keystrokes(drug_box, DRUG_TYPED, 1))
        icd_box(""), drug_box("")


if __name__ == "__main__":
    main()
