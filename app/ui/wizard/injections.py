"""Wizard page 4, injections: one panel per injection given, added and removed by the biller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.injection_panel import InjectionPanel

NEW_INJECTION = {"diagnosis_pointers": [1]}


class InjectionsPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_injections", "Injections",
                         "One panel per injection. Find the drug by name, HCPCS code or NDC; "
                         "the HCPCS units are worked out as you type the dose.")

    def build(self) -> None:
        self.panels: list[InjectionPanel] = []
        self.holder = QWidget()
        self.column = QVBoxLayout(self.holder)
        self.column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.NoFocus)
        scroll.setWidget(self.holder)
        self.add_button = QPushButton("&Add another injection")
        self.add_button.setObjectName("add_injection")
        self.add_button.clicked.connect(lambda: self.add_panel(dict(NEW_INJECTION), focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        layout.addWidget(self.add_button, 0, Qt.AlignLeft)
        self.scroll = scroll

    def add_panel(self, injection: dict, focus: bool = False) -> InjectionPanel:
        panel = InjectionPanel(self.context, len(self.panels))
        panel.load(injection)
        panel.changed.connect(lambda rel, panel=panel: self._edited(panel.path(rel)))
        panel.remove_requested.connect(self.remove_panel)
        self.column.insertWidget(len(self.panels), panel)
        self.panels.append(panel)
        self._renumber()
        if focus:
            panel.search.edit.setFocus()
            self.scroll.ensureWidgetVisible(panel)
            self.changed.emit()
        return panel

    def remove_panel(self, panel: InjectionPanel) -> None:
        self.panels.remove(panel)
        panel.setParent(None)               # out of the page now: its field names are reused
        panel.deleteLater()
        self._renumber()
        self._edited("injections")

    def _renumber(self) -> None:
        for index, panel in enumerate(self.panels):
            panel.set_index(index)
            panel.remove.setEnabled(len(self.panels) > 1)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Tab goes through the panels top to bottom, then to the add button."""
        previous = None
        for panel in self.panels:
            for widget in [panel.search.edit, panel.search.results, *panel.fields.values(), panel.remove]:
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)

    def fill(self, document: dict) -> None:
        for panel in list(self.panels):
            self.panels.remove(panel)
            panel.setParent(None)
            panel.deleteLater()
        injections = document.get("injections")
        for injection in injections if isinstance(injections, list) and injections else [dict(NEW_INJECTION)]:
            self.add_panel(injection)

    def store(self, document: dict) -> None:
        injections = [panel.injection() for panel in self.panels]
        if "injections" in self.loaded or any(i != NEW_INJECTION for i in injections):
            document["injections"] = injections

    def problem_labels(self):
        return {panel.path(rel): label for panel in self.panels for rel, label in panel.form.problems.items()}
