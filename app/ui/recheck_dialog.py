"""Re-check saved claims: after a rules change, check every saved encounter that is not sent
again (app.store.encounters.recheck_unsent) and show which ones changed status and why: the
findings that are new and the ones that are gone. Opening a row opens the encounter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.core.findings import CATALOG
from app.store.encounters import Recheck, recheck_unsent
from app.ui.icons import icon
from app.ui.widgets.date_edit import parse_typed_date, us_date

COLUMNS = ("Patient", "Date of service", "Was", "Now", "New findings", "Gone")
STATUS_WORDS = {"errors": "Errors", "warnings": "Warnings", "clean": "Clean"}
STATUS_ICONS = {"errors": "error", "warnings": "warning", "clean": "ok"}
ACRONYMS = {"ABN", "NDC", "NPI", "NOC", "SC", "IM", "JW", "JZ"}


def finding_words(code: str) -> str:
    """"DIAGNOSIS_NOT_COVERED" → "Diagnosis not covered (CO-50)"."""
    carc = CATALOG.get(code, (None, None, None))[1]
    words = " ".join(w if w in ACRONYMS else w.lower() for w in code.split("_"))
    words = words[0].upper() + words[1:]
    return f"{words} ({carc})" if carc else words


class RecheckDialog(QDialog):
    """One button re-checks; the table lists the claims that changed. `open_requested(id)` opens one."""

    open_requested = Signal(int)
    rechecked = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recheck")
        self.setWindowTitle("Re-check saved claims")
        self.db, self.checker, self.changes = db, None, []
        intro = QLabel("Checks every saved claim that is not marked sent against the payer rules as they stand "
                       "now, saves the new results, and lists the claims whose findings changed.")
        intro.setWordWrap(True)
        self.table = self._table()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._run_row())
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(980, 460)

    def _run_row(self) -> QHBoxLayout:
        self.run_button = QPushButton("&Re-check now")
        self.run_button.setObjectName("recheck_now")
        self.run_button.clicked.connect(self.run)
        self.summary = QLabel("Not re-checked yet.")
        self.summary.setObjectName("recheck_summary")
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.summary, 1)
        return row

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("recheck_changes")
        table.setAccessibleName("Saved claims that changed (Enter opens one)")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        for column in (4, 5):
            header.setSectionResizeMode(column, QHeaderView.Stretch)
        table.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.UserRole)))
        return table

    def run(self) -> list[Recheck]:
        """Re-check the unsent saved claims and show the ones that changed."""
        if self.checker is None:
            from app.check import Checker        # the check loads its caches once, when first needed

            self.checker = Checker(self.db)
        every = recheck_unsent(self.db, self.checker)
        self.changes = [c for c in every if c.changed]
        self.summary.setText(self._summary(len(every), self.changes))
        self._fill(self.changes)
        self.rechecked.emit()
        return self.changes

    @staticmethod
    def _summary(count: int, changes: list[Recheck]) -> str:
        if not count:
            return "There are no saved claims waiting to be sent."
        checked = f"{count} saved claim{'s' if count != 1 else ''} not yet sent re-checked"
        if not changes:
            return f"{checked}: none changed."
        return f"{checked}: {len(changes)} changed (Enter or a double-click opens one)."

    def _fill(self, changes: list[Recheck]) -> None:
        self.table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            cells = (change.patient, self._date(change.date_of_service), STATUS_WORDS.get(change.old_status, ""),
                     STATUS_WORDS.get(change.new_status, ""), "\n".join(map(finding_words, change.new_findings)),
                     "\n".join(map(finding_words, change.gone_findings)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, change.encounter_id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            for column, status in ((2, change.old_status), (3, change.new_status)):
                self.table.item(row, column).setIcon(icon(STATUS_ICONS.get(status, "info")))
        self.table.resizeRowsToContents()         # one finding a line
        if changes:
            self.table.selectRow(0)

    @staticmethod
    def _date(iso: str | None) -> str:
        parsed = parse_typed_date(iso or "")
        return us_date(parsed) if parsed else iso or ""
