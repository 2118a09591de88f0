"""The form for one payer rule: its kind, the fields that kind has (app.core.payer.RULE_KINDS),
the dates it is in force, its source, severity and note.

Saving goes through the store, which checks the rule exactly as a rule pack is checked; each
problem is shown under its field and nothing is written until there are none.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from app.core.encounter import ROUTES
from app.core.payer import RULE_KINDS, SEVERITIES, Rule, RulePackInvalid
from app.store.payers import add_rule, update_rule
from app.ui.rules_editor_model import KIND_WORDS
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form, ProblemLabel
from app.ui.wizard.fields import number_value

# field: (label, hint)
FIELDS = {
    "code": ("&Code:", "The CPT or HCPCS code the rule is about"),
    "column1": ("Column &1 code:", "The code that is paid (NCCI column 1)"),
    "column2": ("Column &2 code:", "The code bundled into it (NCCI column 2)"),
    "max": ("&Most units allowed:", "A whole number"),
    "per": ("Counted &per:", ""),
    "modifier_opens": ("Modifier:", ""),
    "diagnoses": ("&Diagnoses:", "ICD-10-CM codes separated by commas; D51.* stands for every code below D51"),
    "days": ("Days &between:", "The fewest days between two services"),
    "routes": ("&Routes:", f"Separated by commas, from: {', '.join(ROUTES)}"),
    "modifier": ("Modifi&er:", "The modifier the claim line needs, such as GY"),
    "bill_plan": ("Bill instead &to:", "Who pays instead of this payer, such as the patient's Medicare Part D plan"),
}
LISTS = ("diagnoses", "routes")
SEVERITY_WORDS = [(s, s.capitalize()) for s in SEVERITIES]


def split_list(text: str) -> list[str] | None:
    items = [piece for piece in re.split(r"[\s,;]+", text.strip()) if piece]
    return items or None


class RuleForm(QDialog):
    """Add a rule to `payer_id` (rule None) or edit `rule`; `save()` writes it or shows the problems."""

    def __init__(self, db, payer_id: str, rule: Rule | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rule_form")
        self.db, self.payer_id, self.rule = db, payer_id, rule
        self.saved_id: int | None = None
        self.setWindowTitle("Edit the rule" if rule else "Add a rule")
        self.form = Form()
        self.kind = ChoiceBox(list(KIND_WORDS.items()))
        self.form.add_field("&Kind of rule:", self.kind, "kind")
        self.inputs = {name: self._input(name) for name in FIELDS}
        self._add_common_fields()
        self.general = ProblemLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.kind.value_changed.connect(lambda: self.show_kind(self.kind.value()))
        self.fill(rule)
        self.setMinimumWidth(560)

    def _input(self, name: str) -> QWidget:
        if name == "per":
            widget = ChoiceBox([("day", "Day (all lines of the claim)"), ("line", "Line")])
        elif name == "modifier_opens":
            widget = QCheckBox("A distinct-service modifier (59, XE, XS, XP, XU, or 25) &opens the pair")
        else:
            widget = QLineEdit()
        label, hint = FIELDS[name]
        self.form.add_field(label, widget, name, hint)
        return widget

    def _add_common_fields(self) -> None:
        self.effective_from, self.effective_to = DateEdit(), DateEdit()
        self.form.add_field("In force &from:", self.effective_from, "effective_from", "Blank: since always")
        self.form.add_field("In force &until:", self.effective_to, "effective_to", "Blank: until further notice")
        self.source = QLineEdit()
        self.form.add_field("&Source:", self.source, "source", "The policy, table or letter, with its version")
        self.severity = ChoiceBox(SEVERITY_WORDS, blank="As the finding says")
        self.form.add_field("Se&verity:", self.severity, "severity")
        self.note = QLineEdit()
        self.form.add_field("&Note:", self.note, "note", "Shown with the finding")
        self.enabled = QCheckBox("&In use (a rule that is off is kept but not checked)")
        self.form.add_field("In use:", self.enabled, "enabled")

    def show_kind(self, kind: str | None) -> None:
        """Only the fields this kind of rule has."""
        required, optional = RULE_KINDS.get(kind, ((), ()))
        for name in FIELDS:
            self.form.setRowVisible(self.form.problems[name].parentWidget(), name in required + optional)
        self.adjustSize()

    def fill(self, rule: Rule | None) -> None:
        self.kind.set_value(rule.kind if rule else None)
        self.kind.setEnabled(rule is None)
        fields = rule.fields if rule else {}
        for name, widget in self.inputs.items():
            self._set_input(widget, fields.get(name))
        self.effective_from.set_value(rule.effective_from.isoformat() if rule and rule.effective_from else None)
        self.effective_to.set_value(rule.effective_to.isoformat() if rule and rule.effective_to else None)
        self.source.setText(rule.source if rule else "")
        self.severity.set_value(rule.severity if rule else None)
        self.note.setText((rule.note or "") if rule else "")
        self.enabled.setChecked(rule.enabled if rule else True)
        self.show_kind(self.kind.value())

    @staticmethod
    def _set_input(widget: QWidget, value) -> None:
        if isinstance(widget, ChoiceBox):
            widget.set_value(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setText(", ".join(value) if isinstance(value, list) else "" if value is None else str(value))

    def document(self) -> dict:
        """The rule as typed, in rule-pack JSON (typed text the store cannot use is kept, so it names it)."""
        kind = self.kind.value()
        doc = {"kind": kind, "effective_from": self.effective_from.value(), "effective_to": self.effective_to.value(),
               "source": self.source.text().strip(), "enabled": self.enabled.isChecked()}
        required, optional = RULE_KINDS.get(kind, ((), ()))
        for name in required + optional:
            value = self._value(name)
            if value is not None:
                doc[name] = value
        if self.severity.value():
            doc["severity"] = self.severity.value()
        if self.note.text().strip():
            doc["note"] = self.note.text().strip()
        return doc

    def _value(self, name: str):
        widget = self.inputs[name]
        if isinstance(widget, ChoiceBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if name in LISTS:
            return split_list(widget.text())
        if name in ("max", "days"):
            return number_value(widget.text())
        return widget.text().strip() or None

    def save(self) -> bool:
        """Write the rule; on problems show each under its field, write nothing and stay open."""
        try:
            if self.rule is None:
                self.saved_id = add_rule(self.db, self.payer_id, self.document())
            else:
                update_rule(self.db, self.rule.id, self.document())
                self.saved_id = self.rule.id
        except RulePackInvalid as invalid:
            self.show_problems(invalid.problems)
            return False
        self.accept()
        return True

    def show_problems(self, problems) -> None:
        found: dict[str, list[str]] = {}
        for problem in problems:
            name = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
            found.setdefault(name if name in self.form.problems else "", []).append(self._words(name, problem))
        for name, label in self.form.problems.items():
            label.show_problem("; ".join(found.get(name, [])) or None)
        self.general.show_problem("; ".join(found.get("", [])) or None)

    def _words(self, name: str, problem) -> str:
        if name == "kind" and self.kind.value() is None:
            return "choose the kind of rule"
        return biller_words(getattr(self, name, None), problem.message)


def biller_words(widget: QWidget | None, message: str) -> str:
    """The store's message, except that a date typed unreadably is asked for as the biller types dates."""
    if isinstance(widget, DateEdit) and widget.value() and widget.parsed() is None:
        return "is not a date: type MM/DD/YYYY"
    return message

