"""Other procedures done the same day (on the visit page): one row each with its code,
modifiers, units and diagnosis pointers, added and removed by the biller.

Each input is named by its JSON path (`procedures[0].code`); a row left wholly blank is not
stored; fields of a loaded procedure the row does not show are kept.
"""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.widgets.form import ProblemLabel, name_field, stacked
from app.ui.wizard.fields import number_text, number_value, pointers_text, pointers_value

FIELDS = (("code", "Code:", "CPT or HCPCS code of the procedure", 1),
          ("modifiers", "Modifiers:", "Two characters each, e.g. 59 or XS, separated by commas", 1),
          ("units", "Units:", "1 when left blank", 0),
          ("diagnosis_pointers", "Diagnoses:", "Letters from the diagnoses page: A, B", 1))
SHOWN = {name for name, *_ in FIELDS}


def modifiers_value(text: str) -> list[str] | None:
    pieces = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    return pieces or None


def modifiers_text(modifiers) -> str:
    return ", ".join(map(str, modifiers)) if isinstance(modifiers, list) else str(modifiers or "")


class ProcedureRow(QWidget):
    """One procedure: its four fields on a line, a Remove button, its problems under them."""

    edited = Signal(str)                 # the field edited ("code", ...)
    remove_requested = Signal(object)

    def __init__(self, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.extra: dict = {}
        self.edits: dict[str, QLineEdit] = {}
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for name, label, hint, stretch in FIELDS:
            self.edits[name] = self._field(line, name, label, hint, stretch)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        line.addWidget(self.remove)
        self.problem = ProblemLabel()
        holder = QWidget()
        holder.setLayout(line)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(stacked(holder, self.problem))
        self.set_index(index)

    def _field(self, line: QHBoxLayout, name: str, label: str, hint: str, stretch: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setToolTip(hint)
        edit.setAccessibleDescription(hint)
        if name == "units":
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0000.00") + 16)
        caption = QLabel(label)
        caption.setBuddy(edit)
        line.addWidget(caption)
        line.addWidget(edit, stretch)
        edit.textChanged.connect(lambda *_: self.edited.emit(name))
        return edit

    def set_index(self, index: int) -> None:
        self.index = index
        self.setObjectName(f"procedures[{index}]")
        for name, label, hint, _ in FIELDS:
            name_field(self.edits[name], self.path(name), f"Procedure {index + 1} {label.lower()}", hint)
        self.remove.setAccessibleName(f"Remove procedure {index + 1}")

    def path(self, name: str) -> str:
        return f"procedures[{self.index}].{name}"

    def load(self, procedure: object) -> None:
        self.raw = None if isinstance(procedure, dict) else procedure     # not an object: kept for the check
        procedure = procedure if isinstance(procedure, dict) else {}
        self.extra = {k: copy.deepcopy(v) for k, v in procedure.items() if k not in SHOWN}
        self.edits["code"].setText(str(procedure.get("code") or ""))
        self.edits["modifiers"].setText(modifiers_text(procedure.get("modifiers")))
        self.edits["units"].setText(number_text(procedure.get("units")))
        self.edits["diagnosis_pointers"].setText(pointers_text(procedure.get("diagnosis_pointers")))

    def procedure(self):
        """The procedure as typed; None when the row is wholly blank."""
        if not self.extra and not any(edit.text().strip() for edit in self.edits.values()):
            return self.raw
        values = {"code": self.edits["code"].text().strip(),
                  "modifiers": modifiers_value(self.edits["modifiers"].text()),
                  "units": number_value(self.edits["units"].text()),
                  "diagnosis_pointers": pointers_value(self.edits["diagnosis_pointers"].text())}
        return {**self.extra, **{k: v for k, v in values.items() if v is not None}}

    def widgets(self) -> list[QWidget]:
        """In Tab order."""
        return [*self.edits.values(), self.remove]


class ProceduresEditor(QWidget):
    """The rows and an Add button; `edited(path)` as the biller types, `rows_changed` after add/remove."""

    edited = Signal(str)
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("procedures")
        self.rows: list[ProcedureRow] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("&Add a procedure")
        self.add_button.setObjectName("add_procedure")
        self.add_button.clicked.connect(self.add_new)
        self.column.addWidget(self.add_button, 0, Qt.AlignLeft)
        self.setFocusPolicy(Qt.ClickFocus)       # a label's Alt+letter reaches it (and so its proxy); Tab does not
        self.setFocusProxy(self.add_button)

    def add_row(self, procedure: object = None) -> ProcedureRow:
        row = ProcedureRow(len(self.rows))
        row.load(procedure)
        row.edited.connect(lambda name, row=row: self.edited.emit(row.path(name)))
        row.remove_requested.connect(self.remove_row)
        self.column.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self._renumber()
        return row

    def add_new(self) -> None:
        """The Add button: a blank row, the cursor in its code."""
        row = self.add_row()
        row.edits["code"].setFocus()
        self.edited.emit("procedures")

    def remove_row(self, row: ProcedureRow) -> None:
        self.rows.remove(row)
        row.setParent(None)                 # out of the page now: its field names are reused
        row.deleteLater()
        self._renumber()
        (self.rows[min(row.index, len(self.rows) - 1)].edits["code"] if self.rows else self.add_button).setFocus()
        self.edited.emit("procedures")

    def _renumber(self) -> None:
        for index, row in enumerate(self.rows):
            row.set_index(index)
        self.setFocusProxy(self.rows[0].edits["code"] if self.rows else self.add_button)
        self.rows_changed.emit()

    def load(self, procedures: object) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        for procedure in procedures if isinstance(procedures, list) else []:
            self.add_row(procedure)
        self._renumber()

    def procedures(self) -> list[dict]:
        return [p for p in (row.procedure() for row in self.rows) if p is not None]

    def problem_labels(self) -> dict[str, ProblemLabel]:
        labels = {row.path(name): row.problem for row in self.rows for name, *_ in FIELDS}
        return labels | {row.objectName(): row.problem for row in self.rows}

    def tab_chain(self) -> list[QWidget]:
        return [widget for row in self.rows for widget in row.widgets()] + [self.add_button]
