"""Charges: a line that would go out at 0.00 is paid nothing (findings section A, CHARGE_MISSING).

Medicare pays the lower of the charge and its fee schedule amount, so a line whose code has no fee
in the practice schedule, and no charge of its own, goes out at 0.00 and earns 0.00.
"""

from __future__ import annotations

from app.core.claim import ClaimLine, dollars
from app.core.findings import Finding, make_finding
from app.core.rules.base import Claim

FEES_PLACE = "Practice ▸ Settings ▸ Fee schedule"
CHARGE_SOURCE = ("CMS Claims Processing Manual 100-04 ch. 12 §20 (payment is the lower of the actual charge and "
                 "the fee schedule amount); NUCC 1500 item 24F; X12 RARC M79")


def line_charge_cents(line: ClaimLine, reference) -> int:
    """The line's own charge, else the practice fee for its code times its units, else 0."""
    if line.charge_cents is not None:
        return line.charge_cents
    return reference.fee_cents(line.code, line.units) or 0


def _why(line: ClaimLine) -> str:
    if line.charge_cents is not None:
        return f"is billed with a charge of {dollars(line.charge_cents)}"
    return f"would go out with a charge of 0.00: the practice fee schedule has no fee for {line.code}"


def missing_charges(claim: Claim, ctx) -> list[Finding]:
    return [make_finding("CHARGE_MISSING", f"Line {line.number} ({line.code}) {_why(line)}",
                         f"Set the fee for {line.code} in {FEES_PLACE}, or give the line its charge; a line "
                         "charged 0.00 is paid nothing", CHARGE_SOURCE, line=line.number)
            for line in claim.lines if line.code.strip() and line_charge_cents(line, ctx.reference) <= 0]


CHECKS = (missing_charges,)
