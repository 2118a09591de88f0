"""The practice's menus on the main window, installed with one call:

    Practice ▸ Payer rules…, Re-check saved claims…, Settings…, Protect with a passphrase…
    Help ▸ Check database…, Activity…, About InjectClaim

Each window opens beside the main window (not blocking it) and is brought back to the front when
asked for again. (Today's backup is made by the main window once it is up: app/ui/daily_backup.py.)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

def install_practice_menus(window: QMainWindow, db, db_path: Path | None) -> dict[str, QAction]:
    """Add the menus to `window`'s menu bar and return the actions by name."""
    practice = window.menuBar().addMenu("&Practice")
    actions = {
        "rules": _add(practice, window, "Payer &rules…", lambda: _open_rules(window, db)),
        "recheck": _add(practice, window, "Re-&check saved claims…", lambda: _open_recheck(window, db)),
    }
    practice.addSeparator()
    actions["settings"] = _add(practice, window, "&Settings…", lambda: _open_settings(window, db, db_path))
    actions["protect"] = _add(practice, window, "&Protect with a passphrase…", lambda: _open_protect(window, db_path))
    actions["protect"].setEnabled(db_path is not None)          # a database in memory has no file to protect
    help_menu = _help_menu(window)
    actions["check_database"] = _add(help_menu, window, "Check &database…",
                                     lambda: _open_database(window, db, db_path))
    actions["activity"] = _add(help_menu, window, "A&ctivity…", lambda: _open_activity(window, db))
    help_menu.addSeparator()
    actions["about"] = _add(help_menu, window, "&About InjectClaim", lambda: _open_about(window, db_path))
    if hasattr(window, "settings_requested"):
        window.settings_requested.connect(actions["settings"].trigger)     # a history export lacks a setting
    return actions


def _add(menu: QMenu, window: QMainWindow, text: str, slot) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(lambda: slot())
    menu.addAction(action)
    return action


def _help_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == "Help":
            return action.menu()
    return window.menuBar().addMenu("&Help")


def _show(window: QMainWindow, name: str, make):
    """The window kept under `name`, brought to the front when open, made afresh when it was closed
    (so it shows the data as it is now)."""
    if not hasattr(window, "practice_windows"):
        window.practice_windows = {}
    dialogs = window.practice_windows
    if name in dialogs and not dialogs[name].isVisible():
        dialogs.pop(name).deleteLater()
    if name in dialogs:
        dialogs[name].raise_()
        dialogs[name].activateWindow()
    else:
        dialogs[name] = make()
        dialogs[name].show()
    return dialogs[name]


def _open_rules(window: QMainWindow, db):
    from app.ui.rules_editor import RulesEditor

    def make():
        editor = RulesEditor(db, window)
        editor.rules_changed.connect(lambda: _data_changed(window))
        return editor
    return _show(window, "rules", make)


def _open_recheck(window: QMainWindow, db):
    from app.ui.recheck_dialog import RecheckDialog

    def make():
        dialog = RecheckDialog(db, window)
        dialog.rechecked.connect(lambda: _data_changed(window))
        if hasattr(window, "open_saved"):
            dialog.open_requested.connect(window.open_saved)
        return dialog
    return _show(window, "recheck", make)


def _open_settings(window: QMainWindow, db, db_path):
    from app.ui.settings_dialog import SettingsDialog

    def make():
        dialog = SettingsDialog(db, db_path, window)
        dialog.saved.connect(lambda: _data_changed(window))
        dialog.fees.changed.connect(lambda: _data_changed(window))
        return dialog
    return _show(window, "settings", make)


def _open_database(window: QMainWindow, db, db_path):
    from app.ui.database_dialog import DatabaseDialog

    def make():
        dialog = DatabaseDialog(db, db_path, window)
        dialog.restored.connect(lambda: _data_changed(window))
        return dialog
    return _show(window, "database", make)


def _open_protect(window: QMainWindow, db_path):
    from app.ui.protect_dialog import request_protect

    request_protect(window, db_path)


def _open_activity(window: QMainWindow, db):
    from app.ui.activity_dialog import ActivityDialog

    return _show(window, "activity", lambda: ActivityDialog(db, window))


def _open_about(window: QMainWindow, db_path):
    from app.ui import about

    about.open_about(window, db_path)


def _data_changed(window: QMainWindow) -> None:
    """Rules, charges or the whole database changed: the history shows the stored results again, the
    wizard lists the payers as they are now, and the review page's check starts afresh (its reference
    caches hold the fee schedule)."""
    if hasattr(window, "refresh_payers"):
        window.refresh_payers()
    history = getattr(window, "history", None)
    if history is not None and hasattr(history, "refresh"):
        history.refresh()
    review = getattr(getattr(window, "wizard", None), "review", None)
    if review is not None and hasattr(review, "checker"):
        review.checker = None
