"""The visit page's other procedures: rows loaded and stored back unchanged, added and removed
(field names renumbered), a blank row not stored, problems beside the row, and the keyboard."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import CLEAN, field

PROCEDURES = [{"code": "20610", "modifiers": ["59", "RT"], "units": 1, "diagnosis_pointers": [1, 2]},
              {"code": "J7325", "units": 48, "diagnosis_pointers": [2], "note": "kept, though not shown"}]


@pytest.fixture
def visit(wizard):
    document = copy.deepcopy(CLEAN)
    document["diagnoses"] = ["D51.0", "M17.11"]
    document["procedures"] = copy.deepcopy(PROCEDURES)
    wizard.load(document)
    wizard.next()
    return wizard.page_named("visit")


def stored(page) -> dict:
    document: dict = {}
    page.store(document)
    return document


def test_procedures_load_and_store_back_unchanged(visit, wizard):
    assert field(wizard, "procedures[0].code").text() == "20610"
    assert field(wizard, "procedures[0].modifiers").text() == "59, RT"
    assert field(wizard, "procedures[0].diagnosis_pointers").text() == "A, B"
    assert field(wizard, "procedures[1].units").text() == "48"
    assert stored(visit)["procedures"] == PROCEDURES
    assert wizard.document()["procedures"] == PROCEDURES


@pytest.mark.parametrize("procedures,expected", [(None, None), ([], [])])
def test_no_procedures_stay_as_they_were(wizard, procedures, expected):
    document = copy.deepcopy(CLEAN)
    document.pop("procedures")
    if procedures is not None:
        document["procedures"] = procedures
    page = wizard.page_named("visit")
    page.load(document)
    assert stored(page).get("procedures") == expected
    page.procedures.add_button.click()                  # a blank row is not a procedure
    assert stored(page).get("procedures") == expected


def test_add_type_and_remove_rows(qtbot, visit, wizard):
    visit.procedures.add_button.click()
    assert QApplication.focusWidget() is field(wizard, "procedures[2].code")
    qtbot.keyClicks(field(wizard, "procedures[2].code"), "96374")
    qtbot.keyClicks(field(wizard, "procedures[2].modifiers"), "xu 59")
    qtbot.keyClicks(field(wizard, "procedures[2].diagnosis_pointers"), "b")
    assert stored(visit)["procedures"][2] == {"code": "96374", "modifiers": ["xu", "59"], "diagnosis_pointers": [2]}
    visit.procedures.rows[0].remove.click()
    assert field(wizard, "procedures[0].code").text() == "J7325"
    assert field(wizard, "procedures[1].code").text() == "96374"
    assert wizard.findChild(type(field(wizard, "procedures[0].code")), "procedures[2].code") is None
    assert [p["code"] for p in wizard.document()["procedures"]] == ["J7325", "96374"]


def test_a_problem_shows_beside_its_row(qtbot, visit, wizard):
    field(wizard, "procedures[1].diagnosis_pointers").setText("A, Q")
    wizard.settle()
    label = visit.procedures.rows[1].problem
    assert not label.isHidden() and label.text().count("must be a whole number") == 1
    assert "Procedure 2, diagnosis pointer" in label.text() and "diagnosis_pointers" not in label.text()
    assert visit.procedures.rows[0].problem.isHidden()
    field(wizard, "procedures[1].diagnosis_pointers").setText("B")
    wizard.settle()
    assert label.isHidden()


def test_every_procedure_input_is_labelled_and_in_the_tab_chain(visit, wizard):
    from PySide6.QtWidgets import QLabel

    buddies = {id(label.buddy()) for label in visit.findChildren(QLabel) if label.buddy() is not None}
    for row in visit.procedures.rows:
        for edit in row.edits.values():
            assert id(edit) in buddies and edit.accessibleName().startswith(f"Procedure {row.index + 1} ")
    chain, widget = [], visit.separate
    while len(chain) < 11:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.TabFocus and widget.isVisibleTo(visit):
            chain.append(widget.objectName() or widget.accessibleName())
    assert chain == ["procedures[0].code", "procedures[0].modifiers", "procedures[0].units",
                     "procedures[0].diagnosis_pointers", "Remove procedure 1", "procedures[1].code",
                     "procedures[1].modifiers", "procedures[1].units", "procedures[1].diagnosis_pointers",
                     "Remove procedure 2", "add_procedure"]


def test_alt_o_reaches_the_procedures(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.wizard.next()
    page = window.wizard.page_named("visit")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_O, Qt.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.procedures.add_button)
