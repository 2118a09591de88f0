"""The 837P file (005010X222A1) for one or more checked encounters.

One interchange (ISA/IEA) with one functional group (GS/GE) and one transaction set (ST/SE)
per claim; ISA13, GS06 and ST02 come from the database's control-number counters, so they are
never used twice (all of an export's numbers reserved in one transaction: one commit, however
many claims). Nothing is written, and no control number is taken, when an encounter has error
findings (unless forced) or lacks something the 837P requires: the exceptions say which
encounter and which setting or JSON path (a setting once, however many claims lack it; a payer
without its 837P id is refused too, never sent with a placeholder). The file itself is written
whole or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.files import replace_file
from app.export.parties import billing_party
from app.core.practice import practice_says
from app.export.x837_claim import (CLAIM_FILING, ClaimInput, claim_segments, missing_for_billing, missing_for_claim,
                                   missing_for_lines, segment, text)
from app.store.payers import list_payers, load_payer
from app.store.settings import all_settings, reserve_control_numbers

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


def payer_id_missing(payer) -> str:
    """Words for a payer without its 837P id (2010BB NM109), naming the payer setting."""
    return (f"the 837P payer id of {payer.name} (payer setting x12_payer_id: "
            f"Practice > Payer rules > {payer.name} > Payer id for the 837P)")


def _secondary_filing(db, encounter) -> str:
    """2320 SBR09: the kind of the payer whose 837P id the second insurance names, else commercial."""
    other = encounter.secondary_insurance
    wanted = (other.payer_id or "").strip() if other else ""
    for row in list_payers(db) if wanted else []:
        if load_payer(db, row["id"], codes=set()).settings.x12_payer_id == wanted:
            return CLAIM_FILING.get(row["kind"], "CI")
    return "CI"


def _claim_inputs(db, checked_list, practice: dict, labels: list[str]):
    """The claims, and what is missing: settings (label "") said once however many claims lack them."""
    claims, missing = [], []
    for label, checked in zip(labels, checked_list):
        encounter = checked.encounter
        payer = load_payer(db, encounter.payer, on=encounter.date_of_service, codes=set())
        if not payer.settings.x12_payer_id:
            missing.append(("", payer_id_missing(payer)))
        billing = billing_party(encounter, practice)
        missing += [(label if encounter.billing_provider else "", what) for what in missing_for_billing(billing)]
        missing += [(label, what) for what in missing_for_claim(checked) + missing_for_lines(checked, billing)]
        account = encounter.patient.account_number or ""
        claims.append(ClaimInput(checked, billing, payer.kind, payer.settings.x12_payer_id or "", account.strip(),
                                 practice_says(practice, "claims.accept_assignment"),
                                 practice_says(practice, "claims.signature_on_file"),
                                 _secondary_filing(db, encounter)))
    return claims, list(dict.fromkeys(missing)), []


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
    numbers = reserve_control_numbers(db, {"interchange": 1, "group": 1, "transaction": len(claims)})
    isa13, gs06 = numbers["interchange"], numbers["group"]
    sender, receiver = text(practice["x12.sender_id"], False), text(practice["x12.receiver_id"], False)
    usage = "P" if practice.get("x12.usage") == "P" else "T"
    segments = [
        segment("ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", receiver.ljust(15),
                now.strftime("%y%m%d"), now.strftime("%H%M"), "^", "00501", f"{isa13:09d}", "0", usage, ":"),
        segment("GS", "HC", sender, receiver, now.strftime("%Y%m%d"), now.strftime("%H%M"), gs06, "X",
                IMPLEMENTATION),
    ]
    for offset, claim in enumerate(claims):
        segments += _transaction(claim, numbers["transaction"] + offset, practice, now)
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
