"""The 837P loops about who is insured: 2000B/2010BA subscriber and 2010BB payer, 2000C/2010CA
patient when the patient is not the subscriber, and 2320/2330A/2330B for a second insurance.

The patient's address and demographics go in 2010BA when the patient is the subscriber, else in
2010CA (005010X222A1; X12 RFI 2281): the subscriber's own then stay out of the file.
"""

from __future__ import annotations

from app.core.insured import Insured, insured_of
from app.export.x12_segments import address_segments, d8, person_name, segment, text

PATIENT_RELATIONSHIP = {"self": "18", "spouse": "01", "child": "19", "other": "G8"}   # SBR02, PAT01


def _demographics(person) -> list[str]:
    return [segment("DMG", "D8", d8(person.date_of_birth), person.sex or "U")] if person.date_of_birth else []


def subscriber_loops(claim, filing_code: str) -> list[str]:
    """HL*2 (2000B) through 2010BB, then HL*3 (2000C) and 2010CA when the patient is not the insured."""
    encounter, result = claim.checked.encounter, claim.checked.result
    insured = insured_of(encounter.patient, encounter.subscriber)
    segments = [
        segment("HL", "2", "1", "22", "0" if insured.is_patient else "1"),
        segment("SBR", "P", "18" if insured.is_patient else "", text(encounter.group_number or "", False, 50),
                "", "", "", "", "", filing_code),
        person_name("IL", insured.last_name, insured.first_name, "MI", text(insured.member_id, False, 80)),
    ]
    if insured.is_patient:
        segments += address_segments(encounter.patient.address) + _demographics(encounter.patient)
    segments.append(segment("NM1", "PR", "2", text(result.payer_name, limit=60), "", "", "", "", "PI",
                            text(claim.payer_837_id, False)))
    if not insured.is_patient:
        segments += _patient_loop(encounter.patient, insured)
    return segments


def _patient_loop(patient, insured: Insured) -> list[str]:
    return [segment("HL", "3", "2", "23", "0"), segment("PAT", PATIENT_RELATIONSHIP[insured.relationship]),
            person_name("QC", patient.last_name, patient.first_name),
            *address_segments(patient.address), *_demographics(patient)]


def secondary_insured(encounter) -> Insured | None:
    """The insured of the second insurance (its own subscriber, else the patient), or None."""
    other = encounter.secondary_insurance
    if other is None:
        return None
    found = insured_of(encounter.patient, other.subscriber)
    own = other.subscriber.member_id if other.subscriber and not found.is_patient else None
    found.member_id = (own or "").strip() or (other.member_id or "").strip()
    return found


def other_payer_loops(encounter, filing_code: str, assigned: bool, released: bool) -> list[str]:
    """2320 (SBR*S, OI), 2330A other subscriber and 2330B other payer, or nothing."""
    other, insured = encounter.secondary_insurance, secondary_insured(encounter)
    if other is None:
        return []
    return [
        segment("SBR", "S", PATIENT_RELATIONSHIP[insured.relationship], text(other.group_number or "", False, 50),
                "", "", "", "", "", filing_code),
        segment("OI", "", "", "Y" if assigned else "N", "", "", "Y" if released else "I"),
        person_name("IL", insured.last_name, insured.first_name, "MI", text(insured.member_id, False, 80)),
        segment("NM1", "PR", "2", text(other.payer_name, limit=60), "", "", "", "", "PI", text(other.payer_id, False, 80)),
    ]


def missing_for_secondary(encounter) -> list[str]:
    """What a second insurance needs for the 837P, in words with each field's path."""
    other = encounter.secondary_insurance
    if other is None:
        return []
    insured, where = secondary_insured(encounter), "secondary_insurance"
    missing = [f"the second insurance's {what} ({where}.{key})"
               for key, what in (("payer_name", "payer name"), ("payer_id", "837P payer id"),
                                 ("member_id", "member id"))
               if not (getattr(other, key) or "").strip()]
    if not insured.is_patient:
        missing += [f"the second insurance's insured {what} ({where}.subscriber.{key})"
                    for key, what in (("last_name", "last name"), ("first_name", "first name"))
                    if not getattr(insured, key)]
    return missing
