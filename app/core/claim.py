"""Claim lines as they would go out, and the check's result (`injection-claim-check/1`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.core.findings import Finding

CHECK_FORMAT = "injection-claim-check/1"
POINTER_LETTERS = "ABCDEFGHIJKL"


def units_json(units: Decimal) -> int | float:
    return int(units) if units == units.to_integral_value() else float(units)


def dollars(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass
class ClaimLine:
    code: str
    units: Decimal
    diagnosis_pointers: list[int]
    modifiers: list[str] = field(default_factory=list)
    role: str = "other"              # visit, procedure, admin, drug, waste, other
    injection: int | None = None     # 1-based index of the injection this line bills
    injections: list[int] = field(default_factory=list)  # every injection an admin line covers
    ndc: str | None = None           # 11 digits when valid, else as typed
    ndc_quantity: Decimal | None = None
    ndc_unit: str | None = None
    charge_cents: int | None = None  # as billed; None = from the fee schedule
    number: int = 0

    def has_modifier(self, *modifiers: str) -> bool:
        return any(m in self.modifiers for m in modifiers)

    def to_json(self, charge_cents: int) -> dict:
        doc = {"number": self.number, "code": self.code, "modifiers": list(self.modifiers),
               "units": units_json(self.units),
               "diagnosis_pointers": [POINTER_LETTERS[p - 1] for p in self.diagnosis_pointers
                                      if 1 <= p <= len(POINTER_LETTERS)],
               "charge": dollars(charge_cents)}
        if self.ndc:
            doc.update(ndc=self.ndc, ndc_quantity=None if self.ndc_quantity is None else units_json(self.ndc_quantity),
                       ndc_unit=self.ndc_unit)
        if self.injection:
            doc["injection"] = self.injection
        return doc


@dataclass
class CheckResult:
    payer_id: str
    payer_name: str
    date_of_service: str
    place_of_service: str
    diagnoses: list[dict]            # pointer, code, description
    lines: list[ClaimLine]
    charges: list[int]               # cents per line, same order
    findings: list[Finding]
    charge_basis: list[str] = field(default_factory=list)  # where fee-schedule charges came from
    descriptions: list[str] = field(default_factory=list)  # per line, same order; '' where none

    @property
    def total_cents(self) -> int:
        return sum(self.charges)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def description(self, number: int) -> str:
        """The description of line `number` (0-based), '' where the app has none."""
        return self.descriptions[number] if number < len(self.descriptions) else ""

    def _line_json(self, number: int) -> dict:
        doc = self.lines[number].to_json(self.charges[number])
        if self.description(number):
            doc["description"] = self.description(number)
        return doc

    def to_json(self) -> dict:
        return {
            "format": CHECK_FORMAT,
            "payer": {"id": self.payer_id, "name": self.payer_name},
            "claim": {
                "date_of_service": self.date_of_service, "place_of_service": self.place_of_service,
                "diagnoses": self.diagnoses,
                "lines": [self._line_json(number) for number in range(len(self.lines))],
                "total_charge": dollars(self.total_cents),
                "charge_basis": self.charge_basis,
            },
            "findings": [f.to_json() for f in self.findings],
            "summary": {"errors": self.count("error"), "warnings": self.count("warning"),
                        "infos": self.count("info")},
        }
