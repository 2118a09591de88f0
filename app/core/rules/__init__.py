"""The checks: each module holds the checks for one family of findings; `kinds` evaluates the
payer's rules (data) by kind. `run_checks` calls them all on one claim."""

from __future__ import annotations

from app.core.findings import Finding
from app.core.rules import (administration, age, charges, drug_line, filing, identity, incident_to, kinds,
                            member_id, reference_dates, same_day, setting)
from app.core.rules.base import Claim

CHECK_MODULES = (identity, member_id, age, administration, drug_line, same_day, setting, incident_to, filing,
                 reference_dates, charges)


def run_checks(claim: Claim, ctx) -> list[Finding]:
    findings: list[Finding] = []
    for module in CHECK_MODULES:
        for check in module.CHECKS:
            findings += check(claim, ctx)
    findings += kinds.evaluate_rules(claim, ctx)
    return findings
