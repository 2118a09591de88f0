"""The review page says whose claim it is, what each line is, which line a finding is about and
where its rule comes from; a finding's fix sits in its own row, and Enter on a finding goes to
the field that fixes it."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QPushButton
from ui_helpers import CLEAN, walk_to_review


def at_review(qtbot, window, encounter_file, document):
    assert window.open_encounter(encounter_file(document))
    walk_to_review(qtbot, window.wizard)
    return window.wizard.review


def row_of(review, code: str) -> int:
    return next(r for r in range(review.findings.rowCount()) if review.findings.item(r, 1).text() == code)


def units_wrong() -> dict:
    document = copy.deepcopy(CLEAN)
    document["claim_lines"] = [
        {"code": "99213", "modifiers": ["25"], "units": 1, "diagnosis_pointers": [1]},
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J3420", "units": 3, "diagnosis_pointers": [1], "injection": 1,
         "ndc": "00143962125", "ndc_quantity": 1, "ndc_unit": "ML"}]
    return document


def test_the_header_says_whose_claim_it_is(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["supervising_provider"] = {"first_name": "Mary", "last_name": "Jackson", "npi": "1245319599"}
    review = at_review(qtbot, window, encounter_file, document)
    text = review.header.text()
    patient, provider = document["patient"], document["rendering_provider"]
    for words in (patient["last_name"], patient["first_name"], patient["member_id"], "Medicare Part B",
                  provider["npi"], "Jackson, Mary", "1245319599", "03/10/2026", "Office"):
        assert words in text, words
    born = patient["date_of_birth"]
    assert f"{born[5:7]}/{born[8:10]}/{born[:4]}" in text, "dates as the biller reads them"


def test_selecting_a_finding_highlights_its_line_and_shows_its_rule(qtbot, window, encounter_file):
    review = at_review(qtbot, window, encounter_file, units_wrong())
    finding = next(f for f in review.checked.result.findings if f.code == "DRUG_UNITS_MISMATCH")
    review.findings.selectRow(row_of(review, "DRUG_UNITS_MISMATCH"))
    assert [i.row() for i in review.lines.selectionModel().selectedRows()] == [finding.line - 1]
    assert finding.source in review.source.text()


def test_the_fix_button_sits_in_the_findings_row_and_fixes(qtbot, window, encounter_file):
    review = at_review(qtbot, window, encounter_file, units_wrong())
    row = row_of(review, "DRUG_UNITS_MISMATCH")
    button = review.findings.cellWidget(row, review.findings.columnCount() - 1)
    assert isinstance(button, QPushButton) and button.objectName() == "fix_DRUG_UNITS_MISMATCH"
    button.click()
    assert "DRUG_UNITS_MISMATCH" not in {f.code for f in review.checked.result.findings}
    assert window.wizard.document()["claim_lines"][2]["units"] == 1


def test_enter_on_a_finding_goes_to_the_field_that_fixes_it(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["rendering_provider"]["npi"] = "1234567890"
    document["prior_authorization"] = None
    review = at_review(qtbot, window, encounter_file, document)
    wanted = []
    review.go_to_field.connect(wanted.append)
    review.findings.itemActivated.emit(review.findings.item(row_of(review, "NPI_INVALID"), 4))
    assert wanted == ["rendering_provider.npi"]
    assert window.wizard.currentPage().objectName() == "page_visit"


def test_a_visit_left_off_is_a_warning_with_its_fix_beside_it(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["visit"] = {"code": "99213", "separately_identifiable": False}
    review = at_review(qtbot, window, encounter_file, document)
    assert "Clean" not in review.status.text()
    button = review.findings.findChild(QPushButton, "fix_VISIT_NOT_BILLED")
    button.click()
    assert window.wizard.document()["visit"]["separately_identifiable"] is True
    assert "99213" in [line.code for line in review.checked.result.lines]
