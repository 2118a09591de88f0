"""Earlier claims of the same patient, as the history checks need them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SavedService:
    encounter_id: int
    date_of_service: date
    codes: frozenset[str]            # every code on its claim lines and every drug it gave
    units: dict[str, Decimal] = field(default_factory=dict, compare=False)  # units per code on its claim lines

    def units_of(self, code: str) -> Decimal:
        return self.units.get(code, Decimal(0))


def same_patient_key(payer: str, member_id: str) -> str:
    """The same patient means the same payer and member id (trimmed, case-insensitive)."""
    return f"{payer.strip().lower()}|{member_id.strip().lower()}"


def units_by_code(lines: list[dict]) -> dict[str, Decimal]:
    """Units per code over a saved claim's lines (`injection-claim-check/1` lines)."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        code, units = str(line.get("code") or "").strip().upper(), line.get("units")
        if code and isinstance(units, (int, float)) and units > 0:
            totals[code] = totals.get(code, Decimal(0)) + Decimal(str(units))
    return totals
