"""Coverage as the payer's rules see it, judged on the facts (what was given, for which
diagnoses), whatever GY, GA or GZ the lines carry. Shared by the builder (which adds the
modifiers) and the checks (which explain them)."""

from __future__ import annotations

from app.core.catalog import matches_pattern
from app.core.encounter import Encounter
from app.core.payer import Payer, Rule


def pointed_diagnoses(encounter: Encounter, pointers: list[int]) -> list[str]:
    return [encounter.diagnoses[p - 1] for p in pointers if 1 <= p <= len(encounter.diagnoses)]


def rules_for(payer: Payer, kind: str, code: str) -> list[Rule]:
    return [r for r in payer.rules if r.kind == kind and r.get("code") == code]


def any_match(diagnoses: list[str], patterns: list[str]) -> bool:
    return any(matches_pattern(d, p) for d in diagnoses for p in patterns)


def not_a_benefit_rule(payer: Payer, code: str, diagnoses: list[str]) -> Rule | None:
    for rule in rules_for(payer, "not_a_benefit", code):
        patterns = rule.get("diagnoses")
        if not patterns or any_match(diagnoses, patterns):
            return rule
    return None


def not_covered_rule(payer: Payer, code: str, diagnoses: list[str]) -> Rule | None:
    """The covered-diagnoses rule this code's diagnoses fail, if any."""
    for rule in rules_for(payer, "covered_diagnoses", code):
        if not any_match(diagnoses, rule["diagnoses"]):
            return rule
    return None
