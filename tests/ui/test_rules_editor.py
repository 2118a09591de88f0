"""The payer-rules window: the rules table (filter, marks), the rule form, turning off, deleting and
restoring rules, a payer copied from another, payer settings, and rule packs in and out with a
preview that writes nothing until accepted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QDialog

from app.store.payers import load_payer, payer_ids
from app.store.rule_marks import EDITED, SHIPPED, YOURS
from app.ui import practice_dialogs
from app.ui.rules_editor import RulesEditor
from app.ui.rules_editor_form import RuleForm
from app.ui.rules_editor_pack import PackPreview


@pytest.fixture
def editor(qtbot, db):
    window = RulesEditor(db)
    qtbot.addWidget(window)
    window.show()
    return window


def answer_with(monkeypatch, fill):
    """Every modal dialog the editor runs is handed to `fill` (as the biller would fill it) instead."""
    shown = []

    def run(dialog):
        shown.append(dialog)
        fill(dialog)
        return dialog.result() == QDialog.Accepted
    monkeypatch.setattr(practice_dialogs, "run_modal", run)
    return shown


def the_rule(editor, kind, code):
    return next(r for r in editor.rules.model.rules if r.kind == kind and r.get("code") == code)


def mue_96372(editor):
    return the_rule(editor, "max_units", "96372")


def test_the_table_is_a_model_filtered_by_kind_and_code(editor):
    assert isinstance(editor.rules.table.model(), QAbstractTableModel)
    assert len(editor.rules.model.rules) > 15000
    editor.rules.kind.set_value("max_units")
    editor.rules.code.setText("96372")
    assert [(r.kind, r["code"]) for r in editor.rules.model.shown] == [("max_units", "96372")]
    assert editor.rules.count.text().startswith("1 of ")
    editor.rules.kind.set_value("bundled_pair")
    assert editor.rules.model.shown and all("96372" in (r["column1"], r["column2"]) for r in editor.rules.model.shown)


def test_enter_opens_the_chosen_rule_and_nothing_else(qtbot, editor, monkeypatch):
    opened = answer_with(monkeypatch, lambda dialog: dialog.reject())
    editor.rules.code.setText("J3420")
    qtbot.keyClick(editor.rules.code, Qt.Key_Return)
    assert opened == []                                   # not "Add a payer by copying…"
    editor.rules.table.setCurrentIndex(editor.rules.model.index(0, 0))
    qtbot.keyClick(editor.rules.table, Qt.Key_Return)
    assert [d.objectName() for d in opened] == ["rule_form"] and opened[0].rule.get("code") == "J3420"


def test_editing_a_shipped_rule_marks_it_and_restore_brings_it_back(editor, db, monkeypatch):
    rule = mue_96372(editor)
    editor.rules.select_rule(rule.id)
    assert editor.rules.model.mark_of(rule) == SHIPPED
    assert not editor.rules.buttons["restore"].isEnabled()

    def raise_to_six(form: RuleForm):
        form.inputs["max"].setText("6")
        form.note.setText("Our contract allows six")
        form.save()
    answer_with(monkeypatch, raise_to_six)
    editor.rules.edit_rule()
    edited = mue_96372(editor)
    assert edited["max"] == 6 and editor.rules.model.mark_of(edited) == EDITED
    assert editor.rules.selected_rule().id == rule.id and editor.rules.buttons["restore"].isEnabled()
    editor.rules.restore_rule()
    restored = mue_96372(editor)
    assert restored["max"] == 4 and editor.rules.model.mark_of(restored) == SHIPPED


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_saved(qtbot, db):
    before = len(load_payer(db, "medicare").rules)
    form = RuleForm(db, "medicare")
    qtbot.addWidget(form)
    form.kind.set_value("max_units")
    form.inputs["code"].setText("96372")
    form.inputs["max"].setText("lots")
    form.effective_from.setText("13/45/2024")
    assert not form.save()
    assert form.form.problems["max"].isVisibleTo(form) and "whole number" in form.form.problems["max"].text()
    assert "MM/DD/YYYY" in form.form.problems["effective_from"].text()
    assert form.form.problems["source"].text() and not form.form.problems["code"].text()
    assert len(load_payer(db, "medicare").rules) == before


def test_the_form_shows_only_the_fields_of_the_kind(qtbot, db):
    form = RuleForm(db, "medicare")
    qtbot.addWidget(form)
    form.show()
    form.kind.set_value("bundled_pair")
    assert form.inputs["column1"].isVisible() and not form.inputs["code"].isVisible()
    form.kind.set_value("min_interval")
    assert form.inputs["days"].isVisible() and not form.inputs["column1"].isVisible()


def test_add_a_rule_of_your_own_then_delete_it(editor, db, monkeypatch):
    def prior_auth(form: RuleForm):
        form.kind.set_value("prior_authorization")
        form.inputs["code"].setText("j3420")
        form.source.setText("Letter from the plan, 2026-01-05")
        form.effective_from.setText("01/01/2026")
        form.save()
    answer_with(monkeypatch, prior_auth)
    editor.rules.add_rule()
    rule = the_rule(editor, "prior_authorization", "J3420")
    assert editor.rules.model.mark_of(rule) == YOURS and rule.effective_from.isoformat() == "2026-01-01"
    assert editor.rules.selected_rule().id == rule.id
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: True)
    editor.rules.delete_rule()
    assert not any(r.id == rule.id for r in load_payer(db, "medicare").rules)


def test_deleting_a_shipped_rule_turns_it_off(editor, db, monkeypatch):
    asked = []
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    editor.rules.select_rule(mue_96372(editor).id)
    editor.rules.delete_rule()
    assert "turned off instead" in asked[0]
    rule = mue_96372(editor)
    assert not rule.enabled and editor.rules.model.mark_of(rule) == EDITED
    editor.rules.select_rule(rule.id)
    assert editor.rules.buttons["toggle"].text() == "Turn o&n"
    editor.rules.toggle_rule()
    assert mue_96372(editor).enabled


def test_add_a_payer_by_copying_one(editor, db, monkeypatch):
    def name_it(dialog):
        dialog.name.setText("Acme Health PPO")
        dialog.name.textEdited.emit("Acme Health PPO")
        dialog.accept()
    answer_with(monkeypatch, name_it)
    editor.copy_payer()
    assert editor.payer_id() == "acme-health-ppo"
    copy = load_payer(db, "acme-health-ppo")
    assert copy.name == "Acme Health PPO" and len(copy.rules) == len(load_payer(db, "medicare").rules)
    assert {editor.rules.model.mark_of(r) for r in editor.rules.model.rules} == {YOURS}
    assert "(yours)" in editor.payer_list.currentItem().text()


def test_a_copy_cannot_take_a_payer_id_that_exists(editor, db, monkeypatch):
    shown = answer_with(monkeypatch, lambda d: (d.name.setText("Medicaid again"), d.payer_id.setText("medicaid"),
                                                d.accept()))
    editor.copy_payer()
    dialog = shown[0]
    assert dialog.result() != QDialog.Accepted
    assert "already" in dialog.form.problems["payer.id"].text()
    assert load_payer(db, "medicaid").name == "State Medicaid (template)"


def test_payer_settings_refuse_bad_values_beside_the_field(editor, db):
    settings = editor.settings
    settings.filing_number.setText("soon")
    settings.waste_from.setText("13/45/2023")
    assert not settings.save()
    assert settings.form.problems["settings.timely_filing"].text()
    assert "MM/DD/YYYY" in settings.form.problems["settings.waste_modifiers_required_from"].text()
    assert load_payer(db, "medicare").settings.timely_filing == {"years": 1}


def test_payer_settings_are_saved(editor, db):
    editor.settings.filing_number.setText("90")
    editor.settings.filing_unit.set_value("days")
    editor.settings.ndc_required.setChecked(True)
    editor.settings.staff["MA"].setChecked(False)
    assert editor.settings.save()
    saved = load_payer(db, "medicare").settings
    assert saved.timely_filing == {"days": 90} and saved.ndc_required and "MA" not in saved.staff_allowed
    assert editor.rules.model.rules and "Settings saved" in editor.status.text()


def exported_pack(editor, tmp_path, monkeypatch) -> dict:
    path = tmp_path / "medicare.json"
    monkeypatch.setattr(practice_dialogs, "ask_save_file", lambda *args: str(path))
    editor.export_pack_file()
    return json.loads(path.read_text(encoding="utf-8"))


def test_import_shows_what_changes_and_writes_nothing_until_accepted(editor, db, tmp_path, monkeypatch):
    pack = exported_pack(editor, tmp_path, monkeypatch)
    pack["settings"]["timely_filing"] = {"days": 120}
    pack["rules"] = [r for r in pack["rules"] if r["kind"] != "self_administered" or r["code"] != "J1815"]
    next(r for r in pack["rules"] if r["kind"] == "max_units" and r["code"] == "96372")["max"] = 3
    pack["rules"].append({"kind": "prior_authorization", "code": "J0897", "source": "plan letter"})
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    monkeypatch.setattr(practice_dialogs, "ask_open_file", lambda *args: str(path))
    before = load_payer(db, "medicare")

    previews = answer_with(monkeypatch, lambda d: d.reject())
    editor.import_pack_file()
    summary = previews[0].summary.text()
    assert isinstance(previews[0], PackPreview)
    assert "Rules added: 1. Rules removed: 1. Rules changed: 1. Settings changed: 1." in summary
    assert load_payer(db, "medicare") == before

    answer_with(monkeypatch, lambda d: d.accept())
    editor.import_pack_file()
    after = load_payer(db, "medicare")
    assert after.settings.timely_filing == {"days": 120}
    assert mue_96372(editor)["max"] == 3 and not any(r.get("code") == "J1815" and r.kind == "self_administered"
                                                      for r in after.rules)


def test_a_bad_pack_is_refused_whole_with_every_problem(editor, db, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "payer-rule-pack/1", "payer": {"id": "acme", "name": "Acme"},
                                "rules": [{"kind": "max_dollars", "code": "J3420", "source": "x"},
                                          {"kind": "min_interval", "code": "J1050", "source": "x"}]}))
    monkeypatch.setattr(practice_dialogs, "ask_open_file", lambda *args: str(path))
    told = []
    monkeypatch.setattr(practice_dialogs, "tell", lambda parent, title, text: told.append(text))
    editor.import_pack_file()
    assert "rules[0].kind" in told[0] and "rules[1].days" in told[0]
    assert "acme" not in payer_ids(db)


def test_screenshot(editor, tmp_path):
    editor.rules.code.setText("J3420")
    editor.rules.table.selectRow(0)
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", tmp_path))    # docs/screenshots when asked
    assert editor.grab().save(str(folder / "rules_editor.png"))


def test_the_whole_selected_rule_shows_under_the_table(editor):
    """Cells cut long details and sources; the line under the table never does."""
    editor.select_payer("medicare")
    editor.rules.code.setText("J3420")
    row = next(r for r in range(editor.rules.model.rowCount())
               if editor.rules.model.rule_at(r).kind == "covered_diagnoses")
    editor.rules.table.selectRow(row)
    rule = editor.rules.model.rule_at(row)
    summary = editor.rules.summary.text()
    assert rule.source in summary and "D51.*" in summary and "In force always" in summary
    assert editor.rules.model.headerData(4, Qt.Horizontal) == "In force"


def test_in_force_words():
    from datetime import date

    from app.core.payer import Rule
    from app.ui.rules_editor_model import in_force_words

    def rule(start, end):
        return Rule("prior_authorization", {"code": "J0897"}, "test", start, end)

    assert in_force_words(rule(None, None)) == "always"
    assert in_force_words(rule(date(2024, 7, 1), None)) == "from 07/01/2024"
    assert in_force_words(rule(None, date(2025, 12, 31))) == "until 12/31/2025"
    assert in_force_words(rule(date(2024, 7, 1), date(2025, 12, 31))) == "07/01/2024 to 12/31/2025"
