"""Facts → claim lines, as a careful coder would bill them (spec/encounter.md "From facts to lines").

The builder never changes a drug's code, drops a line, caps units or changes the place of
service: those are the biller's decisions, and the findings explain them.
"""

from __future__ import annotations

from decimal import Decimal

from app.core.catalog import DRUG_KINDS
from app.core.claim import ClaimLine
from app.core.coverage import not_a_benefit_rule, not_covered_rule, pointed_diagnoses
from app.core.encounter import BilledLine, Encounter
from app.core.facts import CheckContext, InjectionFacts
from app.core.findings import FixAction, Finding, make_finding
from app.core.ndc import UNIT_QUALIFIERS, normalize_ndc
from app.core.vaccines import vaccine_admin_code, vaccine_group

ONE = Decimal(1)
NCCI_SOURCE = "CMS NCCI PTP practitioner edits 2024 Q3; CMS Claims Processing Manual 100-04 ch. 12 §30.6.7"
DISTINCT_SOURCE = ("CMS NCCI PTP practitioner edits 2024 Q3 (modifier indicator 1); CMS MLN \"Proper use of modifiers "
                   "59, XE, XP, XS, XU\"; payer setting distinct_service_modifier (reference 2.3)")
NCCI_OPENERS = ("59", "XE", "XS", "XP", "XU")


def merged_pointers(facts: list[InjectionFacts]) -> list[int]:
    pointers: list[int] = []
    for fact in facts:
        pointers += [p for p in fact.injection.diagnosis_pointers if p not in pointers]
    return pointers[:4]


def _admin_line(code: str, facts: list[InjectionFacts], units: int | None = None, modifiers=()) -> ClaimLine:
    return ClaimLine(code=code, units=Decimal(units if units is not None else len(facts)),
                     diagnosis_pointers=merged_pointers(facts), modifiers=list(modifiers), role="admin",
                     injection=facts[0].index if len(facts) == 1 else None,
                     injections=[f.index for f in facts])


def _first_then_more(first: str, more: str, facts: list[InjectionFacts]) -> list[ClaimLine]:
    lines = [_admin_line(first, facts[:1], 1)] if facts else []
    if len(facts) > 1:
        lines.append(_admin_line(more, facts[1:]))
    return lines


def _injection_lines(facts: list[InjectionFacts], ctx: CheckContext) -> list[ClaimLine]:
    multiple = ctx.settings.multiple_injections
    if not facts:
        return []
    if multiple.get("style") == "separate_lines":
        modifier = multiple.get("modifier") or "59"
        return [_admin_line("96372", [f], 1, [] if i == 0 else [modifier]) for i, f in enumerate(facts)]
    return [_admin_line("96372", facts)]


def _vaccine_lines(facts: list[InjectionFacts], ctx: CheckContext, date_of_service) -> list[ClaimLine]:
    """Each vaccine's own code (90480 for COVID-19, Medicare's G-codes), 90471/90472 for the rest."""
    lines, rest = [], []
    for fact in facts:
        code = vaccine_admin_code(vaccine_group(fact.code, fact.info), ctx.settings, date_of_service)
        if code == "90471":
            rest.append(fact)
        else:
            lines.append(_admin_line(code, [fact], 1))
    return lines + _first_then_more("90471", "90472", rest)


def _by_family(facts: list[InjectionFacts]) -> dict[str, list[InjectionFacts]]:
    families: dict[str, list[InjectionFacts]] = {}
    for fact in facts:
        family = fact.expected_admin()
        if family:
            families.setdefault(family, []).append(fact)
    return families


def admin_lines(facts: list[InjectionFacts], ctx: CheckContext, date_of_service) -> list[ClaimLine]:
    fam = _by_family(facts)
    lines = _injection_lines(fam.get("96372", []), ctx) + _vaccine_lines(fam.get("vaccine", []), ctx, date_of_service)
    if fam.get("allergen"):
        lines.append(_admin_line("95115" if len(fam["allergen"]) == 1 else "95117", fam["allergen"], 1))
    for code in ("96401", "96402", "96373"):
        if fam.get(code):
            lines.append(_admin_line(code, fam[code]))
    lines += _first_then_more("96374", "96375", fam.get("96374", []))
    lines += _first_then_more("96365", "96367", fam.get("96365", []))
    return lines


def _coverage_modifiers(encounter: Encounter, fact: InjectionFacts, ctx: CheckContext) -> list[str]:
    diagnoses = pointed_diagnoses(encounter, fact.injection.diagnosis_pointers)
    rule = not_a_benefit_rule(ctx.payer, fact.code, diagnoses)
    if rule and rule.get("bill_plan"):
        return []  # another plan pays (Part D vaccines): the line is not this payer's to deny
    if rule:
        return [rule.get("modifier") or "GY"]
    if ctx.payer.kind == "medicare" and encounter.abn_on_file and not_covered_rule(ctx.payer, fact.code, diagnoses):
        return ["GA"]
    return []


def _ndc_quantity_for(fact: InjectionFacts, part: Decimal) -> Decimal | None:
    """NDC quantity for `part` of the dose (the discarded amount), in proportion to the dose."""
    quantity = fact.injection.drug.ndc_quantity
    if quantity is None:
        return None
    return (quantity * part / fact.injection.dose.amount).quantize(Decimal("0.001")).normalize()


def drug_lines(encounter: Encounter, fact: InjectionFacts, ctx: CheckContext) -> list[ClaimLine]:
    drug = fact.injection.drug
    units = fact.units.units if fact.units and fact.units.units else 1
    extra = _coverage_modifiers(encounter, fact, ctx)
    wants_waste = (fact.kind in DRUG_KINDS and fact.single_dose
                   and ctx.settings.waste_modifiers_required(encounter.date_of_service))
    line = ClaimLine(code=fact.code, units=Decimal(units), role="drug", injection=fact.index,
                     diagnosis_pointers=list(fact.injection.diagnosis_pointers),
                     modifiers=(["JZ"] if wants_waste and not fact.waste_units else []) + extra,
                     ndc=fact.ndc11 or drug.ndc, ndc_quantity=drug.ndc_quantity, ndc_unit=_qualifier(drug.ndc_unit))
    if not (wants_waste and fact.waste_units):
        return [line]
    waste = ClaimLine(code=fact.code, units=Decimal(fact.waste_units), role="waste", injection=fact.index,
                      diagnosis_pointers=list(line.diagnosis_pointers), modifiers=["JW"] + extra,
                      ndc=line.ndc, ndc_quantity=_ndc_quantity_for(fact, fact.injection.discarded.amount),
                      ndc_unit=line.ndc_unit)
    return [line, waste]


def _qualifier(unit: str | None) -> str | None:
    """NDC unit qualifiers go out in capitals ('ml' → 'ML'); anything else as typed, for the check to name."""
    return unit.strip().upper() if unit and unit.strip().upper() in UNIT_QUALIFIERS else unit


def _never_with(visit_code: str, lines: list[ClaimLine], ctx: CheckContext) -> str | None:
    """The code on the claim that the visit may never be billed with (an NCCI pair no modifier opens)."""
    codes = {line.code for line in lines}
    for rule in ctx.payer.rules:
        if rule.kind == "bundled_pair" and rule.enabled and not rule["modifier_opens"]:
            pair = {rule["column1"], rule["column2"]}
            if visit_code in pair and (pair - {visit_code}) & codes:
                return next(iter(pair - {visit_code}))
    return None


def _visit_lines(encounter: Encounter, others: list[ClaimLine], ctx: CheckContext
                 ) -> tuple[list[ClaimLine], list[Finding]]:
    visit = encounter.visit
    if visit is None:
        return [], []
    never = _never_with(visit.code.strip(), others, ctx) if not visit.separately_identifiable else None
    if never:
        return [], [make_finding(
            "VISIT_NOT_BILLED",
            f"The {visit.code} visit is left off the claim: it is never paid on the same day as {never}",
            f"Nothing to do: {visit.code} is not billed with {never}", NCCI_SOURCE, severity="info")]
    if not visit.separately_identifiable:
        note = make_finding(
            "VISIT_NOT_BILLED",
            f"The {visit.code} visit is left off the claim: it was not marked significant and separately "
            f"identifiable, so it counts as part of the injection service and is not paid",
            "Bill the visit with modifier 25 only if the provider did and documented an evaluation beyond "
            "the injection (a problem assessed, a plan made); a nurse visit just for the shot is not billed",
            NCCI_SOURCE, action=FixAction("bill_visit", label="Bill the visit with 25"))
        return [], [note]
    line = ClaimLine(code=visit.code.strip(), units=ONE, role="visit",
                     diagnosis_pointers=list(visit.diagnosis_pointers),
                     modifiers=["25"] if others else [])
    return [line], []


def build_lines(encounter: Encounter, facts: list[InjectionFacts], ctx: CheckContext):
    """The claim lines for the encounter's facts, and the advice the builder has about them."""
    procedures = [ClaimLine(code=p.code.strip(), units=p.units, diagnosis_pointers=list(p.diagnosis_pointers),
                            modifiers=list(p.modifiers), role="procedure") for p in encounter.procedures]
    admins = admin_lines(facts, ctx, encounter.date_of_service)
    visit, notes = _visit_lines(encounter, admins + procedures, ctx)
    drugs = [line for f in facts if f.billable_drug for line in drug_lines(encounter, f, ctx)]
    lines = number_lines(visit + procedures + admins + drugs)
    return lines, notes + add_distinct_modifiers(lines, facts, ctx)


def _injections_of(line: ClaimLine, facts: list[InjectionFacts]) -> set[tuple[str, str, str]]:
    """(drug, route, site) of each injection the line bills."""
    return {(f.code, f.route, (f.injection.site or "").strip().lower()) for f in facts if f.index in line.injections}


def _separate(first: ClaimLine, second: ClaimLine, facts: list[InjectionFacts]) -> bool:
    """Do the facts show `second` bills another drug, route or site than `first`? A procedure's own
    injection is part of the procedure, so an injection recorded on its own is a separate one."""
    given = _injections_of(second, facts)
    if not given:
        return False
    if first.role == "procedure":
        return True
    other = _injections_of(first, facts)
    return bool(other) and not given & other


def distinct_modifier(ctx: CheckContext, first: ClaimLine) -> str:
    """The payer's distinct-service modifier against `first`: 59, or XS beside a procedure (another site)
    and XU beside another administration (another service)."""
    if ctx.settings.distinct_service_modifier != "X":
        return "59"
    return "XS" if first.role == "procedure" else "XU"


def add_distinct_modifiers(lines: list[ClaimLine], facts: list[InjectionFacts], ctx: CheckContext) -> list[Finding]:
    """Open each NCCI pair that allows a modifier (indicator 1) when the facts show a separate injection,
    so the built claim does not trip its own edit; say so."""
    notes = []
    for rule in ctx.payer.rules:
        if rule.kind != "bundled_pair" or not rule["modifier_opens"]:
            continue
        firsts = [line for line in lines if line.code == rule["column1"]]
        for line in (ln for ln in lines if ln.code == rule["column2"] and ln.role == "admin"):
            first = next((f for f in firsts if _separate(f, line, facts)), None)
            if first is None or line.has_modifier(*NCCI_OPENERS):
                continue
            modifier = distinct_modifier(ctx, first)
            line.modifiers.append(modifier)
            notes.append(make_finding(
                "DISTINCT_MODIFIER_ADDED", f"{line.code} on line {line.number} is billed with {modifier}: it pairs "
                f"with {first.code} (line {first.number}) in an NCCI edit that a modifier opens, and the record "
                "shows a separate injection (another drug, route or site)",
                f"Keep {modifier} only if the chart documents the separate injection; otherwise remove line "
                f"{line.number}", DISTINCT_SOURCE, line=line.number))
    return notes


def number_lines(lines: list[ClaimLine]) -> list[ClaimLine]:
    for n, line in enumerate(lines, start=1):
        line.number = n
    return lines


def billed_lines(billed: list[BilledLine], role_of) -> list[ClaimLine]:
    """The biller's own lines, with each line's role worked out from its code."""
    lines = []
    for b in billed:
        code = b.code.strip().upper()
        lines.append(ClaimLine(
            code=code, units=b.units, diagnosis_pointers=list(b.diagnosis_pointers),
            modifiers=[m.strip().upper() for m in b.modifiers], role=role_of(code, b), injection=b.injection,
            injections=[b.injection] if b.injection else [],
            ndc=normalize_ndc(b.ndc) or b.ndc, ndc_quantity=b.ndc_quantity, ndc_unit=_qualifier(b.ndc_unit),
            charge_cents=None if b.charge is None else int(b.charge * 100)))
    return number_lines(lines)
