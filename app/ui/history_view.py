"""The saved encounters, newest date of service first, filtered by patient, member id, code or
finding as the biller types; Enter or a double-click opens one back into the wizard. "Re-check"
checks every unsent encounter again (after a rules change) and says which now fail."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.store import encounters
from app.ui.icons import icon
from app.ui.wizard.review_tables import us_date

COLUMNS = ("Patient", "Date of service", "Payer", "Codes", "Status", "Member id")
STATUS_ICONS = {"errors": "error", "warnings": "warning", "clean": "ok"}


def status_words(row: dict) -> str:
    if row.get("sent_on"):
        return f"Sent {us_date(row['sent_on'])}"
    if row["status"] == "errors":
        return f"{row['errors']} error{'s' if row['errors'] != 1 else ''}"
    if row["status"] == "warnings":
        return f"{row['warnings']} warning{'s' if row['warnings'] != 1 else ''}"
    return "Clean"


def recheck_words(changes) -> str:
    changed = [c for c in changes if c.changed]
    said = [f"{c.patient} {us_date(c.date_of_service)}: now {c.new_status}"
            + (f" (new: {', '.join(c.new_findings)})" if c.new_findings else "") for c in changed]
    head = f"Re-checked {len(changes)} unsent encounter{'s' if len(changes) != 1 else ''}; "
    return head + (f"{len(changed)} changed: " + "; ".join(said) if changed else "none changed.")


class HistoryView(QWidget):
    open_requested = Signal(int)

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.filter = QLineEdit()
        self.filter.setObjectName("history_search")
        self.filter.setAccessibleName("Find saved encounters")
        self.filter.setPlaceholderText("Patient, member id, code or finding, words in any order")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.refresh)
        self.table = self._table()
        self.recheck = QPushButton("&Re-check unsent encounters")
        self.recheck.setObjectName("history_recheck")
        self.recheck.clicked.connect(self.recheck_unsent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self._build_layout()
        self.refresh()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("history")
        table.setAccessibleName("Saved encounters, newest first")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        table.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.UserRole)))
        return table

    def _build_layout(self) -> None:
        find = QLabel("Fin&d:")
        find.setBuddy(self.filter)
        listed = QLabel("Saved encounters, &newest first (Enter or a double-click opens one in the wizard):")
        listed.setBuddy(self.table)
        top = QHBoxLayout()
        top.addWidget(find)
        top.addWidget(self.filter, 1)
        top.addWidget(self.recheck)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for widget in (self.message, listed, self.table):
            layout.addWidget(widget)

    def refresh(self) -> None:
        rows = encounters.list_encounters(self.db, encounters.HistoryFilter(text=self.filter.text()))
        self.table.setRowCount(0)
        for number, row in enumerate(rows):
            self.table.insertRow(number)
            cells = (row["patient"], us_date(row["date_of_service"]), row["payer"], row["codes"], status_words(row),
                     row.get("member_id"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(str(text or ""))
                item.setData(Qt.UserRole, row["id"])
                self.table.setItem(number, column, item)
            self.table.item(number, 4).setIcon(icon(STATUS_ICONS.get(row["status"], "info")))

    def recheck_unsent(self) -> None:
        from app.check import Checker

        self.message.setText(recheck_words(encounters.recheck_unsent(self.db, Checker(self.db))))
        self.message.show()
        self.refresh()
