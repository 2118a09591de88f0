"""What the app knows about codes: HCPCS drugs and their billing units, the CPT codes it uses,
ICD-10-CM, places of service, the NDC crosswalk, the fee schedule, the age bands in code
definitions and the editions of the reference tables.

The store fills these from `data/` and SQLite; the core only sees the `Reference` protocol,
so a test can hand it a small in-memory catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.core.billing_unit import BillingUnit

DRUG_KINDS = ("drug", "antineoplastic", "hormonal_antineoplastic")
OFFICE_VISITS = frozenset({"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"})
PREVENTIVE_VISITS = frozenset({*(str(c) for c in range(99381, 99388)), *(str(c) for c in range(99391, 99398))})
VISIT_CODES = OFFICE_VISITS | PREVENTIVE_VISITS
NOC_CODES = frozenset({"J3490", "J3590"})
MEDICARE_VACCINE_ADMIN = {"flu": "G0008", "pneumococcal": "G0009", "hepatitis_b": "G0010"}
ADMIN_CODES = frozenset({
    "96360", "96361", "96365", "96366", "96367", "96368", "96369", "96372", "96373", "96374",
    "96375", "96376", "96379", "96401", "96402", "96409", "90460", "90461", "90471", "90472",
    "90473", "90474", "90480", "95115", "95117", "G0008", "G0009", "G0010",
})


@dataclass(frozen=True)
class CodeInfo:
    code: str
    description: str
    kind: str = ""                   # drug kinds, 'vaccine', 'allergen', 'visit', 'admin', 'procedure' or ''
    add_date: date | None = None
    term_date: date | None = None
    billing_unit: BillingUnit | None = None
    noc: bool = False
    sad_marker: bool = False
    cancer_kind: str | None = None   # the kind this drug takes when a cancer diagnosis is pointed at it
    vaccine_group: str | None = None  # flu, pneumococcal, hepatitis_b
    replacement: str | None = None
    short_description: str = ""      # the HCPCS short descriptor (a claim line's few words); '' for CPT codes

    def effective_on(self, on: date) -> bool:
        return (self.add_date is None or self.add_date <= on) and (self.term_date is None or on <= self.term_date)


@dataclass(frozen=True)
class IcdCode:
    code: str            # with the dot, e.g. D51.0
    description: str
    billable: bool
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceOfService:
    code: str
    name: str
    facility: bool


@dataclass(frozen=True)
class AgeBand:
    """The ages a code's definition allows, in whole months: low inclusive, high exclusive (None: no limit)."""

    code: str
    from_months: int
    to_months: int | None
    ages: str                        # the band in words, e.g. "18 through 39 years"
    family: str                      # codes that differ only by age band share one (preventive visits)
    source: str

    def holds(self, months: int) -> bool:
        return self.from_months <= months and (self.to_months is None or months < self.to_months)


@dataclass(frozen=True)
class ReferenceTable:
    """One edition of a reference table the check uses, and the dates of service it covers."""

    table: str                       # ncci_ptp, mue, asp, pfs
    name: str
    edition: str                     # e.g. "2024 Q3"
    covers_from: date
    covers_through: date
    used_when: str                   # always, or "ndc" / "fee:<basis prefix>" alternatives joined by " or "


class Reference(Protocol):
    def code(self, code: str) -> CodeInfo | None: ...
    def icd(self, code: str) -> IcdCode | None: ...
    def place_of_service(self, code: str) -> PlaceOfService | None: ...
    def codes_for_ndc(self, ndc11: str) -> set[str]: ...
    def ndcs_for_code(self, code: str) -> set[str]: ...
    def codes_for_drug_name(self, name: str) -> list[str]: ...
    def fee_cents(self, code: str, units) -> int | None: ...
    def fee_basis(self, code: str) -> str | None: ...
    def adjustment_text(self, code: str) -> str | None: ...
    def age_band(self, code: str) -> AgeBand | None: ...
    def age_family(self, family: str) -> list[AgeBand]: ...
    def reference_tables(self) -> list[ReferenceTable]: ...


def icd_key(code: str) -> str:
    """ICD-10-CM code without dot or spaces, upper case: the form lookups use."""
    return code.replace(".", "").replace(" ", "").upper()


def icd_display(code: str) -> str:
    """`d510` → `D51.0`."""
    key = icd_key(code)
    return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"


def is_cancer_diagnosis(code: str) -> bool:
    """C00–D49: neoplasms (the range the hormonal leuprolide rule looks at)."""
    key = icd_key(code)
    return len(key) >= 3 and (key[0] == "C" or (key[0] == "D" and key[1:3].isdigit() and int(key[1:3]) <= 49))


def matches_pattern(code: str, pattern: str) -> bool:
    """Payer diagnosis lists: `D51.*` matches D51 and every code below it; otherwise exact."""
    key, pat = icd_key(code), icd_key(pattern)
    if pat.endswith("*"):
        return key.startswith(pat[:-1])
    return key == pat
