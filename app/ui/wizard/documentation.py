"""Wizard page 5, record and authorization: what the medical record holds, the prior
authorization number, a signed ABN, and when the claim goes out."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit

from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form
from app.ui.wizard.base import EncounterPage, WizardContext
from app.ui.wizard.fields import get_path, text_value

RECORD = (("documentation.order", "There is a signed &order for the injection"),
          ("documentation.administration_record", "The &administration record shows drug, dose, route, site, "
                                                  "lot and who gave it"),
          ("documentation.medical_necessity", "The record supports &medical necessity (the diagnosis)"))


class DocumentationPage(EncounterPage):
    def __init__(self, context: WizardContext):
        super().__init__(context, "page_documentation", "Record and authorization",
                         "What the medical record holds; payers deny what the record does not show.")
        self.form = Form(self)
        self.record: dict[str, QCheckBox] = {}
        for path, text in RECORD:
            box = QCheckBox(text)
            self.form.add_field(f"{path.split('.')[-1].replace('_', ' ').capitalize()}:", box, path)
            box.setAccessibleName(text.replace("&", ""))
            self.record[path] = box
        self.prior_authorization = QLineEdit()
        self.form.add_field("Prior a&uthorization number:", self.prior_authorization, "prior_authorization",
                            "Leave blank when there is none")
        self.abn = QCheckBox("A signed ABN (CMS-R-131) is on file for this service")
        self.form.add_field("Si&gned ABN:", self.abn, "abn_on_file")
        self.submitted_on = DateEdit()
        self.form.add_field("&Claim goes out on:", self.submitted_on, "submitted_on",
                            "Blank means today; timely filing is judged on it")
        for widget in (*self.record.values(), self.prior_authorization, self.abn, self.submitted_on):
            self.watch(widget)

    def fill(self, document: dict) -> None:
        for path, box in self.record.items():
            box.setChecked(get_path(document, path) is True)
        self.prior_authorization.setText(str(document.get("prior_authorization") or ""))
        self.abn.setChecked(document.get("abn_on_file") is True)
        self.submitted_on.set_value(document.get("submitted_on"))

    def store(self, document: dict) -> None:
        for path, box in self.record.items():
            self.put_flag(document, path, box.isChecked())
        self.put(document, "prior_authorization", text_value(self.prior_authorization.text()))
        self.put_flag(document, "abn_on_file", self.abn.isChecked())
        self.put(document, "submitted_on", self.submitted_on.value())

    def problem_labels(self):
        return self.form.problems
