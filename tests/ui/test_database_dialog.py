"""Help ▸ Check database (the integrity check, backups, restoring one after confirming) and the
practice menus installed on a main window, with the daily backup at the start of the day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMainWindow

from app.store.backup import backup_now, backups
from app.store.settings import all_settings, set_settings
from app.ui import practice_dialogs
from app.ui.database_dialog import DatabaseDialog
from app.ui.practice_menus import install_practice_menus, start_of_day


@pytest.fixture
def on_disk(db_file):
    from app.store.db import connect

    database = connect(db_file)
    yield database
    database.conn.close()


def dialog_on(qtbot, database, path):
    dialog = DatabaseDialog(database, path)
    qtbot.addWidget(dialog)
    return dialog


def test_a_sound_database_says_so(qtbot, on_disk, db_file):
    dialog = dialog_on(qtbot, on_disk, db_file)
    assert dialog.check() == []
    assert dialog.verdict.text().startswith("Sound")
    assert not dialog.restore_button.isEnabled() and dialog.backup_list.item(0).text() == "No backups yet."


def test_problems_found_are_listed(qtbot, on_disk, db_file, monkeypatch):
    monkeypatch.setattr("app.store.backup.integrity_problems", lambda db: ["row 12 missing from index x"])
    dialog = dialog_on(qtbot, on_disk, db_file)
    assert "found 1 fault" in dialog.verdict.text() and "row 12 missing" in dialog.verdict.text()


def test_restore_a_backup_after_confirming(qtbot, on_disk, db_file, monkeypatch):
    set_settings(on_disk, {"practice.name": "As it was on Monday"})
    backup_now(on_disk, db_file, date(2026, 3, 9))
    set_settings(on_disk, {"practice.name": "Changed since"})
    dialog = dialog_on(qtbot, on_disk, db_file)
    assert dialog.backup_list.count() == 1 and "03/09/2026" in dialog.backup_list.item(0).text()
    asked = []
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    dialog.restore_chosen()
    assert all_settings(on_disk)["practice.name"] == "Changed since"
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(dialog.restored):
        dialog.restore_chosen()
    assert "03/09/2026" in asked[0] and "lost" in asked[0]
    assert all_settings(on_disk)["practice.name"] == "As it was on Monday"
    assert dialog.verdict.text().startswith("Sound")


def test_back_up_now_asks_before_replacing_todays_backup(qtbot, on_disk, db_file, monkeypatch):
    dialog = dialog_on(qtbot, on_disk, db_file)
    dialog.back_up_now()
    assert len(backups(db_file)) == 1 and dialog.restore_button.isEnabled()
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: False)
    stamp = backups(db_file)[0].stat().st_mtime_ns
    dialog.back_up_now()
    assert backups(db_file)[0].stat().st_mtime_ns == stamp


def test_in_memory_there_are_no_backups(qtbot, db):
    dialog = dialog_on(qtbot, db, None)
    assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()


def test_start_of_day_makes_one_backup_a_day(on_disk, db_file):
    assert start_of_day(on_disk, db_file) is not None
    assert start_of_day(on_disk, db_file) is None
    assert len(backups(db_file)) == 1 and start_of_day(on_disk, None) is None


OFFSCREEN_RAISE = "This plugin does not support raise"    # bringing a window to the front, offscreen


@pytest.mark.qt_log_ignore(OFFSCREEN_RAISE, "propagateSizeHints")
def test_the_menus_on_a_bare_window(qtbot, on_disk, db_file):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = install_practice_menus(window, on_disk, db_file)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Practice", "&Help"] and len(backups(db_file)) == 1
    actions["check_database"].trigger()
    opened = window.practice_windows["database"]
    assert opened.isVisible() and opened.objectName() == "database_check"
    actions["check_database"].trigger()
    assert window.practice_windows["database"] is opened      # brought to the front, not opened twice
    for name, object_name in (("rules", "rules_editor"), ("recheck", "recheck"), ("settings", "settings")):
        actions[name].trigger()
        assert window.practice_windows[name].objectName() == object_name


def test_the_menus_on_the_main_window(qtbot, window):
    from app.check import Checker
    from ui_helpers import CLEAN, field

    saved_id, _ = Checker(window.db).save(dict(CLEAN, patient={**CLEAN["patient"], "last_name": "Lovelace"}))
    actions = install_practice_menus(window, window.db, None)
    assert "&Practice" in [a.text() for a in window.menuBar().actions()]
    actions["recheck"].trigger()
    recheck = window.practice_windows["recheck"]
    recheck.run()
    recheck.open_requested.emit(saved_id)
    assert field(window.wizard, "patient.last_name").text() == "Lovelace"


def test_screenshot(qtbot, on_disk, db_file, tmp_path):
    backup_now(on_disk, db_file, date(2026, 3, 9))
    backup_now(on_disk, db_file, date(2026, 3, 10))
    dialog = dialog_on(qtbot, on_disk, db_file)
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "database.png"))
