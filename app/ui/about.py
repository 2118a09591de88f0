"""Help ▸ About InjectClaim: the version, the database in use and the log file, the three things
support asks for first. The paths can be selected and copied."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app import __version__
from app.logs import LOG_FILE_NAME, active_log, log_folder


def about_lines(db_path: Path | None) -> list[tuple[str, str]]:
    """(label, value) for the dialog: version, database, log."""
    log_file = active_log() or log_folder() / LOG_FILE_NAME
    database = str(db_path) if db_path else "in memory only (nothing is kept after closing)"
    return [("Version", __version__), ("Database", database), ("Log", str(log_file))]


def about_text(db_path: Path | None) -> str:
    lines = "\n".join(f"{label}: {value}" for label, value in about_lines(db_path))
    return ("InjectClaim builds and checks office-injection claims (CPT 96372 and the drug line) before "
            f"they go out. It works offline.\n\n{lines}")


def about_box(parent: QWidget | None, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Information, "About InjectClaim", text, QMessageBox.Ok, parent)
    box.setObjectName("about_box")
    box.setTextFormat(Qt.PlainText)
    box.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
    return box


def show_about(parent: QWidget | None, text: str) -> None:
    """The About box, modal (tests replace this function)."""
    about_box(parent, text).exec()


def open_about(parent: QWidget | None, db_path: Path | None) -> None:
    """Help ▸ About InjectClaim."""
    show_about(parent, about_text(db_path))
