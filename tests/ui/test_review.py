"""The review page shows what `Checker.check` finds (it calls the same check), one-click fixes
re-run the check, unusable encounters show their problem list, and the three buttons work."""

from __future__ import annotations

import copy
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from ui_helpers import CLEAN, SCENARIOS, history_cells, open_at_review, shown_codes

from app.check import Checker
from app.core.encounter import EncounterInvalid


@pytest.mark.skipif(not SCENARIOS, reason="the shared scenarios are not here")
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.parent.name for p in SCENARIOS])
def test_scenario_review_matches_the_check(qtbot, window, path):
    review = open_at_review(qtbot, window, path)
    document = json.loads(path.read_text())
    try:
        expected = Checker(window.db).check(document).result
    except EncounterInvalid as invalid:
        assert review.views.currentIndex() == 1
        shown = [review.problem_list.item(i).text() for i in range(review.problem_list.count())]
        assert shown == [p.plain() for p in invalid.problems]
        assert not any("[" in line or "_" in line for line in shown), "no JSON paths in the biller's list"
        return
    assert review.views.currentIndex() == 0
    assert sorted(shown_codes(review)) == sorted(f.code for f in expected.findings)
    assert review.lines.rowCount() == len(expected.lines)


def test_findings_errors_first_with_icon_and_word(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["visit"] = {"code": "99213", "separately_identifiable": False}
    document["rendering_provider"]["npi"] = "1234567890"
    review = open_at_review(qtbot, window, encounter_file(document))
    table = review.findings
    severities = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert severities == sorted(severities, key=["Error", "Warning", "Note"].index)
    assert "Error" in severities and not table.item(0, 0).icon().isNull()
    assert {"NPI_INVALID", "VISIT_NOT_BILLED"} <= set(shown_codes(review))


def test_claim_lines_in_cms1500_order(qtbot, window, encounter_file):
    review = open_at_review(qtbot, window, encounter_file())
    table = review.lines
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header[:7] == ["Date", "POS", "Code", "Modifiers", "Pointers", "Charge", "Units"]
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [r[2] for r in rows] == ["99213", "96372", "J3420"]
    assert rows[0][:5] == ["03/10/2026", "11", "99213", "25", "A"]
    assert rows[2][7:10] == ["N4 00143962125", "1", "ML"]
    assert header[-1] == "Description" and rows[2][-1] == "Vitamin b12 injection"     # the HCPCS short descriptor
    assert all(row[-1] for row in rows), "every line says what it is"
    assert "D51.0" in review.diagnoses.text() and review.diagnoses.text().startswith("A.")
    assert review.total.text().startswith("<b>Total charge: $")


def test_one_click_fix_reruns_the_check(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["claim_lines"] = [
        {"code": "99213", "units": 1, "diagnosis_pointers": [1]},
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1,
         "ndc": "00143962125", "ndc_quantity": 1, "ndc_unit": "ML"}]
    review = open_at_review(qtbot, window, encounter_file(document))
    assert "VISIT_MODIFIER_25_MISSING" in shown_codes(review)
    button = review.findings.findChild(type(review.copy), "fix_VISIT_MODIFIER_25_MISSING")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert "VISIT_MODIFIER_25_MISSING" not in shown_codes(review)
    assert window.wizard.document()["claim_lines"][0]["modifiers"] == ["25"]
    assert window.wizard.currentPage() is review


def test_units_fix_reloads_the_pages(qtbot, window):
    if not SCENARIOS:
        pytest.skip("the shared scenarios are not here")
    path = SCENARIOS[0].parents[1] / "02-ketorolac-units-wrong" / "encounter.json"
    review = open_at_review(qtbot, window, path)
    qtbot.mouseClick(review.findings.findChild(type(review.copy), "fix_DRUG_UNITS_MISMATCH"), Qt.LeftButton)
    assert "DRUG_UNITS_MISMATCH" not in shown_codes(review)
    assert [review.lines.item(r, 6).text() for r in range(review.lines.rowCount())][-1] == "4"


def test_unusable_encounter_shows_problems_and_keeps_typing(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["injections"][0]["dose"]["amount"] = "sixty"
    review = open_at_review(qtbot, window, encounter_file(document))
    assert review.views.currentIndex() == 1
    assert review.problem_list.item(0).text() == "Injection 1, dose amount: must be a number > 0"
    assert not review.save_history.isEnabled()
    assert window.wizard.document()["injections"][0]["dose"]["amount"] == "sixty"


def test_problem_leads_back_to_its_field(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["patient"]["sex"] = "X"
    review = open_at_review(qtbot, window, encounter_file(document))
    review.problem_list.itemActivated.emit(review.problem_list.item(0))
    assert window.wizard.currentPage().objectName() == "page_patient"


def test_save_to_history_lists_it_newest_first(qtbot, window, encounter_file):
    review = open_at_review(qtbot, window, encounter_file())
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    assert window.wizard.encounter_id is not None
    window.tabs.setCurrentWidget(window.history)           # the history lists once its tab is shown
    qtbot.waitUntil(lambda: history_cells(window.history, 0) == ["Byron, Ada"])


def test_save_as_file_and_copy_summary(qtbot, window, encounter_file, tmp_path, monkeypatch):
    review = open_at_review(qtbot, window, encounter_file())
    out = tmp_path / "saved" / "again.json"
    out.parent.mkdir()
    monkeypatch.setattr("app.ui.dialogs.ask_save_path", lambda parent, suggested: str(out))
    qtbot.mouseClick(review.save_file, Qt.LeftButton)
    assert json.loads(out.read_text()) == window.wizard.document()
    qtbot.mouseClick(review.copy, Qt.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Total charge: 103.50" in copied or "Total charge:" in copied
    assert "J3420" in copied
