"""The two tables on the review page: the claim lines as they would print in CMS-1500 box 24,
and the findings, errors first, each with its severity as an icon and a word."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem

from app.core.claim import POINTER_LETTERS, CheckResult, dollars, units_json
from app.core.field_names import us_date
from app.core.findings import SEVERITY_ORDER
from app.ui.icons import icon

LINE_COLUMNS = ("Date", "POS", "Code", "Modifiers", "Pointers", "Charge", "Units", "NDC (N4)", "Quantity", "Unit",
                "Description")
FINDING_COLUMNS = ("Severity", "Code", "CARC", "Line", "Message", "Fix", "")
FIX_COLUMN = len(FINDING_COLUMNS) - 1
DESCRIPTION_LENGTH = 60
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}
RIGHT = Qt.AlignRight | Qt.AlignVCenter


def _table(name: str, columns: tuple[str, ...], accessible: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table


def claim_lines_table() -> QTableWidget:
    table = _table("claim_lines", LINE_COLUMNS, "Claim lines")
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setSectionResizeMode(len(LINE_COLUMNS) - 1, QHeaderView.Stretch)
    table.setWordWrap(False)          # one line a row: the description is cut, the whole of it in its tooltip
    return table


def findings_table() -> QTableWidget:
    table = _table("findings", FINDING_COLUMNS, "Findings")
    header = table.horizontalHeader()
    for column in range(4):
        header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
    header.setSectionResizeMode(4, QHeaderView.Stretch)
    header.setSectionResizeMode(5, QHeaderView.Stretch)
    header.setSectionResizeMode(FIX_COLUMN, QHeaderView.ResizeToContents)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    return table


def short(text: str, most: int = DESCRIPTION_LENGTH) -> str:
    """`text` cut at a word to fit a table cell, with an ellipsis when cut."""
    if len(text) <= most:
        return text
    return text[:most].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def line_cells(result: CheckResult, line, cents: int) -> list[str]:
    pointers = "".join(POINTER_LETTERS[p - 1] for p in line.diagnosis_pointers if 1 <= p <= len(POINTER_LETTERS))
    quantity = "" if line.ndc_quantity is None else str(units_json(line.ndc_quantity))
    return [us_date(result.date_of_service), result.place_of_service, line.code, " ".join(line.modifiers),
            pointers, dollars(cents), str(units_json(line.units)), f"N4 {line.ndc}" if line.ndc else "",
            quantity if line.ndc else "", (line.ndc_unit or "") if line.ndc else "",
            short(result.description(line.number - 1)) if line.number else ""]


def fill_claim_lines(table: QTableWidget, result: CheckResult) -> None:
    table.setRowCount(0)
    for row, (line, cents) in enumerate(zip(result.lines, result.charges)):
        table.insertRow(row)
        for column, text in enumerate(line_cells(result, line, cents)):
            item = QTableWidgetItem(text)
            if column in (5, 6, 8):
                item.setTextAlignment(RIGHT)
            if column == len(LINE_COLUMNS) - 1:
                item.setToolTip(result.description(row))
            table.setItem(row, column, item)
    table.resizeRowsToContents()
    fit_height(table)


def fit_height(table: QTableWidget, most_rows: int = 12) -> None:
    """A table tall enough for its rows, so the page scrolls rather than the table."""
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), most_rows)))
    extra = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 4
    if table.horizontalScrollBar().isVisible():
        extra += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(rows + extra + (0 if table.rowCount() else table.fontMetrics().height()))


def ordered(findings) -> list:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def fill_findings(table: QTableWidget, findings, on_fix=None) -> None:
    """One row per finding, errors first; a finding with a mechanical fix gets its button in the row
    (`on_fix(finding)` when pressed), so the fix sits beside what it fixes."""
    table.setRowCount(0)
    for row, finding in enumerate(ordered(findings)):
        table.insertRow(row)
        reason = " / ".join(x for x in (finding.carc, finding.rarc) if x)
        cells = [SEVERITY_WORDS.get(finding.severity, finding.severity), finding.code, reason,
                 str(finding.line or ""), finding.message, finding.fix, ""]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.UserRole, finding.code)
            item.setToolTip(text if column in (4, 5) else f"Source: {finding.source}")
            table.setItem(row, column, item)
        table.item(row, 0).setIcon(icon(finding.severity))
        if finding.action is not None and on_fix is not None:
            table.setCellWidget(row, FIX_COLUMN, fix_button(finding, on_fix))
    table.resizeRowsToContents()
    fit_height(table)


def fix_button(finding, on_fix) -> QPushButton:
    button = QPushButton(finding.action.label or "Fix")
    button.setObjectName(f"fix_{finding.code}")
    button.setProperty("finding_code", finding.code)
    button.setToolTip(finding.fix)
    button.setAccessibleName(f"{finding.action.label or 'Fix'}: {finding.code}")
    button.clicked.connect(lambda _=False: on_fix(finding))
    return button
