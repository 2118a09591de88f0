"""Each wizard page loads its part of an encounter and stores it back unchanged; the whole
wizard keeps fields no page shows; typed values that are not valid yet are kept as typed."""

from __future__ import annotations

import copy
import json

import pytest
from ui_helpers import CLEAN, SCENARIOS, field, without_nulls

PAGE_FIELDS = {
    "page_patient": ["payer", "patient.last_name", "patient.first_name", "patient.date_of_birth", "patient.sex",
                     "patient.member_id", "patient.account_number", "patient.address"],
    "page_visit": ["date_of_service", "place_of_service", "rendering_provider.npi", "rendering_provider.first_name",
                   "rendering_provider.last_name", "administered_by", "supervision", "visit", "procedures"],
    "page_diagnoses": ["diagnoses"],
    "page_injections": ["injections"],
    "page_documentation": ["documentation", "prior_authorization", "abn_on_file", "submitted_on"],
}
COMPLETE = [p for p in SCENARIOS if p.parent.name != "07-unusable-input"]


def pick(document: dict, paths: list[str]) -> dict:
    picked: dict = {}
    for path in paths:
        *parents, last = path.split(".")
        source, target = document, picked
        for key in parents:
            source = source.get(key) or {}
            target = target.setdefault(key, {})
        if last in source:
            target[last] = copy.deepcopy(source[last])
    return picked


def documents():
    yield "clean", copy.deepcopy(CLEAN)
    with_address = copy.deepcopy(CLEAN)
    with_address["patient"]["address"] = {"line1": "1 Byron Street", "city": "Springfield", "state": "IL",
                                          "zip": "62701-1234"}
    yield "clean-with-address", with_address
    for path in COMPLETE:
        yield path.parent.name, json.loads(path.read_text())


@pytest.mark.parametrize("page_name", list(PAGE_FIELDS))
@pytest.mark.parametrize("name,document", list(documents()), ids=[n for n, _ in documents()])
def test_page_round_trip(wizard, page_name, name, document):
    page = next(p for p in wizard.pages if p.objectName() == page_name)
    page.load(document)
    stored: dict = {}
    page.store(stored)
    assert without_nulls(stored) == without_nulls(pick(document, PAGE_FIELDS[page_name]))


@pytest.mark.parametrize("name,document", list(documents()), ids=[n for n, _ in documents()])
def test_wizard_keeps_the_whole_encounter(wizard, name, document):
    document["billing_provider"] = {"name": "Hopper Clinic", "npi": "1234567893"}
    wizard.load(document)
    assert without_nulls(wizard.document()) == without_nulls(document)


def test_what_the_biller_typed_is_kept_even_when_invalid(qtbot, wizard):
    field(wizard, "date_of_service").setText("13/45/2026")
    field(wizard, "patient.last_name").setText("  Byron ")
    wizard.page_named("injections").panels[0].fields["dose.amount"].setText("sixty")
    field(wizard, "injections[0].diagnosis_pointers").setText("A, Q")
    document = wizard.document()
    assert document["date_of_service"] == "13/45/2026"
    assert document["patient"]["last_name"] == "Byron"
    assert document["injections"][0]["dose"]["amount"] == "sixty"
    assert document["injections"][0]["diagnosis_pointers"] == [1, "Q"]


def test_unusable_file_is_loaded_as_it_is(wizard):
    if not SCENARIOS:
        pytest.skip("the shared scenarios are not here")
    raw = json.loads((SCENARIOS[0].parents[1] / "07-unusable-input" / "encounter.json").read_text())
    wizard.load(raw)
    document = wizard.document()
    assert document["date_of_service"] == "2026-13-40"
    assert document["injections"][0]["dose"] == {"amount": -5, "unit": "mcg"}
    assert document["injections"][0]["diagnosis_pointers"] == [3]


@pytest.mark.parametrize("typed", ["03/10/2026", "3/10/26", "03102026", "2026-03-10"])
def test_dates_typed_the_usual_ways(wizard, typed):
    field(wizard, "date_of_service").setText(typed)
    assert wizard.document()["date_of_service"] == "2026-03-10"


def test_combo_boxes_speak_plain_words(wizard):
    wizard.load(copy.deepcopy(CLEAN))
    assert field(wizard, "patient.sex").currentText() == "Female"
    assert field(wizard, "place_of_service").currentText() == "11 Office"
    assert field(wizard, "supervision").currentText().startswith("In person")
    assert field(wizard, "administered_by").currentText() == "Medical assistant (MA)"


def test_a_value_the_list_does_not_know_is_kept(wizard):
    document = copy.deepcopy(CLEAN)
    document["place_of_service"] = "98"
    wizard.load(document)
    assert "98" in field(wizard, "place_of_service").currentText()
    assert wizard.document()["place_of_service"] == "98"
