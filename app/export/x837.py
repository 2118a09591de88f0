"""The 837P file (005010X222A1) for one or more checked encounters.

One interchange (ISA/IEA) with one functional group (GS/GE) and one transaction set (ST/SE)
per claim; ISA13, GS06 and ST02 come from the database's control-number counters, so they are
never used twice. Nothing is written, and no control number is taken, when an encounter has
error findings (unless forced) or lacks something the 837P requires: the exceptions say which
encounter and which setting or JSON path. The file itself is written whole or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.files import replace_file
from app.export.parties import billing_party
from app.export.x837_claim import ClaimInput, claim_segments, missing_for_claim, segment, text
from app.store.payers import load_payer
from app.store.settings import all_settings, next_control_number

IMPLEMENTATION = "005010X222A1"
ENVELOPE_SETTINGS = (("x12.sender_id", "submitter id"), ("x12.receiver_id", "receiver id"),
                     ("x12.receiver_name", "receiver name"), ("practice.phone", "submitter phone"))


class ExportRefused(Exception):
    """Encounters with error findings, refused without `force`: [(label, [error findings])]."""

    def __init__(self, refusals: list[tuple[str, list]]):
        self.refusals = refusals
        super().__init__("; ".join(f"{label}: {len(errors)} error finding(s) "
                                   f"({', '.join(sorted({f.code for f in errors}))})" for label, errors in refusals))


class MissingClaimData(ValueError):
    """Something the 837P requires is missing: [(label, what and where)]; label "" for the settings."""

    def __init__(self, missing: list[tuple[str, str]]):
        self.missing = missing
        super().__init__("; ".join(f"{label + ': ' if label else ''}missing {what}" for label, what in missing))


@dataclass
class ExportResult:
    path: str
    claims: int
    interchange_number: int
    warnings: list[str] = field(default_factory=list)


def _missing_settings(practice: dict) -> list[tuple[str, str]]:
    missing = [("", f"{label} ({key})") for key, label in ENVELOPE_SETTINGS if not str(practice.get(key) or "").strip()]
    for key in ("x12.sender_id", "x12.receiver_id"):
        if len(str(practice.get(key) or "").strip()) > 15:
            missing.append(("", f"{key.split('.')[1].replace('_', ' ')} of at most 15 characters ({key})"))
    return missing


def _payer_837_id(payer) -> tuple[str, str | None]:
    """The payer's 837P id (NM109 of 2010BB); until payers carry one, the payer id and a warning."""
    configured = getattr(payer.settings, "x12_payer_id", None)
    if configured:
        return configured, None
    return payer.id, f"no 837P payer id set for {payer.id}; using {payer.id!r}"


def _claim_inputs(db, checked_list, practice: dict, labels: list[str]):
    claims, missing, warnings = [], [], []
    for label, checked in zip(labels, checked_list):
        payer = load_payer(db, checked.encounter.payer, on=checked.encounter.date_of_service, codes=set())
        payer_id, warning = _payer_837_id(payer)
        if warning and warning not in warnings:
            warnings.append(warning)
        billing = billing_party(checked.encounter, practice)
        missing += [(label, what) for what in missing_for_claim(checked, billing)]
        account = checked.encounter.patient.account_number or ""
        claims.append(ClaimInput(checked, billing, payer.kind, payer_id, account.strip()))
    return claims, missing, warnings


def _transaction(claim: ClaimInput, number: int, practice: dict, now: datetime) -> list[str]:
    st02 = f"{number:04d}"
    claim = replace(claim, account_number=claim.account_number or f"IC{number:06d}")
    submitter, receiver = text(practice["x12.sender_id"], False), text(practice["x12.receiver_id"], False)
    contact = text(practice.get("x12.submitter_contact") or practice.get("practice.name") or claim.billing.display_name,
                   limit=60)
    body = [
        segment("BHT", "0019", "00", st02, now.strftime("%Y%m%d"), now.strftime("%H%M"), "CH"),
        segment("NM1", "41", "2", text(practice.get("practice.name") or claim.billing.display_name, limit=60), "",
                "", "", "", "46", submitter),
        segment("PER", "IC", contact, "TE", "".join(c for c in practice["practice.phone"] if c.isdigit())),
        segment("NM1", "40", "2", text(practice["x12.receiver_name"], limit=60), "", "", "", "", "46", receiver),
        *claim_segments(claim),
    ]
    return [segment("ST", "837", st02, IMPLEMENTATION), *body, segment("SE", len(body) + 2, st02)]


def _interchange(db, claims: list[ClaimInput], practice: dict, now: datetime) -> tuple[int, str]:
    isa13, gs06 = next_control_number(db, "interchange"), next_control_number(db, "group")
    sender, receiver = text(practice["x12.sender_id"], False), text(practice["x12.receiver_id"], False)
    usage = "P" if practice.get("x12.usage") == "P" else "T"
    segments = [
        segment("ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", receiver.ljust(15),
                now.strftime("%y%m%d"), now.strftime("%H%M"), "^", "00501", f"{isa13:09d}", "0", usage, ":"),
        segment("GS", "HC", sender, receiver, now.strftime("%Y%m%d"), now.strftime("%H%M"), gs06, "X",
                IMPLEMENTATION),
    ]
    for claim in claims:
        segments += _transaction(claim, next_control_number(db, "transaction"), practice, now)
    segments += [segment("GE", len(claims), gs06), segment("IEA", "1", f"{isa13:09d}")]
    return isa13, "".join(s + "~\n" for s in segments)


def refusals(checked_list, labels: list[str]) -> list[tuple[str, list]]:
    """The encounters that have error findings, with those findings."""
    found = [(label, [f for f in c.result.findings if f.severity == "error"]) for label, c in zip(labels, checked_list)]
    return [(label, errors) for label, errors in found if errors]


def write_837(db, checked_list, path: str | os.PathLike, force: bool = False,
              labels: list[str] | None = None, now: datetime | None = None) -> ExportResult:
    """Write the 837P for `checked_list` to `path`; raises ExportRefused or MissingClaimData."""
    labels = labels or [f"encounter {i}" for i in range(1, len(checked_list) + 1)]
    if not checked_list:
        raise MissingClaimData([("", "an encounter to export")])
    refused = [] if force else refusals(checked_list, labels)
    if refused:
        raise ExportRefused(refused)
    practice = all_settings(db)
    claims, missing, warnings = _claim_inputs(db, checked_list, practice, labels)
    missing = _missing_settings(practice) + missing
    if missing:
        raise MissingClaimData(missing)
    isa13, content = _interchange(db, claims, practice, now or datetime.now())
    replace_file(path, content)
    return ExportResult(str(path), len(claims), isa13, warnings)
