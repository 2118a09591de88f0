"""Wizard page 2, the visit: when and where, who rendered, who gave the injection under whose
supervision, whether there was an E/M visit the same day, and any other procedures that day."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form
from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.fields import get_path, put_flag, text_value
from app.ui.wizard.procedures import ProceduresEditor

STAFF = (("MD", "Physician (MD)"), ("DO", "Physician (DO)"), ("NP", "Nurse practitioner (NP)"),
         ("PA", "Physician assistant (PA)"), ("RN", "Registered nurse (RN)"),
         ("LPN", "Licensed practical nurse (LPN)"), ("MA", "Medical assistant (MA)"))
SUPERVISION = (("in_person", "In person: physician or NPP in the office suite"),
               ("virtual_av", "Virtual: real-time audio and video"),
               ("audio_only", "Audio only"), ("none", "No one supervised"))
VISITS = (("99211", "99211 Established patient, minimal (nurse visit)"),
          ("99212", "99212 Established patient, straightforward"), ("99213", "99213 Established patient, low"),
          ("99214", "99214 Established patient, moderate"), ("99215", "99215 Established patient, high"),
          ("99202", "99202 New patient, straightforward"), ("99203", "99203 New patient, low"),
          ("99204", "99204 New patient, moderate"), ("99205", "99205 New patient, high"))
PROVIDER = (("rendering_provider.npi", "Rendering provider NP&I:", True, "10 digits; checked as you type"),
            ("rendering_provider.last_name", "Provider last name:", False, ""),
            ("rendering_provider.first_name", "Provider first name:", False, ""))


class VisitPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_visit", "Visit",
                         "When and where, who gave the injection, and any office visit or other procedure that day.")

    def build(self) -> None:
        self.form = Form(self)
        self.date_of_service = DateEdit()
        self.form.add_field("&Date of service:", self.date_of_service, "date_of_service", "MM/DD/YYYY or YYYY-MM-DD")
        self.place = ChoiceBox([(code, f"{code} {name}") for code, name, _ in self.context.places])
        self.form.add_field("P&lace of service:", self.place, "place_of_service")
        self.provider: dict[str, tuple[QLineEdit, bool]] = {}
        for path, label, required, hint in PROVIDER:
            edit = QLineEdit()
            self.form.add_field(label, edit, path, hint)
            self.provider[path] = (edit, required)
        self.administered_by = ChoiceBox(list(STAFF))
        self.form.add_field("&Given by:", self.administered_by, "administered_by", "Who gave the injection")
        self.supervision = ChoiceBox(list(SUPERVISION))
        self.form.add_field("S&upervision:", self.supervision, "supervision",
                            "Who supervised the staff who gave the injection")
        self.visit_code = ChoiceBox(list(VISITS), blank="No office visit that day")
        self.form.add_field("Office &visit (E/M):", self.visit_code, "visit.code")
        self.separate = QCheckBox("The visit was a significant, &separately identifiable service (modifier 25)")
        self.form.add_field("Separate service:", self.separate, "visit.separately_identifiable")
        self.visit_code.value_changed.connect(lambda: self.separate.setEnabled(self.visit_code.value() is not None))
        self._add_procedures()
        for widget in (self.date_of_service, self.place, *(e for e, _ in self.provider.values()),
                       self.administered_by, self.supervision, self.visit_code, self.separate):
            self.watch(widget)
        self._visit_extras: dict = {}

    def _add_procedures(self) -> None:
        self.procedures = ProceduresEditor()
        caption = QLabel("&Other procedures:")
        caption.setBuddy(self.procedures)
        caption.setToolTip("Procedures done the same day besides the visit and the injections")
        self.form.addRow(caption, self.procedures)
        self.procedures.edited.connect(self._edited)
        self.procedures.rows_changed.connect(self._fix_tab_order)

    def _fix_tab_order(self) -> None:
        """Tab goes from the visit to each procedure's fields, then to the Add button."""
        previous = self.separate
        for widget in self.procedures.tab_chain():
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def fill(self, document: dict) -> None:
        self.date_of_service.set_value(document.get("date_of_service"))
        self.place.set_value(document.get("place_of_service"))
        for path, (edit, _) in self.provider.items():
            value = get_path(document, path)
            edit.setText("" if value is None else str(value))
        self.administered_by.set_value(document.get("administered_by"))
        self.supervision.set_value(document.get("supervision"))
        visit = document.get("visit") if isinstance(document.get("visit"), dict) else {}
        self._visit_extras = {k: v for k, v in visit.items() if k != "code"}
        self.visit_code.set_value(visit.get("code"))
        self.separate.setChecked(bool(visit.get("separately_identifiable")))
        self.separate.setEnabled(self.visit_code.value() is not None)
        self.procedures.load(document.get("procedures"))

    def store(self, document: dict) -> None:
        self.put(document, "date_of_service", self.date_of_service.value())
        self.put(document, "place_of_service", self.place.value())
        for path, (edit, required) in self.provider.items():
            self.put(document, path, text_value(edit.text(), required))
        self.put(document, "administered_by", self.administered_by.value())
        self.put(document, "supervision", self.supervision.value())
        procedures = self.procedures.procedures()
        if procedures or isinstance(self.loaded.get("procedures"), list):
            document["procedures"] = procedures
        code = self.visit_code.value()
        if code is None:
            self.put(document, "visit", None)
            return
        visit = {"code": code, **self._visit_extras}
        put_flag(visit, "separately_identifiable", self.separate.isChecked())
        self.put(document, "visit", visit)

    def problem_labels(self):
        return {**self.form.problems, **self.procedures.problem_labels()}
