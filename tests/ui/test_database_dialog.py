"""Help ▸ Check database (the integrity check, backups, restoring one after confirming) and the
practice menus installed on a main window, with the daily backup at the start of the day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMainWindow

from app.store import backup
from app.store.backup import backup_now, backups
from app.store.settings import all_settings, set_settings
from app.ui import practice_dialogs
from app.ui.database_dialog import DatabaseDialog
from app.ui.practice_menus import install_practice_menus


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
    set_settings(on_disk, {"practice.name": "Changed since"})
    asked = []
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    dialog.restore_chosen()
    assert all_settings(on_disk)["practice.name"] == "Changed since"
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(dialog.restored):
        dialog.restore_chosen()
    made = backup.read_backup(backups(db_file)[-1]).made_at.astimezone().strftime("%m/%d/%Y")
    assert f"Inside the backup: As it was on Monday, made {made}" in asked[0] and "lost" in asked[0]
    assert "not of Changed since" in asked[0]            # read from the backup, not from its name
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


def test_a_backup_of_another_practice_is_named_before_restoring(qtbot, on_disk, db_file, tmp_path, monkeypatch):
    set_settings(on_disk, {"practice.name": "East Side Injections"})
    made = backup_now(on_disk, db_file, date(2026, 3, 9))
    set_settings(on_disk, {"practice.name": "Lovelace Family Medicine"})
    dialog = dialog_on(qtbot, on_disk, db_file)
    asked = []
    monkeypatch.setattr(practice_dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    dialog.restore_chosen()
    assert "Careful: this is a backup of East Side Injections, not of Lovelace Family Medicine" in asked[0]
    made.write_text("not a database any more")
    dialog.restore_chosen()
    assert len(asked) == 1 and "cannot be restored" in dialog.status.text()


def test_todays_backup_is_made_after_the_window_is_up_in_the_background(qtbot, db_file):
    from app.ui import open_window

    window = open_window(db_file)
    qtbot.addWidget(window)
    window.show()
    assert backups(db_file) == []                         # nothing on the start-up path
    with qtbot.waitSignal(window.backup_finished, timeout=20000):
        window.start_daily_backup()
    assert len(backups(db_file)) == 1
    assert window.statusBar().currentMessage().startswith("Today's backup:")
    with qtbot.waitSignal(window.backup_finished, timeout=20000):
        window.start_daily_backup()                       # one a day
    assert len(backups(db_file)) == 1


def test_a_failed_backup_is_a_warning_not_a_failed_start(qtbot, db_file, caplog):
    from app.ui import open_window

    (db_file.parent / "backups").write_text("a file where the backups folder should be")
    window = open_window(db_file)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.backup_finished, timeout=20000):
        window.start_daily_backup()
    assert window.isVisible() and "Today's backup could not be made" in window.statusBar().currentMessage()
    assert any("today's backup" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    assert not list(db_file.parent.glob("**/*.partial*"))


OFFSCREEN_RAISE = "This plugin does not support raise"    # bringing a window to the front, offscreen


@pytest.mark.qt_log_ignore(OFFSCREEN_RAISE, "propagateSizeHints")
def test_the_menus_on_a_bare_window(qtbot, on_disk, db_file):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = install_practice_menus(window, on_disk, db_file)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Practice", "&Help"] and backups(db_file) == []       # the menus make no backup
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


def test_a_backup_sqlite_cannot_write_is_a_warning_too(qtbot, db_file, monkeypatch):
    """A read-only backups folder: SQLite cannot open the copy (sqlite3.OperationalError, not OSError)."""
    import sqlite3

    from app.store import db as store_db
    from app.ui import open_window

    opening = store_db.open_connection

    def read_only_folder(path, read_only=False, **more):
        if str(path).endswith(".partial"):
            raise sqlite3.OperationalError("unable to open database file")
        return opening(path, read_only, **more)
    monkeypatch.setattr(store_db, "open_connection", read_only_folder)
    window = open_window(db_file)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.backup_finished, timeout=20000):
        window.start_daily_backup()
    assert "could not be made (unable to open database file)" in window.statusBar().currentMessage()
    assert backups(db_file) == [] and not list(db_file.parent.glob("**/*.partial*"))
