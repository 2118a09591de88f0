"""Practice settings as the claim needs them: billing NPI and tax id (EIN) checked, ZIP and state
in the forms the 837P and the CMS-1500 take. Blank is allowed (filled in later)."""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.us import ein

from app.core.npi import npi_problem

YES_NO_SETTINGS = ("claims.signature_on_file", "claims.accept_assignment")


def practice_problems(values: dict) -> dict[str, str]:
    """What is wrong with the typed settings, by key; blank values are allowed (filled in later)."""
    problems = {}
    for key in ("practice.npi", "defaults.rendering_provider.npi"):
        if values.get(key) and (problem := npi_problem(values[key])):
            problems[key] = problem
    if values.get("practice.tax_id") and (problem := ein_problem(values["practice.tax_id"])):
        problems["practice.tax_id"] = problem
    if values.get("practice.address.zip") and not re.fullmatch(r"\d{5}(-?\d{4})?", values["practice.address.zip"]):
        problems["practice.address.zip"] = "is not a ZIP code: 5 digits, or 9 for ZIP+4"
    if values.get("practice.address.state") and not re.fullmatch(r"[A-Z]{2}", values["practice.address.state"]):
        problems["practice.address.state"] = "is not a state: two letters, like OH"
    for key in YES_NO_SETTINGS:
        if key in values and str(values[key]).strip().lower() not in ("yes", "no"):
            problems[key] = "must be yes or no"
    return problems


def practice_says(practice: dict, key: str) -> bool:
    """A yes/no practice setting (`claims.signature_on_file`): yes unless it says no."""
    return str(practice.get(key, "yes")).strip().lower() not in ("no", "false", "n", "0")


def ein_problem(text: str) -> str | None:
    try:
        ein.validate(text)
    except InvalidComponent:
        return f"{text} starts with {ein.compact(text)[:2]}, which the IRS does not give out for EINs"
    except ValidationError:
        return f"{text} is not an EIN: 9 digits, like 12-3456789"
    return None
