"""Where the window may write a file the biller chose (an export, a rule pack, the fee schedule):
never over the open database or into its backups, a read-only file is left alone, and an
existing file is replaced only after the biller says so (`ask_replace`, which tests replace).

The save dialogs call `checked_output` with the path the biller picked; the main window tells
this module which database it has open (`protect`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.files import output_problem

_open_database: list[Path] = []


def protect(database_file: Path | None) -> None:
    """The database the app has open: exports never go over it or into its backups."""
    _open_database[:] = [Path(database_file)] if database_file else []


def ask_replace(parent: QWidget | None, path: str) -> bool:
    """The file exists: replace it? (No is the default.)"""
    answer = QMessageBox.question(parent, "Replace the file?", f"{path} already exists.\n\nReplace it?",
                                  QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def tell_refused(parent: QWidget | None, path: str, problem: str) -> None:
    QMessageBox.warning(parent, "Not written", f"{path} {problem}.\n\nNothing was written; choose another file.")


def checked_output(parent: QWidget | None, path: str | None) -> str | None:
    """`path` when the app may write there (after asking, if it exists); None after saying why not."""
    if not path:
        return None
    database = _open_database[0] if _open_database else None
    problem = output_problem(path, database=database, backups=database.parent / "backups" if database else None,
                             overwrite=True)
    if problem:
        tell_refused(parent, path, problem)
        return None
    if Path(path).exists() and not ask_replace(parent, path):
        return None
    return path
