"""The filter row above the history list: words (patient, member id, code, finding or a date of
service typed MM/DD/YYYY), a date-of-service range and a status. `changed` carries the `HistoryFilter` fields that changed;
a date that is not a date yet is left out of the filter and named beside the fields."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import ProblemLabel, name_field

STATUSES = (("errors", "Errors (not sent)"), ("warnings", "Warnings (not sent)"), ("clean", "Clean (not sent)"),
            ("sent", "Sent"))


class HistoryFilters(QObject):
    """The filter's inputs; `row()` lays them out, `problem` says what is wrong with the dates."""

    changed = Signal(dict)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.text = QLineEdit()
        name_field(self.text, "history_search", "Find saved encounters",
                   "Patient, member id, code, finding or date (MM/DD/YYYY), words in any order")
        self.text.setPlaceholderText("Patient, member id, code, finding or date, words in any order")
        self.text.setClearButtonEnabled(True)
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("MM/DD/YYYY") + 44)     # and the calendar
        name_field(self.date_from, "history_from", "Date of service from", "The first date of service listed")
        name_field(self.date_to, "history_to", "Date of service to", "The last date of service listed")
        self.status = ChoiceBox(list(STATUSES), blank="Any status")
        name_field(self.status, "history_status", "Status")
        self.clear_button = QPushButton("&Clear")
        self.clear_button.setObjectName("history_clear")
        self.clear_button.setToolTip("Show every saved encounter again")
        self.problem = ProblemLabel()
        self.problem.setObjectName("history_filter_problem")
        self._connect()

    def _connect(self) -> None:
        self.text.textChanged.connect(lambda text: self.changed.emit({"text": text}))
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(self._dates_changed)
            edit.editingFinished.connect(self._say_date_problems)
        self.status.value_changed.connect(lambda: self.changed.emit({"status": self.status.value()}))
        self.clear_button.clicked.connect(self.clear)

    def row(self, *extra: QWidget) -> QHBoxLayout:
        """The inputs on one line, each with its label (Alt+letter), then `extra` at the end."""
        line = QHBoxLayout()
        for text, widget, stretch in (("Fin&d:", self.text, 1), ("Fro&m:", self.date_from, 0),
                                      ("T&o:", self.date_to, 0), ("St&atus:", self.status, 0)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            line.addWidget(caption)
            line.addWidget(widget, stretch)
        line.addWidget(self.clear_button)
        for widget in extra:
            line.addWidget(widget)
        return line

    def _dates_changed(self) -> None:
        self.changed.emit({"date_from": self.date_from.parsed(), "date_to": self.date_to.parsed()})
        if not self.problem.isHidden():
            self._say_date_problems()

    def _say_date_problems(self) -> None:
        said = [f"{name}: {edit.text().strip()} is not a date (MM/DD/YYYY); it is left out of the filter"
                for name, edit in (("From", self.date_from), ("To", self.date_to))
                if edit.text().strip() and edit.parsed() is None]
        first, last = self.date_from.parsed(), self.date_to.parsed()
        if first and last and first > last:
            said.append("From is after To: no date of service can be in between")
        self.problem.show_problem("; ".join(said) or None)

    def clear(self) -> None:
        """Every saved encounter listed again."""
        self.blockSignals(True)
        try:
            for edit in (self.text, self.date_from, self.date_to):
                edit.clear()
            self.status.set_value(None)
        finally:
            self.blockSignals(False)
        self.problem.show_problem(None)
        self.changed.emit({"text": "", "date_from": None, "date_to": None, "status": None})
