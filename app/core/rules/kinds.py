"""Payer rules are data; each rule kind is one function here, (claim, ctx, rule) -> findings.

A rule's own `source` is quoted on every finding it raises, and its `severity` and `note`
(when the payer's pack sets them) override the finding's defaults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from app.core.builder import distinct_modifier
from app.core.field_names import us_date
from app.core.catalog import VISIT_CODES
from app.core.claim import ClaimLine
from app.core.coverage import any_match, pointed_diagnoses
from app.core.findings import FixAction, Finding, make_finding
from app.core.payer import Rule
from app.core.rules.base import Claim

NCCI_OPENERS = ("59", "XE", "XS", "XP", "XU")


def _saved_same_day(ctx, code: str, dos) -> list[tuple[int, object]]:
    """(encounter id, units) of the patient's saved claims with `code` on the date of service."""
    return [(s.encounter_id, s.units_of(code)) for s in ctx.history
            if s.date_of_service == dos and s.units_of(code) > 0]


def _units_finding(rule: Rule, ctx, group: list[ClaimLine], saved: list[tuple[int, object]]) -> Finding:
    total = sum(line.units for line in group) + sum(units for _, units in saved)
    limit = rule["max"]
    where = f"line {group[0].number}" if len(group) == 1 else f"{len(group)} lines"
    if saved:
        others = ", ".join(f"saved encounter #{eid} ({units} unit(s))" for eid, units in saved)
        where += f" and on {others} for the same patient and date ({total} in all)"
    return make_finding(
        "DRUG_UNITS_OVER_MAX" if group[0].role in ("drug", "waste") else "ADMIN_UNITS_OVER_MAX",
        f"{rule['code']} is billed for {sum(line.units for line in group)} units on {where}; {ctx.payer.name} allows "
        f"at most {limit} per {rule['per'] if rule['per'] == 'line' else 'date of service'}",
        "Check the units; if the dose was truly given, bill up to the limit and appeal the rest with records"
        + (" (the saved claims count toward the same day's limit)" if saved else ""),
        rule.source, line=group[0].number)


def max_units(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    """Units over the limit on a line (MAI 1), or on the date of service (MAI 2/3), counting the
    patient's saved claims for that date."""
    lines = claim.with_code(rule["code"])
    if rule["per"] == "line":
        groups, saved = [[line] for line in lines], []
    else:
        groups = [lines] if lines else []
        saved = _saved_same_day(ctx, rule["code"], claim.encounter.date_of_service) if lines else []
    return [_units_finding(rule, ctx, group, saved) for group in groups
            if sum(line.units for line in group) + sum(units for _, units in saved) > rule["max"]]


def _openers_for(line: ClaimLine) -> tuple[str, ...]:
    return ("25",) if line.code in VISIT_CODES else NCCI_OPENERS


def bundled_pair(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    first, second = claim.with_code(rule["column1"]), claim.with_code(rule["column2"])
    if not first or not second:
        return []
    visit = next((line for line in first + second if line.code in VISIT_CODES), None)
    other = rule["column1"] if visit is None or visit.code == rule["column2"] else rule["column2"]
    opens = rule["modifier_opens"]
    if visit is not None:
        if opens and visit.has_modifier("25"):
            return []
        return [_visit_pair_finding(visit, other, opens, rule)]
    at_risk = [line for line in second if not (opens and line.has_modifier(*NCCI_OPENERS))]
    return [make_finding(
        "BUNDLED_WITH_PROCEDURE",
        f"{line.code} on line {line.number} is bundled into {rule['column1']} the same day"
        + (" and no modifier opens the pair" if not opens else " and has no distinct-service modifier"),
        (f"Add 59 or XS/XU only if {line.code} was a separate injection (different drug or site)" if opens
         else f"Do not bill {line.code} with {rule['column1']}"),
        rule.source, line=line.number,
        action=_open_action(ctx, first[0], line) if opens else None)
        for line in at_risk]


def _open_action(ctx, first: ClaimLine, line: ClaimLine) -> FixAction:
    modifier = distinct_modifier(ctx, first)
    return FixAction("add_modifier", line.number, modifier, f"Add {modifier}")


def _visit_pair_finding(visit: ClaimLine, other: str, opens: bool, rule: Rule) -> Finding:
    if opens:
        return make_finding(
            "VISIT_MODIFIER_25_MISSING",
            f"{visit.code} is billed on the same day as {other} without modifier 25",
            f"Add modifier 25 to line {visit.number} if the visit was significant and separately identifiable",
            f"{rule.source} ({rule['column1']}/{rule['column2']}, modifier indicator 1)", line=visit.number,
            action=FixAction("add_modifier", visit.number, "25", "Add 25 to the visit"))
    return make_finding(
        "VISIT_NOT_PAYABLE_WITH_INJECTION",
        f"{visit.code} is not payable on the same day as {other}, with or without modifier 25",
        f"Remove {visit.code} (line {visit.number}); the injection service includes it",
        f"{rule.source} ({rule['column1']}/{rule['column2']}, modifier indicator 0); CMS 100-04 ch. 12 §30.6.7",
        line=visit.number, action=FixAction("remove_line", visit.number, None, f"Remove {visit.code}"))


def _billed_drugs(claim: Claim, code: str):
    """(line, diagnoses) for each line billing `code`, judged on the injection's own pointers."""
    for line in claim.by_role("drug"):
        if line.code == code:
            fact = claim.fact(line.injection)
            pointers = fact.injection.diagnosis_pointers if fact else line.diagnosis_pointers
            yield line, pointed_diagnoses(claim.encounter, pointers)


def covered_diagnoses(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    findings = []
    abn = claim.encounter.abn_on_file
    for line, diagnoses in _billed_drugs(claim, rule["code"]):
        if any_match(diagnoses, rule["diagnoses"]):
            continue
        liable = abn and line.has_modifier("GA")
        findings.append(make_finding(
            "DIAGNOSIS_NOT_COVERED",
            f"None of the diagnoses on line {line.number} ({', '.join(diagnoses) or 'none'}) is on {ctx.payer.name}'s "
            f"covered list for {rule['code']}", "Point the line at the covered diagnosis the chart supports"
            + (", or get a signed ABN and bill with GA" if ctx.payer.kind == "medicare" and not liable else ""),
            rule.source, line=line.number, severity="warning" if liable else None))
        if ctx.payer.kind == "medicare":
            findings.append(_abn_advice(line, abn, rule))
    return findings


def _abn_advice(line: ClaimLine, abn: bool, rule: Rule) -> Finding:
    if abn:
        return make_finding("ABN_MODIFIER", f"A signed ABN is on file: line {line.number} goes out with GA, and the "
                            "patient is liable if Medicare denies it", "Keep the signed CMS-R-131 with the chart",
                            "CMS ABN (CMS-R-131) instructions; modifier GA (reference 2.10)", line=line.number,
                            carc="PR-50")
    return make_finding("ABN_MODIFIER", f"Medicare is expected to deny line {line.number} as not medically necessary "
                        "and no signed ABN is on file: the practice is liable (GZ)", "Next time, have the patient sign "
                        "an ABN (CMS-R-131) before the service", "CMS ABN instructions; modifier GZ (reference 2.10)",
                        line=line.number, carc="CO-50")


def _lines_or_facts(claim: Claim, code: str) -> list[int | None]:
    lines = [line.number for line in claim.lines if line.code == code and line.role != "waste"]
    if lines:
        return lines
    return [None] if any(f.code == code for f in claim.facts) else []


def prior_authorization(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    if (claim.encounter.prior_authorization or "").strip():
        return []
    return [make_finding("PRIOR_AUTH_MISSING", f"{ctx.payer.name} requires prior authorization for {rule['code']}, "
                         "and none is given", "Enter the authorization number (box 23), or get one before the "
                         "claim goes out", rule.source, line=line)
            for line in _lines_or_facts(claim, rule["code"])[:1]]


def min_interval(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    code, days, dos = rule["code"], rule["days"], claim.encounter.date_of_service
    if not _lines_or_facts(claim, code):
        return []
    earlier = [s for s in ctx.history if code in s.codes and s.date_of_service < dos
               and (dos - s.date_of_service).days < days]
    if not earlier:
        return []
    last = max(earlier, key=lambda s: s.date_of_service)
    line = _lines_or_facts(claim, code)[0]
    return [make_finding("FREQUENCY_TOO_SOON", f"{code} was given on {us_date(last.date_of_service)} (saved encounter "
                         f"#{last.encounter_id}), {(dos - last.date_of_service).days} days before {us_date(dos)}; "
                         f"{ctx.payer.name} pays it at most every {days} days",
                         f"Wait until {us_date(last.date_of_service + timedelta(days=days))} "
                         "or document why it was needed sooner", rule.source, line=line)]


def successors(code: str, reference) -> set[str]:
    """`code` and every code that replaced it (J0135 → J0139): a replaced code's rule follows its successor."""
    found, current = {code}, code
    while (info := reference.code(current)) is not None and info.replacement and info.replacement not in found:
        current = info.replacement
        found.add(current)
    return found


def self_administered(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    routes = rule.get("routes")
    own = {r["code"] for r in ctx.payer.rules if r.kind == "self_administered" and r is not rule}
    codes = {rule["code"]} | (successors(rule["code"], ctx.reference) - own)
    findings = []
    for fact in (f for f in claim.facts if f.code in codes and (not routes or f.route in routes)):
        line = next((ln.number for ln in claim.drug_lines_for(fact)), None)
        named = rule["code"] if fact.code == rule["code"] else f"{fact.code} (which replaced {rule['code']})"
        findings.append(make_finding(
            "SELF_ADMINISTERED_DRUG", f"{ctx.payer.name} excludes {named} as a drug patients usually give themselves",
            "Expect a denial; bill the patient's drug plan (Part D) instead, or document why it had to be given "
            "in the office", rule.source, line=line))
    return findings[:1]


def _part_d_finding(rule: Rule, ctx, fact, line, diagnoses: list[str]) -> Finding:
    return make_finding(
        "NOT_A_BENEFIT", f"{rule['code']} ({', '.join(diagnoses)}) is not a {ctx.payer.name} benefit: it is covered by "
        f"{rule['bill_plan']}", f"Do not bill {ctx.payer.name} for injection {fact.index}: bill {rule['bill_plan']} "
        "for the vaccine and its administration (an out-of-network claim or the plan's e-claim service)",
        rule.source, line=line.number if line else None)


def not_a_benefit(claim: Claim, ctx, rule: Rule) -> list[Finding]:
    findings = []
    modifier = rule.get("modifier") or "GY"
    for fact in claim.facts:
        if fact.code != rule["code"]:
            continue
        diagnoses = pointed_diagnoses(claim.encounter, fact.injection.diagnosis_pointers)
        if rule.get("diagnoses") and not any_match(diagnoses, rule["diagnoses"]):
            continue
        line = next((ln for ln in claim.drug_lines_for(fact)), None)
        if rule.get("bill_plan"):
            findings.append(_part_d_finding(rule, ctx, fact, line, diagnoses))
            continue
        has = line is not None and line.has_modifier(modifier)
        findings.append(make_finding(
            "NOT_A_BENEFIT", f"{rule['code']} for {', '.join(diagnoses)} is not a {ctx.payer.name} benefit; the patient "
            "pays", f"Bill with {modifier} so the denial goes to the patient" if not has else
            f"The line carries {modifier}: expect the denial, then bill the patient", rule.source,
            line=line.number if line else None,
            action=None if has or line is None else FixAction("add_modifier", line.number, modifier, f"Add {modifier}")))
    return findings


KINDS = {
    "max_units": max_units, "bundled_pair": bundled_pair, "covered_diagnoses": covered_diagnoses,
    "prior_authorization": prior_authorization, "min_interval": min_interval,
    "self_administered": self_administered, "not_a_benefit": not_a_benefit,
}


def _as_ruled(finding: Finding, rule: Rule) -> Finding:
    if rule.severity and finding.code not in ("ABN_MODIFIER",):
        finding = replace(finding, severity=rule.severity)
    return replace(finding, note=rule.note) if rule.note else finding


def evaluate_rules(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for rule in ctx.payer.rules:
        evaluate = KINDS.get(rule.kind)
        if evaluate is not None:
            findings += [_as_ruled(f, rule) for f in evaluate(claim, ctx, rule)]
    return findings
