"""One injection on the injections page: the drug (found by name, HCPCS code or NDC), the
dose with its HCPCS units worked out as it is typed, route, site and diagnosis pointers.

Fields the panel does not show (the drug's kind, say) are kept from the loaded injection.
"""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout

from app.core.encounter import Amount, Dose
from app.core.ndc import UNIT_QUALIFIERS, format_ndc
from app.core.search import ndc_quantity
from app.core.units import drug_units
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.form import Form
from app.ui.widgets.search_box import SearchBox
from app.ui.wizard.fields import (drop, get_path, number_text, number_value, pointers_text, pointers_value, put,
                                  text_value)

DOSE_UNITS = [("mg", "mg"), ("mcg", "mcg"), ("g", "g"), ("units", "units (IU, USP)"), ("mL", "mL")]
ROUTES = [("IM", "Intramuscular (IM)"), ("SC", "Subcutaneous (SC)"), ("IV_PUSH", "IV push"),
          ("IV_INFUSION", "IV infusion"), ("INTRA_ARTERIAL", "Intra-arterial"), ("ID", "Intradermal"),
          ("INTRALESIONAL", "Intralesional")]
CONTAINERS = [(True, "Single-dose vial or syringe"), (False, "Multi-dose vial")]
SUPPLIERS = [("practice", "Practice's stock"), ("patient", "Patient brought it"), ("sample", "Free sample")]
TEXTS = (("drug.hcpcs", "HCPC&S code:", True, "J-, Q-code, vaccine or allergen code"),
         ("drug.name", "Drug na&me:", False, "Needed on J3490/J3590"),
         ("drug.ndc", "ND&C:", False, "As printed on the package, any hyphenation"))


def no_drug_found(text: str) -> str:
    return (f"No drug matches \u201c{text}\u201d. Try the generic or brand name (\u201cketorolac\u201d, "
            "\u201cToradol\u201d), the HCPCS code (J1885) or the NDC as printed on the package.")


class InjectionPanel(QGroupBox):
    changed = Signal(str)      # the relative path edited
    remove_requested = Signal(object)

    def __init__(self, context, index: int):
        super().__init__()
        self.context, self.extra = context, {}
        self._package, self._filled_quantity = None, None     # the NDC package picked, the quantity it filled
        self.form = Form()
        self.fields: dict[str, object] = {}
        self._build_drug()
        self._build_dose()
        self._build_route()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.remove = QPushButton("Remove this in&jection")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        layout.addWidget(self.remove, 0, Qt.AlignRight)
        self.set_index(index)

    def _field(self, rel: str, widget, label: str, hint: str = "") -> None:
        self.form.add_field(label, widget, rel, hint)
        self.fields[rel] = widget

    def _pair(self, rel: str, widget, label: str, rel2: str, second, label2: str) -> None:
        self.form.add_pair(label, widget, rel, label2, second, rel2)
        self.fields[rel], self.fields[rel2] = widget, second

    def _build_drug(self) -> None:
        self.search = SearchBox("drug", ["Code or NDC", "Drug"], lambda t: self.context.catalogs.drugs.search(t),
                                lambda c: (format_ndc(c.ndc) if c.ndc else c.hcpcs, c.listed()),
                                hide_when_empty=True, no_match=no_drug_found, widths=["00000-0000-00"])
        self.search.results.setMaximumHeight(self.fontMetrics().height() * 9)
        caption = QLabel("Find the &drug:")
        caption.setBuddy(self.search.edit)
        self.search.edit.setAccessibleName("Find the drug by name, HCPCS code or NDC")
        self.search.edit.setPlaceholderText("Name, HCPCS code or NDC, e.g. ketorolac, J1885, 0409-3795-01")
        self.form.addRow(caption, self.search)
        self.search.picked.connect(self.choose)
        for rel, label, _, hint in TEXTS:
            self._field(rel, QLineEdit(), label, hint)
        self._pair("drug.ndc_quantity", QLineEdit(), "NDC &quantity:", "drug.ndc_unit",
                   ChoiceBox([(k, f"{k} ({v})") for k, v in UNIT_QUALIFIERS.items()]), "NDC unit:")
        self._field("drug.single_dose_container", ChoiceBox(CONTAINERS, blank="Not set (last setting for this NDC)"),
                    "Container:")
        self._field("drug.supplied_by", ChoiceBox(SUPPLIERS, blank="Practice's stock (default)"), "Supplied by:")

    def _build_dose(self) -> None:
        self._pair("dose.amount", QLineEdit(), "D&ose:", "dose.unit", ChoiceBox(DOSE_UNITS), "Dose unit:")
        self._pair("dose.concentration.amount", QLineEdit(), "Concentration:", "dose.concentration.unit",
                   ChoiceBox(DOSE_UNITS[:4]), "per mL, in:")
        self.units = QLabel()
        self.units.setWordWrap(True)
        self.units.setAccessibleName("HCPCS units")
        self.form.addRow("HCPCS units:", self.units)
        self._pair("discarded.amount", QLineEdit(), "Discarded:", "discarded.unit", ChoiceBox(DOSE_UNITS),
                   "Discarded unit:")

    def _build_route(self) -> None:
        self._field("route", ChoiceBox(ROUTES), "&Route:")
        self._field("site", QLineEdit(), "S&ite:", "e.g. left deltoid")
        self._field("diagnosis_pointers", QLineEdit(), "Dia&gnosis pointers:", "Letters from the diagnoses page: A, B")
        for rel, widget in self.fields.items():
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.value_changed
            signal.connect(lambda *_, rel=rel: self._edited(rel))

    def _edited(self, rel: str) -> None:
        if rel in ("dose.amount", "dose.unit"):
            self._fill_ndc_quantity()
        self.show_units()
        self.changed.emit(rel)

    def set_index(self, index: int) -> None:
        self.index = index
        self.setTitle(f"Injection {index + 1}")
        self.setObjectName(f"injections[{index}]")
        for rel, widget in self.fields.items():
            widget.setObjectName(f"injections[{index}].{rel}")

    def path(self, rel: str) -> str:
        return f"injections[{self.index}].{rel}"

    # -- choosing a drug
    def choose(self, choice) -> None:
        """Fill everything the pick tells: code, plain drug name, and for an NDC package the NDC, its
        unit and quantity per dose, the container; the usual route when none is set."""
        self.fields["drug.hcpcs"].setText(choice.hcpcs)
        self.fields["drug.name"].setText(choice.plain_name)
        self._package = choice if choice.ndc else None
        if choice.ndc:
            self.fields["drug.ndc"].setText(format_ndc(choice.ndc))
            self._default_container(choice)
            self.fields["drug.ndc_unit"].set_value("ML")
            self._fill_ndc_quantity()
        unit = choice.billing_unit
        if self.fields["dose.unit"].value() is None and unit and unit.measure in dict(DOSE_UNITS):
            self.fields["dose.unit"].set_value(unit.measure)
        if self.fields["route"].value() is None and choice.usual_route in dict(ROUTES):
            self.fields["route"].set_value(choice.usual_route)
        self.search.clear()
        self.fields["dose.amount"].setFocus()

    def _default_container(self, choice) -> None:
        from app.store.history import single_dose_preference

        remembered = single_dose_preference(self.context.db, choice.ndc)
        container = remembered if remembered is not None else choice.single_dose
        if container is not None:
            self.fields["drug.single_dose_container"].set_value(container)

    def _fill_ndc_quantity(self) -> None:
        """The NDC quantity for the picked package: the whole item when single-dose, else the dose's
        mL at the package's strength (again as the dose is typed, unless the biller changed it)."""
        package, field = self._package, self.fields["drug.ndc_quantity"]
        if package is None or (field.text().strip() and field.text() != self._filled_quantity):
            return
        dose = self._dose()
        quantity = ndc_quantity(package, dose.amount if dose else None, dose.unit if dose else None)
        self._filled_quantity = number_text(quantity) if quantity is not None else ""
        field.setText(self._filled_quantity)

    # -- units as typed
    def show_units(self) -> None:
        code = self.fields["drug.hcpcs"].text().strip()
        choice = self.context.catalogs.drugs.code(code) if code else None     # no catalog needed when blank
        unit = choice.billing_unit if choice else None
        dose_unit = self.fields["dose.unit"].value()
        needs_concentration = dose_unit == "mL" and unit is not None and unit.measure not in ("mL", "dose")
        self.form.setRowVisible(self.fields["dose.concentration.amount"].parentWidget().parentWidget(),
                                needs_concentration)
        self.units.setText(self._units_text(choice, unit))

    def _units_text(self, choice, unit) -> str:
        if choice is None:
            return "Pick a drug to see its HCPCS units."
        if unit is None:
            return f"{choice.hcpcs} names no billing unit; bill the units the payer asks for (usually 1)."
        dose = self._dose()
        if dose is None:
            return f"{choice.hcpcs} is billed per {unit.describe()}; type the dose."
        answer = drug_units(dose, unit)
        if answer.units is None:
            return f"⚠ {answer.problem}"
        return f"{answer.units} ({answer.arithmetic})"

    def _dose(self) -> Dose | None:
        try:
            amount = Decimal(self.fields["dose.amount"].text().strip().replace(",", ""))
        except InvalidOperation:
            return None
        unit = self.fields["dose.unit"].value()
        if not amount.is_finite() or amount <= 0 or unit is None:
            return None
        return Dose(amount, unit, self._concentration())

    def _concentration(self) -> Amount | None:
        try:
            amount = Decimal(self.fields["dose.concentration.amount"].text().strip().replace(",", ""))
        except InvalidOperation:
            return None
        unit = self.fields["dose.concentration.unit"].value()
        return Amount(amount, unit) if amount.is_finite() and amount > 0 and unit else None

    # -- the encounter
    def load(self, injection: dict) -> None:
        self.extra = copy.deepcopy(injection) if isinstance(injection, dict) else {}
        self._package = None
        for rel, widget in self.fields.items():
            value = get_path(self.extra, rel)
            if isinstance(widget, ChoiceBox):
                widget.set_value(value)
            elif rel == "diagnosis_pointers":
                widget.setText(pointers_text(value))
            else:
                widget.setText(number_text(value) if rel.endswith(("amount", "quantity")) else str(value or ""))
        self.show_units()

    def injection(self) -> dict:
        """The injection as the encounter holds it, with whatever was typed."""
        injection = copy.deepcopy(self.extra)
        for rel, widget in self.fields.items():
            put(injection, rel, self._value(rel, widget), self.extra)
        for part in ("discarded", "dose.concentration"):
            holder = get_path(injection, part)
            if isinstance(holder, dict) and holder.get("amount") is None:
                drop(injection, part)
        return injection

    @staticmethod
    def _value(rel: str, widget):
        if isinstance(widget, ChoiceBox):
            return widget.value()
        if rel == "diagnosis_pointers":
            return pointers_value(widget.text())
        if rel.endswith(("amount", "quantity")):
            return number_value(widget.text())
        return text_value(widget.text(), required=rel == "drug.hcpcs")
