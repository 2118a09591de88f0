"""Rule packs in the rules editor: reading a pack file, what importing it would change (rules
added, removed, changed; settings changed), the preview the biller accepts before anything is
written, and the small form that names a payer copied from another.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListView, QListWidget, QVBoxLayout,
                               QWidget)

from app.core.payer import Payer, RulePackInvalid, parse_rule_pack, rule_to_json, settings_to_json
from app.core.validate import JsonUnusable, Problem, load_json
from app.store.seed import shipped_key
from app.ui.rules_editor_model import rule_words
from app.ui.widgets.form import Form

MOST_LISTED = 300        # a whole NCCI table's worth of lines helps nobody


@dataclass
class PackChanges:
    new_payer: bool
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return self.new_payer or bool(self.added or self.removed or self.changed or self.settings)


def read_pack(path: str | Path) -> tuple[dict, Payer]:
    """The rule-pack document in a file and its payer, or RulePackInvalid naming every problem."""
    try:
        doc = load_json(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackInvalid([Problem("(file)", f"cannot be read: {getattr(error, 'strerror', None) or error}")]) \
            from None
    except JsonUnusable as unusable:   # not JSON, nested too deep, a number far too long, a broken character
        raise RulePackInvalid(unusable.problems) from None
    return doc, parse_rule_pack(doc)


def _by_key(payer: Payer | None) -> dict[str, dict[str, object]]:
    """key → {rule JSON without its origin: the rule}, so the same rule compares equal wherever it came from."""
    found: dict[str, dict[str, object]] = defaultdict(dict)
    for rule in payer.rules if payer else []:
        doc = {k: v for k, v in rule_to_json(rule).items() if k != "origin"}
        found[shipped_key(rule)][json.dumps(doc, sort_keys=True)] = rule
    return found


def pack_changes(current: Payer | None, incoming: Payer) -> PackChanges:
    """What importing `incoming` does to the payer as it stands (`current`, None for a new payer)."""
    changes = PackChanges(new_payer=current is None)
    old, new = _by_key(current), _by_key(incoming)
    for key in old.keys() | new.keys():
        before = [r for text, r in old.get(key, {}).items() if text not in new.get(key, {})]
        after = [r for text, r in new.get(key, {}).items() if text not in old.get(key, {})]
        paired = min(len(before), len(after))
        changes.changed += [f"{rule_words(b)} → {rule_words(a)}" if rule_words(a) != rule_words(b)
                            else f"{rule_words(a)} (dates, source or note)" for b, a in zip(before, after)]
        changes.removed += [rule_words(r) for r in before[paired:]]
        changes.added += [rule_words(r) for r in after[paired:]]
    if current is not None:
        changes.settings = _settings_changed(current, incoming)
    return changes


def setting_words(value) -> str:
    """A setting's value as the biller reads it: {"days": 90} → "90 days", None → "none"."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    if isinstance(value, dict):
        return ", ".join(_part_words(k, v) for k, v in value.items())
    return str(value).replace("_", " ")


def _part_words(key: str, value) -> str:
    if key in ("days", "years"):
        return f"{value} {key if value != 1 else key[:-1]}"
    return f"modifier {value}" if key == "modifier" else str(value).replace("_", " ")


def _settings_changed(current: Payer, incoming: Payer) -> list[str]:
    was, now = settings_to_json(current.settings), settings_to_json(incoming.settings)
    lines = [f"{name.replace('_', ' ')}: {setting_words(was.get(name))} → {setting_words(now[name])}"
             for name in now if was.get(name) != now[name]]
    if current.name != incoming.name:
        lines.insert(0, f"name: {current.name} → {incoming.name}")
    return lines


class PackPreview(QDialog):
    """What an import will change; nothing is written unless the biller presses Import."""

    def __init__(self, incoming: Payer, changes: PackChanges, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pack_preview")
        self.setWindowTitle(f"Import the rule pack for {incoming.name}?")
        self.summary = QLabel(self.summary_text(incoming, changes))
        self.summary.setObjectName("pack_summary")
        self.summary.setWordWrap(True)
        self.details = QListWidget()
        self.details.setObjectName("pack_details")
        self.details.setAccessibleName("What changes")
        self.details.setWordWrap(True)
        self.details.setResizeMode(QListView.Adjust)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._list(changes)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.addButton("&Import", QDialogButtonBox.AcceptRole).setEnabled(changes.anything)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.details, buttons):
            layout.addWidget(widget)
        self.resize(760, 480)

    @staticmethod
    def summary_text(incoming: Payer, changes: PackChanges) -> str:
        head = (f"A new payer, {incoming.name} ({incoming.id}), with {len(changes.added)} rules."
                if changes.new_payer else f"This replaces {incoming.name} ({incoming.id}) as a whole.")
        counts = (f"Rules added: {len(changes.added)}. Rules removed: {len(changes.removed)}. "
                  f"Rules changed: {len(changes.changed)}. Settings changed: {len(changes.settings)}.")
        tail = "" if changes.anything else " The file holds nothing new."
        return f"{head}\n{counts}{tail}\nNothing is written until you press Import."

    def _list(self, changes: PackChanges) -> None:
        for title, lines in (("Setting", changes.settings), ("Changed", changes.changed),
                             ("Added", changes.added), ("Removed", changes.removed)):
            self.details.addItems([f"{title}: {line}" for line in lines[:MOST_LISTED]])
            if len(lines) > MOST_LISTED:
                self.details.addItem(f"{title}: … and {len(lines) - MOST_LISTED} more")


class CopyPayerDialog(QDialog):
    """The name (and the id the rule packs use) of a payer copied from another; `create(name, id)`
    makes the copy and gives back its problems (the dialog stays open to show them)."""

    def __init__(self, source_name: str, create: Callable[[str, str], list[Problem]], parent: QWidget | None = None):
        super().__init__(parent)
        self.create = create
        self.setObjectName("copy_payer")
        self.setWindowTitle(f"Add a payer by copying {source_name}")
        self.form = Form()
        self.name, self.payer_id = QLineEdit(), QLineEdit()
        self.form.add_field("&Name of the new payer:", self.name, "payer.name", "As the biller knows it")
        self.form.add_field("&Id in rule packs:", self.payer_id, "payer.id",
                            "Letters, digits, '-', '_' and '.'; made from the name")
        self.name.textEdited.connect(lambda text: self.payer_id.setText(payer_id_from(text)))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(f"The new payer starts with every rule and setting of {source_name}; its rules are yours "
                       "to change.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        problems = self.create(self.name.text().strip(), self.payer_id.text().strip())
        self.show_problems(problems)
        if not problems:
            super().accept()

    def show_problems(self, problems: list[Problem]) -> None:
        def place(path: str) -> str:
            return path if path in self.form.problems else "payer.name"
        for path, label in self.form.problems.items():
            label.show_problem("; ".join(p.message for p in problems if place(p.path) == path) or None)


def payer_id_from(name: str) -> str:
    """"Acme Health PPO" → "acme-health-ppo"."""
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "-".join(words)
