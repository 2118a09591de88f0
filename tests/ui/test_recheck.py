"""Re-check saved claims after a rules change: a payer copied from Medicare, one of its rules
narrowed in the rules editor, and exactly the saved claims it touches listed, with why."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from ui_helpers import CLEAN

from app.check import Checker
from app.store.encounters import mark_sent
from app.ui import practice_dialogs
from app.ui.recheck_dialog import RecheckDialog, finding_words
from app.ui.rules_editor import RulesEditor


def save(db, payer: str, last_name: str, member_id: str, diagnosis: str) -> int:
    document = copy.deepcopy(CLEAN)
    document.update(payer=payer, diagnoses=[diagnosis])
    document["patient"].update(last_name=last_name, member_id=member_id)
    return Checker(db).save(document)[0]


@pytest.fixture
def saved(db, acme):
    """Four saved claims: three for a copy of Medicare (one of them sent), one for Medicare itself."""
    ids = {"covered": save(db, "acme", "Byron", "1EG4TE5MK71", "D51.0"),       # member ids: valid MBIs
           "narrowed": save(db, "acme", "Lovelace", "1EG4TE5MK72", "E53.8"),
           "sent": save(db, "acme", "Babbage", "1EG4TE5MK74", "E53.8"),
           "medicare": save(db, "medicare", "Hopper", "1EG4TE5MK75", "E53.8")}
    mark_sent(db, [ids["sent"]], date(2026, 3, 11))
    return ids


def copy_medicare_as_acme(qtbot, db, monkeypatch) -> RulesEditor:
    editor = RulesEditor(db)
    qtbot.addWidget(editor)

    def run(dialog):
        if dialog.objectName() == "copy_payer":
            dialog.name.setText("Acme")
            dialog.payer_id.setText("acme")
            dialog.accept()
        else:                                  # the rule form: B12 covered for pernicious anemia only
            dialog.inputs["diagnoses"].setText("D51.0")
            dialog.save()
        return dialog.result() == QDialog.Accepted
    monkeypatch.setattr(practice_dialogs, "run_modal", run)
    editor.select_payer("medicare")
    editor.copy_payer()
    return editor


@pytest.fixture
def acme(qtbot, db, monkeypatch):
    return copy_medicare_as_acme(qtbot, db, monkeypatch)


def test_recheck_lists_exactly_the_claims_a_rule_change_touches(qtbot, db, acme, saved):
    rule = next(r for r in acme.rules.model.rules if r.kind == "covered_diagnoses" and r["code"] == "J3420")
    acme.rules.select_rule(rule.id)
    acme.rules.edit_rule()
    dialog = RecheckDialog(db)
    qtbot.addWidget(dialog)
    changes = dialog.run()
    assert [c.encounter_id for c in changes] == [saved["narrowed"]]
    assert (changes[0].old_status, changes[0].new_status) == ("clean", "errors")
    assert "DIAGNOSIS_NOT_COVERED" in changes[0].new_findings
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "Lovelace, Ada"
    assert "Diagnosis not covered (CO-50)" in dialog.table.item(0, 4).text()
    assert "3 saved claims not yet sent re-checked: 1 changed" in dialog.summary.text()


def test_recheck_with_nothing_changed_says_so(qtbot, db, saved):
    dialog = RecheckDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.run() == []
    assert dialog.summary.text() == "3 saved claims not yet sent re-checked: none changed."
    assert dialog.table.rowCount() == 0


def test_gone_findings_are_listed_too(qtbot, db, acme, saved):
    acme.rules.select_rule(next(r.id for r in acme.rules.model.rules if r.kind == "covered_diagnoses"))
    acme.rules.edit_rule()
    RecheckDialog(db).run()
    rule = next(r for r in acme.rules.model.rules if r.kind == "covered_diagnoses")
    acme.rules.select_rule(rule.id)
    acme.rules.buttons["toggle"].click()                 # off again: E53.8 is no longer refused
    dialog = RecheckDialog(db)
    qtbot.addWidget(dialog)
    changes = dialog.run()
    assert [c.encounter_id for c in changes] == [saved["narrowed"]]
    assert "DIAGNOSIS_NOT_COVERED" in changes[0].gone_findings and dialog.table.item(0, 3).text() == "Clean"


def test_opening_a_changed_claim(qtbot, db, acme, saved):
    acme.rules.select_rule(next(r.id for r in acme.rules.model.rules if r.kind == "covered_diagnoses"))
    acme.rules.edit_rule()
    dialog = RecheckDialog(db)
    qtbot.addWidget(dialog)
    dialog.run()
    with qtbot.waitSignal(dialog.open_requested) as opened:
        dialog.table.itemActivated.emit(dialog.table.item(0, 0))
    assert opened.args == [saved["narrowed"]]


def test_finding_words():
    assert finding_words("FREQUENCY_TOO_SOON") == "Frequency too soon (CO-119)"
    assert finding_words("VISIT_NOT_BILLED") == "Visit not billed"
    assert finding_words("ABN_MODIFIER") == "ABN modifier (CO-50)"


def test_screenshot(qtbot, db, acme, saved, tmp_path):
    acme.rules.select_rule(next(r.id for r in acme.rules.model.rules if r.kind == "covered_diagnoses"))
    acme.rules.edit_rule()
    dialog = RecheckDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.run()
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", tmp_path))    # docs/screenshots when asked
    assert dialog.grab().save(str(folder / "recheck.png"))
