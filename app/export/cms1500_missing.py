"""What a CMS-1500 would be printed without, in plain words with the box and where to fill it in.

The 837P refuses a claim that lacks these (app.export.x837_claim); a printed form cannot refuse,
so the PDF says them on its first page instead of printing empty boxes without a word.
"""

from __future__ import annotations

from app.core.insured import insured_of
from app.export.parties import BillingParty, address_complete, digits

SETTINGS = "Practice > Settings"


def _billing(billing: BillingParty, own: bool) -> list[str]:
    where = "the encounter's billing provider or " + SETTINGS if own else SETTINGS
    missing = []
    if len(billing.tax_id) != 9:
        missing.append(f"Box 25: the billing provider's tax id (EIN, 9 digits) - {where}")
    if not billing.display_name:
        missing.append(f"Box 33: the billing provider's name - {where}")
    if not address_complete(billing.address):
        missing.append(f"Box 33: the billing provider's address (street, city, state, ZIP) - {where}")
    elif len(digits(billing.address.zip)) != 9:
        missing.append(f"Box 33: the billing provider's ZIP code with all 9 digits (ZIP+4) - {where}")
    if len(billing.npi) != 10 or not billing.npi.isdigit():
        missing.append(f"Box 33a: the billing provider's NPI (10 digits) - {where}")
    return missing


def _insured(encounter) -> list[str]:
    insured, missing = insured_of(encounter.patient, encounter.subscriber), []
    if not insured.is_patient and not (insured.last_name and insured.first_name):
        missing.append("Box 4: the insured's name (the patient is not the insured) - Patient page")
    if not address_complete(encounter.patient.address):
        missing.append("Box 5: the patient's address - Patient page")
    other = encounter.secondary_insurance
    if other is not None:
        if not (other.payer_name or "").strip():
            missing.append("Box 9d: the second insurance's plan name - Patient page")
        if not ((other.member_id or "").strip() or (other.group_number or "").strip()):
            missing.append("Box 9a: the second insurance's policy or group number - Patient page")
    return missing


def _referring(encounter) -> list[str]:
    referring = encounter.referring_provider
    if referring is None:
        return []
    missing = []
    if not (referring.last_name or "").strip():
        missing.append(f"Box 17: the {referring.role} provider's name - Record page")
    if not (len(referring.npi.strip()) == 10 and referring.npi.strip().isdigit()):
        missing.append(f"Box 17b: the {referring.role} provider's NPI (10 digits) - Record page")
    return missing


def missing_on_form(encounter, billing: BillingParty) -> list[str]:
    """Each box the form would leave empty (or wrong) that a payer needs, in words."""
    own = encounter.billing_provider is not None
    return _insured(encounter) + _referring(encounter) + _billing(billing, own)
