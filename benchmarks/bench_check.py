"""How fast a check is: per-encounter check time over 1,000 varied encounters (one process, warm
database), as a ratio to parsing the same JSON; and first-run database creation time.

    python benchmarks/bench_check.py [--n 1000]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from app.check import Checker  # noqa: E402
from app.store.db import connect  # noqa: E402
from app.store.reference import ensure_icd  # noqa: E402
from support import CLEAN  # noqa: E402

DRUGS = [("J3420", 1000, "mcg", ["D51.0", "E53.8"]), ("J1885", 60, "mg", ["M54.50", "S39.012A"]),
         ("J0897", 60, "mg", ["M81.0"]), ("J1050", 150, "mg", ["Z30.42", "N93.9"]),
         ("J0696", 1000, "mg", ["J02.9", "A54.00"]), ("J1100", 10, "mg", ["J45.901", "L50.9"]),
         ("J1071", 200, "mg", ["E29.1"]), ("J2550", 25, "mg", ["R11.2"])]


def varied(rng: random.Random) -> dict:
    doc = copy.deepcopy(CLEAN)
    doc["payer"] = rng.choice(["medicare", "medicaid", "commercial"])
    doc["place_of_service"] = rng.choice(["11", "11", "11", "22", "12"])
    injections = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        code, amount, unit, dx = rng.choice(DRUGS)
        injections.append({"drug": {"hcpcs": code, "ndc": rng.choice([None, "0143-9621-25"]), "ndc_quantity": 1,
                                    "ndc_unit": "ML", "single_dose_container": rng.random() < 0.5},
                           "dose": {"amount": amount * rng.choice([1, 2]), "unit": unit},
                           "route": rng.choice(["IM", "SC"]), "diagnosis_pointers": [1]})
        doc["diagnoses"] = [rng.choice(dx)]
    doc["injections"] = injections
    doc["visit"] = rng.choice([None, {"code": "99213", "separately_identifiable": True},
                               {"code": "99211", "separately_identifiable": False}])
    return doc


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_creation() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db = connect(Path(tmp) / "first.db")
        created = time.perf_counter() - start
        start = time.perf_counter()
        ensure_icd(db)
        return created, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    n = parser.parse_args().n
    created, icd = time_creation()
    rng = random.Random(7)
    texts = [json.dumps(varied(rng)) for _ in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "bench.db")
        ensure_icd(db)
        checker = Checker(db)
        for text in texts[:50]:  # warm the caches
            checker.check(json.loads(text), today=date(2026, 3, 12))
        parse, check = [], []
        for text in texts:
            start = time.perf_counter()
            doc = json.loads(text)
            middle = time.perf_counter()
            checker.check(doc, today=date(2026, 3, 12))
            end = time.perf_counter()
            parse.append(middle - start)
            check.append(end - middle)
    p_med, c_med = statistics.median(parse), statistics.median(check)
    print(f"encounters: {n}")
    print(f"json parse   median {p_med * 1e6:8.1f} us")
    print(f"check        median {c_med * 1e3:8.3f} ms   p99 {percentile(check, 0.99) * 1e3:8.3f} ms")
    print(f"ratio check/parse: median {c_med / p_med:8.0f}x   p99 {percentile(check, 0.99) / percentile(parse, 0.99):8.0f}x")
    print(f"first-run database creation: {created:.3f} s (then ICD-10-CM and the search index, in the background "
          f"in the app: {icd:.2f} s)")


if __name__ == "__main__":
    main()
