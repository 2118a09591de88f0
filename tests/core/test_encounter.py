"""Encounter files: a valid one parses; unusable input names every problem by its JSON path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.core.encounter import EncounterInvalid, parse_encounter
from support import clean_encounter


def problems_of(doc) -> dict[str, str]:
    with pytest.raises(EncounterInvalid) as caught:
        parse_encounter(doc)
    return {p.path: p.message for p in caught.value.problems}


def test_clean_encounter_parses():
    e = parse_encounter(clean_encounter())
    assert e.date_of_service == date(2026, 3, 10)
    assert e.injections[0].dose.amount == Decimal("1000")
    assert e.injections[0].drug.ndc == "0143-9621-25"
    assert e.visit.separately_identifiable is True
    assert e.claim_lines is None


def test_unknown_top_level_fields_are_kept():
    e = parse_encounter(clean_encounter(x_practice_note="call back"))
    assert e.extras == {"x_practice_note": "call back"}


@pytest.mark.parametrize("change, path, words", [
    ({"date_of_service": "2026-13-40"}, "date_of_service", "date"),
    ({"place_of_service": 11}, "place_of_service", "text"),
    ({"supervision": "remote"}, "supervision", "one of"),
    ({"diagnoses": []}, "diagnoses", "at least 1"),
    ({"diagnoses": [f"D51.{i}" for i in range(13)]}, "diagnoses", "at most 12"),
    ({"format": "injection-encounter/2"}, "format", "one of"),
    ({"documentation": {"order": "yes", "administration_record": True, "medical_necessity": True}},
     "documentation.order", "true or false"),
    ({"abn_on_file": 1}, "abn_on_file", "true or false"),
])
def test_unusable_field_is_named(change, path, words):
    found = problems_of(clean_encounter(**change))
    assert path in found and words in found[path]


def test_every_problem_is_reported_at_once():
    doc = clean_encounter()
    doc["injections"][0]["dose"]["amount"] = -5
    doc["injections"][0]["route"] = "ORAL"
    doc["injections"][0]["diagnosis_pointers"] = [3]
    del doc["patient"]["member_id"]
    found = problems_of(doc)
    assert found["injections[0].dose.amount"] == "must be a number > 0"
    assert "one of" in found["injections[0].route"]
    assert "points to diagnosis C" in found["injections[0].diagnosis_pointers[0]"]
    assert found["patient.member_id"] == "is required"


@pytest.mark.parametrize("doc", [None, [], "text", 3, {"format": "injection-encounter/1"}])
def test_not_an_encounter_at_all(doc):
    with pytest.raises(EncounterInvalid) as caught:
        parse_encounter(doc)
    assert caught.value.problems


def test_blank_required_text_is_not_unusable():
    doc = clean_encounter(patient={**clean_encounter()["patient"], "last_name": "  "})
    assert parse_encounter(doc).patient.last_name == "  "


def test_claim_line_pointing_past_the_injections_is_unusable():
    doc = clean_encounter(claim_lines=[{"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 2}])
    assert "claim_lines[0].injection" in problems_of(doc)


def test_claim_line_with_no_pointers_is_left_for_the_check():
    doc = clean_encounter(claim_lines=[{"code": "96372", "units": 1, "diagnosis_pointers": []}])
    assert parse_encounter(doc).claim_lines[0].diagnosis_pointers == []


def test_absurdly_large_numbers_are_unusable():
    doc = clean_encounter()
    doc["injections"][0]["dose"]["amount"] = 1e300
    assert "too large" in problems_of(doc)["injections[0].dose.amount"]
