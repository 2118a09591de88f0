"""Identity and form: blank fields, NPIs, dates, diagnoses, pointers, codes (findings section A)."""

from __future__ import annotations

from app.core.catalog import icd_display
from app.core.field_names import plain_field, us_date
from app.core.findings import FixAction, Finding, make_finding
from app.core.ndc import normalize_ndc
from app.core.npi import npi_problem
from app.core.rules.base import Claim

FORM_SOURCE = "NUCC 1500 Claim Form Reference Instruction Manual; X12 837P 005010X222A1"
NPI_SOURCE = "CMS Requirements for NPI Check Digit (Luhn with prefix 80840)"
ICD_SOURCE = "ICD-10-CM FY2026 (CDC/NCHS), via simple-icd-10-cm 1.5.0"
HCPCS_SOURCE = "CMS HCPCS Level II file, January 2026 (add and termination dates); reference 3.3"
CROSSWALK_SOURCE = "CMS ASP NDC-HCPCS crosswalk, January 2026 (reference 3.3)"
KNOWN_CODES_SOURCE = ("CMS HCPCS Level II file, January 2026; CMS NCCI PTP and MUE practitioner tables 2024 Q3; "
                      "CMS PFS relative value file CY2023-2025")


def _required_texts(claim: Claim) -> list[tuple[str, str | None]]:
    e = claim.encounter
    fields = [("patient.first_name", e.patient.first_name), ("patient.last_name", e.patient.last_name),
              ("patient.member_id", e.patient.member_id), ("rendering_provider.npi", e.rendering_provider.npi)]
    fields += [(f"diagnoses[{i}]", d) for i, d in enumerate(e.diagnoses)]
    fields += [(f"injections[{i}].drug.hcpcs", inj.drug.hcpcs) for i, inj in enumerate(e.injections)]
    fields += [(f"procedures[{i}].code", p.code) for i, p in enumerate(e.procedures)]
    fields += [(f"claim_lines[{i}].code", b.code) for i, b in enumerate(e.claim_lines or [])]
    if e.visit is not None:
        fields.append(("visit.code", e.visit.code))
    if e.supervising_provider is not None:
        fields.append(("supervising_provider.npi", e.supervising_provider.npi))
    return fields


def blank_fields(claim: Claim, ctx) -> list[Finding]:
    return [make_finding("FIELD_MISSING", f"{plain_field(path)} is blank; the claim needs it",
                         f"Fill in {plain_field(path)} from the patient's card or the chart", FORM_SOURCE,
                         field=path)
            for path, value in _required_texts(claim) if value is not None and not value.strip()]


def invalid_npis(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    npis = [("rendering_provider.npi", e.rendering_provider.npi)]
    if e.supervising_provider:
        npis.append(("supervising_provider.npi", e.supervising_provider.npi))
    if e.billing_provider and e.billing_provider.npi is not None:
        npis.append(("billing_provider.npi", e.billing_provider.npi))
    if e.referring_provider and e.referring_provider.npi is not None:
        npis.append(("referring_provider.npi", e.referring_provider.npi))
    return [make_finding("NPI_INVALID", f"{plain_field(path)}: {problem}",
                         "Copy the NPI exactly from the NPPES registry (10 digits, starts with 1 or 2)", NPI_SOURCE,
                         field=path)
            for path, npi in npis if npi and npi.strip() and (problem := npi_problem(npi))]


def implausible_dates(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    submitted = e.submitted_on or ctx.today
    problems = []
    if e.date_of_service > submitted:
        problems.append(f"the date of service {us_date(e.date_of_service)} is after the claim date {us_date(submitted)}")
    dob = e.patient.date_of_birth
    if dob and dob > e.date_of_service:
        problems.append(f"the date of birth {us_date(dob)} is after the date of service {us_date(e.date_of_service)}")
    elif dob and (e.date_of_service.year - dob.year - ((e.date_of_service.month, e.date_of_service.day) < (dob.month, dob.day))) > 120:
        problems.append(f"the date of birth {us_date(dob)} makes the patient older than 120")
    return [make_finding("DATE_IMPLAUSIBLE", p[0].upper() + p[1:], "Check the dates against the chart and the card",
                         FORM_SOURCE) for p in problems]


def invalid_diagnoses(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for code in claim.encounter.diagnoses:
        if not code.strip():
            continue
        icd = ctx.reference.icd(code)
        if icd is None:
            findings.append(make_finding("DIAGNOSIS_INVALID", f"{code} is not an ICD-10-CM code",
                                         "Look the diagnosis up by words and pick a billable code", ICD_SOURCE))
        elif not icd.billable:
            children = ", ".join(icd.children[:8]) + (" ..." if len(icd.children) > 8 else "")
            findings.append(make_finding(
                "DIAGNOSIS_INVALID", f"{icd_display(code)} ({icd.description}) is a category, not a billable code",
                f"Use a more specific code: {children}" if children else "Use a more specific code", ICD_SOURCE))
    return findings


def invalid_pointers(claim: Claim, ctx) -> list[Finding]:
    if not claim.as_billed:
        return []
    return [make_finding("DIAGNOSIS_POINTER_INVALID",
                         f"Line {line.number} ({line.code}) has {len(line.diagnosis_pointers)} diagnosis pointers; "
                         f"a line needs 1 to 4", "Point the line at 1 to 4 of the claim's diagnoses (A–L)",
                         FORM_SOURCE, line=line.number)
            for line in claim.lines if not 1 <= len(line.diagnosis_pointers) <= 4]


def _codes_to_check(claim: Claim):
    seen = set()
    for line in claim.lines:
        if line.code not in seen and line.code.strip():
            seen.add(line.code)
            yield line.code, line.number
    for fact in claim.facts:
        if fact.code not in seen and fact.code.strip():
            seen.add(fact.code)
            yield fact.code, None


def _ndcs_billed_as(claim: Claim, code: str) -> set[str]:
    """The 11-digit NDCs on the claim that go out under `code` (on its lines or its injections)."""
    ndcs = {normalize_ndc(line.ndc) for line in claim.lines if line.code == code and line.ndc}
    ndcs |= {f.ndc11 for f in claim.facts if f.code == code and f.ndc11}
    return {ndc for ndc in ndcs if ndc}


def _code_for_ndc(claim: Claim, code: str, ctx) -> tuple[str, str] | None:
    """(code, NDC) when an NDC billed as `code` is listed in the crosswalk under one code in force on the date."""
    dos = claim.encounter.date_of_service
    for ndc in sorted(_ndcs_billed_as(claim, code)):
        listed = sorted(c for c in ctx.reference.codes_for_ndc(ndc) - {code}
                        if (info := ctx.reference.code(c)) is not None and info.effective_on(dos))
        if len(listed) == 1:
            return listed[0], ndc
    return None


def _replacement(claim: Claim, code: str, replacement: str | None, ctx) -> tuple[str | None, str, str]:
    """(code to bill, fix text, source): the code the claim's NDC is listed under, else the replacement table."""
    by_ndc = _code_for_ndc(claim, code, ctx)
    if by_ndc:
        new, ndc = by_ndc
        return new, (f"Bill {new} instead: the NDC on the claim ({ndc[:5]}-{ndc[5:9]}-{ndc[9:]}) is listed under "
                     f"{new} in the ASP NDC-HCPCS crosswalk"), f"{HCPCS_SOURCE}; {CROSSWALK_SOURCE}"
    if replacement:
        return replacement, f"Bill {replacement} instead", HCPCS_SOURCE
    return None, "Find the code in force on the date of service", HCPCS_SOURCE


def codes_not_effective(claim: Claim, ctx) -> list[Finding]:
    dos = claim.encounter.date_of_service
    findings = []
    for code, line in _codes_to_check(claim):
        info = ctx.reference.code(code)
        if info is None or info.effective_on(dos):
            continue
        if info.term_date and dos > info.term_date:
            when = f"was deleted after {us_date(info.term_date)}"
        else:
            when = f"takes effect on {us_date(info.add_date)}"
        new, fix, source = _replacement(claim, code, info.replacement, ctx)
        action = FixAction("replace_code", line, new, f"Use {new}") if new and line else None
        findings.append(make_finding("CODE_NOT_EFFECTIVE", f"{code} {when}; the date of service is {us_date(dos)}",
                                     fix, source, line=line, action=action))
    return findings


def unknown_codes(claim: Claim, ctx) -> list[Finding]:
    return [make_finding("CODE_UNKNOWN", f"{code} is not a CPT or HCPCS code the app knows",
                         "Check the code for a typo; use the drug search to find the right HCPCS code",
                         KNOWN_CODES_SOURCE, line=line)
            for code, line in _codes_to_check(claim) if ctx.reference.code(code) is None]


CHECKS = (blank_fields, invalid_npis, implausible_dates, invalid_diagnoses, invalid_pointers,
          codes_not_effective, unknown_codes)
