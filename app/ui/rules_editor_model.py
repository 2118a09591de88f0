"""A payer's rules as a table model for the rules editor: about 15,700 rows (mostly NCCI pairs),
so one model over a plain list, filtered by kind and code in Python, instead of a widget per row.

Also the rule in words (`rule_words`, `rule_details`), shared with the import preview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.ui.table_model import ListTableModel
from app.core.payer import Rule
from app.store.rule_marks import YOURS
from app.ui.widgets.date_edit import us_date

KIND_WORDS = {
    "max_units": "Unit limit (MUE)",
    "bundled_pair": "Bundled pair (NCCI)",
    "covered_diagnoses": "Covered diagnoses",
    "prior_authorization": "Prior authorization",
    "min_interval": "Minimum days between",
    "self_administered": "Self-administered drug",
    "not_a_benefit": "Not a benefit",
}
COLUMNS = ("Kind", "Codes", "Details", "In use", "In force", "Comes from", "Source")
PER_WORDS = {"day": "per day", "line": "per line"}


def rule_codes(rule: Rule) -> str:
    if rule.kind == "bundled_pair":
        return f"{rule['column1']} + {rule['column2']}"
    return rule.get("code", "")


def in_force_words(rule: Rule) -> str:
    """'always', 'from 07/01/2024', 'until 12/31/2025' or '07/01/2024 to 12/31/2025'."""
    start = us_date(rule.effective_from) if rule.effective_from else None
    end = us_date(rule.effective_to) if rule.effective_to else None
    if start and end:
        return f"{start} to {end}"
    return f"from {start}" if start else f"until {end}" if end else "always"


def rule_summary(rule: Rule, mark: str) -> str:
    """The whole rule in one paragraph, for the line under the table (cells cut long text)."""
    return (f"{KIND_WORDS.get(rule.kind, rule.kind)} {rule_codes(rule)}: {rule_details(rule)}. "
            f"In force {in_force_words(rule)}; {'in use' if rule.enabled else 'turned off'}; {mark}. "
            f"Source: {rule.source}" + (f". Note: {rule.note}" if rule.note else ""))


def rule_details(rule: Rule) -> str:
    """What the rule says beyond its codes, in a few words."""
    f = rule.fields
    if rule.kind == "max_units":
        return f"at most {f['max']} {PER_WORDS.get(f['per'], f['per'])}"
    if rule.kind == "bundled_pair":
        return "a modifier opens the pair" if f["modifier_opens"] else "no modifier opens the pair"
    if rule.kind == "min_interval":
        return f"{f['days']} days apart at least"
    parts = []
    if f.get("diagnoses"):
        parts.append(", ".join(f["diagnoses"]))
    if f.get("routes"):
        parts.append("routes " + ", ".join(f["routes"]))
    if f.get("modifier"):
        parts.append(f"modifier {f['modifier']}")
    if f.get("bill_plan"):
        parts.append(f"bill {f['bill_plan']}")
    return "; ".join(parts)


def rule_words(rule: Rule) -> str:
    """"Unit limit (MUE) 96372: at most 4 per day"."""
    details = rule_details(rule)
    return f"{KIND_WORDS.get(rule.kind, rule.kind)} {rule_codes(rule)}" + (f": {details}" if details else "")


def matches(rule: Rule, kind: str | None, code: str) -> bool:
    """The rule is of `kind` (any when None) and one of its codes starts with `code`."""
    if kind and rule.kind != kind:
        return False
    if not code:
        return True
    f = rule.fields
    return any(str(f.get(name) or "").startswith(code) for name in ("code", "column1", "column2"))


class RuleTableModel(ListTableModel):
    """The rules of one payer; `shown` are the rows the filter lets through."""

    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules: list[Rule] = []
        self.marks: dict[int, str] = {}
        self.shown: list[Rule] = []
        self.kind: str | None = None
        self.code = ""

    def set_rules(self, rules: list[Rule], marks: dict[int, str]) -> None:
        self.rules, self.marks = rules, marks
        self._refilter()

    def set_filter(self, kind: str | None, code: str) -> None:
        self.kind, self.code = kind, code.strip().upper()
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self.shown = [r for r in self.rules if matches(r, self.kind, self.code)]
        self.endResetModel()

    def rule_at(self, row: int) -> Rule:
        return self.shown[row]

    def mark_of(self, rule: Rule) -> str:
        return self.marks.get(rule.id, YOURS)

    def row_of(self, rule_id: int) -> int | None:
        return next((row for row, rule in enumerate(self.shown) if rule.id == rule_id), None)

    def shown_rows(self) -> list:
        return self.shown

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        rule = self.shown[index.row()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self._cell(rule, index.column())
        if role == Qt.UserRole:
            return rule.id
        if role == Qt.ForegroundRole and not rule.enabled:
            return QColor("gray")
        return None

    def _cell(self, rule: Rule, column: int) -> str:
        cells = (KIND_WORDS.get(rule.kind, rule.kind), rule_codes(rule), rule_details(rule),
                 "Yes" if rule.enabled else "Off", in_force_words(rule), self.mark_of(rule), rule.source)
        return cells[column]
