"""The saved encounters as a table model for the history list.

One query per filter or sort (`app.store.encounters.list_encounters`) and the rows kept as
they come; a cell's words are worked out only when the view asks for them (the rows on
screen), so 10,000 saved encounters list, filter and sort without a visible pause.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from app.ui.table_model import ListTableModel
from app.store import encounters
from app.store.encounters import HistoryFilter
from app.ui.icons import icon
from app.ui.wizard.review_tables import us_date

COLUMNS = ("Patient", "Member id", "Date of service", "Payer", "Codes", "Status")
SORT_KEYS = ("patient", "member_id", "date_of_service", "payer", "codes", "status")
STATUS_COLUMN = 5
STATUS_ICONS = {"errors": "error", "warnings": "warning", "clean": "ok"}
STATUS_RANK = {"errors": 0, "warnings": 1, "clean": 2}      # what needs work first; sent claims last


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def status_words(row: dict) -> str:
    """"2 errors", "1 warning", "Clean" or "Sent 03/13/2026"."""
    if row.get("sent_on"):
        return f"Sent {us_date(row['sent_on'])}"
    if row["status"] == "errors":
        return plural(row["errors"], "error")
    if row["status"] == "warnings":
        return plural(row["warnings"], "warning")
    return "Clean"


def status_tip(row: dict) -> str:
    """The status with the finding codes behind it, for the tooltip."""
    checked = {"errors": plural(row["errors"], "error"), "warnings": plural(row["warnings"], "warning")}
    said = checked.get(row["status"], "clean")
    sent = f"Sent on {us_date(row['sent_on'])}; when saved: " if row.get("sent_on") else "Checked: "
    findings = f" ({', '.join((row.get('findings') or '').split())})" if row.get("findings") else ""
    return sent + said + findings


def status_key(row: dict) -> tuple:
    return (1, row["sent_on"]) if row.get("sent_on") else (0, STATUS_RANK.get(row["status"], 3))


class HistoryModel(ListTableModel):
    """The rows `filter` lets through, in its order; `reload()` asks the database again."""

    columns = COLUMNS

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.filter = HistoryFilter()
        self.rows: list[dict] = []
        self._rows_by_id: dict[int, int] | None = None

    # -- what is listed
    def set_filter(self, **changes) -> None:
        """Change the filter (text, date_from, date_to, status) and list again."""
        self.filter = replace(self.filter, **changes)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self._query()
        self._rows_by_id = None
        self.endResetModel()

    def _query(self) -> list[dict]:
        if self.filter.sort != "status":
            return encounters.list_encounters(self.db, self.filter)
        rows = encounters.list_encounters(self.db, replace(self.filter, sort="date_of_service", descending=True))
        rows.sort(key=status_key, reverse=self.filter.descending)     # stable: newest first within a status
        return rows

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """The view's header was clicked: list again in that column's order (once: Qt may ask twice)."""
        wanted = replace(self.filter, sort=SORT_KEYS[column], descending=order == Qt.DescendingOrder)
        if wanted != self.filter:
            self.filter = wanted
            self.reload()

    # -- rows and ids
    def encounter_id(self, row: int) -> int:
        return self.rows[row]["id"]

    def row_of(self, encounter_id: int) -> int | None:
        if self._rows_by_id is None:
            self._rows_by_id = {r["id"]: number for number, r in enumerate(self.rows)}
        return self._rows_by_id.get(encounter_id)

    def describe(self, row: int) -> str:
        """"Byron, Ada 03/10/2026": how the biller tells one encounter from another."""
        found = self.rows[row]
        return f"{found['patient'] or 'No name'} {us_date(found['date_of_service'])}"

    # -- the model
    def shown_rows(self) -> list:
        return self.rows

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return self._cell(row, column)
        if role == Qt.UserRole:
            return row["id"]
        if column == STATUS_COLUMN and role == Qt.DecorationRole:
            return icon(STATUS_ICONS.get(row["status"], "info"))
        if role == Qt.ToolTipRole:
            return status_tip(row) if column == STATUS_COLUMN else self._cell(row, column)
        return None

    @staticmethod
    def _cell(row: dict, column: int) -> str:
        if column == 2:
            return us_date(row["date_of_service"])
        if column == STATUS_COLUMN:
            return status_words(row)
        if SORT_KEYS[column] == "payer":
            return row.get("payer_name") or row["payer"] or ""
        return row[SORT_KEYS[column]] or ""
