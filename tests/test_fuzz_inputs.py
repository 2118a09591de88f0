"""A short, fixed run of benchmarks/fuzz_inputs.py: mutated encounter files and rule packs (deep
nesting, lone surrogates, 5,000-digit integers, far dates, huge lists among them) end in a
result or in messages naming the JSON path; never a traceback, never a generic message."""

from __future__ import annotations

import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
fuzz_inputs = pytest.importorskip("fuzz_inputs")


def test_a_few_hundred_hostile_inputs_never_crash_and_always_name_the_place(db):
    tally = fuzz_inputs.fuzz(db, encounters=300, packs=100, derandomize=True)
    assert tally.tracebacks == []
    assert tally.generic == []
    assert tally.counts["encounters: results"] > 0 and tally.counts["encounters: refused with messages"] > 0
    assert tally.counts["packs: refused with messages"] > 0
