"""Encounter fields in the biller's words: `injections[1].diagnosis_pointers[0]` is "Injection 2,
diagnosis pointer 1"; diagnosis pointers are letters; dates read MM/DD/YYYY. Messages the biller
reads use these; the JSON path stays available for the command line and for going to a field."""

from __future__ import annotations

import re
from datetime import date

POINTER_LETTERS = "ABCDEFGHIJKL"

# the last part of a path (or a whole path) -> words
WORDS = {
    "format": "File format", "payer": "Payer", "date_of_service": "Date of service",
    "place_of_service": "Place of service", "submitted_on": "Claim date", "patient": "Patient",
    "first_name": "first name", "last_name": "last name", "date_of_birth": "date of birth", "sex": "sex",
    "member_id": "member ID", "account_number": "account number", "address": "address", "line1": "street",
    "city": "city", "state": "state", "zip": "ZIP code", "rendering_provider": "Rendering provider",
    "supervising_provider": "Supervising provider", "referring_provider": "Referring provider",
    "billing_provider": "Billing provider", "subscriber": "Insured", "secondary_insurance": "Secondary insurance",
    "group_number": "Group number", "relationship": "relationship", "qualifier": "qualifier",
    "payer_name": "payer name", "payer_id": "payer ID", "npi": "NPI", "credential": "credential",
    "name": "name", "tax_id": "tax ID", "supervision": "Supervision", "administered_by": "Given by",
    "diagnoses": "Diagnoses", "visit": "Visit", "code": "code", "separately_identifiable": "separately identifiable",
    "procedures": "Procedure", "injections": "Injection", "drug": "drug", "hcpcs": "HCPCS code",
    "ndc": "NDC", "ndc_quantity": "NDC quantity", "ndc_unit": "NDC unit", "kind": "kind",
    "single_dose_container": "single-dose container", "supplied_by": "supplied by", "dose": "dose",
    "amount": "amount", "unit": "unit", "concentration": "concentration", "discarded": "discarded amount",
    "route": "route", "site": "site", "diagnosis_pointers": "diagnosis pointer", "documentation": "Record",
    "order": "order", "administration_record": "administration record", "medical_necessity": "medical necessity",
    "plan_of_care": "plan of care", "prior_authorization": "Prior authorization", "abn_on_file": "Signed ABN",
    "claim_lines": "Claim line", "units": "units", "modifiers": "modifier", "injection": "injection",
    "charge": "charge",
}
_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def is_encounter_path(path: str) -> bool:
    """True for a path into an encounter (its first name is an encounter field); rule packs keep theirs."""
    first = _PART.match(path or "")
    return bool(first and first.group(1) in WORDS)


def plain_field(path: str) -> str:
    """'injections[1].dose.amount' -> 'Injection 2, dose amount'; 'diagnoses[2]' -> 'Diagnosis C'."""
    if not path:
        return ""
    groups: list[str] = []
    for name, index in _PART.findall(path):
        if name:
            groups.append(WORDS.get(name, name.replace("_", " ")))
        elif groups and groups[-1] == "Diagnoses":
            groups[-1] = f"Diagnosis {letter(int(index) + 1)}"
        else:
            groups[-1] = f"{groups[-1]} {int(index) + 1}" if groups else str(int(index) + 1)
    return _joined(groups)


def _joined(groups: list[str]) -> str:
    """Numbered parts end a phrase ('Injection 2, dose amount'); the rest run on."""
    out = ""
    for part in groups:
        if not out:
            out = part[0].upper() + part[1:]
        elif out[-1].isdigit() or out.split()[-1] in POINTER_LETTERS:
            out += ", " + part
        else:
            out += " " + part
    return out


def letter(pointer: int) -> str:
    """Diagnosis pointer 1..12 as the form's letter A..L (the number itself when out of range)."""
    return POINTER_LETTERS[pointer - 1] if 1 <= pointer <= len(POINTER_LETTERS) else str(pointer)


def letters(count: int) -> str:
    """'A', 'A and B', 'A to C': the diagnosis letters an encounter with `count` diagnoses has."""
    if count <= 0:
        return "none"
    if count == 1:
        return "A"
    return "A and B" if count == 2 else f"A to {letter(count)}"


def us_date(value) -> str:
    """A date as the biller reads it, MM/DD/YYYY; anything not a date comes back as given."""
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    try:
        return date.fromisoformat(str(value)).strftime("%m/%d/%Y")
    except ValueError:
        return str(value)
