"""The encounter (`injection-encounter/1`): what happened, as the biller records it.

`parse_encounter` turns the JSON document into an `Encounter` or raises `EncounterInvalid`
with every problem and its JSON path. Anything well-formed but wrong for billing is left for
the findings; only input the app cannot use at all is refused here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.core.field_names import letter, letters
from app.core.insured import (ReferringProvider, SecondaryInsurance, Subscriber, parse_referring, parse_secondary,
                               parse_subscriber)
from app.core.validate import Problem, Reader

FORMAT = "injection-encounter/1"

SEXES = ("F", "M", "U")
SUPERVISION = ("in_person", "virtual_av", "audio_only", "none")
STAFF_ROLES = ("MD", "DO", "NP", "PA", "RN", "LPN", "MA")
DRUG_KINDS = ("drug", "vaccine", "allergen", "antineoplastic", "hormonal_antineoplastic")
SUPPLIERS = ("practice", "patient", "sample")
DOSE_UNITS = ("mg", "mcg", "g", "units", "mL")
ROUTES = ("IM", "SC", "IV_PUSH", "IV_INFUSION", "INTRA_ARTERIAL", "ID", "INTRALESIONAL")
MAX_DIAGNOSES = 12
MAX_POINTERS = 4
# A real encounter has a handful of each; far more is a broken file, and would make the checks slow.
MAX_INJECTIONS, MAX_PROCEDURES, MAX_CLAIM_LINES = 50, 50, 100
_SIZE_NOTE = " in one encounter (a visit has a handful; split a larger batch into several encounters)"


class EncounterInvalid(ValueError):
    """Unusable input: every problem, each with its JSON path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class Address:
    line1: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""


@dataclass
class Patient:
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    sex: str = "U"
    member_id: str = ""
    account_number: str | None = None
    address: Address | None = None


@dataclass
class Provider:
    npi: str = ""
    first_name: str | None = None
    last_name: str | None = None
    credential: str | None = None


@dataclass
class BillingProvider:
    name: str | None = None
    npi: str | None = None
    tax_id: str | None = None
    address: Address | None = None


@dataclass
class Amount:
    amount: Decimal
    unit: str


@dataclass
class Dose:
    amount: Decimal
    unit: str
    concentration: Amount | None = None


@dataclass
class Drug:
    hcpcs: str
    name: str | None = None
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str | None = None
    kind: str | None = None
    single_dose_container: bool | None = None
    supplied_by: str = "practice"


@dataclass
class Injection:
    drug: Drug
    dose: Dose
    route: str
    diagnosis_pointers: list[int]
    site: str | None = None
    discarded: Dose | None = None


@dataclass
class Visit:
    code: str
    separately_identifiable: bool = False
    diagnosis_pointers: list[int] = field(default_factory=lambda: [1])


@dataclass
class Procedure:
    code: str
    diagnosis_pointers: list[int] = field(default_factory=lambda: [1])
    modifiers: list[str] = field(default_factory=list)
    units: Decimal = Decimal(1)


@dataclass
class Documentation:
    order: bool = False
    administration_record: bool = False
    medical_necessity: bool = False
    plan_of_care: bool | None = None   # the physician started the course of treatment (None: not stated)


@dataclass
class BilledLine:
    """A claim line as the biller billed it (`claim_lines`)."""

    code: str
    units: Decimal
    diagnosis_pointers: list[int]
    modifiers: list[str] = field(default_factory=list)
    injection: int | None = None
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str | None = None
    charge: Decimal | None = None


@dataclass
class Encounter:
    payer: str
    date_of_service: date
    place_of_service: str
    patient: Patient
    rendering_provider: Provider
    supervision: str
    administered_by: str
    diagnoses: list[str]
    injections: list[Injection]
    documentation: Documentation
    submitted_on: date | None = None
    supervising_provider: Provider | None = None
    referring_provider: ReferringProvider | None = None
    subscriber: Subscriber | None = None
    group_number: str | None = None
    secondary_insurance: SecondaryInsurance | None = None
    billing_provider: BillingProvider | None = None
    visit: Visit | None = None
    procedures: list[Procedure] = field(default_factory=list)
    prior_authorization: str | None = None
    abn_on_file: bool = False
    claim_lines: list[BilledLine] | None = None
    extras: dict = field(default_factory=dict)


def parse_encounter(doc: object) -> Encounter:
    """The encounter in `doc` (parsed JSON), or EncounterInvalid naming every problem."""
    r = Reader(doc)
    if not r.is_object(doc, ""):
        raise EncounterInvalid(r.problems)
    r.choice(doc, "format", "", (FORMAT,))
    diagnoses = _diagnoses(r, doc)
    n_dx = len(diagnoses)
    injections = r.list_of(doc, "injections", "", lambda o, p: _injection(r, o, p, n_dx), minimum=1,
                           maximum=MAX_INJECTIONS, why_maximum=_SIZE_NOTE)
    encounter = Encounter(
        payer=r.text(doc, "payer", "", required=True, non_blank=True),
        date_of_service=r.date(doc, "date_of_service", "", required=True),
        place_of_service=_place_of_service(r, doc),
        submitted_on=r.date(doc, "submitted_on", ""),
        patient=r.obj(doc, "patient", "", lambda o, p: _patient(r, o, p), required=True),
        rendering_provider=r.obj(doc, "rendering_provider", "", lambda o, p: _provider(r, o, p), required=True),
        supervising_provider=r.obj(doc, "supervising_provider", "", lambda o, p: _provider(r, o, p)),
        billing_provider=r.obj(doc, "billing_provider", "", lambda o, p: _billing_provider(r, o, p)),
        referring_provider=r.obj(doc, "referring_provider", "", lambda o, p: parse_referring(r, o, p)),
        subscriber=r.obj(doc, "subscriber", "", lambda o, p: parse_subscriber(r, o, p, _address)),
        group_number=r.text(doc, "group_number", ""),
        secondary_insurance=r.obj(doc, "secondary_insurance", "", lambda o, p: parse_secondary(r, o, p, _address)),
        supervision=r.choice(doc, "supervision", "", SUPERVISION),
        administered_by=r.choice(doc, "administered_by", "", STAFF_ROLES),
        diagnoses=diagnoses,
        visit=r.obj(doc, "visit", "", lambda o, p: _visit(r, o, p, n_dx)),
        procedures=r.list_of(doc, "procedures", "", lambda o, p: _procedure(r, o, p, n_dx), required=False,
                             maximum=MAX_PROCEDURES, why_maximum=_SIZE_NOTE) or [],
        injections=injections,
        documentation=r.obj(doc, "documentation", "", lambda o, p: _documentation(r, o, p), required=True),
        prior_authorization=r.text(doc, "prior_authorization", ""),
        abn_on_file=bool(r.boolean(doc, "abn_on_file", "")),
        claim_lines=_claim_lines(r, doc, n_dx, len(injections or [])),
        extras={k: v for k, v in doc.items() if k not in _TOP_LEVEL_FIELDS},
    )
    if r.problems:
        raise EncounterInvalid(r.problems)
    return encounter


_TOP_LEVEL_FIELDS = {
    "format", "payer", "date_of_service", "place_of_service", "submitted_on", "patient",
    "rendering_provider", "supervising_provider", "billing_provider", "supervision",
    "administered_by", "diagnoses", "visit", "procedures", "injections", "documentation",
    "prior_authorization", "abn_on_file", "claim_lines",
    "referring_provider", "subscriber", "group_number", "secondary_insurance",
}


def _place_of_service(r: Reader, doc: dict) -> str:
    value = r.text(doc, "place_of_service", "", required=True)
    if value is not None and not (len(value) == 2 and value.isdigit()):
        r.problem("place_of_service", "must be a two-digit place-of-service code such as \"11\"")
    return value


def _diagnoses(r: Reader, doc: dict) -> list[str]:
    codes = r.list_of(doc, "diagnoses", "", lambda o, p: r.expect_text(o, p), minimum=1)
    if codes and len(codes) > MAX_DIAGNOSES:
        r.problem("diagnoses", f"at most {MAX_DIAGNOSES} diagnoses fit on a claim (found {len(codes)})")
    return codes or []


def _pointers(r: Reader, obj: dict, path: str, n_dx: int, required: bool) -> list[int] | None:
    def one(value, p):
        number = r.expect_int(value, p)
        if number is not None and not 1 <= number <= max(n_dx, 1):
            r.problem(p, f"points to diagnosis {letter(number)}, but only {letters(n_dx)} "
                         f"{'is' if n_dx < 2 else 'are'} entered" if n_dx else
                      f"points to diagnosis {letter(number)}, but no diagnosis is entered")
        return number

    return r.list_of(obj, "diagnosis_pointers", path, one, required=required)


def _address(r: Reader, obj: dict, path: str) -> Address:
    return Address(**{k: r.text(obj, k, path) or "" for k in ("line1", "city", "state", "zip")})


def _patient(r: Reader, obj: dict, path: str) -> Patient:
    return Patient(
        first_name=r.text(obj, "first_name", path, required=True),
        last_name=r.text(obj, "last_name", path, required=True),
        date_of_birth=r.date(obj, "date_of_birth", path, required=True),
        sex=r.choice(obj, "sex", path, SEXES),
        member_id=r.text(obj, "member_id", path, required=True),
        account_number=r.text(obj, "account_number", path),
        address=r.obj(obj, "address", path, lambda o, p: _address(r, o, p)),
    )


def _provider(r: Reader, obj: dict, path: str) -> Provider:
    return Provider(
        npi=r.text(obj, "npi", path, required=True),
        first_name=r.text(obj, "first_name", path),
        last_name=r.text(obj, "last_name", path),
        credential=r.text(obj, "credential", path),
    )


def _billing_provider(r: Reader, obj: dict, path: str) -> BillingProvider:
    return BillingProvider(
        name=r.text(obj, "name", path),
        npi=r.text(obj, "npi", path),
        tax_id=r.text(obj, "tax_id", path),
        address=r.obj(obj, "address", path, lambda o, p: _address(r, o, p)),
    )


def _amount(r: Reader, obj: dict, path: str, units: tuple[str, ...], allow_zero=False) -> Dose:
    return Dose(
        amount=r.number(obj, "amount", path, required=True, minimum_exclusive=not allow_zero),
        unit=r.choice(obj, "unit", path, units),
    )


def _dose(r: Reader, obj: dict, path: str, allow_zero=False) -> Dose:
    dose = _amount(r, obj, path, DOSE_UNITS, allow_zero)
    concentration = r.obj(obj, "concentration", path, lambda o, p: _amount(r, o, p, DOSE_UNITS))
    if concentration is not None:
        dose.concentration = Amount(concentration.amount, concentration.unit)
    return dose


def _drug(r: Reader, obj: dict, path: str) -> Drug:
    return Drug(
        hcpcs=r.text(obj, "hcpcs", path, required=True) or "",
        name=r.text(obj, "name", path),
        ndc=r.text(obj, "ndc", path),
        ndc_quantity=r.number(obj, "ndc_quantity", path, minimum_exclusive=True),
        ndc_unit=r.text(obj, "ndc_unit", path),
        kind=r.choice(obj, "kind", path, DRUG_KINDS, required=False),
        single_dose_container=r.boolean(obj, "single_dose_container", path),
        supplied_by=r.choice(obj, "supplied_by", path, SUPPLIERS, required=False) or "practice",
    )


def _injection(r: Reader, obj: dict, path: str, n_dx: int) -> Injection | None:
    if not r.is_object(obj, path):
        return None
    pointers = _pointers(r, obj, path, n_dx, required=True)
    if pointers is not None and not 1 <= len(pointers) <= MAX_POINTERS:
        r.problem(f"{path}.diagnosis_pointers", f"needs 1 to {MAX_POINTERS} pointers (found {len(pointers)})")
    return Injection(
        drug=r.obj(obj, "drug", path, lambda o, p: _drug(r, o, p), required=True),
        dose=r.obj(obj, "dose", path, lambda o, p: _dose(r, o, p), required=True),
        discarded=r.obj(obj, "discarded", path, lambda o, p: _dose(r, o, p, allow_zero=True)),
        route=r.choice(obj, "route", path, ROUTES),
        site=r.text(obj, "site", path),
        diagnosis_pointers=pointers or [],
    )


def _visit(r: Reader, obj: dict, path: str, n_dx: int) -> Visit:
    return Visit(
        code=r.text(obj, "code", path, required=True) or "",
        separately_identifiable=bool(r.boolean(obj, "separately_identifiable", path)),
        diagnosis_pointers=_pointers(r, obj, path, n_dx, required=False) or [1],
    )


def _procedure(r: Reader, obj: dict, path: str, n_dx: int) -> Procedure | None:
    if not r.is_object(obj, path):
        return None
    return Procedure(
        code=r.text(obj, "code", path, required=True) or "",
        diagnosis_pointers=_pointers(r, obj, path, n_dx, required=False) or [1],
        modifiers=r.list_of(obj, "modifiers", path, lambda o, p: r.expect_text(o, p), required=False) or [],
        units=r.number(obj, "units", path, minimum_exclusive=True) or Decimal(1),
    )


def _documentation(r: Reader, obj: dict, path: str) -> Documentation:
    documentation = Documentation(**{
        k: bool(r.boolean(obj, k, path, required=True))
        for k in ("order", "administration_record", "medical_necessity")
    })
    documentation.plan_of_care = r.boolean(obj, "plan_of_care", path)
    return documentation


def _claim_lines(r: Reader, doc: dict, n_dx: int, n_injections: int) -> list[BilledLine] | None:
    if doc.get("claim_lines") is None:
        return None
    return r.list_of(doc, "claim_lines", "", lambda o, p: _billed_line(r, o, p, n_dx, n_injections),
                     maximum=MAX_CLAIM_LINES, why_maximum=_SIZE_NOTE)


def _billed_line(r: Reader, obj: dict, path: str, n_dx: int, n_injections: int) -> BilledLine | None:
    if not r.is_object(obj, path):
        return None
    injection = r.integer(obj, "injection", path)
    if injection is not None and not 1 <= injection <= n_injections:
        r.problem(f"{path}.injection", f"refers to injection {injection}, but the encounter has {n_injections}")
    return BilledLine(
        code=r.text(obj, "code", path, required=True) or "",
        units=r.number(obj, "units", path, required=True, minimum_exclusive=True),
        diagnosis_pointers=_pointers(r, obj, path, n_dx, required=True) or [],
        modifiers=r.list_of(obj, "modifiers", path, lambda o, p: r.expect_text(o, p), required=False) or [],
        injection=injection,
        ndc=r.text(obj, "ndc", path),
        ndc_quantity=r.number(obj, "ndc_quantity", path, minimum_exclusive=True),
        ndc_unit=r.text(obj, "ndc_unit", path),
        charge=r.money(obj, "charge", path),
    )
