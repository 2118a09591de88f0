"""The drug line: units, NDC, not-otherwise-classified codes, JW/JZ (findings section C)."""

from __future__ import annotations

from app.core.field_names import us_date
from app.core.catalog import DRUG_KINDS, NOC_CODES
from app.core.claim import ClaimLine
from app.core.facts import InjectionFacts
from app.core.findings import FixAction, Finding, make_finding
from app.core.ndc import UNIT_QUALIFIERS, format_ndc, normalize_ndc
from app.core.rules.base import Claim

UNITS_SOURCE = "HCPCS descriptor billing unit, CMS HCPCS 2026 Jan file; units rounded up (reference 3.2)"
NDC_SOURCE = "NUCC 1500 item 24 shaded / 837P loop 2410 LIN-CTP (reference 3.4)"
CROSSWALK_SOURCE = "CMS ASP NDC-HCPCS crosswalk, 2026 Q1"
NOC_SOURCE = "X12 CARC 189; NOC drug billing instructions (reference 3.2)"
WASTE_SOURCE = "CMS Claims Processing Manual 100-04 ch. 17 §40 (JW/JZ), reference 2.8"


def _pairs(claim: Claim, roles=("drug",)):
    """(fact, line) for each drug line that bills an injection's own code."""
    for fact in claim.facts:
        for line in claim.drug_lines_for(fact):
            if line.role in roles and line.code == fact.code:
                yield fact, line


def units_mismatch(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for fact, line in _pairs(claim):
        units = fact.units
        if units is None:
            continue
        if units.units is None:
            findings.append(make_finding("DRUG_UNITS_MISMATCH", f"Units for {fact.code} cannot be worked out: "
                                         f"{units.problem}", "Give the dose in the code's own measure, or the "
                                         "concentration", UNITS_SOURCE, line=line.number))
        elif line.units != units.units:
            findings.append(make_finding(
                "DRUG_UNITS_MISMATCH", f"{fact.code} is billed for {line.units} unit(s), but {units.arithmetic}",
                f"Bill {units.units} unit(s) of {fact.code}", UNITS_SOURCE, line=line.number,
                action=FixAction("set_units", line.number, str(units.units), f"Set units to {units.units}")))
    for fact, line in _pairs(claim, roles=("waste",)):
        if fact.waste_units and line.units != fact.waste_units:
            findings.append(make_finding("DRUG_UNITS_MISMATCH", f"The JW line for {fact.code} bills {line.units} "
                                         f"unit(s); the discarded amount is {fact.waste_units} unit(s)",
                                         f"Bill {fact.waste_units} unit(s) on the JW line", UNITS_SOURCE,
                                         line=line.number, action=FixAction("set_units", line.number,
                                                                            str(fact.waste_units), "Set units")))
    return findings


def _hcpcs_drug_lines(claim: Claim, ctx) -> list[ClaimLine]:
    lines = []
    for line in claim.by_role("drug", "waste"):
        info = ctx.reference.code(line.code)
        if info is not None and info.kind in DRUG_KINDS:
            lines.append(line)
    return lines


def _pad_action(line: ClaimLine, ctx) -> FixAction | None:
    digits = "".join(c for c in (line.ndc or "") if c.isdigit())
    if len(digits) != 10:
        return None
    candidates = {digits[:4].zfill(5) + digits[4:], digits[:5] + "0" + digits[5:], digits[:9] + "0" + digits[9:]}
    known = sorted(c for c in candidates if ctx.reference.codes_for_ndc(c))
    if len(known) != 1:
        return None
    return FixAction("pad_ndc", line.number, known[0], f"Use NDC {format_ndc(known[0])}")


def ndc_problems(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for line in _hcpcs_drug_lines(claim, ctx):
        if not line.ndc:
            if ctx.settings.ndc_required:
                findings.append(make_finding("NDC_MISSING", f"{ctx.payer.name} requires the NDC on drug lines; line "
                                             f"{line.number} ({line.code}) has none", "Enter the 11-digit NDC from the "
                                             "vial or carton, with the quantity and unit given", NDC_SOURCE + "; payer "
                                             "setting ndc_required", line=line.number))
            continue
        problem = _ndc_problem(line)
        if problem:
            findings.append(make_finding("NDC_INVALID", f"Line {line.number} ({line.code}): {problem}",
                                         "Enter the NDC as printed (4-4-2, 5-3-2 or 5-4-1 with hyphens) and the "
                                         "quantity with its unit (ML, UN, GR, F2, ME)", NDC_SOURCE,
                                         line=line.number, action=_pad_action(line, ctx)))
    return findings


def _ndc_problem(line: ClaimLine) -> str | None:
    if normalize_ndc(line.ndc) is None:
        return f"NDC {line.ndc!r} cannot be turned into the 11-digit 5-4-2 form"
    if line.ndc_quantity is None or line.ndc_quantity <= 0:
        return "the NDC quantity is missing"
    if (line.ndc_unit or "").upper() not in UNIT_QUALIFIERS:
        return f"the NDC unit {line.ndc_unit!r} is not one of ML, UN, GR, F2, ME"
    return None


def ndc_not_for_code(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for line in claim.by_role("drug", "waste"):
        ndc11 = normalize_ndc(line.ndc)
        if ndc11 is None or line.code in NOC_CODES or not line.code.strip():
            continue
        listed_under = ctx.reference.codes_for_ndc(ndc11)
        if listed_under and line.code not in listed_under:
            why = f"the crosswalk lists NDC {format_ndc(ndc11)} under {', '.join(sorted(listed_under))}"
        elif not listed_under and ctx.reference.ndcs_for_code(line.code):
            why = f"the crosswalk lists NDCs for {line.code}, and {format_ndc(ndc11)} is not one of them"
        else:
            continue
        findings.append(make_finding("NDC_NOT_FOR_CODE", f"Line {line.number} ({line.code}): {why}",
                                     "Check the NDC on the vial against the HCPCS code", CROSSWALK_SOURCE,
                                     line=line.number))
    return findings


def _noc_specific_codes(fact: InjectionFacts | None, line: ClaimLine, ctx) -> list[str]:
    ndc11 = normalize_ndc(line.ndc) or (fact.ndc11 if fact else None)
    codes = sorted(c for c in ctx.reference.codes_for_ndc(ndc11) if c not in NOC_CODES) if ndc11 else []
    name = fact.injection.drug.name if fact else None
    return codes or ([c for c in ctx.reference.codes_for_drug_name(name) if c not in NOC_CODES] if name else [])


def noc_codes(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for line in claim.by_role("drug", "waste"):
        if line.code not in NOC_CODES:
            continue
        fact = claim.fact(line.injection) or next((f for f in claim.facts if f.code == line.code), None)
        name = fact.injection.drug.name if fact else None
        missing = [w for w, v in (("drug name", name and name.strip()), ("NDC", line.ndc)) if not v]
        if missing:
            findings.append(make_finding("NOC_DESCRIPTION_MISSING", f"{line.code} on line {line.number} is missing "
                                         f"the {' and the '.join(missing)}", "Give the drug name, NDC and dose "
                                         "(box 19 / loop 2400 NTE)", NOC_SOURCE, line=line.number))
        specific = _noc_specific_codes(fact, line, ctx)
        if specific:
            findings.append(make_finding("NOC_CODE_SPECIFIC_EXISTS", f"{line.code} is billed for a drug that has its "
                                         f"own code: {', '.join(specific[:3])}", f"Bill {specific[0]} instead",
                                         NOC_SOURCE, line=line.number,
                                         action=FixAction("replace_code", line.number, specific[0],
                                                          f"Use {specific[0]}")))
    return findings


def _waste_lines_for(claim: Claim, fact: InjectionFacts) -> list[ClaimLine]:
    return [line for line in claim.drug_lines_for(fact) if line.has_modifier("JW")]


def waste_missing(claim: Claim, ctx) -> list[Finding]:
    if not ctx.settings.waste_modifiers_required(claim.encounter.date_of_service):
        return []
    findings = []
    for fact, line in _pairs(claim):
        if not fact.single_dose or fact.kind not in DRUG_KINDS or line.has_modifier("JW", "JZ"):
            continue
        if _waste_lines_for(claim, fact):
            continue
        action = None if fact.waste_units else FixAction("add_modifier", line.number, "JZ", "Add JZ")
        fix = (f"Add a JW line for the {fact.waste_units} discarded unit(s)" if fact.waste_units
               else "Add JZ (nothing was discarded)")
        findings.append(make_finding("WASTE_MODIFIER_MISSING", f"{fact.code} comes from a single-dose container and "
                                     f"{ctx.payer.name} requires JW or JZ from "
                                     f"{us_date(ctx.settings.waste_modifiers_required_from)}; line {line.number} has neither",
                                     fix, WASTE_SOURCE, line=line.number, action=action))
    return findings


def _invalid_waste(line: ClaimLine, why: str, modifier: str) -> Finding:
    return make_finding("WASTE_MODIFIER_INVALID", f"Line {line.number} ({line.code}): {why}",
                        f"Remove {modifier} from line {line.number}", WASTE_SOURCE, line=line.number,
                        action=FixAction("remove_modifier", line.number, modifier, f"Remove {modifier}"))


def waste_invalid(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for line in claim.by_role("admin", "visit", "procedure"):
        for m in ("JW", "JZ"):
            if line.has_modifier(m):
                findings.append(_invalid_waste(line, f"{m} belongs on the drug line, never on {line.code}", m))
    for fact in claim.facts:
        for line in claim.drug_lines_for(fact):
            findings += _invalid_on_drug(fact, line)
    return findings


def _invalid_on_drug(fact: InjectionFacts, line: ClaimLine) -> list[Finding]:
    used = [m for m in ("JW", "JZ") if line.has_modifier(m)]
    if used and not fact.single_dose:
        return [_invalid_waste(line, f"{used[0]} is for single-dose containers; this drug is from a multi-dose "
                               "container", used[0])]
    if "JZ" in used and fact.waste_units:
        return [_invalid_waste(line, f"JZ says nothing was discarded, but {fact.waste_units} unit(s) were", "JZ")]
    if "JW" in used and not fact.waste_units:
        return [_invalid_waste(line, "JW bills a discarded amount, and none was recorded beyond what the billed "
                               "units cover", "JW")]
    return []


CHECKS = (units_mismatch, ndc_problems, ndc_not_for_code, noc_codes, waste_missing, waste_invalid)
