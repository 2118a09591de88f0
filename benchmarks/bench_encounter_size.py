"""How the check's time grows with the size of one encounter (issue 11, item 10): 1, 10, 25 and
50 injections (the most accepted), and as many claim lines, as ratios to one injection measured in
the same run (median and p99 wall time, and CPU time); and how quickly an encounter far past the
limit (10,000 injections, 10,000 claim lines) is refused. Linear work keeps the 50-injection
ratio near 50 or below; the quadratic work found by the probe made 10,000 injections take 62 s.

    python benchmarks/bench_encounter_size.py [--repeats 30] [--seed-db PATH]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from app.check import Checker  # noqa: E402
from app.core.encounter import EncounterInvalid  # noqa: E402
from app.store.db import connect  # noqa: E402
from support import CLEAN  # noqa: E402

TODAY = date(2026, 3, 12)


def with_injections(count: int, billed_lines: bool = False) -> dict:
    doc = copy.deepcopy(CLEAN)
    doc["injections"] = [copy.deepcopy(CLEAN["injections"][0]) for _ in range(count)]
    if billed_lines:
        doc["claim_lines"] = [{"code": "96372", "units": 1, "diagnosis_pointers": [1]}] + [
            {"code": "J3420", "units": 1, "injection": i + 1, "diagnosis_pointers": [1]} for i in range(count)]
    return doc


def timed(checker: Checker, doc: dict, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `repeats` checks of `doc`, after one untimed check (warm caches)."""
    walls, cpus = [], []
    for _ in range(repeats + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            checker.check(doc, today=TODAY)
        except EncounterInvalid:
            pass
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls[1:], cpus[1:]


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seed-db", type=Path)
    args = parser.parse_args()
    db = connect(args.seed_db or Path(tempfile.mkdtemp()) / "bench.db")
    checker = Checker(db)
    for billed in (False, True):
        base_wall, base_cpu = timed(checker, with_injections(1, billed), args.repeats)
        print(f"{'with claim lines' if billed else 'built lines'}: one injection median "
              f"{statistics.median(base_wall) * 1e3:.2f} ms")
        for count in (10, 25, 50):
            wall, cpu = timed(checker, with_injections(count, billed), args.repeats)
            print(f"  {count:>3} injections: median {statistics.median(wall) * 1e3:7.2f} ms "
                  f"(x{statistics.median(wall) / statistics.median(base_wall):5.1f})  "
                  f"p99 x{p99(wall) / p99(base_wall):5.1f}  CPU x{sum(cpu) / max(sum(base_cpu), 1e-9):5.1f}")
    for name, doc in (("10,000 injections", with_injections(10_000)),
                      ("10,000 claim lines", with_injections(1) | {"claim_lines": with_injections(9_999, True)
                                                                    ["claim_lines"]})):
        wall, _ = timed(checker, doc, 3)
        print(f"refused: {name}: median {statistics.median(wall) * 1e3:.2f} ms "
              f"(x{statistics.median(wall) / statistics.median(base_wall):.1f} of one injection)")


if __name__ == "__main__":
    main()
