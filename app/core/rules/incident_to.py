"""Medicare incident-to: staff (RN, LPN, MA) may give an injection billed under the physician only
within a course of treatment the physician started (finding INCIDENT_TO_NOT_ESTABLISHED).

Judged on `documentation.plan_of_care`: `false` says the physician has not started the course of
treatment; absent means the record does not say, and nothing is reported.
"""

from __future__ import annotations

from app.core.findings import Finding, make_finding
from app.core.rules.base import Claim

STAFF = ("RN", "LPN", "MA")
INCIDENT_TO_SOURCE = ("42 CFR 410.26 (incident-to services); CMS Benefit Policy Manual 100-02 ch. 15 §60.2: "
                      "the physician starts the course of treatment (reference 2.6.2)")


def plan_of_care_missing(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    if ctx.payer.kind != "medicare" or e.administered_by not in STAFF or e.documentation.plan_of_care is not False:
        return []
    admin = next((line.number for line in claim.by_role("admin")), None)
    return [make_finding(
        "INCIDENT_TO_NOT_ESTABLISHED",
        f"The injection was given by staff ({e.administered_by}) and billed incident to the physician, but the "
        "physician has not started the course of treatment it belongs to (no plan of care)",
        "Have the physician see the patient and start the treatment (an initial visit that orders the injections) "
        "before staff give them incident-to, or bill under the practitioner who saw the patient",
        INCIDENT_TO_SOURCE, line=admin)]


CHECKS = (plan_of_care_missing,)
