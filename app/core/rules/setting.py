"""Setting, supervision and staff (findings section E)."""

from __future__ import annotations

from app.core.field_names import us_date
from app.core.findings import FixAction, Finding, make_finding
from app.core.rules.base import Claim

POS_SOURCE = "CPT drug administration guidance; NCCI Policy Manual ch. XI; CMS place-of-service code set (reference 1.1.5, 2.5, 6)"
SUPERVISION_SOURCE = "42 CFR 410.26 (incident-to, direct supervision); CMS 100-04 ch. 12 §30.5.C; CY 2026 PFS final rule (reference 2.6)"
SELF_GIVEN = ("MD", "DO", "NP", "PA")  # a physician or NPP who gives the injection needs no supervisor


def _injection_lines(claim: Claim):
    return claim.with_code("96372") + claim.by_role("drug", "waste")


def facility_place(claim: Claim, ctx) -> list[Finding]:
    pos = claim.encounter.place_of_service
    lines = _injection_lines(claim)
    if pos not in ctx.settings.facility_places_of_service or not lines:
        return []
    place = ctx.reference.place_of_service(pos)
    name = f"{pos} ({place.name})" if place else pos
    codes = ", ".join(dict.fromkeys(line.code for line in lines))
    return [make_finding("FACILITY_PLACE_OF_SERVICE", f"Place of service {name} is a facility: the facility bills "
                         f"{codes}, not the professional claim", "Leave the injection and the drug to the facility's "
                         "claim (bill only the visit), or correct the place of service if the injection was given "
                         "in the office", POS_SOURCE, line=lines[0].number)]


def telehealth_place(claim: Claim, ctx) -> list[Finding]:
    pos = claim.encounter.place_of_service
    if pos not in ("02", "10"):
        return []
    return [make_finding("TELEHEALTH_PLACE_OF_SERVICE", f"Place of service {pos} is telehealth; an injection cannot "
                         "be given over telehealth", "Use the place where the injection was given (11 for the "
                         "office)", POS_SOURCE)]


def _staff_given(claim: Claim) -> bool:
    return claim.encounter.administered_by not in SELF_GIVEN and bool(_injection_lines(claim) or claim.facts)


def supervision_missing(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    if e.supervision != "none" or not _staff_given(claim):
        return []
    admin = claim.with_code("96372")
    line = admin[0].number if admin else None
    if ctx.settings.unsupervised_injection == "not_billable":
        return [make_finding("SUPERVISION_MISSING", f"The {e.administered_by} gave the injection with no physician or "
                             f"NPP supervising; {ctx.payer.name} pays neither 96372 nor 99211 for it",
                             "Do not bill the administration unless a supervisor was present in the office suite "
                             "(or on real-time video where allowed)", SUPERVISION_SOURCE, line=line)]
    action = FixAction("replace_code", line, "99211", "Bill 99211 instead") if line else None
    return [make_finding("SUPERVISION_MISSING", f"The {e.administered_by} gave the injection with no physician or NPP "
                         "supervising; CPT does not allow 96372 then", "Bill 99211 instead of 96372",
                         SUPERVISION_SOURCE + "; CPT 96372 note (reference 1.1.2)", line=line, action=action)]


def supervision_virtual(claim: Claim, ctx) -> list[Finding]:
    e = claim.encounter
    if e.supervision not in ("virtual_av", "audio_only") or not _staff_given(claim):
        return []
    if e.supervision == "audio_only":
        why = "audio-only supervision never counts as direct supervision"
    elif ctx.settings.virtual_supervision_allowed(e.date_of_service):
        return []
    elif ctx.settings.virtual_supervision_allowed_from:
        why = (f"{ctx.payer.name} accepts real-time audio/video supervision only from "
               f"{us_date(ctx.settings.virtual_supervision_allowed_from)}")
    else:
        why = f"{ctx.payer.name} does not accept real-time audio/video as direct supervision"
    return [make_finding("SUPERVISION_VIRTUAL_NOT_ALLOWED", f"The injection was supervised "
                         f"{'by audio only' if e.supervision == 'audio_only' else 'over video'}: {why}",
                         "Bill only if a supervisor was present in the office suite", SUPERVISION_SOURCE)]


def staff_not_allowed(claim: Claim, ctx) -> list[Finding]:
    role = claim.encounter.administered_by
    if role in ctx.settings.staff_allowed:
        return []
    return [make_finding("STAFF_NOT_ALLOWED", f"{ctx.payer.name} does not accept injections given by a {role}",
                         f"Have one of {', '.join(ctx.settings.staff_allowed)} give the injection, or check the "
                         "payer's policy", "Payer setting staff_allowed (reference 2.6)")]


CHECKS = (facility_place, telehealth_place, supervision_missing, supervision_virtual, staff_not_allowed)
