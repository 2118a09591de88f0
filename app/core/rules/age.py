"""Codes whose definition holds an age band: the patient's age on the date of service must fall
in it (finding AGE_CODE_MISMATCH). The bands are data (data/age_bands.csv, each with its source);
preventive visits that differ only by age name the code for the patient's age as the fix."""

from __future__ import annotations

from datetime import date

from app.core.catalog import AgeBand
from app.core.claim import ClaimLine
from app.core.field_names import us_date
from app.core.findings import Finding, FixAction, make_finding
from app.core.rules.base import Claim

# What to bill instead when a code's band has no sibling for the patient's age
OLDER_INSTEAD = {"90460": "90471", "90461": "90472"}


def age_in_months(born: date, on: date) -> int:
    """Whole months from birth to `on` (a birthday month counts once the day is reached)."""
    return (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)


def age_words(months: int) -> str:
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''} old"
    return f"{months // 12} years old"


def _fix(band: AgeBand, months: int, line: ClaimLine, ctx) -> tuple[str, FixAction | None]:
    sibling = next((b for b in ctx.reference.age_family(band.family) if b.holds(months)), None)
    if sibling is not None:
        return (f"Bill {sibling.code} ({sibling.ages}) instead of {band.code}",
                FixAction("replace_code", line.number, sibling.code, f"Change {band.code} to {sibling.code}"))
    if band.code in OLDER_INSTEAD:
        return (f"Bill {OLDER_INSTEAD[band.code]} instead: {band.code} is for patients {band.ages} with "
                "counselling", None)
    return (f"Check the product given and bill the code for the patient's age; {band.code} is for "
            f"{band.ages}", None)


def _mismatch(line: ClaimLine, band: AgeBand, months: int, dos: date, ctx) -> Finding:
    fix, action = _fix(band, months, line, ctx)
    return make_finding(
        "AGE_CODE_MISMATCH", f"{band.code} on line {line.number} is defined for patients {band.ages}; the patient "
        f"was {age_words(months)} on {us_date(dos)}", fix, band.source, line=line.number, action=action)


def age_mismatches(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    born = e.patient.date_of_birth
    if born is None or born > e.date_of_service:
        return []  # DATE_IMPLAUSIBLE says so
    months = age_in_months(born, e.date_of_service)
    findings = []
    for line in claim.lines:
        band = ctx.reference.age_band(line.code)
        if band is not None and not band.holds(months):
            findings.append(_mismatch(line, band, months, e.date_of_service, ctx))
    return findings


CHECKS = (age_mismatches,)
