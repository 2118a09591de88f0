"""The fee schedule tab of Settings: the charge per code (per billing unit) that claim lines get
when the encounter gives none. It starts from the shipped Medicare amounts; a charge typed in
the table is the practice's own and is saved at once. CSV import (refused whole when any row is
bad) and export, and a way back to the Medicare amount.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from app.files import replace_file
from app.store import fees
from app.ui import practice_dialogs
from app.ui.widgets.form import ProblemLabel

COLUMNS = ("Code", "Description", "Charge ($)", "Per", "Comes from")
CHARGE = 2
MOST_PROBLEMS = 20


class FeeTableModel(QAbstractTableModel):
    """The fee rows; the charge column is edited in place and written through app.store.fees."""

    refused = Signal(str)          # why a typed charge was not taken, in words

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.rows: list[dict] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = fees.list_fees(self.db)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        return COLUMNS[section] if role == Qt.DisplayRole and orientation == Qt.Horizontal else None

    def flags(self, index):
        editable = Qt.ItemIsEditable if index.column() == CHARGE else Qt.NoItemFlags
        return super().flags(index) | editable

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole):
            origin = "yours" if row["origin"] == "biller" else row["basis"]
            return (row["code"], row["description"], fees.dollars_text(row["fee_mills"]), row["per"],
                    origin)[index.column()]
        if role == Qt.TextAlignmentRole and index.column() == CHARGE:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.UserRole:
            return row["code"]
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or index.column() != CHARGE:
            return False
        code = self.rows[index.row()]["code"]
        try:
            fees.set_fee(self.db, code, fees.parse_dollars(str(value)))
        except ValueError as error:
            self.refused.emit(f"The charge for {code} was not changed: it {error}.")
            return False
        self.rows[index.row()] = next(r for r in fees.list_fees(self.db) if r["code"] == code)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.refused.emit("")
        return True


class FeeSchedulePanel(QWidget):
    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = FeeTableModel(db, self)
        self.shown = QSortFilterProxyModel(self)
        self.shown.setSourceModel(self.model)
        self.shown.setFilterKeyColumn(-1)
        self.shown.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.table = self._table()
        self.problem = ProblemLabel()
        self.problem.setObjectName("fee_problem")
        self.model.refused.connect(self.problem.show_problem)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The charge per billing unit for each code, starting from the Medicare amounts. "
                                "Type a new charge in the table: it is saved at once and becomes yours."))
        layout.addLayout(self._filter_row())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addLayout(self._buttons())

    def _filter_row(self) -> QHBoxLayout:
        self.filter = QLineEdit()
        self.filter.setObjectName("fee_filter")
        self.filter.setAccessibleName("Show charges for code or words")
        self.filter.setPlaceholderText("Code or words, such as J3420 or cyanocobalamin")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.shown.setFilterFixedString)
        caption = QLabel("Fi&nd:")
        caption.setBuddy(self.filter)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.filter, 1)
        return row

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("fees")
        table.setAccessibleName("Charge per code (type a new charge; it is saved at once)")
        table.setModel(self.shown)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                              | QAbstractItemView.AnyKeyPressed)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        for column, width in enumerate((70, 400, 90, 45)):
            table.setColumnWidth(column, width)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, slot in (("fee_reset", "Back to the &Medicare amount", self.reset_selected),
                                 ("fee_import", "&Import CSV…", self.import_csv),
                                 ("fee_export", "E&xport CSV…", self.export_csv)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("fee_status")
        row.addWidget(self.status, 1)
        return row

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.UserRole) if rows else None

    def reset_selected(self) -> None:
        code = self.selected_code()
        if code:
            fees.reset_fee(self.db, code)
            self._reloaded(f"{code} is back to the shipped amount")

    def import_csv(self) -> None:
        path = practice_dialogs.ask_open_file(self, "Import a fee schedule", practice_dialogs.FEE_FILES)
        if not path:
            return
        try:
            count = fees.import_fees_csv(self.db, Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            practice_dialogs.tell(self, "The fee schedule was not imported", f"{path}: {error}")
            return
        except fees.FeeCsvInvalid as invalid:
            lines = invalid.problems[:MOST_PROBLEMS] + ([f"… and {len(invalid.problems) - MOST_PROBLEMS} more"]
                                                        if len(invalid.problems) > MOST_PROBLEMS else [])
            practice_dialogs.tell(self, "The fee schedule was not imported",
                                  f"{Path(path).name} was not imported; no charge changed.\n\n" + "\n".join(lines))
            return
        self._reloaded(f"{count} charges imported from {Path(path).name}")

    def export_csv(self) -> None:
        path = practice_dialogs.ask_save_file(self, "Export the fee schedule", "fee_schedule.csv",
                                              practice_dialogs.FEE_FILES)
        if not path:
            return
        try:
            replace_file(path, fees.fees_csv(self.db))
        except OSError as error:
            practice_dialogs.tell(self, "The fee schedule was not exported", f"{path}: {error.strerror or error}")
            return
        self.status.setText(f"{self.model.rowCount()} charges exported to {Path(path).name}")

    def _reloaded(self, words: str) -> None:
        self.model.reload()
        self.problem.show_problem(None)
        self.status.setText(words)
        self.changed.emit()
