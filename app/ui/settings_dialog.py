"""Settings: the practice (name, billing NPI, tax id, address), the defaults a new encounter
starts with, the paper and 837P claim settings, the fee schedule, and where the database lives.

The practice's values are checked before anything is saved (NPI check digit, EIN format, ZIP
code, state); a problem is shown under its field and nothing is written until there are none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)
from stdnum.us import ein

from app.core.practice import practice_problems
from app.store import catalog_rows
from app.store.backup import backup_dir
from app.store.settings import SETTINGS, all_settings, set_settings, value_problems
from app.ui import practice_dialogs
from app.ui.settings_dialog_fees import FeeSchedulePanel
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.form import Form

GROUPS = (("The practice", "practice."), ("A new encounter starts with", "defaults."),
          ("Paper and electronic claims", ("cms1500.", "claims.", "x12.")))
CHOICES = {"cms1500.mode": [("blank", "Blank paper (the form is printed too)"),
                            ("preprinted", "Preprinted red CMS-1500 forms")],
           "x12.usage": [("T", "Test (T)"), ("P", "Production (P)")],
           "claims.signature_on_file": [("yes", "Yes: print SIGNATURE ON FILE"), ("no", "No: patients sign each form")],
           "claims.accept_assignment": [("yes", "Yes: the payer pays the practice"),
                                        ("no", "No: the payer pays the patient")]}
LABELS = {"x12.usage": "Interchange usage", "claims.signature_on_file": "Signatures on file",
          "claims.accept_assignment": "Accept assignment"}
HINTS = {"practice.npi": "10 digits (box 33a)", "practice.tax_id": "The practice's EIN, like 12-3456789 (box 25)",
         "practice.address.state": "Two letters, like OH", "practice.address.zip": "5 digits, or ZIP+4",
         "claims.signature_on_file": "The patient's release of information and assignment of benefits are signed "
                                     "and kept on file: CMS-1500 boxes 12 and 13, 837P CLM09",
         "claims.accept_assignment": "CMS-1500 box 27 and the 837P's assignment (CLM07, CLM08)"}


def tidy(key: str, text: str) -> str:
    """The value as stored: codes without spaces, the state in capitals, the EIN as 12-3456789."""
    text = text.strip()
    if key.endswith(".npi") or key.endswith(".zip"):
        return text.replace(" ", "")
    if key.endswith(".state"):
        return text.upper()
    if key == "practice.tax_id" and text and ein.is_valid(text):
        return ein.format(text)
    return text


class PracticeForm(QWidget):
    """The practice's settings in three groups; `values()` as typed (tidied), `show_problems()`."""

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.inputs: dict[str, QWidget] = {}
        self.forms: list[Form] = []
        places = [(code, f"{code} {name}") for code, name, _ in catalog_rows.places_of_service(db)]
        columns = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        for number, (title, prefix) in enumerate(GROUPS):
            (left if number == 0 else right).addWidget(self._group(title, prefix, places))
        for column in (left, right):
            column.addStretch(1)
            columns.addLayout(column, 1)

    def _group(self, title: str, prefix, places) -> QGroupBox:
        group = QGroupBox(title)
        form = Form(group)
        form.setRowWrapPolicy(QFormLayout.DontWrapRows)
        self.forms.append(form)
        for setting in (s for s in SETTINGS if s.key.startswith(prefix)):
            widget = self._input(setting.key, places)
            label = LABELS.get(setting.key, setting.label)
            if prefix == "defaults.":           # the group's title says these are defaults
                label = label.removeprefix("Default ")
                label = label[0].upper() + label[1:]
            form.add_field(f"{label}:", widget, setting.key, HINTS.get(setting.key, ""))
            self.inputs[setting.key] = widget
        return group

    @staticmethod
    def _input(key: str, places) -> QWidget:
        if key in CHOICES:
            return ChoiceBox(CHOICES[key], blank=None)
        if key == "defaults.place_of_service":
            return ChoiceBox(places)
        return QLineEdit()

    def load(self, values: dict) -> None:
        for key, widget in self.inputs.items():
            if isinstance(widget, ChoiceBox):
                widget.set_value(values.get(key) or None)
            else:
                widget.setText(str(values.get(key) or ""))

    def values(self) -> dict:
        return {key: (widget.value() or "") if isinstance(widget, ChoiceBox) else tidy(key, widget.text())
                for key, widget in self.inputs.items()}

    def show_problems(self, problems: dict[str, str]) -> None:
        for form in self.forms:
            for key, label in form.problems.items():
                label.show_problem(problems.get(key))


class SettingsDialog(QDialog):
    """Settings ▸ Practice, Fee schedule, Database. `saved` after the practice settings were written."""

    saved = Signal()

    def __init__(self, db, db_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settings")
        self.setWindowTitle("Settings")
        self.db, self.db_path = db, db_path
        self.practice = PracticeForm(db)
        self.practice.load(all_settings(db))
        self.fees = FeeSchedulePanel(db)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.practice, "&Practice")
        self.tabs.addTab(self.fees, "&Fee schedule")
        self.tabs.addTab(self._database_tab(), "&Database")
        self.status = QLabel()
        self.status.setObjectName("settings_status")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(1060, 640)

    def _database_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        where = str(self.db_path) if self.db_path else "in memory only (nothing is kept when the app closes)"
        self.db_where = QLabel(f"The database (patients, saved claims, payer rules, settings):\n{where}")
        self.db_where.setObjectName("database_path")
        self.db_where.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.db_where)
        if self.db_path:
            layout.addWidget(QLabel(f"A backup is made each day; the last seven are kept in:\n{backup_dir(self.db_path)}"))
        self.open_folder_button = QPushButton("&Open the folder")
        self.open_folder_button.setObjectName("open_database_folder")
        self.open_folder_button.setEnabled(self.db_path is not None)
        self.open_folder_button.clicked.connect(self.open_folder)
        layout.addWidget(self.open_folder_button, 0, Qt.AlignLeft)
        layout.addStretch(1)
        return tab

    def open_folder(self) -> None:
        if not practice_dialogs.open_folder(self.db_path.parent):
            practice_dialogs.tell(self, "The folder cannot be opened", str(self.db_path.parent))

    def save(self) -> bool:
        """Write the practice settings, or show what is wrong where and write nothing."""
        values = self.practice.values()
        problems = {**value_problems(values), **practice_problems(values)}
        self.practice.show_problems(problems)
        if problems:
            self.tabs.setCurrentWidget(self.practice)
            self.status.setText(f"Not saved: {len(problems)} setting{'s' if len(problems) != 1 else ''} to correct.")
            return False
        set_settings(self.db, values)
        self.practice.load(values)
        self.status.setText("Saved.")
        self.saved.emit()
        return True
