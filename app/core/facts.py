"""What each injection is, for billing: its kind, the administration code it calls for, its
HCPCS units (and the arithmetic), the discarded units, and the NDC in claim form.

The builder bills from these facts and the checks compare billed lines against them, so both
reach the same answer by the same road.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core.catalog import DRUG_KINDS, CodeInfo, Reference, is_cancer_diagnosis
from app.core.encounter import Dose, Encounter, Injection
from app.core.history import SavedService
from app.core.ndc import normalize_ndc
from app.core.payer import Payer
from app.core.units import DrugUnits, drug_units
from app.core.vaccines import vaccine_group

SC_IM = ("SC", "IM")
OTHER_ROUTE_CODES = {"IV_PUSH": "96374", "INTRA_ARTERIAL": "96373", "IV_INFUSION": "96365"}
ROUTE_WORDS = {"IM": "intramuscular", "SC": "subcutaneous", "IV_PUSH": "IV push",
               "IV_INFUSION": "IV infusion", "INTRA_ARTERIAL": "intra-arterial",
               "ID": "intradermal", "INTRALESIONAL": "intralesional"}


@dataclass
class CheckContext:
    payer: Payer                     # with only the rules in force on the date of service
    reference: Reference
    history: list[SavedService] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    @property
    def settings(self):
        return self.payer.settings


@dataclass
class InjectionFacts:
    index: int                       # 1-based, as claim lines refer to it
    injection: Injection
    info: CodeInfo | None
    kind: str
    units: DrugUnits | None          # HCPCS units for the amount given
    waste_units: int                 # HCPCS units for the discarded amount (beyond what rounding covers)
    ndc11: str | None

    @property
    def code(self) -> str:
        return self.injection.drug.hcpcs.strip().upper()

    @property
    def route(self) -> str:
        return self.injection.route

    @property
    def billable_drug(self) -> bool:
        return self.injection.drug.supplied_by == "practice"

    @property
    def single_dose(self) -> bool:
        return bool(self.injection.drug.single_dose_container)

    @property
    def is_96372(self) -> bool:
        """An SC/IM injection of a plain drug: what 96372 is for."""
        return self.kind == "drug" and self.route in SC_IM

    def expected_admin(self) -> str | None:
        """The administration code family this injection calls for (vaccines and allergens by kind)."""
        if self.kind == "vaccine":
            return "vaccine"
        if self.kind == "allergen":
            return "allergen"
        if self.route in SC_IM:
            return {"antineoplastic": "96401", "hormonal_antineoplastic": "96402"}.get(self.kind, "96372")
        return OTHER_ROUTE_CODES.get(self.route)


def resolve_kind(injection: Injection, info: CodeInfo | None, diagnoses: list[str]) -> str:
    if injection.drug.kind:
        return injection.drug.kind
    if info is None:  # a COVID-19 product code newer than the catalog is still a vaccine
        return "vaccine" if vaccine_group(injection.drug.hcpcs, None) == "covid" else "drug"
    pointed = [diagnoses[p - 1] for p in injection.diagnosis_pointers if 1 <= p <= len(diagnoses)]
    if info.cancer_kind and any(is_cancer_diagnosis(d) for d in pointed):
        return info.cancer_kind
    return info.kind if info.kind in DRUG_KINDS + ("vaccine", "allergen") else "drug"


def _units(dose: Dose | None, info: CodeInfo | None, kind: str) -> DrugUnits | None:
    if dose is None:
        return None
    if kind in ("vaccine", "allergen"):
        return DrugUnits(1, "billed per dose = 1 unit")
    if info is None or info.billing_unit is None:
        return None
    return drug_units(dose, info.billing_unit)


def _waste_units(injection: Injection, info: CodeInfo | None, given: DrugUnits | None) -> int:
    """Units for the discarded amount beyond what rounding the given dose up already bills (2.8.4)."""
    discarded = injection.discarded
    if discarded is None or discarded.amount <= 0 or given is None or given.units is None:
        return 0
    if info is None or info.billing_unit is None or discarded.unit != injection.dose.unit:
        return 0
    total = Dose(injection.dose.amount + discarded.amount, discarded.unit,
                 discarded.concentration or injection.dose.concentration)
    whole = drug_units(total, info.billing_unit)
    return max(0, (whole.units or 0) - given.units)


def injection_facts(encounter: Encounter, reference: Reference) -> list[InjectionFacts]:
    facts = []
    for i, injection in enumerate(encounter.injections, start=1):
        info = reference.code(injection.drug.hcpcs.strip().upper())
        kind = resolve_kind(injection, info, encounter.diagnoses)
        units = _units(injection.dose, info, kind)
        facts.append(InjectionFacts(
            index=i, injection=injection, info=info, kind=kind, units=units,
            waste_units=_waste_units(injection, info, units),
            ndc11=normalize_ndc(injection.drug.ndc),
        ))
    return facts
