"""The rules tab of the rules editor: one payer's rules in a table filtered by kind and code,
and adding, editing, turning off, deleting and restoring them.

A shipped rule the biller deletes is turned off instead (so an app update does not bring it
back); a shipped rule the biller changed can be restored to what the app ships.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from app.core.payer import Payer, Rule, rule_to_json
from app.store import payers
from app.store.rule_marks import EDITED, SHIPPED, rule_marks
from app.ui import practice_dialogs
from app.ui.rules_editor_form import RuleForm
from app.ui.rules_editor_model import KIND_WORDS, RuleTableModel, rule_summary, rule_words
from app.ui.widgets.choice import ChoiceBox

# short columns as wide as the widest text they show, measured in the table's font (so 150 % text
# fits) but never over the rows (15,000 rows are never measured); Details and Source share what is
# left, and the line under the table shows the whole rule
COLUMN_SAMPLES = {0: "Unit limit (MUE)", 1: "J3420", 3: "In use", 4: "07/01/2024", 5: "Comes from"}
STRETCHED = (2, 6)
BUTTONS = (("add", "&Add a rule…"), ("edit", "&Edit…"), ("toggle", "Turn o&ff"), ("delete", "&Delete"),
           ("restore", "Re&store shipped rule"))


class RulesPanel(QWidget):
    changed = Signal(str)          # what was done, in words

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.payer_id = db, None
        self.model = RuleTableModel(self)
        self.table = self._table()
        self.buttons = {name: QPushButton(text) for name, text in BUTTONS}
        for name, button in self.buttons.items():
            button.setObjectName(f"rule_{name}")
            button.clicked.connect(getattr(self, f"{name}_rule"))
        self.count = QLabel()
        self.summary = QLabel()
        self.summary.setObjectName("rule_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        layout.addWidget(self.table, 1)
        counted = QHBoxLayout()
        counted.addWidget(self.summary, 1)
        counted.addWidget(self.count, 0, Qt.AlignTop)
        layout.addLayout(counted)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self._selection_changed()

    def _filters(self) -> QHBoxLayout:
        self.kind = ChoiceBox(list(KIND_WORDS.items()), blank="All kinds")
        self.kind.setObjectName("rule_kind_filter")
        self.kind.setAccessibleName("Show rules of kind")
        self.code = QLineEdit()
        self.code.setObjectName("rule_code_filter")
        self.code.setAccessibleName("Show rules for code")
        self.code.setPlaceholderText("Code, such as 96372 or J3420")
        self.code.setClearButtonEnabled(True)
        self.kind.value_changed.connect(self.apply_filter)
        self.code.textChanged.connect(self.apply_filter)
        row = QHBoxLayout()
        for caption, widget in (("Sho&w:", self.kind), ("For c&ode:", self.code)):
            label = QLabel(caption)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 1)
        return row

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("rules")
        table.setAccessibleName("The payer's rules")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)   # 15,000 rows: never measure them
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        padding = 2 * table.fontMetrics().averageCharWidth()       # a longer cell shows whole in its tooltip
        for column, sample in COLUMN_SAMPLES.items():
            header.setSectionResizeMode(column, QHeaderView.Interactive)
            table.setColumnWidth(column, table.fontMetrics().horizontalAdvance(sample) + padding)
        for column in STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.Stretch)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.activated.connect(lambda _: self.edit_rule())      # Enter or a double-click
        return table

    # -- showing
    def show_payer(self, payer_id: str, keep: int | None = None) -> None:
        """Load the payer's rules; select rule `keep` again if it is still shown."""
        self.show_rules(payers.load_payer(self.db, payer_id), keep)

    def show_rules(self, payer: Payer, keep: int | None = None) -> None:
        self.payer_id = payer.id
        self.model.set_rules(payer.rules, rule_marks(self.db, payer.id))
        self._after_reset(keep)

    def apply_filter(self) -> None:
        keep = self.selected_rule().id if self.selected_rule() else None
        self.model.set_filter(self.kind.value(), self.code.text())
        self._after_reset(keep)

    def _after_reset(self, keep: int | None) -> None:
        self.count.setText(f"{len(self.model.shown):,} of {len(self.model.rules):,} rules shown")
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectionModel().select(self.model.index(row, 0),
                                               QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            self.table.scrollTo(self.model.index(row, 0))
        self._selection_changed()

    def selected_rule(self) -> Rule | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rule_at(rows[0].row()) if rows else None

    def select_rule(self, rule_id: int) -> None:
        self._after_reset(rule_id)

    def _selection_changed(self) -> None:
        rule = self.selected_rule()
        mark = self.model.mark_of(rule) if rule else None
        for name in ("edit", "toggle", "delete"):
            self.buttons[name].setEnabled(rule is not None)
        self.buttons["add"].setEnabled(self.payer_id is not None)
        self.buttons["toggle"].setText("Turn o&n" if rule and not rule.enabled else "Turn o&ff")
        self.buttons["delete"].setToolTip("A shipped rule is turned off instead, so an app update does not bring it "
                                          "back" if mark in (SHIPPED, EDITED) else "Deletes your rule for good")
        self.buttons["restore"].setEnabled(mark == EDITED)
        self.summary.setText(rule_summary(rule, mark) if rule else "Select a rule to see the whole of it here.")

    # -- changing
    def add_rule(self) -> None:
        form = RuleForm(self.db, self.payer_id, None, self)
        if practice_dialogs.run_modal(form):
            self._done("Rule added", form.saved_id)

    def edit_rule(self) -> None:
        rule = self.selected_rule()
        if rule and practice_dialogs.run_modal(RuleForm(self.db, self.payer_id, rule, self)):
            self._done(f"Rule changed: {rule_words(rule)}", rule.id)

    def toggle_rule(self) -> None:
        rule = self.selected_rule()
        if rule:
            payers.update_rule(self.db, rule.id, {**rule_to_json(rule), "enabled": not rule.enabled})
            self._done(f"Rule turned {'off' if rule.enabled else 'on'}: {rule_words(rule)}", rule.id)

    def delete_rule(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            return
        shipped = self.model.mark_of(rule) in (SHIPPED, EDITED)
        question = ("It came with the app, so it is turned off instead (Restore brings it back)."
                    if shipped else "It is deleted for good.")
        if practice_dialogs.confirm(self, "Delete the rule?", f"{rule_words(rule)}\n\n{question}"):
            payers.delete_rule(self.db, rule.id)
            self._done(f"Rule {'turned off' if shipped else 'deleted'}: {rule_words(rule)}", rule.id)

    def restore_rule(self) -> None:
        rule = self.selected_rule()
        if rule:
            payers.restore_shipped_rule(self.db, rule.id)
            self._done(f"Shipped rule restored: {rule_words(rule)}", rule.id)

    def _done(self, words: str, keep: int | None = None) -> None:
        self.show_payer(self.payer_id, keep)
        self.changed.emit(words)
