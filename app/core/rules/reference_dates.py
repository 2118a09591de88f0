"""Reference data older than the date of service (finding REFERENCE_DATA_STALE, once per claim).

The editions and the dates they cover are data (data/reference_tables.csv). A table counts when
the check used it for this claim: NCCI and MUE always; the ASP crosswalk when an NDC is on the
claim; a fee table when a line's charge came from it.
"""

from __future__ import annotations

from app.core.catalog import ReferenceTable
from app.core.field_names import us_date
from app.core.findings import Finding, make_finding
from app.core.rules.base import Claim

STALE_SOURCE = ("data/reference_tables.csv (editions of the shipped CMS tables); domain reference §9: the 2024 Q3 "
                "NCCI/MUE tables are older than current claims, load the current quarterly tables")


def _has_ndc(claim: Claim) -> bool:
    return any(line.ndc for line in claim.lines) or any(f.ndc11 for f in claim.facts)


def _fee_from(claim: Claim, ctx, basis: str) -> bool:
    return any(line.charge_cents is None and (ctx.reference.fee_basis(line.code) or "").startswith(basis)
               for line in claim.lines)


def used_for(table: ReferenceTable, claim: Claim, ctx) -> bool:
    """Whether the check used `table` for this claim (its `used_when` alternatives)."""
    for need in table.used_when.split(" or "):
        need = need.strip()
        if need == "always" or (need == "ndc" and _has_ndc(claim)):
            return True
        if need.startswith("fee:") and _fee_from(claim, ctx, need[4:]):
            return True
    return False


def stale_reference_data(claim: Claim, ctx) -> list[Finding]:
    dos = claim.encounter.date_of_service
    stale = [t for t in ctx.reference.reference_tables() if dos > t.covers_through and used_for(t, claim, ctx)]
    if not stale:
        return []
    names = "; ".join(f"{t.name} {t.edition} (through {us_date(t.covers_through)})" for t in stale)
    return [make_finding(
        "REFERENCE_DATA_STALE", f"The date of service {us_date(dos)} is after the newest edition of reference tables "
        f"this check used: {names}. Edits, limits or fees may have changed since", "Check the affected lines against "
        "the current CMS tables, or install an update of the app's reference data", STALE_SOURCE)]


CHECKS = (stale_reference_data,)
