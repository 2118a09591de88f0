"""The record page asks whether the physician started the course of treatment (Medicare incident-to):
not stated, yes or no, and a finding about it goes to that field."""

from __future__ import annotations

import copy

from ui_helpers import CLEAN, field, walk_to_review


def test_plan_of_care_round_trips(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["documentation"]["plan_of_care"] = False
    assert window.open_encounter(encounter_file(document))
    box = field(window.wizard, "documentation.plan_of_care")
    assert box.value() is False and "No" in box.currentText()
    assert window.wizard.document()["documentation"]["plan_of_care"] is False
    box.set_value(True)
    assert window.wizard.document()["documentation"]["plan_of_care"] is True
    box.set_value(None)
    assert window.wizard.document()["documentation"].get("plan_of_care") is None


def test_not_stated_stays_absent(qtbot, window, encounter_file):
    assert window.open_encounter(encounter_file(copy.deepcopy(CLEAN)))
    assert field(window.wizard, "documentation.plan_of_care").currentText() == "Not stated"
    assert "plan_of_care" not in window.wizard.document()["documentation"]


def test_the_incident_to_finding_goes_to_the_plan_of_care(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["documentation"]["plan_of_care"] = False
    assert window.open_encounter(encounter_file(document))
    walk_to_review(qtbot, window.wizard)
    review = window.wizard.review
    row = next(r for r in range(review.findings.rowCount())
               if review.findings.item(r, 1).text() == "INCIDENT_TO_NOT_ESTABLISHED")
    review.findings.itemActivated.emit(review.findings.item(row, 4))
    assert window.wizard.currentPage().objectName() == "page_documentation"
