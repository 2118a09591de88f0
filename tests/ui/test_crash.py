"""A failure in the window (a slot, an event handler, a background thread) reaches the log with its
traceback and the biller as a dialog in plain words; what was typed is kept in the draft. The
dialog function is replaced (app.ui.crash.show_crash), so no modal box opens."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from ui_helpers import field

from app.logs import setup_logging
from app.ui import crash

pytestmark = pytest.mark.qt_no_exception_capture      # our hook, not pytest-qt's, gets the failures


@pytest.fixture
def shown(monkeypatch):
    dialogs = []
    monkeypatch.setattr(crash, "show_crash", lambda parent, text: dialogs.append((parent, text)))
    return dialogs


@pytest.fixture
def log_file(tmp_path):
    return setup_logging(tmp_path / "logs")


def _menu_action(window, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text().replace("&", "") == text)


def _broken_template(defaults):
    raise RuntimeError("the blank encounter template is damaged")


def test_a_failure_in_a_slot_shows_the_dialog_and_lands_in_the_log(window, shown, log_file, monkeypatch):
    field(window.wizard, "patient.last_name").setText("Lovelace")        # typed, not yet in the draft
    monkeypatch.setattr("app.ui.main_window.new_document", _broken_template)
    with crash.reporting_crashes(window):
        _menu_action(window, "New encounter").trigger()
    assert [parent for parent, _ in shown] == [window]
    text = shown[0][1]
    assert "could not finish the last step (new encounter)" in text
    assert "the blank encounter template is damaged" in text
    assert "Nothing was lost: the encounter you were typing is kept as a draft" in text
    assert str(log_file) in text
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "_broken_template" in logged and "RuntimeError" in logged
    draft = json.loads(window.draft.path.read_text(encoding="utf-8"))
    assert draft["document"]["patient"]["last_name"] == "Lovelace"
    assert window.isVisible()                                             # the app goes on


class _Broken(QWidget):
    def event(self, event):
        if event.type() == QEvent.User:
            raise KeyError("no such column")
        return super().event(event)


def test_a_failure_in_an_event_handler_shows_the_dialog(qtbot, window, shown, log_file):
    broken = _Broken()
    qtbot.addWidget(broken)
    with crash.reporting_crashes(window):
        QCoreApplication.postEvent(broken, QEvent(QEvent.User))
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert "KeyError" in shown[0][1] and "no such column" in shown[0][1]
    assert "in event" in log_file.read_text(encoding="utf-8")


def test_a_failure_in_a_background_thread_is_shown_on_the_window(qtbot, window, shown, log_file):
    def load_catalog():
        raise OSError("the drug catalog cannot be read")

    with crash.reporting_crashes(window):
        worker = threading.Thread(target=load_catalog, name="catalog loader")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert "the drug catalog cannot be read" in shown[0][1]
    assert "thread catalog loader" in log_file.read_text(encoding="utf-8")


def test_without_a_database_file_or_a_log_the_dialog_promises_neither(qtbot, log_file):
    from app.ui import create_main_window

    window = create_main_window(":memory:")
    qtbot.addWidget(window)
    assert crash.keep_draft(window) is False
    text = crash.crash_text(ValueError("bad date"), None, False, None)
    assert text.startswith("InjectClaim could not finish the last step.\nThe error: ValueError: bad date")
    assert "kept as a draft" not in text and "saved encounters are as they were" in text
    assert "No log file could be written" in text


def test_a_failure_behind_the_dialog_is_logged_without_a_second_dialog(qtbot, window, log_file, monkeypatch):
    dialogs = []

    def dialog_that_fails_again(parent, text):
        dialogs.append(text)
        _menu_action(window, "New encounter").trigger()          # fails again while the first is open

    monkeypatch.setattr(crash, "show_crash", dialog_that_fails_again)
    monkeypatch.setattr("app.ui.main_window.new_document", _broken_template)
    with crash.reporting_crashes(window):
        _menu_action(window, "New encounter").trigger()
    assert len(dialogs) == 1
    assert log_file.read_text(encoding="utf-8").count("the blank encounter template is damaged") >= 2


def test_the_hooks_come_back_after_the_window_closes(window):
    import sys

    before = sys.excepthook, threading.excepthook
    with crash.reporting_crashes(window):
        assert sys.excepthook != before[0]
    assert (sys.excepthook, threading.excepthook) == before
