"""Help ▸ Activity: the activity log (app.store.activity), newest first: when, what, which saved
encounter. Read-only; it shows the log as it is when opened."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.store import activity

COLUMNS = ("When", "What", "Encounter")


def local_time(iso: str) -> str:
    """"03/10/2026 14:05" in the computer's time zone (the log keeps UTC)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%m/%d/%Y %H:%M")
    except (TypeError, ValueError):
        return str(iso)


class ActivityDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("activity")
        self.setWindowTitle("Activity")
        entries = activity.recent(db)
        caption = QLabel(f"Rule edits, saves, deletions, exports and restores, newest first "
                         f"({len(entries):,} shown; at most {activity.MOST_SHOWN:,}).")
        caption.setWordWrap(True)
        self.table = QTableWidget(len(entries), len(COLUMNS))
        self.table.setObjectName("activity_table")
        self.table.setAccessibleName("Activity, newest first")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        for row, entry in enumerate(entries):
            self._fill(row, entry)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 440)

    def _fill(self, row: int, entry: activity.Activity) -> None:
        encounter = f"#{entry.encounter_id}" if entry.encounter_id else ""
        for column, text in enumerate((local_time(entry.at), entry.what, encounter)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == 2:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(row, column, item)
