"""When the database cannot be opened at start: damaged (offer the newest good backup), written by
a newer version, or in need of an update it cannot take. The biller reads why in plain words;
each question is a small function tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.store.db import DatabaseDamaged, DatabaseUnusable, replace_damaged
from app.ui.dialogs import ask_yes_default


def restore_question(damaged: DatabaseDamaged) -> str:
    problem = damaged.problems[0] if damaged.problems else "it cannot be read"
    return (f"The database is damaged ({problem}); nothing was written to it.\n\n{damaged.path}\n\n"
            f"The newest good backup is:\n\n{damaged.good_backup}\n\nPut that backup in its place now? "
            "The damaged file is kept beside it, renamed, and the backups stay as they are.")


def ask_restore(text: str) -> bool:
    """The database is damaged and a good backup exists: put it in place? (Yes is the default.)"""
    return ask_yes_default(None, QMessageBox.Critical, "The database is damaged", text, "&Restore the backup", "&Quit")


def tell_refused(text: str) -> None:
    QMessageBox.critical(None, "InjectClaim cannot open the database", text)


def start_window(open_window):
    """`open_window()`, or None after saying why the database cannot be used; a damaged database
    is replaced by its newest good backup when the biller agrees (the damaged file is kept)."""
    try:
        return open_window()
    except DatabaseDamaged as damaged:
        if damaged.good_backup is None:
            tell_refused(str(damaged))
            return None
        if not ask_restore(restore_question(damaged)):
            return None
        replace_damaged(damaged.path, damaged.good_backup)
        return open_window()
    except DatabaseUnusable as refused:
        tell_refused(str(refused))
        return None
