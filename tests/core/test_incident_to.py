"""Medicare incident-to needs a course of treatment the physician started: staff-given injections
with `documentation.plan_of_care` false are INCIDENT_TO_NOT_ESTABLISHED; absent says nothing."""

from __future__ import annotations

import pytest

from app.core.encounter import EncounterInvalid, parse_encounter
from support import clean_encounter, finding_codes

DOCUMENTED = {"order": True, "administration_record": True, "medical_necessity": True}


def with_plan(plan, **changes) -> dict:
    documentation = dict(DOCUMENTED) if plan == "absent" else {**DOCUMENTED, "plan_of_care": plan}
    return clean_encounter(documentation=documentation, **changes)


@pytest.mark.parametrize("staff", ["RN", "LPN", "MA"])
def test_staff_injection_without_a_plan_of_care_is_a_warning(check, staff):
    result = check(with_plan(False, administered_by=staff))
    found = [f for f in result.findings if f.code == "INCIDENT_TO_NOT_ESTABLISHED"]
    assert found and found[0].severity == "warning" and found[0].carc == "CO-185"
    assert staff in found[0].message and "2.6.2" in found[0].source
    assert found[0].line == 2  # the 96372 line


@pytest.mark.parametrize("plan", [True, None, "absent"])
def test_a_plan_of_care_or_no_word_on_it_is_quiet(check, plan):
    assert "INCIDENT_TO_NOT_ESTABLISHED" not in finding_codes(check(with_plan(plan)))


@pytest.mark.parametrize("changes", [{"administered_by": "MD"}, {"administered_by": "NP"},
                                     {"payer": "commercial"}, {"payer": "medicaid"}])
def test_only_staff_under_medicare(check, changes):
    assert "INCIDENT_TO_NOT_ESTABLISHED" not in finding_codes(check(with_plan(False, **changes)))


def test_plan_of_care_is_read_from_the_file():
    assert parse_encounter(with_plan(False)).documentation.plan_of_care is False
    assert parse_encounter(with_plan(True)).documentation.plan_of_care is True
    assert parse_encounter(with_plan("absent")).documentation.plan_of_care is None


def test_plan_of_care_that_is_not_a_boolean_is_unusable_input():
    with pytest.raises(EncounterInvalid) as invalid:
        parse_encounter(with_plan("yes"))
    assert [(p.path, p.message) for p in invalid.value.problems] == [("documentation.plan_of_care",
                                                                      "must be true or false")]
