"""The administration code: is 96372 the right code for each injection, for how many units,
and does each one have its drug line (findings section B)."""

from __future__ import annotations

from datetime import date

from app.core.field_names import us_date
from app.core.claim import ClaimLine
from app.core.facts import ROUTE_WORDS, InjectionFacts
from app.core.findings import FixAction, Finding, make_finding
from app.core.rules.base import Claim
from app.core.vaccines import COVID_ADMIN, COVID_SOURCE, accepted_admin_codes, vaccine_admin_code, vaccine_group

CPT_96372 = "CPT 96372 guidance (SC/IM injection of a drug; paraphrased), reference 1.1"
WRONG_ADMIN = {
    "vaccine": ("VACCINE_ADMIN_CODE", "a vaccine or toxoid", "CPT immunization administration guidance; "
                "NCCI Policy Manual ch. XI (Medicare: G0008/G0009/G0010), reference 1.1.7"),
    "allergen": ("ALLERGEN_ADMIN_CODE", "allergen immunotherapy", "CPT allergen immunotherapy guidance "
                 "(95115/95117), reference 1.1.6"),
    "96401": ("CHEMO_ADMIN_CODE", "a non-hormonal anti-neoplastic", "CPT chemotherapy administration guidance; "
              "Noridian article A52953, reference 1.1.8"),
    "96402": ("CHEMO_ADMIN_CODE", "a hormonal anti-neoplastic", "CPT chemotherapy administration guidance; "
              "Noridian article A52953, reference 1.1.8"),
}
OTHER_ROUTE_SOURCE = "CPT drug administration guidance (96373, 96374/96375, 96365), reference 1.1.9–1.1.10"
# Injections with no drug-administration code of their own: what is billed instead (reference 1.1.10, 1.1.13)
ROUTE_ADVICE = {
    "INTRALESIONAL": ("Bill the intralesional injection as 11900 (up to 7 lesions) or 11901 (more than 7 lesions), "
                      "with the drug on its own line"),
    "ID": ("Bill the intradermal service by its own code (tuberculosis skin test 86580, intradermal allergy tests "
           "95024/95027); only when none fits, the unlisted 96379"),
}
ROUTE_CODES = {"INTRALESIONAL": {"11900", "11901"}, "ID": {"86580", "95024", "95027", "96379"}}
ROUTE_ADVICE_SOURCE = ("CPT 11900/11901 (intralesional injection, up to 7 / more than 7 lesions) and the intradermal "
                       "test codes 86580, 95024, 95027; reference 1.1.10, 1.1.13")


def injections_on_96372(claim: Claim) -> list[tuple[InjectionFacts, ClaimLine]]:
    """Which injection each 96372 unit bills: lines that name their injections first, the rest
    shared out in order, the SC/IM drug injections before the others."""
    pairs, untied = [], []
    for line in claim.with_code("96372"):
        tied = [claim.fact(i) for i in (line.injections or ([line.injection] if line.injection else []))]
        pairs += [(f, line) for f in tied if f]
        if not line.injections and not line.injection:
            untied.append(line)
    covered = {f.index for f, _ in pairs}
    waiting = [f for f in claim.facts if f.index not in covered]
    waiting = [f for f in waiting if f.is_96372] + [f for f in waiting if not f.is_96372]
    for line in untied:
        for _ in range(int(line.units)):
            if waiting:
                pairs.append((waiting.pop(0), line))
    return pairs


def right_admin_code(fact: InjectionFacts, ctx, on: date) -> str:
    """The administration code the injection takes on the date of service `on`."""
    family = fact.expected_admin()
    if family == "vaccine":
        return vaccine_admin_code(vaccine_group(fact.code, fact.info), ctx.settings, on)
    if family == "allergen":
        return "95115"
    return family or "96379"


def _wrong_admin(fact: InjectionFacts, line: ClaimLine, ctx, on: date) -> Finding:
    right = right_admin_code(fact, ctx, on)
    action = FixAction("replace_code", line.number, right, f"Change 96372 to {right}") if line.units == 1 else None
    family = fact.expected_admin()
    if family in WRONG_ADMIN:
        code, what, source = WRONG_ADMIN[family]
        return make_finding(code, f"Injection {fact.index} ({fact.code}) is {what}; 96372 is not its administration "
                            f"code", f"Bill {right} instead of 96372 on line {line.number}", source,
                            line=line.number, action=action)
    route = ROUTE_WORDS.get(fact.route, fact.route)
    if fact.route in ROUTE_ADVICE:
        return make_finding("ROUTE_NOT_SC_IM", f"Injection {fact.index} ({fact.code}) was given {route}; 96372 covers "
                            "subcutaneous and intramuscular injections only",
                            f"{ROUTE_ADVICE[fact.route]}, not 96372 (line {line.number})", ROUTE_ADVICE_SOURCE,
                            line=line.number)
    return make_finding("ROUTE_NOT_SC_IM", f"Injection {fact.index} ({fact.code}) was given {route}; 96372 covers "
                        f"subcutaneous and intramuscular injections only",
                        f"Bill {right} for the {route} administration", OTHER_ROUTE_SOURCE,
                        line=line.number, action=action if fact.expected_admin() else None)


def wrong_admin_codes(claim: Claim, ctx) -> list[Finding]:
    on = claim.encounter.date_of_service
    return [_wrong_admin(f, line, ctx, on) for f, line in injections_on_96372(claim) if not f.is_96372]


VACCINE_ADMIN = ("90460", "90461", "90471", "90472", "90480", "G0008", "G0009", "G0010")


def _vaccine_admin_lines(claim: Claim, fact: InjectionFacts) -> list[ClaimLine]:
    lines = [line for line in claim.with_code(*VACCINE_ADMIN)]
    tied = [line for line in lines if fact.index in line.injections or line.injection == fact.index]
    vaccines = [f for f in claim.facts if f.kind == "vaccine"]
    return tied or (lines if len(vaccines) == 1 and len(lines) == 1 else [])


def wrong_vaccine_admin(claim: Claim, ctx) -> list[Finding]:
    """90480 for COVID-19 (every payer, from 2023-09-11); Medicare's G-codes for flu, pneumococcal and
    hepatitis B; 90471/90472 for the rest and other payers."""
    findings = []
    for fact in (f for f in claim.facts if f.kind == "vaccine"):
        right = right_admin_code(fact, ctx, claim.encounter.date_of_service)
        accepted = accepted_admin_codes(right)
        for line in _vaccine_admin_lines(claim, fact):
            if line.code in accepted:
                continue
            source = COVID_SOURCE if COVID_ADMIN in (right, line.code) else WRONG_ADMIN["vaccine"][2]
            findings.append(make_finding(
                "VACCINE_ADMIN_CODE", f"Injection {fact.index} ({fact.code}) is administered with {line.code}, but "
                f"{ctx.payer.name} wants {'/'.join(accepted[2:]) if right == '90471' else right} for it on "
                f"{us_date(claim.encounter.date_of_service)}", f"Bill {right} on line {line.number}", source, line=line.number,
                action=FixAction("replace_code", line.number, right, f"Change {line.code} to {right}")))
    return findings


def unbilled_route(claim: Claim, ctx) -> list[Finding]:
    if claim.as_billed:
        return []
    return [make_finding("ROUTE_NOT_SC_IM", f"Injection {f.index} ({f.code}) was given "
                         f"{ROUTE_WORDS[f.route]}; it has no administration line on the claim",
                         ROUTE_ADVICE[f.route], ROUTE_ADVICE_SOURCE, severity="warning")
            for f in claim.facts if f.route in ROUTE_CODES and not ROUTE_CODES[f.route] & claim.codes]


def admin_units(claim: Claim, ctx) -> list[Finding]:
    lines = claim.with_code("96372")
    if not lines:
        return []
    billed = sum(int(line.units) for line in lines)
    wrong = sum(1 for f, _ in injections_on_96372(claim) if not f.is_96372)
    given = sum(1 for f in claim.facts if f.is_96372)
    if billed - wrong == given or billed - wrong < 0:
        return []
    action = FixAction("set_units", lines[0].number, str(given), f"Set 96372 units to {given}") \
        if len(lines) == 1 and given > 0 else None
    return [make_finding("ADMIN_UNITS_MISMATCH", f"96372 is billed for {billed - wrong} unit(s), but the record shows "
                         f"{given} separate subcutaneous or intramuscular drug injection(s)",
                         "Bill one unit of 96372 per separate injection", CPT_96372 + "; CPT Assistant May 2010",
                         line=lines[0].number, action=action)]


def missing_drug_lines(claim: Claim, ctx) -> list[Finding]:
    findings = []
    for fact, line in injections_on_96372(claim):
        if not fact.is_96372 or claim.drug_lines_for(fact):
            continue
        supplied = fact.injection.drug.supplied_by
        severity = "warning" if supplied == "practice" else "info"
        reason = "" if supplied == "practice" else f" (the drug was {'a sample' if supplied == 'sample' else 'brought by the patient'}, so there may be nothing to bill)"
        findings.append(make_finding(
            "DRUG_LINE_MISSING", f"96372 on line {line.number} bills injection {fact.index}, but no line bills the "
            f"drug {fact.code}{reason}", f"Add a line for {fact.code} with its units and NDC" if supplied == "practice"
            else "Nothing to add if the practice did not buy the drug", "CMS: 96372 pays the administration only; "
            "the drug is its own line (reference 3.1)", line=line.number, severity=severity))
    return findings


CHECKS = (wrong_admin_codes, wrong_vaccine_admin, unbilled_route, admin_units, missing_drug_lines)
