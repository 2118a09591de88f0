"""A payer's name and settings in the rules editor: timely filing, NDC, waste modifiers, virtual
supervision, unsupervised injections, several injections, facility places of service, staff,
vaccine administration codes and the 837P payer id.

Saving replaces the payer through a rule pack (export, change the settings, import), so the
store checks the values as it checks any pack: a bad value is named under its field and the
payer is left exactly as it was.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.payer import DISTINCT_MODIFIERS, STAFF, Payer, RulePackInvalid, settings_to_json
from app.store.payers import export_pack, import_pack
from app.ui.rules_editor_form import biller_words, split_list
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form, name_field
from app.ui.wizard.fields import number_value

UNSUPERVISED = [("not_billable", "Not billable (Medicare)"), ("bill_99211", "Bill 99211 instead (CPT rule)")]
STYLES = [("units", "One 96372 line with units"), ("separate_lines", "A line for each, with a modifier")]
VACCINE = [("medicare", "Medicare: G0008, G0009, G0010"), ("cpt", "CPT: 90471/90472, 90460/90461")]
OPENERS = [("59", "59"), ("X", "XS for a separate site, XU for a separate service")]
FILING_UNITS = [("days", "days"), ("years", "years")]


class PayerSettingsForm(QWidget):
    """Shows one payer's settings; `save()` writes them or shows what is wrong where."""

    saved = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.payer_id = db, None
        self.form = Form()
        self.name = QLineEdit()
        self.form.add_field("Payer &name:", self.name, "payer.name")
        self._add_filing_fields()
        self._add_injection_fields()
        self._add_list_fields()
        self.save_button = QPushButton("&Save the payer's settings")
        self.save_button.setObjectName("save_payer_settings")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.save_button, 0, Qt.AlignRight)
        layout.addStretch(1)
        for edit in self.findChildren(QLineEdit):      # Enter in a field saves, as the button would
            edit.returnPressed.connect(self.save)

    def _add_filing_fields(self) -> None:
        self.filing_number, self.filing_unit = QLineEdit(), ChoiceBox(FILING_UNITS, blank=None)
        self.filing_number.setMaximumWidth(80)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (self.filing_number, self.filing_unit, QLabel("after the date of service")):
            line.addWidget(widget)
        line.addStretch(1)
        self.form.add_field("&Timely filing within:", self.filing_number, "settings.timely_filing", shown=row)
        name_field(self.filing_unit, "settings.timely_filing.unit", "Timely filing counted in")
        self.ndc_required = QCheckBox("Drug lines need the N&DC, its quantity and unit")
        self.form.add_field("NDC:", self.ndc_required, "settings.ndc_required")
        self.waste_from = DateEdit()
        self.form.add_field("&JW/JZ needed from:", self.waste_from, "settings.waste_modifiers_required_from",
                            "Single-dose drug lines need JW or JZ from this date; blank: never")
        self.virtual_from = DateEdit()
        self.form.add_field("&Virtual supervision from:", self.virtual_from, "settings.virtual_supervision_allowed_from",
                            "Real-time audio and video counts as direct supervision from this date; blank: never")

    def _add_injection_fields(self) -> None:
        self.unsupervised = ChoiceBox(UNSUPERVISED, blank=None)
        self.form.add_field("No one &supervised:", self.unsupervised, "settings.unsupervised_injection")
        self.style, self.modifier = ChoiceBox(STYLES, blank=None), ChoiceBox([(m, m) for m in DISTINCT_MODIFIERS])
        self.form.add_pair("Several &injections:", self.style, "settings.multiple_injections", "modifier",
                           self.modifier, "settings.multiple_injections.modifier")
        self.style.value_changed.connect(lambda: self.modifier.setEnabled(self.style.value() == "separate_lines"))
        self.vaccine = ChoiceBox(VACCINE, blank=None)
        self.form.add_field("Vaccine &administration:", self.vaccine, "settings.vaccine_admin_codes")
        self.opener = ChoiceBox(OPENERS, blank=None)
        self.form.add_field("Separate service m&odifier:", self.opener, "settings.distinct_service_modifier",
                            "What the claim builder adds when an NCCI pair allows a separate injection")

    def _add_list_fields(self) -> None:
        self.facility = QLineEdit()
        self.form.add_field("&Facility places of service:", self.facility, "settings.facility_places_of_service",
                            "Codes separated by commas where 96372 and the drug are not billed on this claim; "
                            "blank: the usual list")
        self.staff = {role: QCheckBox(role) for role in STAFF}
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for box in self.staff.values():
            line.addWidget(box)
        line.addStretch(1)
        self.form.add_field("Staff who may &give it:", self.staff["MD"], "settings.staff_allowed", shown=row)
        for role, box in self.staff.items():
            box.setAccessibleName(f"Staff who may give it: {role}")
        self.x12_payer_id = QLineEdit()
        self.form.add_field("Payer id for the &837P:", self.x12_payer_id, "settings.x12_payer_id",
                            "The payer's id at the clearinghouse; optional")

    def load(self, payer: Payer) -> None:
        self.payer_id = payer.id
        self.name.setText(payer.name)
        s = settings_to_json(payer.settings)
        unit = "days" if "days" in s["timely_filing"] else "years"
        self.filing_number.setText(str(s["timely_filing"][unit]))
        self.filing_unit.set_value(unit)
        self.ndc_required.setChecked(s["ndc_required"])
        self.waste_from.set_value(s["waste_modifiers_required_from"])
        self.virtual_from.set_value(s["virtual_supervision_allowed_from"])
        self.unsupervised.set_value(s["unsupervised_injection"])
        self.style.set_value(s["multiple_injections"]["style"])
        self.modifier.set_value(s["multiple_injections"].get("modifier"))
        self.modifier.setEnabled(self.style.value() == "separate_lines")
        self.vaccine.set_value(s["vaccine_admin_codes"])
        self.opener.set_value(s["distinct_service_modifier"])
        self.facility.setText(", ".join(s["facility_places_of_service"]))
        for role, box in self.staff.items():
            box.setChecked(role in s["staff_allowed"])
        self.x12_payer_id.setText(s["x12_payer_id"] or "")
        self.show_problems([])

    def settings_document(self) -> dict:
        """The settings as typed, in rule-pack JSON."""
        style = self.style.value()
        return {
            "timely_filing": {self.filing_unit.value(): number_value(self.filing_number.text())},
            "ndc_required": self.ndc_required.isChecked(),
            "waste_modifiers_required_from": self.waste_from.value(),
            "virtual_supervision_allowed_from": self.virtual_from.value(),
            "unsupervised_injection": self.unsupervised.value(),
            "multiple_injections": {"style": style, "modifier": self.modifier.value()}
            if style == "separate_lines" else {"style": style},
            "facility_places_of_service": split_list(self.facility.text()) or [],
            "staff_allowed": [role for role, box in self.staff.items() if box.isChecked()],
            "vaccine_admin_codes": self.vaccine.value(),
            "distinct_service_modifier": self.opener.value(),
            "x12_payer_id": self.x12_payer_id.text().strip() or None,
        }

    def save(self) -> bool:
        """Replace the payer with these settings (one transaction), or show the problems and write nothing."""
        pack = export_pack(self.db, self.payer_id)
        pack["payer"]["name"] = self.name.text().strip()
        pack["settings"] = self.settings_document()
        try:
            import_pack(self.db, pack)
        except RulePackInvalid as invalid:
            self.show_problems(invalid.problems)
            return False
        self.show_problems([])
        self.saved.emit()
        return True

    def show_problems(self, problems) -> None:
        found: dict[str, list[str]] = {}
        for problem in problems:
            match = re.match(r"(payer|settings)\.\w+", problem.path)
            path = match.group(0) if match else "payer.name"
            widget = self.findChild(QWidget, path)
            found.setdefault(path, []).append(biller_words(widget, problem.message))
        by_label: dict = {}
        for path, label in self.form.problems.items():    # a pair of fields shares one problem line
            by_label.setdefault(label, []).extend(found.get(path, []))
        for label, messages in by_label.items():
            label.show_problem("; ".join(messages) or None)
