"""Wizard page 1, patient and payer: who the claim is for and who pays it, and where the patient
lives (the 837P and the CMS-1500 need the address). A returning patient is found by name or
member id among the saved encounters and filled in. "Is the patient the insured?" shows the
insured's fields only when not; a second insurance shows its fields when ticked (insured_fields)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from app.core.encounter import SEXES
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit, parse_typed_date, us_date
from app.ui.widgets.form import Form
from app.ui.widgets.search_box import SearchBox
from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.fields import get_path, text_value
from app.ui.wizard.insured_fields import RELATIONSHIPS, InsuredFields, SecondaryFields
from app.ui.wizard.scrolled import scrolled_holder

SEX_WORDS = {"F": "Female", "M": "Male", "U": "Unknown"}
NAMES = (("patient.last_name", "&Last name:", True), ("patient.first_name", "Fi&rst name:", True))
CARD = (("patient.account_number", "&Account number:", False, "The practice's own account number (optional)"),)
ADDRESS = (("patient.address.line1", "A&ddress:", "Street and number; the 837P and the CMS-1500 need it"),
           ("patient.address.city", "&City:", ""))
STATE_AND_ZIP = ("patient.address.state", "State:", "patient.address.zip", "&ZIP code:")


def describe_patient(found: dict) -> tuple[str, str, str, str]:
    patient = found.get("patient") or {}
    name = ", ".join(str(patient.get(k)) for k in ("last_name", "first_name") if patient.get(k))
    born = us_date(parsed) if (parsed := parse_typed_date(str(patient.get("date_of_birth") or ""))) else ""
    return name, str(patient.get("member_id") or ""), str(found.get("payer") or ""), born


class PatientPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_patient", "Patient and payer",
                         "As on the insurance card. Fields may be left for later; the review lists what is missing.")

    def build(self) -> None:
        self.form = Form(scrolled_holder(self))
        self._add_returning_patient()
        self.payer = ChoiceBox([(pid, name) for pid, name in self.context.payers])
        self.form.add_field("Pa&yer:", self.payer, "payer")
        self.texts: dict[str, tuple[QLineEdit, bool]] = {}
        for path, label, required in NAMES:
            self._add_text(path, label, required)
        self.date_of_birth, self.sex = DateEdit(), ChoiceBox([(s, SEX_WORDS[s]) for s in SEXES])
        self.form.add_pair("Date of &birth:", self.date_of_birth, "patient.date_of_birth", "&Sex:", self.sex,
                           "patient.sex")
        self.date_of_birth.setToolTip("MM/DD/YYYY or YYYY-MM-DD")
        self._add_card()
        for path, label, required, hint in CARD:
            self._add_text(path, label, required, hint)
        self._add_address()
        self._add_insurance()
        for widget in (self.payer, self.date_of_birth, self.sex, *(edit for edit, _ in self.texts.values()),
                       self.relationship, *self.insured.inputs(), *self.secondary.inputs()):
            self.watch(widget)

    def _add_card(self) -> None:
        member, group = QLineEdit(), QLineEdit()
        self.form.add_pair("&Member id:", member, "patient.member_id", "Gro&up number:", group, "group_number")
        member.setToolTip("As printed on the insurance card")
        group.setToolTip("The plan's group or policy number (box 11); blank when the card has none")
        self.texts["patient.member_id"], self.texts["group_number"] = (member, True), (group, False)

    def _add_insurance(self) -> None:
        self.relationship = ChoiceBox(list(RELATIONSHIPS), blank=None)
        self.form.add_field("&Is the patient the insured?", self.relationship, "subscriber.relationship",
                            "A child or spouse on a family member's plan is not the insured")
        self.insured = InsuredFields()
        self.form.addRow(self.insured)
        self.relationship.value_changed.connect(self._show_insured)
        self.secondary = SecondaryFields(self.form)
        self._show_insured()

    def _show_insured(self) -> None:
        self.form.setRowVisible(self.insured, self.relationship.value() != "self")

    def _add_address(self) -> None:
        for path, label, hint in ADDRESS:
            self._add_text(path, label, False, hint)
        state_path, state_label, zip_path, zip_label = STATE_AND_ZIP
        state, zip_code = QLineEdit(), QLineEdit()
        state.setMaxLength(2)
        state.setMaximumWidth(state.fontMetrics().horizontalAdvance("WWW") + 16)
        state.setToolTip("Two letters, e.g. IL")
        self.form.add_pair(state_label, state, state_path, zip_label, zip_code, zip_path)
        self.texts[state_path], self.texts[zip_path] = (state, False), (zip_code, False)

    def _add_returning_patient(self) -> None:
        self.returning = SearchBox("patient", ["Patient", "Member id", "Payer", "Born"], self._find_patients,
                                   describe_patient, hide_when_empty=True)
        self.returning.edit.setAccessibleName("Find a returning patient by name or member id")
        self.returning.edit.setPlaceholderText("Returning patient? Type a name or member id, Enter to fill in")
        self.returning.results.setMaximumHeight(self.fontMetrics().height() * 8)
        caption = QLabel("Returnin&g patient:")
        caption.setBuddy(self.returning.edit)
        self.form.addRow(caption, self.returning)
        self.returning.picked.connect(self.fill_patient)

    def _find_patients(self, text: str) -> list[dict]:
        from app.store.encounters import find_patients

        return find_patients(self.context.db, text) if len(text.strip()) >= 2 else []

    def fill_patient(self, found: dict) -> None:
        """Fill the payer, the patient's details and their insurance as last saved."""
        self.payer.set_value(found.get("payer"))
        for path, (edit, _) in self.texts.items():
            value = get_path(found, path)
            edit.setText("" if value is None else str(value))
        self.date_of_birth.set_value(get_path(found, "patient.date_of_birth"))
        self.sex.set_value(get_path(found, "patient.sex"))
        self._fill_insurance(found)
        self.returning.clear()
        self.texts["patient.member_id"][0].setFocus()

    def set_payers(self, payers: list[tuple[str, str]]) -> None:
        """The payers as they are now (after the rules editor added or renamed one)."""
        self.payer.set_choices(list(payers))

    def _add_text(self, path: str, label: str, required: bool, hint: str = "") -> None:
        edit = QLineEdit()
        self.form.add_field(label, edit, path, hint)
        self.texts[path] = (edit, required)

    def fill(self, document: dict) -> None:
        self.payer.set_value(document.get("payer"))
        for path, (edit, _) in self.texts.items():
            value = get_path(document, path)
            edit.setText("" if value is None else str(value))
        self.date_of_birth.set_value(get_path(document, "patient.date_of_birth"))
        self.sex.set_value(get_path(document, "patient.sex"))
        self._fill_insurance(document)

    def _fill_insurance(self, document: dict) -> None:
        self.relationship.set_value(get_path(document, "subscriber.relationship") or "self")
        self.insured.fill(document)
        self.secondary.fill(document)
        self._show_insured()

    def store(self, document: dict) -> None:
        self.put(document, "payer", self.payer.value())
        for path, (edit, required) in self.texts.items():
            self.put(document, path, text_value(edit.text(), required))
        self.put(document, "patient.date_of_birth", self.date_of_birth.value())
        self.put(document, "patient.sex", self.sex.value())
        self._store_insured(document)
        self.secondary.store(self, document)

    def _store_insured(self, document: dict) -> None:
        relationship = self.relationship.value()
        if relationship == "self":              # the insured's fields mean nothing then
            if isinstance(document.get("subscriber"), dict):
                document["subscriber"] = {"relationship": "self"}
            return
        if not isinstance(document.get("subscriber"), dict):
            document["subscriber"] = {}
        document["subscriber"]["relationship"] = relationship
        self.insured.store(self, document)

    def problem_labels(self):
        return {**self.form.problems, **self.insured.form.problems}
