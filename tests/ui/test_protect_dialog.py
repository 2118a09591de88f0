"""Practice ▸ Protect with a passphrase and the passphrase asked at start (issue 11, item 14): the
dialogs check what is typed, a wrong passphrase is said and opens nothing, "remember on this
computer" uses the keychain (an in-memory one here), and the whole round (window closes, the
database is protected, the window opens again on it) keeps the saved history."""

from __future__ import annotations

import os

import pytest
from memory_keyring import keychain  # noqa: F401  (a fixture)
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.store import crypto
from app.ui import protect_dialog
from app.ui.protect_dialog import PassphraseDialog, ProtectDialog, ProtectRequest

PASSPHRASE = "correct horse battery"
SHOTS = os.environ.get("INJECTCLAIM_SHOTS")       # a folder: the dialogs rendered there to look at


def shoot(dialog, name: str, tmp_path) -> None:
    """Render at 1024x640 (and, by the test at 150 % text, bigger) and check nothing is cut."""
    dialog.resize(1024, 640) if name.endswith("window") else dialog.adjustSize()
    dialog.show()
    QApplication.processEvents()
    assert dialog.width() >= dialog.minimumSizeHint().width()
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())     # no wrapped line cut
    assert dialog.grab().save(str(tmp_path / f"{name}.png"))
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, f"{name}.png"))


def test_a_new_passphrase_must_be_long_enough_and_typed_twice_alike(qtbot, db_file, keychain):  # noqa: F811
    dialog = ProtectDialog(db_file)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    dialog.accept()
    assert dialog.request is None and "at least 8 characters" in dialog.problem.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "x")
    dialog.accept()
    assert dialog.request is None and "differ" in dialog.problem.text()
    dialog.again.setText(PASSPHRASE)
    dialog.remember.setChecked(True)
    dialog.accept()
    assert dialog.request == ProtectRequest(PASSPHRASE, remember=True, keep_plain_backup=False)
    assert not crypto.is_encrypted(db_file)          # the dialog only asks; the work comes after the window


def test_a_wrong_passphrase_at_start_is_said_and_opens_nothing(qtbot, db_file, keychain, tmp_path):  # noqa: F811
    from app.store.protection import protect

    protect(db_file, PASSPHRASE)
    crypto.forget_typed()
    dialog = PassphraseDialog(db_file)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("not the passphrase")
    dialog.accept()
    assert "does not open the database" in dialog.problem.text() and dialog.result() == 0
    assert crypto.opened_with(db_file) is None and keychain.saved == {}
    shoot(dialog, "passphrase", tmp_path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.remember.setChecked(True)
    dialog.accept()
    assert dialog.result() == 1
    assert list(keychain.saved.values()) == [PASSPHRASE]


def test_start_asks_only_when_the_passphrase_is_not_known(db_file, keychain, monkeypatch, capsys):  # noqa: F811
    from app.store.protection import protect

    asked = []
    monkeypatch.setattr(protect_dialog, "ask_passphrase", lambda path: asked.append(path) or False)
    assert protect_dialog.unlock_at_start(db_file) and asked == []            # plain: nothing to ask
    protect(db_file, PASSPHRASE)
    crypto.forget_typed()
    assert not protect_dialog.unlock_at_start(db_file) and asked == [db_file]
    assert not protect_dialog.unlock_at_start(db_file, interactive=False)
    assert "protected with a passphrase" in capsys.readouterr().err
    crypto.remember(db_file, PASSPHRASE)
    assert protect_dialog.unlock_at_start(db_file) and asked == [db_file]     # the keychain's: not asked


def test_protect_from_the_menu_closes_protects_and_opens_again(qtbot, db_file, keychain, monkeypatch):  # noqa: F811
    from app.check import Checker
    from app.store.db import connect
    from app.ui import open_window, practice_dialogs
    from support import clean_encounter

    first = connect(db_file)
    saved_id, _ = Checker(first).save(clean_encounter())
    first.conn.close()
    told = []
    monkeypatch.setattr(practice_dialogs, "inform", lambda parent, title, text: told.append(text))

    def fill_and_accept(dialog):
        if isinstance(dialog, ProtectDialog):
            dialog.passphrase.setText(PASSPHRASE)
            dialog.again.setText(PASSPHRASE)
            dialog.remember.setChecked(True)
            dialog.accept()
            return dialog.result() == 1
        return False
    monkeypatch.setattr(practice_dialogs, "run_modal", fill_and_accept)
    window = open_window(db_file)
    window.show()
    protect_action = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                          if a.text() == "&Protect with a passphrase…")
    protect_action.trigger()
    assert not window.isVisible() and window.protect_request.passphrase == PASSPHRASE
    protect_dialog.let_go_of_database(window)
    assert protect_dialog.protect_after_close(db_file, window.protect_request)
    assert crypto.is_encrypted(db_file) and "now protected" in told[0]
    assert list(keychain.saved.values()) == [PASSPHRASE]
    crypto.forget_typed()                                   # as a new start: the keychain opens it
    again = open_window(db_file)
    qtbot.addWidget(again)
    assert type(again.db.conn).__module__.startswith("sqlcipher3")
    assert again.db.execute("SELECT count(*) FROM encounters WHERE id = ?", [saved_id]).fetchone() == (1,)
    again.close()


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_dialogs_at_1024x640_and_150_percent_text(qtbot, db_file, keychain, tmp_path, scale):  # noqa: F811
    from app.store.activity import record
    from app.store.db import connect
    from app.ui.activity_dialog import ActivityDialog

    app = QApplication.instance()
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        dialog = ProtectDialog(db_file)
        qtbot.addWidget(dialog)
        assert dialog.buttons.button(QDialogButtonBox.Ok).text() == "&Protect"
        shoot(dialog, f"protect-{int(scale * 100)}", tmp_path)
        db = connect(db_file)
        record(db, "save", "Saved (date of service 2026-03-10, Byron, Ada)", 1)
        record(db, "export", f"Exported the 837P {tmp_path / 'claims-0310.837'}", 1)
        activity = ActivityDialog(db)
        qtbot.addWidget(activity)
        shoot(activity, f"activity-{int(scale * 100)}-window", tmp_path)
        assert activity.table.rowCount() == 2 and activity.table.item(0, 1).text().startswith("Exported")
        db.conn.close()
    finally:
        app.setFont(font)
