"""The main window follows the practice's data: a payer added in the rules editor is offered
on the patient page at once (the encounter's payer kept), and an export that lacks a practice
setting opens Practice ▸ Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from ui_helpers import field

from app.ui import practice_dialogs
from app.ui.practice_menus import install_practice_menus


def test_a_payer_copied_in_the_rules_editor_is_offered_in_the_wizard(window, encounter_file, monkeypatch):
    actions = install_practice_menus(window, window.db, None)
    window.open_encounter(encounter_file())
    payer = field(window.wizard, "payer")
    offered = lambda: [payer.itemText(i) for i in range(payer.count())]       # noqa: E731
    assert "Acme Health PPO" not in offered()

    def name_it(dialog):
        dialog.name.setText("Acme Health PPO")
        dialog.name.textEdited.emit("Acme Health PPO")
        dialog.accept()
        return True
    monkeypatch.setattr(practice_dialogs, "run_modal", name_it)
    actions["rules"].trigger()
    window.practice_windows["rules"].copy_payer()
    assert "Acme Health PPO" in offered()
    assert payer.value() == "medicare" and window.wizard.document()["payer"] == "medicare"
    assert not window.wizard.page_named("patient").touched          # a refreshed list is not an edit
    payer.set_value("acme-health-ppo")
    assert window.wizard.document()["payer"] == "acme-health-ppo"


def test_an_export_lacking_a_setting_opens_the_settings(qtbot, window):
    install_practice_menus(window, window.db, None)
    window.history.settings_requested.emit()
    settings = window.practice_windows["settings"]
    assert isinstance(settings, QDialog) and settings.isVisible()
