"""The top of the review page: whose claim it is (patient, date of birth, member id, payer,
rendering and supervising provider, date and place of service), and the field a finding is
fixed in, so selecting a finding can take the biller there."""

from __future__ import annotations

from html import escape

from app.core.field_names import us_date

SUPERVISION_WORDS = {"in_person": "in person", "virtual_av": "real-time audio and video",
                     "audio_only": "audio only", "none": "nobody"}

# finding code -> the encounter field that fixes it; "{i}" is the injection the finding's line bills
FIELD_FOR_FINDING = {
    "DATE_IMPLAUSIBLE": "date_of_service", "DIAGNOSIS_INVALID": "diagnoses", "MEMBER_ID_INVALID": "patient.member_id",
    "AGE_CODE_MISMATCH": "patient.date_of_birth", "DIAGNOSIS_NOT_COVERED": "diagnoses",
    "FACILITY_PLACE_OF_SERVICE": "place_of_service", "TELEHEALTH_PLACE_OF_SERVICE": "place_of_service",
    "SUPERVISION_MISSING": "supervision", "SUPERVISION_VIRTUAL_NOT_ALLOWED": "supervision",
    "STAFF_NOT_ALLOWED": "administered_by", "INCIDENT_TO_NOT_ESTABLISHED": "documentation.plan_of_care",
    "DOCUMENTATION_MISSING": "documentation.order", "PRIOR_AUTH_MISSING": "prior_authorization",
    "TIMELY_FILING_EXPIRED": "date_of_service", "TIMELY_FILING_SOON": "date_of_service",
    "VISIT_NOT_PAYABLE_WITH_INJECTION": "visit.code", "VISIT_MODIFIER_25_MISSING": "visit.separately_identifiable",
    "VISIT_NOT_SEPARATE": "visit.separately_identifiable", "VISIT_NOT_BILLED": "visit.separately_identifiable",
    "DRUG_UNITS_MISMATCH": "injections[{i}].dose.amount", "DRUG_UNITS_OVER_MAX": "injections[{i}].dose.amount",
    "NDC_MISSING": "injections[{i}].drug.ndc", "NDC_INVALID": "injections[{i}].drug.ndc",
    "NDC_NOT_FOR_CODE": "injections[{i}].drug.ndc", "NOC_DESCRIPTION_MISSING": "injections[{i}].drug.name",
    "NOC_CODE_SPECIFIC_EXISTS": "injections[{i}].drug.hcpcs", "CODE_NOT_EFFECTIVE": "injections[{i}].drug.hcpcs",
    "WASTE_MODIFIER_MISSING": "injections[{i}].drug.single_dose_container",
    "WASTE_MODIFIER_INVALID": "injections[{i}].discarded", "ROUTE_NOT_SC_IM": "injections[{i}].route",
    "VACCINE_ADMIN_CODE": "injections[{i}].drug.hcpcs", "ALLERGEN_ADMIN_CODE": "injections[{i}].drug.hcpcs",
    "CHEMO_ADMIN_CODE": "injections[{i}].drug.hcpcs", "SELF_ADMINISTERED_DRUG": "injections[{i}].drug.hcpcs",
    "NOT_A_BENEFIT": "injections[{i}].drug.hcpcs", "DRUG_LINE_MISSING": "injections[{i}].drug.supplied_by",
    "FREQUENCY_TOO_SOON": "date_of_service", "DUPLICATE_SERVICE": "date_of_service",
}


def field_for(finding, lines) -> str | None:
    """The JSON path of the field that fixes `finding` (its own `field` when the rule named one)."""
    named = getattr(finding, "field", None)
    if named:
        return named
    path = FIELD_FOR_FINDING.get(finding.code)
    if path is None or "{i}" not in path:
        return path
    line = lines[finding.line - 1] if finding.line and finding.line <= len(lines) else None
    injection = (line.injection if line is not None else None) or 1
    return path.format(i=injection - 1)


def person(who: dict | None) -> str:
    """'Hopper, Grace MD (NPI 1234567893)', or '' for nobody named."""
    if not isinstance(who, dict):
        return ""
    name = ", ".join(p for p in (str(who.get("last_name") or "").strip(), str(who.get("first_name") or "").strip()) if p)
    credential = str(who.get("credential") or "").strip()
    npi = str(who.get("npi") or "").strip()
    words = " ".join(p for p in (name, credential) if p)
    return f"{words} (NPI {npi})".strip() if npi else words


def header_html(document: dict, result, place_name: str = "") -> str:
    """Three short lines: the patient, the payer and the date and place, the providers."""
    patient = document.get("patient") if isinstance(document.get("patient"), dict) else {}
    name = ", ".join(p for p in (str(patient.get("last_name") or "").strip(),
                                 str(patient.get("first_name") or "").strip()) if p) or "(no name)"
    born = us_date(patient.get("date_of_birth")) if patient.get("date_of_birth") else "—"
    supervisor = person(document.get("supervising_provider"))
    supervision = SUPERVISION_WORDS.get(document.get("supervision"), "not stated")
    rows = [
        f"<b>Patient:</b> {escape(name)} &nbsp; <b>Born:</b> {escape(born)} &nbsp; "
        f"<b>Member ID:</b> {escape(str(patient.get('member_id') or '—'))}",
        f"<b>Payer:</b> {escape(result.payer_name)} &nbsp; <b>Date of service:</b> {escape(us_date(result.date_of_service))}"
        f" &nbsp; <b>Place of service:</b> {escape(' '.join(p for p in (result.place_of_service, place_name) if p))}",
        f"<b>Rendering:</b> {escape(person(document.get('rendering_provider')) or '—')} &nbsp; "
        f"<b>Supervising:</b> {escape(supervisor or 'none named')} ({escape(supervision)})",
    ]
    return "<br>".join(rows)
