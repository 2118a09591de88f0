"""The claim as the checks see it: the encounter's facts beside the lines as they would go out."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.catalog import ADMIN_CODES, DRUG_KINDS, VISIT_CODES, Reference
from app.core.claim import ClaimLine
from app.core.encounter import Encounter
from app.core.facts import InjectionFacts

BILLED_DRUG_KINDS = DRUG_KINDS + ("vaccine", "allergen")


@dataclass
class Claim:
    encounter: Encounter
    facts: list[InjectionFacts]
    lines: list[ClaimLine]
    as_billed: bool = False
    _drug_index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def with_code(self, *codes: str) -> list[ClaimLine]:
        return [line for line in self.lines if line.code in codes]

    def by_role(self, *roles: str) -> list[ClaimLine]:
        return [line for line in self.lines if line.role in roles]

    @property
    def codes(self) -> set[str]:
        return {line.code for line in self.lines}

    def drug_lines_for(self, fact: InjectionFacts) -> list[ClaimLine]:
        """Drug (and JW) lines that bill this injection's drug."""
        tied, untied = self._drug_lines()
        return list(tied.get(fact.index) or untied.get(fact.code, []))

    def _drug_lines(self) -> tuple[dict, dict]:
        """Drug lines by injection and, untied ones, by code: built once per set of lines, so every
        injection's lookup is one step instead of a pass over all lines."""
        key = (id(self.lines), len(self.lines))
        if self._drug_index is None or self._drug_index[0] != key:
            tied: dict[int, list[ClaimLine]] = {}
            untied: dict[str, list[ClaimLine]] = {}
            for line in self.by_role("drug", "waste"):
                if line.injection is not None:
                    tied.setdefault(line.injection, []).append(line)
                else:
                    untied.setdefault(line.code, []).append(line)
            self._drug_index = (key, tied, untied)
        return self._drug_index[1], self._drug_index[2]

    def fact(self, index: int | None) -> InjectionFacts | None:
        return self.facts[index - 1] if index and 1 <= index <= len(self.facts) else None


def role_of(reference: Reference, code: str, modifiers: list[str], injection: int | None) -> str:
    if code in VISIT_CODES:
        return "visit"
    if code in ADMIN_CODES:
        return "admin"
    info = reference.code(code)
    if info is not None and info.kind in BILLED_DRUG_KINDS:
        return "waste" if "JW" in [m.strip().upper() for m in modifiers] else "drug"
    return "drug" if injection else "procedure"
