"""The 837P (005010X222A1) loops of one claim, between ST and SE.

2000A/2010AA billing provider, 2000B/2010BA subscriber and 2010BB payer (with 2000C/2010CA
when the patient is not the subscriber; app.export.x837_insured), 2300 claim (CLM, REF*G1, HI),
2310A referring, 2310B rendering and 2310D supervising provider, 2320/2330 a second insurance,
2400 service lines (LX, SV1, DTP*472) with 2410 drug identification (LIN*N4, CTP) and 2420E an
ordering provider. `missing_for_billing`, `missing_for_claim` and `missing_for_lines` list, by
setting or JSON path, whatever the 837P requires that the practice settings or the encounter do
not have; the loops are built only after they found nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.claim import ClaimLine
from app.core.ndc import UNIT_QUALIFIERS
from app.core.insured import insured_of, missing_for_insured
from app.export.parties import BillingParty, address_complete, digits
from app.export.x837_insured import missing_for_secondary, other_payer_loops, subscriber_loops
from app.export.x12_segments import address_segments, amount, d8, number, segment, text  # noqa: F401 (re-exported)

CLAIM_FILING = {"medicare": "MB", "medicaid": "MC", "commercial": "CI"}


@dataclass
class ClaimInput:
    """One checked encounter with what the 837P adds to it."""

    checked: object               # app.check.Checked
    billing: BillingParty
    payer_kind: str
    payer_837_id: str
    account_number: str           # CLM01
    assignment_accepted: bool = True   # CLM07 A / C, CLM08 Y / N, 2320 OI03 (setting claims.accept_assignment)
    signature_on_file: bool = True     # CLM09 Y / I, 2320 OI06 (setting claims.signature_on_file)
    secondary_filing: str = "CI"       # 2320 SBR09


def _line_problems(line: ClaimLine, encounter) -> list[str]:
    if encounter.claim_lines is not None:
        where = f"claim_lines[{line.number - 1}]"
    else:
        where = f"injections[{line.injection - 1}].drug" if line.injection else f"line {line.number}"
    problems = []
    if not 1 <= len(line.diagnosis_pointers) <= 4:
        problems.append(f"diagnosis pointers on line {line.number} (1 to 4)")
    if line.ndc and not (len(line.ndc) == 11 and line.ndc.isdigit()):
        problems.append(f"an 11-digit NDC on line {line.number}, not {line.ndc!r} ({where}.ndc)")
    elif line.ndc and (line.ndc_quantity is None or line.ndc_unit not in UNIT_QUALIFIERS):
        problems.append(f"NDC quantity and unit (ML, UN, GR, F2, ME) on line {line.number} "
                        f"({where}.ndc_quantity, {where}.ndc_unit)")
    return problems


def _provider_problems(encounter, billing: BillingParty) -> list[str]:
    problems = []
    referring = encounter.referring_provider
    if referring and not (referring.last_name or "").strip():
        problems.append(f"{referring.role} provider last name (referring_provider.last_name)")
    if referring and not (len(referring.npi.strip()) == 10 and referring.npi.strip().isdigit()):
        problems.append(f"{referring.role} provider NPI, 10 digits (referring_provider.npi)")
    rendering, supervising = encounter.rendering_provider, encounter.supervising_provider
    if rendering.npi.strip() != billing.npi and not rendering.last_name:
        problems.append("rendering provider last name (rendering_provider.last_name)")
    if supervising and supervising.npi.strip() != rendering.npi.strip() and not supervising.last_name:
        problems.append("supervising provider last name (supervising_provider.last_name)")
    return problems


def missing_for_billing(billing: BillingParty) -> list[str]:
    """What the 837P requires of the billing provider that is missing, naming the setting or path."""
    missing = []
    if not billing.display_name:
        missing.append(f"billing provider name ({billing.looked_in['name']})")
    if len(billing.npi) != 10 or not billing.npi.isdigit():
        missing.append(f"billing provider NPI, 10 digits ({billing.looked_in['npi']})")
    if len(billing.tax_id) != 9:
        missing.append(f"billing provider tax id, 9 digits ({billing.looked_in['tax_id']})")
    if not address_complete(billing.address):
        missing.append(f"billing provider address ({billing.looked_in['address']})")
    elif len(digits(billing.address.zip)) != 9:
        missing.append(f"billing provider ZIP code with all 9 digits ({billing.looked_in['address']}.zip)")
    return missing


def missing_for_claim(checked) -> list[str]:
    """What the 837P requires of this encounter that is missing, each naming where to fill it in
    (the billing provider: `missing_for_billing`)."""
    encounter, missing = checked.encounter, []
    missing += missing_for_insured(insured_of(encounter.patient, encounter.subscriber))
    missing += missing_for_secondary(encounter)
    if not address_complete(encounter.patient.address):
        missing.append("patient address (patient.address)")
    if len((encounter.patient.account_number or "").strip()) > 38:
        missing.append("a patient account number of at most 38 characters (patient.account_number)")
    return missing


def missing_for_lines(checked, billing: BillingParty) -> list[str]:
    encounter, missing = checked.encounter, _provider_problems(checked.encounter, billing)
    for line in checked.result.lines:
        missing += _line_problems(line, encounter)
    return missing


def _billing_provider(billing: BillingParty) -> list[str]:
    if billing.is_person:
        name = segment("NM1", "85", "1", text(billing.last_name, limit=60), text(billing.first_name, limit=35), "",
                       "", "", "XX", billing.npi)
    else:
        name = segment("NM1", "85", "2", text(billing.name, limit=60), "", "", "", "", "XX", billing.npi)
    return [segment("HL", "1", "", "20", "1"), name, *address_segments(billing.address),
            segment("REF", "EI", billing.tax_id)]


def _claim(claim: ClaimInput) -> list[str]:
    encounter, result = claim.checked.encounter, claim.checked.result
    segments = [segment("CLM", text(claim.account_number, False), amount(result.total_cents), "", "",
                        f"{result.place_of_service}:B:1", "Y", "A" if claim.assignment_accepted else "C",
                        "Y" if claim.assignment_accepted else "N", "Y" if claim.signature_on_file else "I")]
    if encounter.prior_authorization and encounter.prior_authorization.strip():
        segments.append(segment("REF", "G1", text(encounter.prior_authorization, False)))
    codes = [text(d["code"]).replace(".", "") for d in result.diagnoses]
    segments.append(segment("HI", *[f"{'ABK' if i == 0 else 'ABF'}:{c}" for i, c in enumerate(codes)]))
    segments += _other_providers(encounter, claim.billing)
    return segments + other_payer_loops(encounter, claim.secondary_filing, claim.assignment_accepted,
                                        claim.signature_on_file)


def _person(entity: str, provider) -> str:
    return segment("NM1", entity, "1", text(provider.last_name, limit=60), text(provider.first_name, limit=35), "",
                   "", "", "XX", provider.npi.strip())


def _other_providers(encounter, billing: BillingParty) -> list[str]:
    rendering, supervising = encounter.rendering_provider, encounter.supervising_provider
    segments = []
    if encounter.referring_provider and encounter.referring_provider.qualifier == "DN":
        segments.append(_person("DN", encounter.referring_provider))
    if rendering.npi.strip() != billing.npi:
        segments.append(_person("82", rendering))
    if supervising and supervising.npi.strip() != rendering.npi.strip():
        segments.append(_person("DQ", supervising))
    return segments


def _service_line(index: int, line: ClaimLine, cents: int, day: date, ordering) -> list[str]:
    procedure = ":".join(["HC", text(line.code), *[text(m) for m in line.modifiers[:4]]])
    pointers = ":".join(str(p) for p in line.diagnosis_pointers[:4])
    segments = [segment("LX", index), segment("SV1", procedure, amount(cents), "UN", number(line.units), "", "",
                                               pointers),
                segment("DTP", "472", "D8", d8(day))]
    if line.ndc:
        segments += [segment("LIN", "", "N4", line.ndc),
                     segment("CTP", "", "", "", number(line.ndc_quantity), line.ndc_unit)]
    if ordering is not None:
        segments.append(_person("DK", ordering))          # 2420E: an ordering provider is named per line
    return segments


def claim_segments(claim: ClaimInput) -> list[str]:
    """HL*1 through the last service line, for one claim (call `missing_for_claim` first)."""
    result, day = claim.checked.result, claim.checked.encounter.date_of_service
    filing = CLAIM_FILING.get(claim.payer_kind, "ZZ")
    segments = _billing_provider(claim.billing) + subscriber_loops(claim, filing) + _claim(claim)
    referring = claim.checked.encounter.referring_provider
    ordering = referring if referring and referring.qualifier == "DK" else None
    for index, (line, cents) in enumerate(zip(result.lines, result.charges), start=1):
        segments += _service_line(index, line, cents, day, ordering)
    return segments
