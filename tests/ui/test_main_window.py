"""The main window: opening encounter files (menu, drag and drop, command line, recent files),
the saved history opening back into the wizard, window size remembered, the screenshot mode."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from ui_helpers import CLEAN, SCENARIOS, field, history_cells, walk_to_review

from app.ui.main_window import app_settings


def test_open_fills_the_wizard_and_remembers_the_file(window, encounter_file):
    path = encounter_file()
    assert window.open_encounter(path)
    assert window.wizard.isVisible() and window.wizard.currentPage().objectName() == "page_patient"
    assert field(window.wizard, "patient.last_name").text() == "Byron"
    assert window.recent_files()[0] == str(path.resolve())


def test_open_from_the_menu(window, encounter_file, monkeypatch):
    path = encounter_file()
    monkeypatch.setattr("app.ui.dialogs.ask_open_path", lambda parent, folder: str(path))
    window.ask_and_open()
    assert field(window.wizard, "patient.first_name").text() == "Ada"


def test_a_file_that_is_not_json_is_refused_in_words(window, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr("app.ui.dialogs.tell", lambda parent, title, text: told.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert not window.open_encounter(bad)
    assert "is not valid JSON" in told[0]


def test_drop_an_encounter_file(window, encounter_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(encounter_file()))])
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(drop)
    assert drop.isAccepted()
    assert field(window.wizard, "patient.last_name").text() == "Byron"


def test_recent_files_menu(window, encounter_file):
    first, second = encounter_file(name="first.json"), encounter_file(name="second.json")
    window.open_encounter(first)
    window.open_encounter(second)
    window._fill_recent()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles == [f"&1 {second.resolve()}", f"&2 {first.resolve()}"]


def test_history_newest_first_and_opens_back(qtbot, window, encounter_file):
    older = copy.deepcopy(CLEAN)
    newer = copy.deepcopy(CLEAN)
    newer["patient"] = {**newer["patient"], "last_name": "Lovelace"}
    newer["date_of_service"] = "2026-03-11"
    for document in (older, newer):
        window.open_encounter(encounter_file(document))
        window.save_to_history()
    history = window.history
    window.tabs.setCurrentWidget(history)                    # the tab lists when it is shown
    assert history_cells(history, 0) == ["Lovelace, Ada", "Byron, Ada"]
    assert history_cells(history)[0][:5] == ["Lovelace, Ada", "1EG4TE5MK73", "03/11/2026", "Medicare Part B",
                                             "99213 96372 J3420"]
    table = history.table
    qtbot.waitUntil(lambda: table.visualRect(history.model.index(1, 0)).height() > 0)
    rect = table.visualRect(history.model.index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())     # a double-click follows a press
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.wizard
    assert field(window.wizard, "patient.last_name").text() == "Byron"
    assert window.wizard.encounter_id is not None
    window.tabs.setCurrentWidget(history)
    table.setCurrentIndex(history.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key_Return)
    assert field(window.wizard, "patient.last_name").text() == "Lovelace"


def test_recheck_says_what_changed(window, encounter_file):
    window.open_encounter(encounter_file())
    window.save_to_history()
    window.history.recheck.click()
    assert window.history.message.text() == "Re-checked 1 unsent encounter; none changed."


def test_window_geometry_is_remembered(qtbot, db_file):
    from app.ui import create_main_window

    first = create_main_window(db_file)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 520)          # within the offscreen screen (800 × 600)
    first.close()
    assert app_settings().value("main_window/geometry") is not None
    second = create_main_window(db_file)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (720, 520)


@pytest.mark.slow
@pytest.mark.skipif(not SCENARIOS, reason="the shared scenarios are not here")
def test_screenshot_of_the_review_page_from_the_command_line(db_file, tmp_path, window_settings):
    out = tmp_path / "review.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "app", "open", str(SCENARIOS[1]), "--page", "review",
                           "--screenshot", str(out), "--db", str(db_file)], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_go_to_a_page_by_name(qtbot, window, encounter_file):
    window.open_encounter(encounter_file(json.loads(json.dumps(CLEAN))))
    window.wizard.go_to("injections")
    assert window.wizard.currentPage().objectName() == "page_injections"
    walk_to_review(qtbot, window.wizard)
    assert window.wizard.review.lines.rowCount() == 3


def test_returning_patient_found_and_filled_in(qtbot, window, encounter_file):
    window.open_encounter(encounter_file())
    window.save_to_history()
    window.new_encounter()
    page = window.wizard.page_named("patient")
    qtbot.keyClicks(page.returning.edit, "1EG4")
    assert page.returning.row_text(0, 0) == "Byron, Ada"
    qtbot.keyClick(page.returning.edit, Qt.Key_Return)
    document = window.wizard.document()
    assert document["payer"] == "medicare"
    assert document["patient"] == CLEAN["patient"]
