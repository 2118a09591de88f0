"""Record, filing limits and duplicates (findings section F, the parts no payer rule holds)."""

from __future__ import annotations

from app.core.field_names import us_date
from app.core.findings import Finding, make_finding
from app.core.rules.base import Claim

FILING_SOURCE = "42 CFR 424.44 (Medicare: one calendar year); payer setting timely_filing (reference 2.9)"
SOON_DAYS = 14


def documentation_missing(claim: Claim, ctx) -> list[Finding]:
    doc = claim.encounter.documentation
    missing = [w for w, present in (("the order", doc.order), ("the administration record", doc.administration_record),
                                    ("the medical-necessity note", doc.medical_necessity)) if not present]
    if not missing:
        return []
    return [make_finding("DOCUMENTATION_MISSING", f"The record lacks {', '.join(missing)}",
                         "Get the missing documentation signed before the claim goes out; an audit recoups "
                         "undocumented services", "CMS Program Integrity Manual 100-08 ch. 3 (documentation "
                         "supports the claim)")]


def timely_filing(claim: Claim, ctx) -> list[Finding]:
    dos = claim.encounter.date_of_service
    submitted = claim.encounter.submitted_on or ctx.today
    deadline = ctx.settings.filing_deadline(dos)
    if submitted > deadline:
        return [make_finding("TIMELY_FILING_EXPIRED", f"The filing limit for {us_date(dos)} was {us_date(deadline)}; "
                             f"the claim goes out on {us_date(submitted)}", "Only an exception (administrative error, retroactive entitlement) "
                             "reopens it; keep proof of any earlier filing", FILING_SOURCE)]
    days_left = (deadline - submitted).days
    if days_left <= SOON_DAYS:
        return [make_finding("TIMELY_FILING_SOON", f"The filing limit for {us_date(dos)} is {us_date(deadline)}, "
                             f"{days_left} day(s) after {us_date(submitted)}", "Send this claim now", FILING_SOURCE)]
    return []


def duplicates(claim: Claim, ctx) -> list[Finding]:
    dos = claim.encounter.date_of_service
    findings = []
    for saved in ctx.history:
        if saved.date_of_service != dos:
            continue
        for line in claim.lines:
            if line.code in saved.codes:
                findings.append(make_finding("DUPLICATE_SERVICE", f"{line.code} on {us_date(dos)} is already on saved "
                                             f"encounter #{saved.encounter_id} for this patient",
                                             "Make sure this is not the same claim twice; if it is a correction, "
                                             "send it as a replacement", "X12 CARC 18 (exact duplicate)",
                                             line=line.number))
    return findings


CHECKS = (documentation_missing, timely_filing, duplicates)
