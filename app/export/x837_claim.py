"""The 837P (005010X222A1) loops of one claim, between ST and SE.

2000A/2010AA billing provider, 2000B/2010BA subscriber (the patient is the subscriber:
SBR*P*18) and 2010BB payer, 2300 claim (CLM, REF*G1, HI), 2310B rendering and 2310D
supervising provider, 2400 service lines (LX, SV1, DTP*472) with 2410 drug identification
(LIN*N4, CTP). `missing_for_claim` lists, by setting or JSON path, whatever the 837P requires
that the encounter or the practice settings do not have; the loops are built only after it
found nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.claim import ClaimLine
from app.core.ndc import UNIT_QUALIFIERS
from app.export.parties import BillingParty, address_complete, digits

CLAIM_FILING = {"medicare": "MB", "medicaid": "MC", "commercial": "CI"}
_SEPARATORS = re.compile(r"[*~:^\r\n]+")


def text(value: object, upper: bool = True, limit: int | None = None) -> str:
    """A value as an X12 element: separators removed, spaces squeezed, accents dropped (Zoë → ZOE),
    anything else outside ASCII as '?', at most `limit` long."""
    decomposed = unicodedata.normalize("NFKD", _SEPARATORS.sub(" ", str(value or "")))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "replace").decode("ascii")
    plain = " ".join(plain.split())[:limit].strip()
    return plain.upper() if upper else plain


def segment(*elements: object) -> str:
    """`NM1*85*2*NAME` with trailing empty elements dropped (composites come pre-joined)."""
    values = ["" if e is None else str(e) for e in elements]
    while values and values[-1] == "":
        values.pop()
    return "*".join(values)


def amount(cents: int) -> str:
    """Money as X12 wants it: `65`, `65.5`, `12.25`."""
    return number(Decimal(cents) / 100)


def number(value: Decimal) -> str:
    plain = format(Decimal(value).normalize(), "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def d8(day: date) -> str:
    return day.strftime("%Y%m%d")


@dataclass
class ClaimInput:
    """One checked encounter with what the 837P adds to it."""

    checked: object               # app.check.Checked
    billing: BillingParty
    payer_kind: str
    payer_837_id: str
    account_number: str           # CLM01


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
    rendering, supervising = encounter.rendering_provider, encounter.supervising_provider
    if rendering.npi.strip() != billing.npi and not rendering.last_name:
        problems.append("rendering provider last name (rendering_provider.last_name)")
    if supervising and supervising.npi.strip() != rendering.npi.strip() and not supervising.last_name:
        problems.append("supervising provider last name (supervising_provider.last_name)")
    return problems


def missing_for_claim(checked, billing: BillingParty) -> list[str]:
    """What the 837P requires for this claim that is missing, each naming where to fill it in."""
    encounter, missing = checked.encounter, []
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
    if not address_complete(encounter.patient.address):
        missing.append("patient address (patient.address)")
    if len((encounter.patient.account_number or "").strip()) > 38:
        missing.append("a patient account number of at most 38 characters (patient.account_number)")
    missing += _provider_problems(encounter, billing)
    for line in checked.result.lines:
        missing += _line_problems(line, encounter)
    return missing


def _address(address) -> list[str]:
    return [segment("N3", text(address.line1, limit=55)),
            segment("N4", text(address.city, limit=30), text(address.state), digits(address.zip))]


def _billing_provider(billing: BillingParty) -> list[str]:
    if billing.is_person:
        name = segment("NM1", "85", "1", text(billing.last_name, limit=60), text(billing.first_name, limit=35), "",
                       "", "", "XX", billing.npi)
    else:
        name = segment("NM1", "85", "2", text(billing.name, limit=60), "", "", "", "", "XX", billing.npi)
    return [segment("HL", "1", "", "20", "1"), name, *_address(billing.address),
            segment("REF", "EI", billing.tax_id)]


def _subscriber(claim: ClaimInput) -> list[str]:
    encounter, result = claim.checked.encounter, claim.checked.result
    patient = encounter.patient
    return [
        segment("HL", "2", "1", "22", "0"),
        segment("SBR", "P", "18", "", "", "", "", "", "", CLAIM_FILING.get(claim.payer_kind, "ZZ")),
        segment("NM1", "IL", "1", text(patient.last_name, limit=60), text(patient.first_name, limit=35), "", "",
                "", "MI", text(patient.member_id)),
        *_address(patient.address),
        segment("DMG", "D8", d8(patient.date_of_birth), patient.sex or "U"),
        segment("NM1", "PR", "2", text(result.payer_name, limit=60), "", "", "", "", "PI",
                text(claim.payer_837_id, False)),
    ]


def _claim(claim: ClaimInput) -> list[str]:
    encounter, result = claim.checked.encounter, claim.checked.result
    segments = [segment("CLM", text(claim.account_number, False), amount(result.total_cents), "", "",
                        f"{result.place_of_service}:B:1", "Y", "A", "Y", "Y")]
    if encounter.prior_authorization and encounter.prior_authorization.strip():
        segments.append(segment("REF", "G1", text(encounter.prior_authorization, False)))
    codes = [text(d["code"]).replace(".", "") for d in result.diagnoses]
    segments.append(segment("HI", *[f"{'ABK' if i == 0 else 'ABF'}:{c}" for i, c in enumerate(codes)]))
    return segments + _other_providers(encounter, claim.billing)


def _person(entity: str, provider) -> str:
    return segment("NM1", entity, "1", text(provider.last_name, limit=60), text(provider.first_name, limit=35), "",
                   "", "", "XX", provider.npi.strip())


def _other_providers(encounter, billing: BillingParty) -> list[str]:
    rendering, supervising = encounter.rendering_provider, encounter.supervising_provider
    segments = []
    if rendering.npi.strip() != billing.npi:
        segments.append(_person("82", rendering))
    if supervising and supervising.npi.strip() != rendering.npi.strip():
        segments.append(_person("DQ", supervising))
    return segments


def _service_line(index: int, line: ClaimLine, cents: int, day: date) -> list[str]:
    procedure = ":".join(["HC", text(line.code), *[text(m) for m in line.modifiers[:4]]])
    pointers = ":".join(str(p) for p in line.diagnosis_pointers[:4])
    segments = [segment("LX", index), segment("SV1", procedure, amount(cents), "UN", number(line.units), "", "",
                                               pointers),
                segment("DTP", "472", "D8", d8(day))]
    if line.ndc:
        segments += [segment("LIN", "", "N4", line.ndc),
                     segment("CTP", "", "", "", number(line.ndc_quantity), line.ndc_unit)]
    return segments


def claim_segments(claim: ClaimInput) -> list[str]:
    """HL*1 through the last service line, for one claim (call `missing_for_claim` first)."""
    result, day = claim.checked.result, claim.checked.encounter.date_of_service
    segments = _billing_provider(claim.billing) + _subscriber(claim) + _claim(claim)
    for index, (line, cents) in enumerate(zip(result.lines, result.charges), start=1):
        segments += _service_line(index, line, cents, day)
    return segments
