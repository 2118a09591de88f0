"""Payer rules: the payers, each with its rules (rules_editor_rules) and its settings
(rules_editor_settings); adding a payer by copying one; importing a rule pack after a preview of
what it changes, and exporting one.

Every change is written at once, in one transaction, through app.store.payers. Saved claims are
not re-checked on their own: Re-check saved claims shows which ones a change affects.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app.core.payer import RulePackInvalid
from app.core.validate import Problem
from app.files import replace_file
from app.store import payers
from app.ui import practice_dialogs
from app.ui.rules_editor_pack import CopyPayerDialog, PackPreview, pack_changes, read_pack
from app.ui.rules_editor_rules import RulesPanel
from app.ui.rules_editor_settings import PayerSettingsForm

RECHECK_HINT = "Saved claims are not re-checked on their own: Practice ▸ Re-check saved claims shows what changed."
MOST_PROBLEMS = 20
NAME_ROLE = Qt.UserRole + 1


class RulesEditor(QDialog):
    """The payer-rules window; `rules_changed` after anything was written."""

    rules_changed = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rules_editor")
        self.setWindowTitle("Payer rules")
        self.db = db
        self.rules = RulesPanel(db)
        self.settings = PayerSettingsForm(db)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rules, "&Rules")
        self.tabs.addTab(self.settings, "Pa&yer settings")
        splitter = QSplitter()
        payer_side = self._payer_side()
        splitter.addWidget(payer_side)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([payer_side.sizeHint().width(), 4 * payer_side.sizeHint().width()])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._bottom_row())
        self.rules.changed.connect(self._changed)
        self.settings.saved.connect(self._settings_saved)
        for button in self.findChildren(QPushButton):   # Enter in a field must not press "Add a payer…"
            button.setAutoDefault(False)
        self.refresh_payers()
        self.resize(1180, 720)

    def _bottom_row(self) -> QHBoxLayout:
        self.status = QLabel(RECHECK_HINT)
        self.status.setObjectName("rules_status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(buttons)
        return row

    def _payer_side(self) -> QWidget:
        self.payer_list = QListWidget()
        self.payer_list.setObjectName("payers")
        self.payer_list.setAccessibleName("Payers")
        self.payer_list.setSpacing(3)
        self.payer_list.currentItemChanged.connect(lambda *_: self.show_payer())
        caption = QLabel("&Payers:")
        caption.setBuddy(self.payer_list)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(caption)
        column.addWidget(self.payer_list, 1)
        for name, text, slot in (("copy_payer", "Add a payer by &copying…", self.copy_payer),
                                 ("import_pack", "&Import a rule pack…", self.import_pack_file),
                                 ("export_pack", "E&xport the rule pack…", self.export_pack_file)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            column.addWidget(button)
        side.setMinimumWidth(210)
        return side

    # -- payers
    def refresh_payers(self, select: str | None = None) -> None:
        select = select or self.payer_id() or "medicare"
        self.payer_list.blockSignals(True)
        self.payer_list.clear()
        for payer in payers.list_payers(self.db):
            mark = "" if payer["origin"] == "shipped" else " (yours)"
            item = QListWidgetItem(f"{payer['name']}{mark}\n{payer['rules']:,} rules")
            item.setData(Qt.UserRole, payer["id"])
            item.setData(NAME_ROLE, payer["name"])
            item.setToolTip(f"Id in rule packs: {payer['id']}")
            self.payer_list.addItem(item)
            if payer["id"] == select:
                self.payer_list.setCurrentItem(item)
        if self.payer_list.currentItem() is None and self.payer_list.count():
            self.payer_list.setCurrentRow(0)
        self.payer_list.blockSignals(False)
        self.show_payer()

    def payer_id(self) -> str | None:
        item = self.payer_list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def select_payer(self, payer_id: str) -> None:
        self.refresh_payers(payer_id)

    def show_payer(self) -> None:
        if self.payer_id() is None:
            return
        payer = payers.load_payer(self.db, self.payer_id())
        self.rules.show_rules(payer)
        self.settings.load(payer)

    def _changed(self, words: str) -> None:
        self.status.setText(f"{words}. {RECHECK_HINT}")
        self.rules_changed.emit()

    def _settings_saved(self) -> None:
        self.refresh_payers()              # the name may have changed; the rules were rewritten
        self._changed("Settings saved")

    # -- copying
    def copy_payer(self) -> None:
        source = self.payer_id()
        name = self.payer_list.currentItem().data(NAME_ROLE)
        dialog = CopyPayerDialog(name, lambda new_name, new_id: self._copy(source, new_name, new_id), self)
        if practice_dialogs.run_modal(dialog):
            self.refresh_payers(dialog.payer_id.text().strip())
            self._changed(f"Added {dialog.name.text().strip()}, a copy of {name}")

    def _copy(self, source: str, name: str, new_id: str) -> list[Problem]:
        if new_id in payers.payer_ids(self.db):
            return [Problem("payer.id", f"{new_id} is already a payer's id: choose another")]
        pack = payers.export_pack(self.db, source)
        pack["payer"].update(id=new_id, name=name)
        for rule in pack["rules"]:
            rule["origin"] = "biller"
        try:
            payers.import_pack(self.db, pack)
        except RulePackInvalid as invalid:
            return invalid.problems
        return []

    # -- rule packs
    def import_pack_file(self) -> None:
        path = practice_dialogs.ask_open_file(self, "Import a rule pack", practice_dialogs.RULE_PACKS)
        if not path:
            return
        try:
            doc, incoming = read_pack(path)
        except RulePackInvalid as invalid:
            lines = [str(p) for p in invalid.problems]
            more = f"\n… and {len(lines) - MOST_PROBLEMS} more" if len(lines) > MOST_PROBLEMS else ""
            practice_dialogs.tell(self, "The rule pack cannot be imported",
                                  f"{Path(path).name} was not imported; nothing changed.\n\n"
                                  + "\n".join(lines[:MOST_PROBLEMS]) + more)
            return
        current = payers.load_payer(self.db, incoming.id) if incoming.id in payers.payer_ids(self.db) else None
        if not practice_dialogs.run_modal(PackPreview(incoming, pack_changes(current, incoming), self)):
            self.status.setText(f"{Path(path).name} was not imported; nothing changed.")
            return
        payers.import_pack(self.db, doc)
        self.refresh_payers(incoming.id)
        self._changed(f"Imported {Path(path).name}: {incoming.name}")

    def export_pack_file(self) -> None:
        payer_id = self.payer_id()
        path = practice_dialogs.ask_save_file(self, "Export the rule pack", f"{payer_id}.json",
                                              practice_dialogs.RULE_PACKS)
        if not path:
            return
        pack = payers.export_pack(self.db, payer_id)
        try:
            replace_file(path, json.dumps(pack, indent=1))
        except OSError as error:
            practice_dialogs.tell(self, "The rule pack was not exported", f"{path}: {error.strerror or error}")
            return
        self.status.setText(f"Exported {len(pack['rules']):,} rules of {pack['payer']['name']} to {path}")
