"""Wizard page 5, record and authorization: what the medical record holds, who ordered or
referred the service and who supervised it (when not the rendering provider), the prior
authorization number, a signed ABN, and when the claim goes out."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit

from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form
from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.fields import get_path, text_value
from app.ui.wizard.provider_fields import ProviderFields
from app.ui.wizard.scrolled import scrolled_holder

RECORD = (("documentation.order", "There is a signed &order for the injection"),
          ("documentation.administration_record", "The &administration record shows drug, dose, route, site, "
                                                  "lot and who gave it"),
          ("documentation.medical_necessity", "The record supports &medical necessity (the diagnosis)"))
PLAN_OF_CARE = [(True, "Yes: the physician started this course of treatment"),
                (False, "No: the physician has not seen the patient for it yet")]


class DocumentationPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_documentation", "Record and authorization",
                         "What the medical record holds; payers deny what the record does not show.")

    def build(self) -> None:
        self.form = Form(scrolled_holder(self))
        self.record: dict[str, QCheckBox] = {}
        for path, text in RECORD:
            box = QCheckBox(text)
            self.form.add_field(f"{path.split('.')[-1].replace('_', ' ').capitalize()}:", box, path)
            box.setAccessibleName(text.replace("&", ""))
            self.record[path] = box
        self.plan_of_care = ChoiceBox(PLAN_OF_CARE, blank="Not stated")
        self.form.add_field("P&lan of care:", self.plan_of_care, "documentation.plan_of_care",
                            "Medicare pays an injection staff give 'incident to' the physician only within a "
                            "course of treatment the physician started")
        self.referring = ProviderFields(self.form, "referring_provider", "&Referring or ordering",
                                        "Box 17b: the NPI of the provider who referred the patient or "
                                        "ordered the injection; blank when none", with_role=True)
        self.supervising = ProviderFields(self.form, "supervising_provider", "Supervising",
                                          "The physician or NPP who supervised, when not the rendering "
                                          "provider; blank when the same")
        self.prior_authorization = QLineEdit()
        self.form.add_field("Prior a&uthorization number:", self.prior_authorization, "prior_authorization",
                            "Leave blank when there is none")
        self.abn = QCheckBox("A signed ABN (CMS-R-131) is on file for this service")
        self.form.add_field("Si&gned ABN:", self.abn, "abn_on_file")
        self.submitted_on = DateEdit()
        self.form.add_field("&Claim goes out on:", self.submitted_on, "submitted_on",
                            "Blank means today; timely filing is judged on it")
        for widget in (*self.record.values(), self.plan_of_care, *self.referring.inputs(), *self.supervising.inputs(),
                       self.prior_authorization, self.abn, self.submitted_on):
            self.watch(widget)

    def fill(self, document: dict) -> None:
        for path, box in self.record.items():
            box.setChecked(get_path(document, path) is True)
        plan = get_path(document, "documentation.plan_of_care")
        self.plan_of_care.set_value(plan if isinstance(plan, bool) else None)
        self.prior_authorization.setText(str(document.get("prior_authorization") or ""))
        self.abn.setChecked(document.get("abn_on_file") is True)
        self.submitted_on.set_value(document.get("submitted_on"))
        self.referring.fill(document)
        self.supervising.fill(document)

    def store(self, document: dict) -> None:
        for path, box in self.record.items():
            self.put_flag(document, path, box.isChecked())
        self.put(document, "documentation.plan_of_care", self.plan_of_care.value())
        self.put(document, "prior_authorization", text_value(self.prior_authorization.text()))
        self.put_flag(document, "abn_on_file", self.abn.isChecked())
        self.put(document, "submitted_on", self.submitted_on.value())
        self.referring.store(self, document)
        self.supervising.store(self, document)

    def problem_labels(self):
        return self.form.problems
