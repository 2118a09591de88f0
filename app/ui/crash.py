"""When something in the window fails: the traceback goes to the log (app/logs.py), the encounter
being typed is written to its draft, and the biller gets a dialog in plain words (what failed, that
nothing was lost, where the log is) instead of an error that vanishes into a console nobody sees.

`reporting_crashes` (run_app's) makes this sys.excepthook, which PySide6 calls for an
exception in a slot or an event handler, and threading.excepthook for the app's background threads.
The app goes on running after the dialog.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.logs import active_log

log = logging.getLogger(__name__)


def crash_box(parent: QWidget | None, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Critical, "Something went wrong", text, QMessageBox.Ok, parent)
    box.setObjectName("crash_box")
    box.setTextFormat(Qt.PlainText)
    box.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)   # the log's path
    return box


def show_crash(parent: QWidget | None, text: str) -> None:
    """The crash dialog, modal (tests replace this function)."""
    crash_box(parent, text).exec()


def failed_step(tb) -> str | None:
    """The app's own function nearest the start of the failure, in words ("save to history")."""
    for frame, _ in traceback.walk_tb(tb):
        name = frame.f_code.co_name
        if frame.f_globals.get("__name__", "").startswith("app.") and not name.startswith("<"):
            return name.strip("_").replace("_", " ")
    return None


def crash_text(error: BaseException, step: str | None, draft_kept: bool, log_file: Path | None) -> str:
    what = f" ({step})" if step else ""
    kept = ("Nothing was lost: the encounter you were typing is kept as a draft, and saved encounters are "
            "as they were." if draft_kept else "Nothing was lost: saved encounters are as they were.")
    where = (f"The details are in the log:\n{log_file}" if log_file
             else "No log file could be written, so the details are not kept.")
    from app.store.db import DatabaseUnusable

    # a database that cannot be written (read-only) says so in its own words; no error class to decode
    said = str(error) if isinstance(error, DatabaseUnusable) else f"The error: {type(error).__name__}: {error}"
    return (f"InjectClaim could not finish the last step{what}.\n{said}\n\n"
            f"{kept} You can go on working.\n\n{where}")


def keep_draft(window) -> bool:
    """Let the last keystrokes reach the draft; True when the typed encounter is in a draft on disk."""
    draft = getattr(window, "draft", None)
    if draft is None:
        return False
    try:
        window.wizard.flush()
    except Exception:            # the wizard itself may be what broke: the last draft written stays
        log.exception("the draft could not be written after the failure")
    return draft.path.exists()


class CrashReports(QObject):
    """Reports failures from any thread; the dialog always opens on the window's (GUI) thread."""

    failed = Signal(object)

    def __init__(self, window: QWidget | None, interactive: bool = True):
        super().__init__()
        self.window, self.interactive, self.showing = window, interactive, False
        self.failed.connect(self._tell)

    def excepthook(self, kind, error, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        self.failed.emit((error, failed_step(tb)))

    def thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        log.error("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self.failed.emit((args.exc_value, failed_step(args.exc_traceback)))

    def _tell(self, failure) -> None:
        error, step = failure
        text = crash_text(error, step, keep_draft(self.window), active_log())
        if not self.interactive or self.showing:       # a screenshot run, or a failure behind the dialog
            print(text.splitlines()[0], file=sys.stderr)
            return
        self.showing = True
        try:
            show_crash(self.window, text)
        finally:
            self.showing = False


def install_crash_reports(window: QWidget | None, interactive: bool = True) -> CrashReports:
    """Make failures in slots, event handlers and threads reach the log and the biller."""
    reports = CrashReports(window, interactive)
    sys.excepthook = reports.excepthook
    threading.excepthook = reports.thread_excepthook
    return reports


@contextmanager
def reporting_crashes(window: QWidget | None, interactive: bool = True):
    """install_crash_reports while the window runs; the hooks that were there before come back after."""
    before = sys.excepthook, threading.excepthook
    try:
        yield install_crash_reports(window, interactive)
    finally:
        sys.excepthook, threading.excepthook = before
