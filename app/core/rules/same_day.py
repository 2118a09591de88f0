"""Same-day services and modifiers that no payer table needs (findings section D); the pairs
from NCCI tables are payer rules (`bundled_pair`, in kinds.py)."""

from __future__ import annotations

from app.core.findings import FixAction, Finding, make_finding
from app.core.payer import DISTINCT_MODIFIERS
from app.core.rules.base import Claim

MOD25_SOURCE = "CMS Claims Processing Manual 100-04 ch. 12 §30.6; Noridian E/M and drug administration article (reference 1.1.14, 2.1.3)"
DISTINCT_SOURCE = "CPT Assistant May 2010 (one 96372 per injection); payer setting multiple_injections (reference 1.1.11)"


def modifier_25_on_injection(claim: Claim, ctx) -> list[Finding]:
    return [make_finding("MODIFIER_25_ON_INJECTION", f"Modifier 25 is on {line.code} (line {line.number}); it belongs "
                         "on the E/M visit, never on the injection", f"Remove 25 from line {line.number}",
                         MOD25_SOURCE, line=line.number,
                         action=FixAction("remove_modifier", line.number, "25", "Remove 25"))
            for line in claim.with_code("96372") if line.has_modifier("25")]


def visit_not_separate(claim: Claim, ctx) -> list[Finding]:
    visit = claim.encounter.visit
    if visit is not None and visit.separately_identifiable:
        return []
    return [make_finding("VISIT_NOT_SEPARATE", f"{line.code} on line {line.number} carries modifier 25, but the record "
                         "does not show a significant, separately identifiable visit", "Bill the visit only if the "
                         "provider documented a separate evaluation beyond the injection", MOD25_SOURCE,
                         line=line.number)
            for line in claim.by_role("visit") if line.has_modifier("25")]


def _lines_wanted_separate(lines, ctx, modifier: str) -> list[Finding]:
    return [make_finding("DISTINCT_MODIFIER_NEEDED", f"96372 is billed with {line.units} units on line {line.number}; "
                         f"{ctx.payer.name} wants each injection on its own line", f"Bill one 96372 line per "
                         f"injection, the second and later with {modifier}", DISTINCT_SOURCE, line=line.number)
            for line in lines if line.units > 1]


def distinct_modifiers(claim: Claim, ctx) -> list[Finding]:
    lines = claim.with_code("96372")
    wanted = ctx.settings.multiple_injections
    if len(lines) == 1 and wanted.get("style") == "separate_lines":
        return _lines_wanted_separate(lines, ctx, wanted.get("modifier") or "59")
    if len(lines) < 2:
        return []
    if wanted.get("style") != "separate_lines":
        total = sum(int(line.units) for line in lines)
        return [make_finding("DISTINCT_MODIFIER_NEEDED", f"96372 is on {len(lines)} lines; {ctx.payer.name} wants one "
                             f"line with {total} units", f"Bill 96372 once with {total} units", DISTINCT_SOURCE,
                             line=lines[1].number)]
    modifier = wanted.get("modifier") or "59"
    return _lines_wanted_separate(lines, ctx, modifier) + [make_finding("DISTINCT_MODIFIER_NEEDED", f"Line {line.number} repeats 96372 without a distinct-service "
                         f"modifier; {ctx.payer.name} wants {modifier}", f"Add {modifier} to line {line.number}",
                         DISTINCT_SOURCE, line=line.number,
                         action=FixAction("add_modifier", line.number, modifier, f"Add {modifier}"))
            for line in lines[1:] if not line.has_modifier(*DISTINCT_MODIFIERS)]


CHECKS = (modifier_25_on_injection, visit_not_separate, distinct_modifiers)
