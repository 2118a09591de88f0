"""Wizard page 3, diagnoses: ICD-10-CM codes found by code, words or inclusion terms as the biller
types (billable codes first; a category opens, it is never added); their order on the claim is
the pointers A–L."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from app.core.claim import POINTER_LETTERS
from app.core.encounter import MAX_DIAGNOSES
from app.ui.widgets.form import ProblemLabel
from app.ui.widgets.search_box import SearchBox
from app.ui.wizard.base import EncounterPage, WizardContext


def describe(entry) -> tuple[str, str, str]:
    return entry.code, "billable" if entry.billable else "category ▸", entry.description


class DiagnosesPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_diagnoses", "Diagnoses",
                         "Type a code or words in any order (\"b12 anemia\"), Down to the results, Enter to add.")

    def build(self) -> None:
        self.search = SearchBox("diagnosis", ["Code", "Billable?", "Description"], self._find, describe,
                                pickable=lambda e: e.billable, children=lambda e: self._icd().children(e.key),
                                no_match=self._no_match, widths=["M54.50XA", "category ▸"])
        self.search.edit.setAccessibleName("Find a diagnosis")
        self.search.edit.setPlaceholderText("Loading ICD-10-CM…")
        self.chosen = QListWidget()
        self.chosen.setObjectName("diagnoses")
        self.chosen.setAccessibleName("Diagnoses on the claim")
        self.problem = ProblemLabel()
        self._build_layout()
        self.search.picked.connect(lambda entry: self.add(entry.code))
        self.search.typed.connect(self.add)
        self.chosen.model().rowsInserted.connect(lambda *_: self._edited("diagnoses"))
        self.chosen.model().rowsRemoved.connect(lambda *_: self._edited("diagnoses"))
        self.chosen.model().rowsMoved.connect(lambda *_: self._edited("diagnoses"))
        self.context.catalogs.icd_ready.connect(self._icd_ready)
        if self.context.catalogs.icd is not None:
            self._icd_ready()

    def _build_layout(self) -> None:
        find_label = QLabel("Find a dia&gnosis:")
        find_label.setBuddy(self.search.edit)
        chosen_label = QLabel("Diagnoses &on the claim (first = A; Delete removes, Ctrl+Up/Down moves):")
        chosen_label.setBuddy(self.chosen)
        buttons = QHBoxLayout()
        for text, name, slot in (("Move &up", "diagnosis_up", lambda: self.move(-1)),
                                 ("Move do&wn", "diagnosis_down", lambda: self.move(1)),
                                 ("&Remove", "diagnosis_remove", self.remove)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        for widget in (find_label, self.search, chosen_label, self.chosen, self.problem):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.chosen.setMaximumHeight(self.chosen.fontMetrics().height() * 8)
        self.chosen.installEventFilter(self)

    def _icd(self):
        return self.context.catalogs.icd

    def _find(self, text: str) -> list:
        icd = self._icd()
        return icd.search(text, limit=80) if icd is not None else []

    def _no_match(self, text: str) -> str:
        icd = self._icd()
        return icd.no_match(text) if icd is not None else ""

    def _icd_ready(self) -> None:
        self.search.edit.setPlaceholderText("Code or words, e.g. D51.0 or b12 anemia")
        self.search.refresh()
        self._relabel()

    # -- the list
    def add(self, code: str) -> None:
        codes = self.codes()
        if code in codes or len(codes) >= MAX_DIAGNOSES:
            self.search.clear()
            return
        self.chosen.addItem(QListWidgetItem(code))
        self._relabel()
        self.search.clear()
        self.search.edit.setFocus()

    def codes(self) -> list[str]:
        return [self.chosen.item(i).data(Qt.UserRole) or self.chosen.item(i).text() for i in range(self.chosen.count())]

    def _relabel(self) -> None:
        icd = self._icd()
        for row in range(self.chosen.count()):
            item = self.chosen.item(row)
            code = item.data(Qt.UserRole) or item.text()
            entry = icd.get(code) if icd is not None else None
            letter = POINTER_LETTERS[row] if row < len(POINTER_LETTERS) else "?"
            item.setData(Qt.UserRole, code)
            item.setText(f"{letter}   {code}   {entry.description if entry else ''}".rstrip())

    def move(self, step: int) -> None:
        row = self.chosen.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chosen.count():
            return
        self.chosen.insertItem(target, self.chosen.takeItem(row))
        self.chosen.setCurrentRow(target)
        self._relabel()

    def remove(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._relabel()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.chosen and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key_Delete:
                self.remove()
                return True
            if event.key() in (Qt.Key_Up, Qt.Key_Down) and event.modifiers() & Qt.ControlModifier:
                self.move(-1 if event.key() == Qt.Key_Up else 1)
                return True
        return False

    # -- the encounter
    def fill(self, document: dict) -> None:
        self.chosen.clear()
        diagnoses = document.get("diagnoses")
        for code in diagnoses if isinstance(diagnoses, list) else []:
            item = QListWidgetItem(str(code))
            item.setData(Qt.UserRole, code)
            self.chosen.addItem(item)
        self._relabel()
        self.search.clear()

    def store(self, document: dict) -> None:
        if self.codes() or "diagnoses" in self.loaded:
            document["diagnoses"] = self.codes()

    def problem_labels(self):
        return {"diagnoses": self.problem}
