"""The window's side of data safety (issue 11): a damaged database offers its newest good backup,
a newer one is refused in words, exports never go over the database and ask before replacing a
file, a read-only database still checks and says why it cannot save."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from app.ui import database_refused, output_guard


def damage(path: Path) -> None:
    with open(path, "r+b") as handle:
        for page in range(2, path.stat().st_size // 4096, 7):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad\xbe\xef" * 200)


def test_a_damaged_database_offers_its_newest_good_backup_and_keeps_the_damaged_file(qtbot, db_file, monkeypatch):
    from app.ui import create_main_window

    backups = db_file.parent / "backups"
    backups.mkdir()
    good = backups / "injectclaim-2026-03-09.db"
    good.write_bytes(db_file.read_bytes())
    damage(db_file)
    asked = []
    monkeypatch.setattr(database_refused, "ask_restore", lambda text: asked.append(text) or True)
    window = database_refused.start_window(lambda: create_main_window(db_file))
    qtbot.addWidget(window)
    assert "is damaged" in asked[0] and str(good) in asked[0]
    assert window.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert len(list(db_file.parent.glob("injectclaim.db.damaged-*"))) == 1


def test_a_damaged_database_is_left_alone_when_the_biller_says_no(db_file, monkeypatch):
    (db_file.parent / "backups").mkdir()
    (db_file.parent / "backups" / "injectclaim-2026-03-09.db").write_bytes(db_file.read_bytes())
    damage(db_file)
    before = db_file.read_bytes()
    monkeypatch.setattr(database_refused, "ask_restore", lambda text: False)
    assert database_refused.start_window(lambda: __import__("app.ui").ui.create_main_window(db_file)) is None
    assert db_file.read_bytes() == before


def _good_backup_then_damage(db_file: Path) -> Path:
    backups = db_file.parent / "backups"
    backups.mkdir()
    good = backups / "injectclaim-2026-03-09.db"
    good.write_bytes(db_file.read_bytes())
    damage(db_file)
    return good


def _window(qtbot, db_file):
    from app.ui import create_main_window

    window = create_main_window(db_file)
    qtbot.addWidget(window)
    window.show()
    return window


def _check(qtbot, window) -> None:
    """The window's quick check and backup thread, run to its end."""
    window.start_daily_backup()
    qtbot.waitUntil(lambda: window.backup_worker.isFinished(), timeout=30000)
    qtbot.wait(50)                       # the worker's queued signals reach the window


def test_damage_found_after_the_window_is_up_offers_the_good_backup(qtbot, db_file, monkeypatch):
    """The quick check runs on a thread once the window is up (not on the start-up path)."""
    from app.store.db import connect, replace_damaged
    from app.ui.protect_dialog import let_go_of_database

    asked = []
    monkeypatch.setattr(database_refused, "ask_restore", lambda text: asked.append(text) or True)
    window = _window(qtbot, db_file)
    good = _good_backup_then_damage(db_file)
    _check(qtbot, window)
    assert "is damaged" in asked[0] and str(good) in asked[0]
    damaged = window.restore_request
    assert not window.isVisible(), "the window closes, so the app can put the backup in place"
    let_go_of_database(window)                      # what run_app does next
    replace_damaged(damaged.path, damaged.good_backup)
    assert connect(db_file).execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert len(list(db_file.parent.glob("injectclaim.db.damaged-*"))) == 1


def test_damage_found_after_the_window_is_up_stops_every_write(qtbot, db_file, monkeypatch):
    from app.store.db import DatabaseDamaged, writing

    monkeypatch.setattr(database_refused, "ask_restore", lambda text: False)
    window = _window(qtbot, db_file)
    _good_backup_then_damage(db_file)
    before = db_file.read_bytes()
    _check(qtbot, window)
    assert getattr(window, "restore_request", None) is None
    with pytest.raises(DatabaseDamaged):
        with writing(window.db):
            pass
    window.close()
    assert db_file.read_bytes() == before


def test_a_write_before_the_check_ran_checks_first(db_file):
    """Nothing is ever written into a damaged database, even before the window's check is done."""
    from app.store.db import DatabaseDamaged, connect, writing

    damage(db_file)
    db = connect(db_file, check_health=False)
    with pytest.raises(DatabaseDamaged):
        with writing(db):
            db.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")


def test_a_database_from_a_newer_version_is_refused_in_words(db_file, monkeypatch):
    from app.ui import create_main_window

    newer = sqlite3.connect(str(db_file))
    newer.execute("PRAGMA user_version = 999")
    newer.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', '7.0.0')")
    newer.commit()
    newer.close()
    told = []
    monkeypatch.setattr(database_refused, "tell_refused", told.append)
    assert database_refused.start_window(lambda: create_main_window(db_file)) is None
    assert "written by InjectClaim 7.0.0" in told[0]


def test_exports_never_go_over_the_open_database_and_ask_before_replacing(qtbot, window, tmp_path, monkeypatch):
    refused, asked = [], []
    monkeypatch.setattr(output_guard, "tell_refused", lambda parent, path, problem: refused.append(problem))
    assert output_guard.checked_output(window, str(window.database_file)) is None
    assert "database" in refused[0]
    existing = tmp_path / "summary.pdf"
    existing.write_text("last week")
    monkeypatch.setattr(output_guard, "ask_replace", lambda parent, path: asked.append(path) or False)
    assert output_guard.checked_output(window, str(existing)) is None and asked == [str(existing)]
    monkeypatch.setattr(output_guard, "ask_replace", lambda parent, path: True)
    assert output_guard.checked_output(window, str(existing)) == str(existing)
    assert output_guard.checked_output(window, str(tmp_path / "new.pdf")) == str(tmp_path / "new.pdf")


def test_the_rule_pack_export_is_written_whole_and_keeps_the_files_mode(qtbot, db, tmp_path, monkeypatch):
    from app.ui import practice_dialogs
    from app.ui.rules_editor import RulesEditor

    target = tmp_path / "medicare.json"
    target.write_text("old pack")
    os.chmod(target, 0o640)
    monkeypatch.setattr(practice_dialogs, "ask_save_file", lambda *args: str(target))
    editor = RulesEditor(db)
    qtbot.addWidget(editor)
    editor.export_pack_file()
    assert target.read_text().startswith("{") and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_help_activity_lists_what_was_done_newest_first(qtbot, db, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from app.check import Checker
    from app.store.encounters import delete_encounters
    from app.ui.practice_menus import install_practice_menus

    saved_id, _ = Checker(db).save(__import__("ui_helpers").CLEAN)
    delete_encounters(db, [saved_id])
    window = QMainWindow()
    qtbot.addWidget(window)
    install_practice_menus(window, db, None)["activity"].trigger()
    dialog = window.practice_windows["activity"]
    table = dialog.findChild(type(dialog.table), "activity_table")
    assert table.rowCount() == 2
    assert [table.item(0, 1).text(), table.item(0, 2).text()] == ["Deleted from the history", f"#{saved_id}"]
    assert table.item(1, 1).text().startswith("Saved (date of service 2026-03-10")
    dialog.resize(1024, 640)
    assert dialog.grab().save(str(tmp_path / "activity.png"))


def test_a_read_only_database_checks_and_says_why_it_cannot_save(qtbot, db_file, encounter_file, monkeypatch):
    from app.store import db as store_db
    from app.store.db import DatabaseReadOnly
    from app.ui import create_main_window
    from app.ui.crash import crash_text

    real = os.access
    monkeypatch.setattr(store_db.os, "access",
                        lambda p, how: False if str(p) == str(db_file) and how == os.W_OK else real(p, how))
    window = create_main_window(db_file)
    qtbot.addWidget(window)
    assert window.open_encounter(encounter_file())
    window.save_to_history()
    status = window.wizard.review.status.text()
    assert "Not saved" in status and "the file is read-only" in status
    assert window.db.execute("SELECT count(*) FROM encounters").fetchone()[0] == 0
    text = crash_text(DatabaseReadOnly("Nothing can be saved: the file is read-only."), "mark sent", False, None)
    assert "Nothing can be saved: the file is read-only." in text and "DatabaseReadOnly" not in text


def test_typing_goes_on_when_the_draft_cannot_be_written(qtbot, window, monkeypatch):
    import errno

    from ui_helpers import field

    def read_only_folder(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(window.draft, "save", read_only_folder)
    field(window.wizard, "patient.last_name").setText("Lovelace")
    window.wizard.settle()
    assert "cannot be kept as a draft: Read-only file system" in window.statusBar().currentMessage()
    assert field(window.wizard, "patient.last_name").text() == "Lovelace"
