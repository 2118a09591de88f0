"""Hostile input, many times over: mutated encounter files and rule packs go through the same
steps as `injectclaim check`/`save` and `rules import` (read the file, parse, check, save,
import), and every one must end in a result or in plain messages that name the JSON path.

Counted: results, files refused with messages, tracebacks (any other exception) and generic
messages (a message without a JSON path, or one that names a Python error). Both of the last
two must be 0. The mutations include what a probe found: deep nesting, lone surrogates,
integers thousands of digits long, dates like 9999-12-31 and 2026-W10-2, huge lists, bounds
far out of range, cut-off files.

    python benchmarks/fuzz_inputs.py [--encounters 10000] [--packs 2000] [--seed-db PATH] [--random]

Derandomized by default (the same examples every run); --random draws new ones. Exit status 1
when any traceback or generic message was seen.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from support import CLEAN, TODAY, paths_of  # noqa: E402

# Markers replaced in the JSON text (json.dumps cannot write these values itself).
BIG_INT, DEEP, CUT = "\u0001BIGINT\u0001", "\u0001DEEP\u0001", "\u0001CUT\u0001"
GENERIC = re.compile(r"Error\b|Exception|Traceback|object has no attribute|NoneType|not subscriptable|"
                     r"unhashable|codec can't|out of range|invalid literal")

HOSTILE = st.sampled_from([
    BIG_INT, DEEP, "\ud800", "A\udfffB", "9999-12-31", "0001-01-01", "2026-W10-2", "2026-069", "20260310",
    "2026-02-30", "+2026-03-10", "２０２６-03-10", "", " ", "\x00", "x" * 100_000, "J3420", "96372", "IM", "mL",
    "0143-9621-25", "medicare", "..", "."])
PLAUSIBLE = st.sampled_from([  # values a real file might hold in the wrong place, or the right one
    "J1885", "J0897", "J1050", "90471", "90686", "99211", "99212", "22", "12", "2026-03-01", "2025-01-15",
    "2024-12-31", "D51.0", "Z23", "M54.50", "SC", "IV", "SQ", "RN", "MD", "direct", "in_person", "virtual", 0, 1, 2,
    4, 60, 0.5, 1000, True, False, ["59"], ["JW"], ["JZ"], [1, 2], "mg", "mcg", "units"])
ODD = st.one_of(PLAUSIBLE, PLAUSIBLE, PLAUSIBLE,
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.integers(-10**40, 10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), HOSTILE,
    st.lists(st.integers(-3, 20), max_size=5), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@st.composite
def mutated(draw, base: dict):
    """`base` with one to four values replaced, removed, or a list grown far past a real one."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        paths = [p for p in paths_of(doc) if p]
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        what = draw(st.sampled_from(["replace", "replace", "replace", "remove", "grow"]))
        if what == "remove" and isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif what == "grow" and isinstance(parent[path[-1]], list) and parent[path[-1]]:
            parent[path[-1]] = parent[path[-1]] * draw(st.sampled_from([2, 60, 150, 3000]))
        else:
            parent[path[-1]] = draw(ODD)
    return doc


@st.composite
def file_text(draw, documents):
    """The document as a file: JSON text, sometimes cut off or with a byte-order mark."""
    text = json.dumps(draw(documents))
    text = text.replace(json.dumps(BIG_INT), "1" + "0" * draw(st.sampled_from([40, 4400, 5000])))
    text = text.replace(json.dumps(DEEP), "[" * 3000 + "]" * 3000)
    ending = draw(st.sampled_from(["whole"] * 8 + ["cut", "bom"]))
    if ending == "cut":
        text = text[:draw(st.integers(0, max(len(text) - 1, 0)))]
    elif ending == "bom":
        text = "\ufeff" + text
    return text


def encounter_bases() -> list[dict]:
    two = copy.deepcopy(CLEAN)
    two["injections"].append({"drug": {"hcpcs": "J1885", "name": "ketorolac"}, "dose": {"amount": 60, "unit": "mg"},
                              "route": "IM", "site": "right gluteus", "diagnosis_pointers": [1]})
    billed = copy.deepcopy(CLEAN)
    billed["claim_lines"] = [{"code": "96372", "units": 1, "diagnosis_pointers": [1]},
                             {"code": "J3420", "units": 1, "injection": 1, "diagnosis_pointers": [1]}]
    fuzz_payer = copy.deepcopy(CLEAN)
    fuzz_payer["payer"] = "fuzzpayer"
    return [copy.deepcopy(CLEAN), two, billed, fuzz_payer]


def pack_base() -> dict:
    pack = json.loads((ROOT / "data" / "payers" / "commercial.json").read_text(encoding="utf-8"))
    pack["payer"] = {"id": "fuzzpayer", "name": "Fuzz PPO", "kind": "commercial"}
    pack["settings"]["timely_filing"] = {"days": 180}
    pack["rules"] = pack["rules"][:6] + [
        {"kind": "max_units", "code": "96372", "max": 4, "per": "day", "source": "CMS MUE"},
        {"kind": "min_interval", "code": "J1050", "days": 77, "source": "LCD"},
        {"kind": "bundled_pair", "column1": "96372", "column2": "99211", "modifier_opens": False,
         "effective_from": "2005-10-01", "effective_to": None, "source": "CMS NCCI"},
        {"kind": "covered_diagnoses", "code": "J3420", "diagnoses": ["D51.*"], "source": "LCD"}]
    return pack


# ---------------------------------------------------------------- running one input


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)

    def message(self, kind: str, problems) -> None:
        self.counts[f"{kind}: refused with messages"] += 1
        for problem in problems:
            text = str(problem)
            if not getattr(problem, "path", "") or GENERIC.search(text):
                self.generic.append(f"{kind}: {text[:200]}")

    def crashed(self, kind: str) -> None:
        self.counts[f"{kind}: tracebacks"] += 1
        self.tracebacks.append(traceback.format_exc(limit=6))


def run_encounter(checker, folder: Path, text: str, number: int, tally: Tally) -> None:
    """What `injectclaim check FILE` (and every tenth, `save FILE`) does with this file's text."""
    from app.files import read_document
    from app.core.encounter import EncounterInvalid

    path = folder / f"encounter-{number % 50}.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        document = read_document(path)
        if number % 10 == 0:
            checker.save(document)
        else:
            checker.check(document, today=TODAY)
        tally.counts["encounters: results"] += 1
    except EncounterInvalid as invalid:
        tally.message("encounters", invalid.problems)
    except Exception:
        tally.crashed("encounters")


def run_pack(db, checker, text: str, tally: Tally) -> None:
    """What `injectclaim rules import FILE` does, then a check against the payer it made."""
    from app.core.encounter import EncounterInvalid
    from app.core.payer import RulePackInvalid
    from app.core.validate import JsonUnusable, load_json
    from app.store.payers import import_pack

    try:
        payer = import_pack(db, load_json(text.removeprefix("\ufeff")))
        tally.counts["packs: imported"] += 1
    except (JsonUnusable, RulePackInvalid) as invalid:
        tally.message("packs", invalid.problems)
        return
    except Exception:
        tally.crashed("packs")
        return
    try:
        for base in encounter_bases():
            checker.check({**base, "payer": payer.id}, today=TODAY)
        tally.counts["packs: checked against"] += 1
    except EncounterInvalid:
        tally.counts["packs: checked against (encounter refused)"] += 1
    except Exception:
        tally.crashed("packs (check after import)")


# ---------------------------------------------------------------- the run


def seeded_copy(seed_db: Path | None):
    """An in-memory copy of a seeded database (made once in a temporary folder unless given)."""
    import sqlite_utils

    from app.store.db import connect

    if seed_db is None:
        seed_db = Path(tempfile.mkdtemp()) / "seeded.db"
        connect(seed_db).conn.close()
    source, target = sqlite3.connect(str(seed_db)), sqlite3.connect(":memory:", isolation_level=None)
    source.backup(target)
    source.close()
    return sqlite_utils.Database(target)


def fuzz(db, encounters: int, packs: int, derandomize: bool = True) -> Tally:
    from app.check import Checker
    from app.store.payers import import_pack

    tally, folder = Tally(), Path(tempfile.mkdtemp())
    import_pack(db, pack_base())
    checker = Checker(db)
    fixed = dict(deadline=None, database=None, derandomize=derandomize, suppress_health_check=list(HealthCheck))
    numbers = iter(range(10**9))

    @settings(max_examples=encounters, **fixed)
    @given(text=file_text(st.sampled_from(encounter_bases()).flatmap(mutated)))
    def encounter_run(text):
        run_encounter(checker, folder, text, next(numbers), tally)

    @settings(max_examples=packs, **fixed)
    @given(text=file_text(mutated(pack_base())))
    def pack_run(text):
        run_pack(db, checker, text, tally)

    if encounters:
        encounter_run()
    if packs:
        pack_run()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encounters", type=int, default=10_000)
    parser.add_argument("--packs", type=int, default=2_000)
    parser.add_argument("--seed-db", type=Path, help="a seeded database to copy (default: make one)")
    parser.add_argument("--random", action="store_true", help="new examples instead of the fixed ones")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = fuzz(seeded_copy(args.seed_db), args.encounters, args.packs, derandomize=not args.random)
    for name, count in sorted(tally.counts.items()):
        print(f"{name:<48} {count:>7,}")
    print(f"{'tracebacks':<48} {len(tally.tracebacks):>7,}")
    print(f"{'generic messages':<48} {len(tally.generic):>7,}")
    print(f"{'seconds':<48} {time.perf_counter() - started:>7.0f}")
    for text in tally.tracebacks[:5] + tally.generic[:10]:
        print("---\n" + text)
    return 1 if tally.tracebacks or tally.generic else 0


if __name__ == "__main__":
    sys.exit(main())
