"""The saved encounters: found by patient, member id, code or finding, a date range and a
status; sorted by any column (click its header); one or many selected, then opened into the
wizard (Enter, a double-click), marked as sent or not, deleted (with Undo, Ctrl+Z) or
exported to an 837P. "Re-check" checks every unsent encounter again and says which now fail.

The list is a paged model (history_model.py): the first rows of 100,000 saved encounters list
at once, the rest as the biller scrolls; a filter or sort is worked out off the GUI thread. The
tab lists nothing until it is first shown (the app starts on the wizard).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from app.store import encounters
from app.ui import dialogs
from app.ui.history_export import Export837
from app.ui.history_filters import HistoryFilters
from app.ui.history_model import HistoryModel, plural
from app.ui.wizard.review_tables import us_date

ACTIONS = (  # name, menu text, shortcut, needs a selection
    ("open", "Open in the &wizard", None, True),
    ("sent", "Mark &sent…", None, True),
    ("not_sent", "Mar&k not sent", None, True),
    ("delete", "De&lete", (QKeySequence.Delete, QKeySequence("Ctrl+Backspace")), True),   # the Mac's Cmd+⌫
    ("export", "E&xport 837P…", None, True),
    ("undo", "&Undo delete", QKeySequence.Undo, False),
)


TYPICAL = ("Montgomery-Smith, Alexandra", "1EG4TE5MK73XX", "Date of service ▲", "Commercial plan (template)", "",
           "⚠ Sent 03/13/2026")                # column widths: a long but usual value of each
CODES_COLUMN = 4


def recheck_words(changes) -> str:
    changed = [c for c in changes if c.changed]
    said = [f"{c.patient} {us_date(c.date_of_service)}: now {c.new_status}"
            + (f" (new: {', '.join(c.new_findings)})" if c.new_findings else "") for c in changed]
    head = f"Re-checked {len(changes)} unsent encounter{'s' if len(changes) != 1 else ''}; "
    return head + (f"{len(changed)} changed: " + "; ".join(said) if changed else "none changed.")


def line(*widgets) -> QHBoxLayout:
    """The widgets side by side; None is the stretch between."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addStretch() if widget is None else row.addWidget(widget)
    return row


class HistoryView(QWidget):
    """The Saved encounters tab; `open_requested(id)` opens one in the wizard."""

    open_requested = Signal(int)
    settings_requested = Signal()          # an export needs a practice setting filled in

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.deleted: list[list[int]] = []           # each delete, for Undo (last first)
        self.stale = True                            # listed again when next shown
        self._kept: list[int] = []                   # the selection to keep over a relist
        self.model = HistoryModel(db, self)
        self.model.listed.connect(self._listed)
        self.model.counted.connect(self._selection_changed)
        self.filters = HistoryFilters()
        self.filters.changed.connect(self._filter)
        self.table = self._table()
        self.actions = {name: self._action(name, text, shortcut) for name, text, shortcut, _ in ACTIONS}
        self.recheck = QPushButton("&Re-check unsent")
        self.recheck.setToolTip("Check every saved encounter not yet sent again (after a rules change) "
                                "and say which changed")
        self.recheck.setObjectName("history_recheck")
        self.recheck.clicked.connect(self.recheck_unsent)
        self.message = QLabel()
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("history_count")
        self._build_layout()
        self._selection_changed()

    # -- building
    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("history")
        table.setAccessibleName("Saved encounters")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        table.setTabKeyNavigation(False)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(2, Qt.DescendingOrder)      # newest date of service first
        self._size_columns(table)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setContextMenuPolicy(Qt.ActionsContextMenu)
        table.activated.connect(lambda index: self.open_requested.emit(self.model.encounter_id(index.row())))
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        return table

    @staticmethod
    def _size_columns(table: QTableView) -> None:
        """Widths for typical values (not measured over 10,000 rows); the codes take what is left."""
        header, metrics = table.horizontalHeader(), table.fontMetrics()
        header.setSectionResizeMode(QHeaderView.Interactive)
        for column, typical in enumerate(TYPICAL):
            if typical:
                header.resizeSection(column, metrics.horizontalAdvance(typical) + 24)
        header.setSectionResizeMode(CODES_COLUMN, QHeaderView.Stretch)
        header.setStretchLastSection(False)

    def _action(self, name: str, text: str, shortcut) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"history_{name}")
        if shortcut is not None:
            action.setShortcuts([QKeySequence(k) for k in shortcut] if isinstance(shortcut, tuple) else shortcut)
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.triggered.connect(getattr(self, f"{name}_selected" if name != "undo" else "undo_delete"))
        self.table.addAction(action)
        if name == "undo":
            self.addAction(action)          # Ctrl+Z anywhere in the list, not only in the table
        return action

    def _button(self, name: str) -> QPushButton:
        """A button doing what the action does, enabled when it is."""
        action = self.actions[name]
        button = QPushButton(action.text())
        button.setObjectName(f"history_{name}_button")
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    def _build_layout(self) -> None:
        listed = QLabel("Saved e&ncounters (click a column header to sort; Enter or a double-click opens one):")
        listed.setBuddy(self.table)
        listed.setWordWrap(True)
        self.undo_button = self._button("undo")
        buttons = [self._button(name) for name in ("open", "sent", "not_sent", "delete", "export")]
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters.row())
        layout.addWidget(self.filters.problem)
        note = line(self.message, self.undo_button)
        note.setStretch(0, 1)
        layout.addLayout(note)
        caption = line(listed, self.count)
        caption.setStretch(0, 1)
        layout.addLayout(caption)
        layout.addWidget(self.table)
        layout.addLayout(line(*buttons, None, self.recheck))

    # -- listing
    @property
    def total(self) -> int:
        return self.model.total

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """List again now (the selection kept where those encounters are still listed); while the tab
        is hidden, when it is next shown."""
        if not self.isVisible():
            self.stale = True
            return
        self.stale = False
        self._kept = self.selected_ids()
        scrolled = self.table.verticalScrollBar().value()
        self.model.reload(keep_listed=True)
        self.table.verticalScrollBar().setValue(scrolled)

    def _filter(self, changes: dict) -> None:
        self._kept = self.selected_ids()
        self.model.set_filter(**changes)

    def _listed(self) -> None:
        self.select_ids(self._kept)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.encounter_id(row) for row in rows]

    def select_ids(self, encounter_ids: list[int]) -> None:
        selection = QItemSelection()
        for row in filter(lambda r: r is not None, map(self.model.row_of, encounter_ids)):
            selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)

    def _selection_changed(self) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        if chosen and chosen == self.model.rowCount() and self.model.canFetchMore():
            return self._select_every_row()
        for name, _, _, needs_selection in ACTIONS:
            self.actions[name].setEnabled(bool(chosen) if needs_selection else bool(self.deleted))
        self.undo_button.setVisible(bool(self.deleted))
        self.count.setText(f"{self.model.matching:,} of {plural(self.total, 'saved encounter')} shown"
                           + (f"; {chosen:,} selected" if chosen else ""))

    def _select_every_row(self) -> None:
        """All the rows listed are selected (Ctrl+A, or down to the last): so are the rows not listed
        yet, so Mark sent, Delete or Export act on everything found, as the count says."""
        self.model.fetch_all()
        self.table.selectAll()

    def say(self, text: str) -> None:
        self.message.setText(text)

    # -- the actions
    def open_selected(self) -> None:
        index = self.table.currentIndex()
        rows = [index.row()] if index.isValid() and self.table.selectionModel().isRowSelected(index.row()) else \
            [i.row() for i in self.table.selectionModel().selectedRows()]
        if rows:
            self.open_requested.emit(self.model.encounter_id(rows[0]))

    def sent_selected(self) -> None:
        ids = self.selected_ids()
        sent_on = dialogs.ask_sent_date(self, len(ids)) if ids else None
        if sent_on is None:
            return
        encounters.mark_sent(self.db, ids, sent_on)
        self.say(f"Marked {plural(len(ids), 'encounter')} as sent on {sent_on:%m/%d/%Y}.")
        self.refresh()

    def not_sent_selected(self) -> None:
        ids = self.selected_ids()
        encounters.mark_sent(self.db, ids, None)
        self.say(f"Marked {plural(len(ids), 'encounter')} as not sent.")
        self.refresh()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        named = self.model.describe(self.model.row_of(ids[0])) if len(ids) == 1 else plural(len(ids), "encounter")
        encounters.delete_encounters(self.db, ids)
        self.deleted.append(ids)
        self.say(f"Deleted {named}. Undo (Ctrl+Z) brings {'it' if len(ids) == 1 else 'them'} back.")
        self.refresh()

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        ids = self.deleted.pop()
        encounters.undo_delete(self.db, ids)
        self.say(f"Brought back {plural(len(ids), 'deleted encounter')}.")
        self.refresh()
        self.select_ids(ids)
        self._selection_changed()

    def export_selected(self) -> None:
        export = Export837(self, self.db, self.settings_requested.emit)
        ids = self.selected_ids()
        export.run(ids)
        self.refresh()  # the claims may now be marked as sent
        self.select_ids(ids)
        self._selection_changed()
        self.say(export.message)

    def recheck_unsent(self) -> None:
        from app.check import Checker

        self.say(recheck_words(encounters.recheck_unsent(self.db, Checker(self.db))))
        self.refresh()
