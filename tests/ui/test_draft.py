"""Nothing typed is lost: the wizard's encounter reaches a draft file as the biller types, and
after the app is killed mid-entry the next start offers it back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from ui_helpers import field

from app.ui.draft import Draft

TYPING = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[2])
    app = QApplication([])
    from app.ui import open_window
    window = open_window(sys.argv[1])
    window.show()
    QTest.keyClicks(window.wizard.findChild(object, "patient.last_name"), "Lovelace")
    QTest.keyClicks(window.wizard.findChild(object, "patient.member_id"), "1EG4")
    draft = window.draft.path
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (draft.exists() and "1EG4" in draft.read_text()):
        app.processEvents()
        time.sleep(0.01)
    print("typed", flush=True)
    QTest.keyClicks(window.wizard.findChild(object, "patient.first_name"), "Ad")
    while True:                      # still typing when the process is killed
        app.processEvents()
        time.sleep(0.01)
""")


@pytest.mark.slow
def test_draft_comes_back_after_the_app_is_killed(qtbot, db_file, window_settings, monkeypatch):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", TYPING, str(db_file), str(window_settings)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "typed"
    finally:
        child.kill()
        child.wait(timeout=10)
    offered = []
    monkeypatch.setattr("app.ui.dialogs.offer_draft", lambda parent, summary: offered.append(summary) or True)
    from app.ui import open_window

    window = open_window(db_file)
    qtbot.addWidget(window)
    assert offered and offered[0].startswith("Lovelace")
    assert field(window.wizard, "patient.last_name").text() == "Lovelace"
    assert field(window.wizard, "patient.member_id").text() == "1EG4"


def test_draft_is_written_atomically_as_the_biller_types(qtbot, window, db_file):
    draft = Draft(db_file).path
    assert draft.name == "injectclaim.unfinished-encounter.json"        # beside the database
    field(window.wizard, "patient.last_name").setText("Lovelace")
    qtbot.waitUntil(lambda: draft.exists())
    content = json.loads(draft.read_text())
    assert content["document"]["patient"]["last_name"] == "Lovelace"
    assert not list(draft.parent.glob("*.tmp"))


def test_declined_draft_is_discarded(qtbot, db_file, monkeypatch):
    Draft(db_file).save({"format": "injection-encounter/1", "patient": {"last_name": "Lovelace"}})
    monkeypatch.setattr("app.ui.dialogs.offer_draft", lambda parent, summary: False)
    from app.ui import open_window

    window = open_window(db_file)
    qtbot.addWidget(window)
    assert field(window.wizard, "patient.last_name").text() == ""
    assert not Draft(db_file).path.exists()


def test_saving_to_history_discards_the_draft(qtbot, window, db_file, encounter_file):
    window.open_encounter(encounter_file())
    field(window.wizard, "patient.account_number").setText("A2002")
    qtbot.waitUntil(lambda: Draft(db_file).path.exists())
    window.save_to_history()
    assert not Draft(db_file).path.exists()


def test_no_draft_after_opening_a_file_and_closing(qtbot, window, encounter_file):
    """A screenshot run or a look at a file leaves nothing to bring back."""
    assert window.open_encounter(encounter_file())
    window.wizard.settle()
    window.close()
    assert not window.draft.path.exists()


def test_no_draft_after_saving_to_history_and_closing(qtbot, window, encounter_file):
    assert window.open_encounter(encounter_file())
    field(window.wizard, "patient.first_name").setText("Adah")
    window.wizard.settle()
    assert window.draft.path.exists(), "an edit not yet saved is kept"
    window.save_to_history()
    window.wizard.settle()
    window.close()
    assert not window.draft.path.exists()


def test_an_edit_after_a_save_is_kept_again(qtbot, window, encounter_file):
    assert window.open_encounter(encounter_file())
    window.save_to_history()
    field(window.wizard, "patient.first_name").setText("Adah")
    window.wizard.settle()
    assert "Adah" in window.draft.path.read_text()


def test_the_question_says_when_in_plain_words():
    from datetime import datetime

    from app.ui.draft import describe

    draft = {"saved_at": "2026-03-10T14:05:00", "document": {
        "patient": {"last_name": "Byron", "first_name": "Ada"}, "date_of_service": "2026-03-09"}}
    assert describe(draft, now=datetime(2026, 3, 10, 18, 0)) == \
        "Byron, Ada; date of service 03/09/2026; last typed today at 2:05 PM"
    assert describe(draft, now=datetime(2026, 3, 11, 9, 0)).endswith("yesterday at 2:05 PM")
    assert describe(draft, now=datetime(2026, 4, 1)).endswith("on 03/10/2026 at 2:05 PM")
