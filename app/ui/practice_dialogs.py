"""Every modal question the practice windows ask (payer rules, settings, re-check, check
database), each in one small function so tests can replace it (monkeypatch) instead of
clicking a dialog; the same shape as app/ui/dialogs.py for the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from app.ui import output_guard

RULE_PACKS = "Rule packs (*.json);;All files (*)"
FEE_FILES = "Fee schedules (*.csv);;All files (*)"


def run_modal(dialog: QDialog) -> bool:
    """Show `dialog` and wait; True when the biller accepted it."""
    return dialog.exec() == QDialog.Accepted


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """Something went wrong, or was refused, in words."""
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_open_file(parent: QWidget, title: str, filters: str, folder: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def ask_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> str | None:
    """Where to save; refused (None) over the database or its backups; an existing file only if the biller says so."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters, options=QFileDialog.DontConfirmOverwrite)
    return output_guard.checked_output(parent, path)


def open_folder(folder: Path) -> bool:
    """Show the folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
