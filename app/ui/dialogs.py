"""Every modal question the app asks, each in one small function so tests can replace it
(monkeypatch) instead of clicking a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

ENCOUNTER_FILES = "Encounter files (*.json);;All files (*)"


def ask_open_path(parent: QWidget, folder: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open an encounter file", folder, ENCOUNTER_FILES)
    return path or None


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save the encounter as a file", suggested, ENCOUNTER_FILES)
    return path or None


def offer_draft(parent: QWidget | None, summary: str) -> bool:
    """Ask whether to bring back the encounter that was being typed when the app last closed."""
    answer = QMessageBox.question(
        parent, "Bring back the unfinished encounter?",
        f"An encounter was being typed when InjectClaim last closed:\n\n{summary}\n\n"
        "Bring it back? (No discards it.)", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
    return answer == QMessageBox.Yes


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)
