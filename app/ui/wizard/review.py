"""Wizard page 6, review: the claim as it would go out and every finding, with one-click fixes
where the fix is mechanical. An encounter the check cannot use shows its problem list instead,
and everything typed stays in the wizard.

The page calls the same `Checker.check` as `injectclaim check`, so the two never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from app.core.claim import dollars
from app.core.encounter import EncounterInvalid
from app.ui.icons import icon
from app.ui.wizard import review_exports
from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.review_header import field_for, header_html
from app.ui.wizard.review_tables import (claim_lines_table, fill_claim_lines, fill_findings, findings_table,
                                         fit_height, ordered)


def status_text(result) -> str:
    counts = [(result.count("error"), "error"), (result.count("warning"), "warning"), (result.count("info"), "note")]
    said = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
    if not said:
        return "Clean: no findings. The claim is ready to go out."
    advice = " Fix the errors before the claim goes out." if result.has_errors else ""
    return "Found " + ", ".join(said) + "." + advice


def worst(result) -> str:
    return next((s for s in ("error", "warning", "info") if result.count(s)), "ok")


class ReviewPage(EncounterPage):
    saved = Signal(int)
    save_file_requested = Signal()
    fixed = Signal(dict)
    go_to_field = Signal(str)

    def __init__(self, context: WizardContext):
        super().__init__(context, "page_review", "Review", "The claim as it would go out, and what may deny it.")

    def build(self) -> None:
        self.checker = None
        self.checked = None
        self.problems: list = []
        self.status_words = ""
        self.status = QLabel()
        self.status.setObjectName("review_status")
        self.status.setContentsMargins(0, 2, 0, 2)
        self.status.setWordWrap(True)
        self.status_icon = QLabel()
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.views = QStackedWidget()
        self.views.addWidget(self._claim_view())
        self.views.addWidget(self._problem_view())
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_icon)
        status_row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addWidget(self.views, 1)
        layout.addLayout(self._buttons())

    # -- building
    def _claim_widgets(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("claim_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.header.setAccessibleName("Whose claim this is")
        self.diagnoses = QLabel()
        self.diagnoses.setObjectName("claim_diagnoses")
        self.diagnoses.setWordWrap(True)
        self.diagnoses.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.lines = claim_lines_table()
        self.total = QLabel()
        self.total.setObjectName("claim_total")
        self.total.setAlignment(Qt.AlignRight)
        self.lines_note = QLabel()
        self.lines_note.setWordWrap(True)
        self.findings = findings_table()
        self.findings.horizontalHeader().sectionResized.connect(self._fit_findings)
        self.findings.itemSelectionChanged.connect(self._finding_selected)
        self.findings.itemActivated.connect(lambda item: self._go_to_fix(item.row()))
        self.findings.setToolTip("Select a finding to see its rule and its claim line; "
                                 "press Enter or double-click to go to the field that fixes it")
        self.source = QLabel()
        self.source.setObjectName("finding_source")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.no_findings = QLabel("No findings: nothing here is expected to deny the claim.")

    def _claim_view(self) -> QWidget:
        self._claim_widgets()
        content = QWidget()
        column = QVBoxLayout(content)
        for widget in (self.header, self._caption("Diagnoses", self.diagnoses), self.diagnoses,
                       self._caption("&Claim lines (CMS-1500 box 24)", self.lines), self.lines, self.total,
                       self.lines_note, self._caption("F&indings, errors first", self.findings), self.findings,
                       self.source, self.no_findings):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.NoFocus)
        scroll.setWidget(content)
        return scroll

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _fit_findings(self) -> None:
        self.findings.resizeRowsToContents()
        fit_height(self.findings)

    def _problem_view(self) -> QWidget:
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setAccessibleName("Problems that stop the check")
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(lambda item: self.go_to_field.emit(item.data(Qt.UserRole)))
        box = QWidget()
        column = QVBoxLayout(box)
        heading = QLabel("The claim cannot be checked until these are filled in or corrected. "
                         "Everything typed is kept; press Enter on a problem to go to its field.")
        heading.setWordWrap(True)
        heading.setBuddy(self.problem_list)
        column.addWidget(heading)
        column.addWidget(self.problem_list)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_history = self._button("&Save to history", "save_to_history", self.save_to_history)
        self.save_file = self._button("Save as fi&le…", "save_as_file", self.save_file_requested.emit,
                                      "Save the encounter as an encounter file (JSON)")
        self.copy = self._button("Cop&y as text", "copy_summary", self.copy_summary,
                                 "Copy the claim summary and findings to the clipboard as text")
        self.summary_pdf = self._button("Summary P&DF…", "save_summary_pdf", self._exporting("save_summary_pdf"),
                                        "Save the claim summary with its findings as a PDF")
        self.print_button = self._button("P&rint…", "print_summary", self._exporting("print_summary"),
                                         "Print the claim summary with its findings, after a preview")
        self.cms1500 = self._button("CMS-&1500 PDF…", "save_cms1500_pdf", self._exporting("save_cms1500_pdf"),
                                    "Save the claim on a CMS-1500 (02/12) form as a PDF")
        self.needs_check = (self.save_history, self.summary_pdf, self.print_button, self.cms1500)
        for button in (self.save_history, self.save_file, self.copy):
            row.addWidget(button)
        row.addStretch()
        for button in (self.summary_pdf, self.print_button, self.cms1500):
            row.addWidget(button)
        return row

    def _exporting(self, name: str):
        """A slot calling review_exports.`name` on this page (looked up when pressed, so tests may replace it)."""
        return lambda: getattr(review_exports, name)(self)

    @staticmethod
    def _button(text: str, name: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    # -- the check
    def initializePage(self) -> None:
        super().initializePage()
        self.refresh()

    def refresh(self) -> None:
        """Check the wizard's encounter as it stands and show the result."""
        document = self.wizard().document()
        if self.checker is None:
            from app.check import Checker

            self.checker = Checker(self.context.db)
        try:
            self.checked = self.checker.check(document, self.wizard().encounter_id)
        except EncounterInvalid as invalid:
            self.show_unusable(invalid.problems)
            return
        self.show_result(document, self.checked.result)

    def show_unusable(self, problems: list) -> None:
        self.checked, self.problems = None, problems
        self.problem_list.clear()
        for problem in problems:
            item = QListWidgetItem(problem.plain())
            item.setData(Qt.UserRole, problem.path)
            item.setToolTip(f"In the encounter file: {problem.path}" if problem.path else "")
            self.problem_list.addItem(item)
        self._set_status("error", f"This encounter cannot be checked yet: {len(problems)} "
                                  f"problem{'s' if len(problems) != 1 else ''} to fill in or correct.")
        self.views.setCurrentIndex(1)
        for button in self.needs_check:
            button.setEnabled(False)

    def show_result(self, document: dict, result) -> None:
        self.problems = []
        self.diagnoses.setText("   ".join(f"{d['pointer']}. {d['code']} {d.get('description') or ''}".strip()
                                          for d in result.diagnoses) or "No diagnoses")
        fill_claim_lines(self.lines, result)
        self.total.setText(f"<b>Total charge: ${dollars(result.total_cents)}</b>")
        self.lines_note.setText("These lines are as billed (from the superbill or a fix); the facts are checked "
                                "against them." if document.get("claim_lines") else
                                "These lines were built from the facts as a careful coder would bill them.")
        self.header.setText(header_html(document, result, self._place_name(result.place_of_service)))
        self.shown_findings = ordered(result.findings)
        fill_findings(self.findings, result.findings, self.apply)
        self.findings.setVisible(bool(result.findings))
        self.source.setVisible(bool(result.findings))
        self.no_findings.setVisible(not result.findings)
        if result.findings:
            self.findings.selectRow(0)
        self._set_status(worst(result), status_text(result))
        self.views.setCurrentIndex(0)
        for button in self.needs_check:
            button.setEnabled(True)

    def _set_status(self, severity: str, text: str) -> None:
        self.status_icon.setPixmap(icon(severity).pixmap(self.status.fontMetrics().height() + 4))
        self.status_words = text
        self.status.setText(text)

    def note(self, text: str) -> None:
        """Say what a button did, after the check's status."""
        self.status.setText(f"{self.status_words} ({text})")

    def _place_name(self, code: str) -> str:
        return next((name for place, name, _ in self.context.places if place == code), "")

    def _finding_at(self, row: int):
        return self.shown_findings[row] if 0 <= row < len(getattr(self, "shown_findings", [])) else None

    def _finding_selected(self) -> None:
        """Show the selected finding's rule, and highlight the claim line it is about."""
        rows = {index.row() for index in self.findings.selectedIndexes()}
        finding = self._finding_at(min(rows)) if rows else None
        self.lines.clearSelection()
        if finding is None:
            self.source.clear()
            return
        if finding.line and finding.line <= self.lines.rowCount():
            self.lines.selectRow(finding.line - 1)
        where = f" Line {finding.line}." if finding.line else ""
        self.source.setText(f"<b>{finding.code}</b>:{where} Rule: {finding.source}")

    def _go_to_fix(self, row: int) -> None:
        finding = self._finding_at(row)
        path = field_for(finding, self.checked.result.lines) if finding and self.checked else None
        if path:
            self.go_to_field.emit(path)

    def apply(self, finding) -> None:
        """Apply a finding's mechanical fix to the encounter, reload the pages, check again."""
        from app.core.fixes import apply_fix

        if self.checked is None or finding.action is None:
            return
        self.fixed.emit(apply_fix(self.checked.document, self.checked.result, finding.action))
        self.refresh()

    # -- the buttons
    def save_to_history(self) -> None:
        if self.checked is None:
            return
        document = self.wizard().document()
        if not self._save_again_allowed(document):
            return
        from app.store.db import DatabaseUnusable

        try:
            encounter_id, self.checked = self.checker.save(document, self.wizard().encounter_id)
        except DatabaseUnusable as refused:      # a read-only database: say why, keep what was typed
            self.note(f"Not saved. {refused}")
            return
        self.wizard().encounter_id = encounter_id
        self.show_result(document, self.checked.result)
        self._set_status(worst(self.checked.result),
                         f"Saved to the history as encounter #{encounter_id}. " + status_text(self.checked.result))
        self.saved.emit(encounter_id)

    def _save_again_allowed(self, document: dict) -> bool:
        """Identical content saved a second time is a duplicate claim: ask first (spec/findings.md, History)."""
        from app.store.history import same_content
        from app.ui import dialogs

        saved = same_content(self.checker.db, document)
        if not saved or self.wizard().encounter_id in saved:  # nothing new, or the open entry saved unchanged
            return True
        if dialogs.ask_save_identical_again(self, saved):
            return True
        self.note(f"Not saved: the history already holds this encounter as #{saved[0]}.")
        return False

    def summary_text(self) -> str:
        from app.core.summary_text import full_text

        if self.checked is None:
            return "This encounter cannot be checked yet:\n" + "\n".join(f"  {p}" for p in self.problems)
        return full_text(self.checked.result)

    def copy_summary(self) -> None:
        QGuiApplication.clipboard().setText(self.summary_text())
        self.note("Summary copied to the clipboard.")

    def fill(self, document: dict) -> None:
        self.checked = None

    def store(self, document: dict) -> None:
        pass
