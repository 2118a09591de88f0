"""Every modal question the app asks, each in one small function so tests can replace it
(monkeypatch) instead of clicking a dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QVBoxLayout,
                               QWidget)

from app.ui import output_guard
from app.ui.widgets.date_edit import DateEdit, us_date
from app.ui.widgets.form import Form

ENCOUNTER_FILES = "Encounter files (*.json);;All files (*)"
PDF_FILES = "PDF files (*.pdf);;All files (*)"
X12_FILES = "837P files (*.837 *.txt *.x12);;All files (*)"


def ask_open_path(parent: QWidget, folder: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open an encounter file", folder, ENCOUNTER_FILES)
    return path or None


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save the encounter as a file", suggested, ENCOUNTER_FILES,
                                          options=QFileDialog.DontConfirmOverwrite)
    return output_guard.checked_output(parent, path)


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> str | None:
    """Where to save a PDF (the claim summary, the CMS-1500)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, PDF_FILES, options=QFileDialog.DontConfirmOverwrite)
    return output_guard.checked_output(parent, path)


def ask_837_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export the 837P file", suggested, X12_FILES,
                                          options=QFileDialog.DontConfirmOverwrite)
    return output_guard.checked_output(parent, path)


def offer_draft(parent: QWidget | None, summary: str) -> bool:
    """Ask whether to bring back the encounter that was being typed when the app last closed."""
    answer = QMessageBox.question(
        parent, "Bring back the unfinished encounter?",
        f"An encounter was being typed when InjectClaim last closed:\n\n{summary}\n\n"
        "Bring it back? (No discards it.)", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
    return answer == QMessageBox.Yes


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_save_identical_again(parent: QWidget | None, saved_ids: list[int]) -> bool:
    """The same encounter, word for word, is already in the history: save it again? (No is the default.)"""
    which = ", ".join(f"#{i}" for i in saved_ids)
    box = QMessageBox(QMessageBox.Warning, "Already saved",
                      f"This encounter is already in the history, exactly as it is now (encounter {which}).\n\n"
                      "Saving it again makes a second claim for the same service, which the payer denies as a "
                      "duplicate. Open the saved one from the history to change it.", QMessageBox.Cancel, parent)
    again = box.addButton("Save a &second copy", QMessageBox.AcceptRole)
    box.setDefaultButton(QMessageBox.Cancel)
    box.exec()
    return box.clickedButton() is again


def ask_yes_default(parent: QWidget | None, icon, title: str, text: str, yes: str, no: str) -> bool:
    """A question with two buttons in the biller's words, `yes` the default; True when it was chosen."""
    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    chosen = box.addButton(yes, QMessageBox.AcceptRole)
    box.addButton(no, QMessageBox.RejectRole)
    box.setDefaultButton(chosen)
    box.exec()
    return box.clickedButton() is chosen


def ask_mark_exported_sent(parent: QWidget | None, text: str) -> bool:
    """The 837P is written: mark those claims as sent today? (Yes is the default.)"""
    return ask_yes_default(parent, QMessageBox.Information, "837P exported", text,
                           "Mark them as &sent today", "&Not yet")


def ask_export_anyway(parent: QWidget | None, text: str) -> bool:
    """Encounters with error findings: export them anyway? (No is the default.)"""
    box = QMessageBox(QMessageBox.Warning, "Claims with errors", text, QMessageBox.Cancel, parent)
    anyway = box.addButton("Export &anyway", QMessageBox.AcceptRole)
    box.setDefaultButton(QMessageBox.Cancel)
    box.exec()
    return box.clickedButton() is anyway


def tell_missing(parent: QWidget | None, text: str, settings_missing: bool) -> bool:
    """Something the 837P needs is missing; True when the biller asks for Practice ▸ Settings."""
    box = QMessageBox(QMessageBox.Warning, "The 837P was not written", text, QMessageBox.Close, parent)
    settings = box.addButton("Open Practice ▸ &Settings…", QMessageBox.ActionRole) if settings_missing else None
    box.exec()
    return settings is not None and box.clickedButton() is settings


def run_print_preview(preview: QDialog) -> bool:
    """Show the print preview and wait; True when the biller printed."""
    return preview.exec() == QDialog.Accepted


class SentDateDialog(QDialog):
    """The date a claim went out, today unless the biller types another."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sent_date_dialog")
        self.setWindowTitle("Mark as sent")
        self.sent_on = DateEdit()
        self.sent_on.set_value(date.today().isoformat())
        form = Form()
        self.problem = form.add_field("&Sent on:", self.sent_on, "sent_on", "MM/DD/YYYY or YYYY-MM-DD")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sent_on.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The date the {'claim' if count == 1 else f'{count} claims'} went to the payer:"))
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        parsed = self.sent_on.parsed()
        problem = None if parsed else "not a date: MM/DD/YYYY"
        if parsed and parsed > date.today():
            problem = f"{us_date(parsed)} is in the future"
        self.problem.show_problem(problem)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)


def ask_sent_date(parent: QWidget | None, count: int) -> date | None:
    """The date the selected claims were sent (default today); None when cancelled."""
    dialog = SentDateDialog(count, parent)
    return dialog.sent_on.parsed() if dialog.exec() == QDialog.Accepted else None
