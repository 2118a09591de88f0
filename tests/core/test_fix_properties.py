"""Applying any one-click fix never creates a new error finding: over every shared scenario, every
example encounter of the suite, and encounters Hypothesis puts together from typical facts."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.encounter import EncounterInvalid
from app.core.fixes import apply_fix, lines_as_billed
from support import SHARED, TODAY, clean_encounter
from test_findings import CASES, KETOROLAC, PROLIA, injection


def _scenarios() -> dict[str, dict]:
    documents = {}
    for folder in sorted((SHARED / "scenarios").glob("*")) if (SHARED / "scenarios").is_dir() else []:
        files = sorted(folder.glob("encounter*.json"))
        if files:
            documents[f"scenario {folder.name}"] = json.loads(files[-1].read_text(encoding="utf-8"))
    return documents


EXAMPLES = {**_scenarios(), **{f"case {code}": doc for code, doc in CASES.items()}}


def errors(result) -> set[str]:
    return {f.code for f in result.findings if f.severity == "error"}


def new_errors_after_each_fix(checker, document) -> dict[str, set[str]]:
    """For each one-click fix of `document`'s check: the error codes the fixed document has that it had not."""
    try:
        result = checker.check(document, today=TODAY).result
    except EncounterInvalid:
        return {}
    before, created = errors(result), {}
    for finding in result.findings:
        if finding.action is None:
            continue
        fixed = checker.check(apply_fix(document, result, finding.action), today=TODAY).result
        if errors(fixed) - before:
            created[f"{finding.code}: {finding.action.label}"] = errors(fixed) - before
    return created


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_no_fix_of_an_example_creates_an_error(checker, name):
    assert new_errors_after_each_fix(checker, copy.deepcopy(EXAMPLES[name])) == {}


def test_the_examples_hold_fixes_to_try(checker):
    """The property above is not empty: the examples carry many one-click fixes."""
    actions = 0
    for document in EXAMPLES.values():
        try:
            actions += sum(1 for f in checker.check(document, today=TODAY).result.findings if f.action)
        except EncounterInvalid:
            continue
    assert actions >= 15


EPINEPHRINE = {"hcpcs": "J0171", "name": "epinephrine", "ndc": "0404-9810-01", "ndc_quantity": 0.3, "ndc_unit": "ML"}
INJECTIONS = [
    injection(),
    injection(KETOROLAC, dose={"amount": 30, "unit": "mg"}),
    injection(PROLIA, dose={"amount": 60, "unit": "mg"}, route="SC"),
    injection({"hcpcs": "J1030", "name": "methylprednisolone", "ndc": None}, dose={"amount": 40, "unit": "mg"}),
    injection(EPINEPHRINE, dose={"amount": 0.3, "unit": "mg"}),
    injection({"hcpcs": "J1050", "name": "medroxyprogesterone", "ndc": None, "single_dose_container": True},
              dose={"amount": 150, "unit": "mg"}),
    injection({"hcpcs": "90686", "ndc": None, "name": None}, dose={"amount": 0.5, "unit": "mL"}),
    injection({"hcpcs": "90715", "ndc": None, "name": None}, dose={"amount": 0.5, "unit": "mL"}),
    injection({"hcpcs": "J3301", "name": "triamcinolone", "ndc": None}, dose={"amount": 10, "unit": "mg"},
              route="INTRALESIONAL"),
    injection({"hcpcs": "J1100", "name": "dexamethasone", "ndc": None}, dose={"amount": 10, "unit": "mg"},
              route="IV_PUSH"),
]
VISITS = [None, {"code": "99213", "separately_identifiable": True}, {"code": "99213", "separately_identifiable": False},
          {"code": "99211", "separately_identifiable": True}, {"code": "99385", "separately_identifiable": True},
          {"code": "99396", "separately_identifiable": True}]
BIRTHS = ["1951-04-02", "1990-07-15", "2012-05-05", "2024-01-20"]


@st.composite
def encounters(draw) -> dict:
    doc = clean_encounter(payer=draw(st.sampled_from(["medicare", "medicaid", "commercial"])),
                          diagnoses=["D51.0", "Z23", "M25.561"], visit=draw(st.sampled_from(VISITS)),
                          procedures=draw(st.sampled_from([[], [{"code": "20610"}]])),
                          injections=draw(st.lists(st.sampled_from(INJECTIONS), min_size=1, max_size=3)))
    doc["patient"]["date_of_birth"] = draw(st.sampled_from(BIRTHS))
    doc["patient"]["member_id"] = draw(st.sampled_from(["1EG4TE5MK73", "1EG4-TE5-MK73"]))
    return doc


def _billed_with_a_slip(checker, document, slip: int) -> dict:
    """The built claim written out as billed, with one typical slip on one line."""
    lines = lines_as_billed(checker.check(document, today=TODAY).result)
    line = lines[slip % len(lines)]
    kind = slip // len(lines) % 3
    if kind == 0:
        line["modifiers"] = []
    elif kind == 1:
        line["units"] = line["units"] * 2
    else:
        line["modifiers"] = [*line.get("modifiers", []), "25"]
    return {**document, "claim_lines": lines}


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=encounters(), billed=st.booleans(), slip=st.integers(0, 40))
def test_no_fix_of_a_drawn_encounter_creates_an_error(checker, document, billed, slip):
    if billed:
        document = _billed_with_a_slip(checker, document, slip)
    assert new_errors_after_each_fix(checker, document) == {}
