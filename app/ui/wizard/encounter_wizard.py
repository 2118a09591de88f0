"""The encounter wizard: six pages over one encounter document.

The wizard keeps the document it was given and each page writes its own fields back into a
copy (`document()`), so fields no page shows (claim lines from a superbill, an address) are
kept. Edits are collected for a moment, then the problems under the fields are refreshed and
`settled` tells the window to write the draft.
"""

from __future__ import annotations

import copy
from enum import IntEnum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.core.encounter import FORMAT
from app.ui.wizard.base import WizardContext
from app.ui.wizard.diagnoses import DiagnosesPage
from app.ui.wizard.documentation import DocumentationPage
from app.ui.wizard.injections import InjectionsPage
from app.ui.wizard.patient import PatientPage
from app.ui.wizard.review import ReviewPage
from app.ui.wizard.typed_problems import typed_problems
from app.ui.wizard.visit import VisitPage

SETTLE_MS = 300


class Page(IntEnum):
    PATIENT = 0
    VISIT = 1
    DIAGNOSES = 2
    INJECTIONS = 3
    DOCUMENTATION = 4
    REVIEW = 5


PAGE_NAMES = {"patient": Page.PATIENT, "visit": Page.VISIT, "diagnoses": Page.DIAGNOSES,
              "injections": Page.INJECTIONS, "documentation": Page.DOCUMENTATION, "review": Page.REVIEW}


def new_document(defaults: dict) -> dict:
    """An empty encounter with the practice's defaults filled in."""
    provider = {k: defaults.get(f"defaults.rendering_provider.{k}") for k in ("npi", "first_name", "last_name")}
    return {"format": FORMAT, "payer": None, "date_of_service": None,
            "place_of_service": defaults.get("defaults.place_of_service") or None,
            "patient": {"last_name": "", "first_name": "", "member_id": ""},      # blank: a finding, not unusable
            "rendering_provider": {k: v for k, v in provider.items() if v},
            "supervision": None, "administered_by": None, "diagnoses": [], "visit": None, "procedures": [],
            "injections": [{"diagnosis_pointers": [1]}],
            "documentation": {"order": False, "administration_record": False, "medical_necessity": False},
            "prior_authorization": None, "abn_on_file": False}


class EncounterWizard(QWizard):
    settled = Signal(dict)      # the document, once the biller pauses typing

    def __init__(self, context: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("encounter_wizard")
        self.setWindowTitle("Encounter")
        self.context = context
        self.setOption(QWizard.NoCancelButton)
        self.setOption(QWizard.NoBackButtonOnStartPage)
        if self.wizardStyle() == QWizard.AeroStyle:
            self.setWizardStyle(QWizard.ModernStyle)   # Aero draws its own title bar: wrong inside a window
        self.setButtonLayout([QWizard.Stretch, QWizard.BackButton, QWizard.NextButton])
        self.pages = [PatientPage(context), VisitPage(context), DiagnosesPage(context), InjectionsPage(context),
                      DocumentationPage(context), ReviewPage(context)]
        for number, page in enumerate(self.pages):
            self.setPage(number, page)
            page.changed.connect(self._edited)
        self.currentIdChanged.connect(lambda _: self.currentPage() and self.currentPage().focus_first())
        self.review.fixed.connect(self.apply_fixed)
        self.review.go_to_field.connect(self.show_field)
        self.encounter_id: int | None = None
        self._base: dict = {}
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.settle)
        context.catalogs.icd_ready.connect(self.refresh_problems)
        self.load(new_document(context.defaults), from_file=False)

    @property
    def review(self) -> ReviewPage:
        """The review page (its signals; its widgets are made when it is first shown)."""
        return self.pages[Page.REVIEW]

    def page_named(self, name: str):
        """The page called `name`, its widgets made."""
        page = self.pages[PAGE_NAMES[name]]
        page.ensure_built()
        return page

    # -- the document
    @property
    def loaded_document(self) -> dict:
        """The document as last loaded or fixed (what the pages were given, before any typing)."""
        return self._base

    def load(self, document: dict, encounter_id: int | None = None, from_file: bool = True) -> None:
        """Fill every page from `document` and go back to the first page."""
        self._fill(document, from_file)
        self.encounter_id = encounter_id
        self.restart()

    def _fill(self, document: dict, from_file: bool) -> None:
        self._timer.stop()
        self._base = copy.deepcopy(document) if isinstance(document, dict) else {}
        for page in self.pages:
            page.load_document(self._base, from_file)
        if from_file:
            self.refresh_problems()
        else:           # a new encounter shows no problem until the biller types or moves on
            self._show_problems({})

    def apply_fixed(self, document: dict) -> None:
        """A one-click fix changed the encounter: reload the pages where the biller is."""
        self._fill(document, from_file=True)
        self._edited()

    def document(self) -> dict:
        """The encounter as typed so far (kept as typed, even where it is not yet valid)."""
        document = copy.deepcopy(self._base)
        for page in self.pages:
            if page.built:          # a page not made yet has nothing typed: the copy holds its fields
                page.store(document)
        return document

    def go_to(self, name: str) -> None:
        """Walk forward (as Next does, so each page prepares itself) up to the page `name`."""
        self.restart()
        while self.currentId() != PAGE_NAMES[name] and self.currentId() < Page.REVIEW:
            self.next()

    def show_field(self, path: str) -> None:
        """Go to the page holding the field at `path` and put the cursor there."""
        for number, page in enumerate(self.pages[:Page.REVIEW]):
            page.ensure_built()
            widget = page.findChild(QWidget, path) or self._nearest(page, path)
            if widget is not None:
                while self.currentId() > number:
                    self.back()
                widget.setFocus(Qt.OtherFocusReason)
                return

    @staticmethod
    def _nearest(page, path: str):
        for widget in page.findChildren(QWidget):
            name = widget.objectName()
            if name and (name.startswith(path + ".") or name.startswith(path + "[") or path.startswith(name + ".")):
                return widget
        return None

    # -- as the biller types
    def _edited(self) -> None:
        self._timer.start()

    def settle(self) -> None:
        """Refresh the problems under the fields and hand the document on (for the draft)."""
        self._timer.stop()
        document = self.refresh_problems()
        self.settled.emit(document)

    def flush(self) -> None:
        """Settle now if edits are waiting (before the window closes)."""
        if self._timer.isActive():
            self.settle()

    def refresh_problems(self) -> dict:
        document = self.document()
        self._show_problems(typed_problems(document, self.context))
        return document

    def _show_problems(self, problems: dict[str, str]) -> None:
        for page in self.pages[:Page.REVIEW]:
            page.show_problems(problems)

    def done(self, result: int) -> None:
        """The wizard lives inside the main window: Escape must not close it."""
