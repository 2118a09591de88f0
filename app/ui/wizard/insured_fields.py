"""The patient page's insurance fields: "Is the patient the insured?", the insured's details
when not (relationship, name, date of birth, sex, member id, address), and a second insurance.

Each group is one small widget with `fill(document)` and `store(page, document)`; the patient
page places them and watches their inputs. Every input's objectName is its encounter JSON path.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLineEdit, QWidget

from app.core.encounter import SEXES
from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.form import Form
from app.ui.wizard.fields import drop, get_path, text_value

RELATIONSHIPS = (("self", "Yes, the patient is the insured"),
                 ("spouse", "No, the patient is the insured's spouse"),
                 ("child", "No, the patient is the insured's child"),
                 ("other", "No, another relationship to the insured"))
SEX_WORDS = {"F": "Female", "M": "Male", "U": "Unknown"}


def _short_state() -> QLineEdit:
    state = QLineEdit()
    state.setMaxLength(2)
    state.setMaximumWidth(state.fontMetrics().horizontalAdvance("WWW") + 16)
    state.setToolTip("Two letters, e.g. IL")
    return state


class InsuredFields(QGroupBox):
    """The insured (policyholder) when the patient is not: CMS-1500 boxes 4, 7, 11a; 837P 2010BA."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("The insured (policyholder), as on the insurance card", parent)
        self.form = Form(self)
        self.texts: dict[str, QLineEdit] = {}
        self._pair("Insured's last name:", "subscriber.last_name", "First name:", "subscriber.first_name")
        self.date_of_birth, self.sex = DateEdit(), ChoiceBox([(s, SEX_WORDS[s]) for s in SEXES])
        self.form.add_pair("Insured's date of birth:", self.date_of_birth, "subscriber.date_of_birth",
                           "Sex:", self.sex, "subscriber.sex")
        self._text("Insured's member id:", "subscriber.member_id", "Blank: the patient's member id")
        self._text("Insured's address:", "subscriber.address.line1", "Street and number (box 7)")
        self._text("City:", "subscriber.address.city")
        state, zip_code = _short_state(), QLineEdit()
        self.form.add_pair("State:", state, "subscriber.address.state", "ZIP code:", zip_code,
                           "subscriber.address.zip")
        self.texts.update({"subscriber.address.state": state, "subscriber.address.zip": zip_code})

    def _text(self, label: str, path: str, hint: str = "") -> None:
        self.texts[path] = QLineEdit()
        self.form.add_field(label, self.texts[path], path, hint)

    def _pair(self, label: str, path: str, second_label: str, second_path: str) -> None:
        self.texts[path], self.texts[second_path] = QLineEdit(), QLineEdit()
        self.form.add_pair(label, self.texts[path], path, second_label, self.texts[second_path], second_path)

    def inputs(self) -> list[QWidget]:
        return [*self.texts.values(), self.date_of_birth, self.sex]

    def fill(self, document: dict) -> None:
        for path, edit in self.texts.items():
            value = get_path(document, path)
            edit.setText("" if value is None else str(value))
        self.date_of_birth.set_value(get_path(document, "subscriber.date_of_birth"))
        self.sex.set_value(get_path(document, "subscriber.sex"))

    def store(self, page, document: dict) -> None:
        for path, edit in self.texts.items():
            page.put(document, path, text_value(edit.text()))
        page.put(document, "subscriber.date_of_birth", self.date_of_birth.value())
        page.put(document, "subscriber.sex", self.sex.value())


class SecondaryFields(QWidget):
    """A second insurance: CMS-1500 boxes 9, 9a, 9d, 11d; 837P loops 2320/2330."""

    PATHS = (("secondary_insurance.payer_name", "Second insurance plan:", "The plan's name (box 9d)"),
             ("secondary_insurance.payer_id", "Its 837P payer id:", "From the clearinghouse's payer list"),
             ("secondary_insurance.member_id", "Its member id:", "Box 9a"),
             ("secondary_insurance.group_number", "Its group number:", ""))

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.present = QCheckBox("The patient has a second insurance")
        form.add_field("&Other insurance:", self.present, "secondary_insurance")
        self.texts = {path: QLineEdit() for path, _, _ in self.PATHS}
        (name, name_label, name_hint), (payer, payer_label, _), (member, member_label, member_hint), \
            (group, group_label, _) = self.PATHS
        self.rows = [form.add_pair(name_label, self.texts[name], name, payer_label, self.texts[payer], payer),
                     form.add_pair(member_label, self.texts[member], member, group_label, self.texts[group], group)]
        self.texts[name].setToolTip(name_hint)
        self.texts[member].setToolTip(member_hint)
        self.form = form
        self.present.toggled.connect(self.show_fields)
        self.show_fields(False)

    def show_fields(self, shown: bool) -> None:
        for problem in self.rows:                   # each row's field: its inputs over its problem line
            self.form.setRowVisible(problem.parentWidget(), shown)

    def inputs(self) -> list[QWidget]:
        return [self.present, *self.texts.values()]

    def fill(self, document: dict) -> None:
        self.present.setChecked(isinstance(document.get("secondary_insurance"), dict))
        for path, edit in self.texts.items():
            value = get_path(document, path)
            edit.setText("" if value is None else str(value))
        self.show_fields(self.present.isChecked())

    def store(self, page, document: dict) -> None:
        if not self.present.isChecked():
            drop(document, "secondary_insurance")
            return
        if not isinstance(document.get("secondary_insurance"), dict):
            document["secondary_insurance"] = {}
        for path, edit in self.texts.items():
            page.put(document, path, text_value(edit.text()))
