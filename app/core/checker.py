"""One encounter → its claim lines and findings: the single core call both faces use."""

from __future__ import annotations

from app.core.builder import billed_lines, build_lines
from app.core.catalog import icd_display
from app.core.claim import POINTER_LETTERS, CheckResult, ClaimLine
from app.core.encounter import Encounter
from app.core.facts import CheckContext, injection_facts
from app.core.findings import Finding, sort_findings
from app.core.rules import run_checks
from app.core.rules.charges import line_charge_cents
from app.core.rules.base import Claim, role_of


def claim_for(encounter: Encounter, ctx: CheckContext) -> tuple[Claim, list[Finding]]:
    """The claim as it would go out: built from the facts, or as billed in `claim_lines`."""
    facts = injection_facts(encounter, ctx.reference)
    if encounter.claim_lines is not None:
        lines = billed_lines(encounter.claim_lines,
                             lambda code, b: role_of(ctx.reference, code, b.modifiers, b.injection))
        return Claim(encounter, facts, lines, as_billed=True), []
    lines, notes = build_lines(encounter, facts, ctx)
    return Claim(encounter, facts, lines), notes


def _charge(line: ClaimLine, ctx: CheckContext) -> int:
    return line_charge_cents(line, ctx.reference)


def _diagnoses(encounter: Encounter, ctx: CheckContext) -> list[dict]:
    result = []
    for letter, code in zip(POINTER_LETTERS, encounter.diagnoses):
        icd = ctx.reference.icd(code) if code.strip() else None
        result.append({"pointer": letter, "code": icd.code if icd else icd_display(code),
                       "description": icd.description if icd else ""})
    return result


def _add_wording(finding: Finding, ctx: CheckContext) -> None:
    if finding.carc:
        finding.carc_text = ctx.reference.adjustment_text(finding.carc.split("-")[-1])
    if finding.rarc:
        finding.rarc_text = ctx.reference.adjustment_text(finding.rarc)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, kept = set(), []
    for f in findings:
        key = (f.code, f.line, f.message)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def check_claim(encounter: Encounter, ctx: CheckContext) -> CheckResult:
    claim, notes = claim_for(encounter, ctx)
    findings = sort_findings(_unique(notes + run_checks(claim, ctx)))
    for finding in findings:
        _add_wording(finding, ctx)
    return CheckResult(
        payer_id=ctx.payer.id, payer_name=ctx.payer.name,
        date_of_service=encounter.date_of_service.isoformat(), place_of_service=encounter.place_of_service,
        diagnoses=_diagnoses(encounter, ctx), lines=claim.lines,
        charges=[_charge(line, ctx) for line in claim.lines], findings=findings,
        charge_basis=_charge_basis(claim.lines, ctx),
        descriptions=[_description(line.code, ctx) for line in claim.lines])


def _description(code: str, ctx: CheckContext) -> str:
    """What the code is: the HCPCS short descriptor, or the project's own words for a CPT code; ''
    when the app has none (a code known only from the CMS tables)."""
    info = ctx.reference.code(code)
    return (info.short_description or info.description) if info else ""


def _charge_basis(lines: list[ClaimLine], ctx: CheckContext) -> list[str]:
    """Where the charges not billed by hand came from (the default schedule says it is Medicare's)."""
    bases = (ctx.reference.fee_basis(line.code) for line in lines if line.charge_cents is None)
    return list(dict.fromkeys(b for b in bases if b))
