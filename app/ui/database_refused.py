"""When the database cannot be opened at start: damaged (offer the newest good backup), written by
a newer version, or in need of an update it cannot take. The biller reads why in plain words;
each question is a small function tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.store.db import DatabaseDamaged, DatabaseUnusable, replace_damaged


def ask_restore(text: str) -> bool:
    """The database is damaged and a good backup exists: put it in place? (Yes is the default.)"""
    box = QMessageBox(QMessageBox.Critical, "The database is damaged", text, QMessageBox.NoButton, None)
    restore = box.addButton("&Restore the backup", QMessageBox.AcceptRole)
    box.addButton("&Quit", QMessageBox.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def tell_refused(text: str) -> None:
    QMessageBox.critical(None, "InjectClaim cannot open the database", text)


def start_window(open_window):
    """`open_window()`, or None after saying why the database cannot be used; a damaged database
    is replaced by its newest good backup when the biller agrees (the damaged file is kept)."""
    try:
        return open_window()
    except DatabaseDamaged as damaged:
        if damaged.good_backup is None or not ask_restore(f"{damaged}\n\nRestore that backup now? The damaged "
                                                          "file is kept beside it, renamed."):
            return None
        replace_damaged(damaged.path, damaged.good_backup)
        return open_window()
    except DatabaseUnusable as refused:
        tell_refused(str(refused))
        return None
