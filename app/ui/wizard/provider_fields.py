"""A provider named on the claim besides the rendering one: NPI, last and first name, and for the
referring provider whether they referred (DN) or ordered (DK) the service. One small widget per
provider, placed on a page's form; inputs are named by their encounter JSON path.

All of a provider's fields left blank means no such provider: the object is left out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui.widgets.choice import ChoiceBox
from app.ui.widgets.form import Form
from app.ui.wizard.fields import drop, get_path, text_value

QUALIFIERS = (("DN", "Referred the patient (DN)"), ("DK", "Ordered the service (DK)"))


class ProviderFields:
    """The rows of one provider (`prefix`: `supervising_provider` or `referring_provider`)."""

    def __init__(self, form: Form, prefix: str, who: str, hint: str, with_role: bool = False):
        self.prefix = prefix
        self.texts = {f"{prefix}.{k}": QLineEdit() for k in ("npi", "last_name", "first_name")}
        self.role = ChoiceBox(list(QUALIFIERS), blank=None) if with_role else None
        npi = self.texts[f"{prefix}.npi"]
        if self.role is not None:
            form.add_pair(f"{who} NPI:", npi, f"{prefix}.npi", "Role:", self.role, f"{prefix}.qualifier")
            self.role.setToolTip("CMS-1500 box 17 qualifier")
        else:
            form.add_field(f"{who} NPI:", npi, f"{prefix}.npi", hint)
        npi.setToolTip(hint)
        form.add_pair(f"{who.replace('&', '')} last name:", self.texts[f"{prefix}.last_name"], f"{prefix}.last_name",
                      "First name:", self.texts[f"{prefix}.first_name"], f"{prefix}.first_name")

    def inputs(self) -> list[QWidget]:
        return [*self.texts.values(), *([self.role] if self.role is not None else [])]

    def fill(self, document: dict) -> None:
        for path, edit in self.texts.items():
            value = get_path(document, path)
            edit.setText("" if value is None else str(value))
        if self.role is not None:
            self.role.set_value(get_path(document, f"{self.prefix}.qualifier") or "DN")

    def store(self, page, document: dict) -> None:
        typed = {path: text_value(edit.text()) for path, edit in self.texts.items()}
        if not any(typed.values()):
            drop(document, self.prefix)
            return
        for path, value in typed.items():
            page.put(document, path, value)
        qualifier = self.role.value() if self.role is not None else None
        if qualifier == "DK" or get_path(page.loaded, f"{self.prefix}.qualifier") is not None:
            page.put(document, f"{self.prefix}.qualifier", qualifier)
