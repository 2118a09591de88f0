"""Earlier claims of the same patient, as the history checks need them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SavedService:
    encounter_id: int
    date_of_service: date
    codes: frozenset[str]            # every code on its claim lines and every drug it gave


def same_patient_key(payer: str, member_id: str) -> str:
    """The same patient means the same payer and member id (trimmed, case-insensitive)."""
    return f"{payer.strip().lower()}|{member_id.strip().lower()}"
