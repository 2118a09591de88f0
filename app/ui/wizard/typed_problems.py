"""The problems shown under the fields as the biller types, by JSON path.

Two kinds: what makes the encounter unusable (the core's own parse, so the words match the
review page and the command line), and quick billing checks that need no payer rules: blank
fields the claim needs, the NPI check digit, dates that cannot be right, ICD-10-CM codes that
do not exist or are not billable, drug codes and NDCs that do not fit. The full check runs on
the review page.
"""

from __future__ import annotations

from datetime import date

from app.core.encounter import EncounterInvalid, parse_encounter
from app.core.ndc import normalize_ndc
from app.core.npi import npi_problem
from app.core.validate import parse_iso_date
from app.ui.wizard.fields import get_path

NEEDED = ("patient.last_name", "patient.first_name", "patient.member_id", "rendering_provider.npi")
NEEDED_FOR_AN_INSURED = ("subscriber.last_name", "subscriber.first_name")   # when the patient is not the insured
NPIS = ("rendering_provider.npi", "referring_provider.npi", "supervising_provider.npi")


def typed_problems(document: dict, context) -> dict[str, str]:
    problems: dict[str, str] = {}
    try:
        parse_encounter(document)
    except EncounterInvalid as invalid:
        for problem in invalid.problems:
            problems.setdefault(problem.path, problem.message)
    for check in (_blanks, _npi, _dates, _diagnoses, _drugs):
        for path, message in check(document, context):
            problems.setdefault(path, message)
    return problems


def _blanks(document: dict, context):
    for path in NEEDED:
        value = get_path(document, path)
        if isinstance(value, str) and not value.strip():
            yield path, "needed on the claim"
    if get_path(document, "subscriber.relationship") not in (None, "self"):
        for path in NEEDED_FOR_AN_INSURED:
            value = get_path(document, path)
            if value is None or (isinstance(value, str) and not value.strip()):
                yield path, "needed on the claim when the patient is not the insured"


def _npi(document: dict, context):
    for path in NPIS:
        npi = get_path(document, path)
        if isinstance(npi, str) and npi.strip():
            problem = npi_problem(npi)
            if problem:
                yield path, problem


def _dates(document: dict, context):
    today = date.today()
    birth = parse_iso_date(get_path(document, "patient.date_of_birth"))
    service = parse_iso_date(document.get("date_of_service"))
    if birth and birth > today:
        yield "patient.date_of_birth", "is in the future"
    if service and service > today:
        yield "date_of_service", "is in the future; a claim is sent after the service"
    if birth and service and birth > service:
        yield "patient.date_of_birth", "is after the date of service"


def _diagnoses(document: dict, context):
    icd = context.catalogs.icd
    diagnoses = document.get("diagnoses")
    if icd is None or not isinstance(diagnoses, list):
        return
    for number, code in enumerate(diagnoses):
        entry = icd.get(code) if isinstance(code, str) else None
        if entry is None:
            yield f"diagnoses[{number}]", f"{code} is not an ICD-10-CM code"
        elif not entry.billable:
            yield f"diagnoses[{number}]", f"{entry.code} is a category, not a billable code: pick a code below it"


def _drugs(document: dict, context):
    injections = document.get("injections")
    for number, injection in enumerate(injections if isinstance(injections, list) else []):
        drug = injection.get("drug") if isinstance(injection, dict) else None
        if isinstance(drug, dict) and (drug.get("hcpcs") or drug.get("ndc")):
            yield from _drug(f"injections[{number}].drug", drug, context.catalogs.drugs)


def _drug(path: str, drug: dict, drugs):
    code, ndc = drug.get("hcpcs"), drug.get("ndc")
    known = drugs.code(code) if isinstance(code, str) and code.strip() else None
    if isinstance(code, str) and code.strip() and known is None:
        yield f"{path}.hcpcs", f"{code} is not a drug, vaccine or allergen code in the catalog"
    if not isinstance(ndc, str) or not ndc.strip():
        return
    if normalize_ndc(ndc) is None:
        yield f"{path}.ndc", "is not an NDC: 4-4-2, 5-3-2 or 5-4-1 with hyphens, or 11 digits"
    elif known and (packages := drugs.packages(ndc)) and known.hcpcs not in {p.hcpcs for p in packages}:
        billed_under = ", ".join(sorted({p.hcpcs for p in packages}))
        yield f"{path}.ndc", f"this NDC is billed under {billed_under}, not {known.hcpcs}"
