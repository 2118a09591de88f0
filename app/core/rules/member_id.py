"""The Medicare member id: a Medicare Beneficiary Identifier (MBI) in the form CMS gives it
(finding MEMBER_ID_INVALID, Medicare payers only).

CMS ("Understanding the Medicare Beneficiary Identifier (MBI) Format"): 11 characters; the card
prints them with dashes (1EG4-TE5-MK73), but the dashes are not part of the MBI and are never
used in CMS files or claims, so a member id typed with dashes or spaces is flagged with the
11 characters to enter instead. Lower-case letters are accepted: CMS converts them to upper case.
"""

from __future__ import annotations

from app.core.field_names import plain_field
from app.core.findings import Finding, make_finding
from app.core.rules.base import Claim

MBI_SOURCE = ("CMS, Understanding the Medicare Beneficiary Identifier (MBI) Format; NUCC 1500 item 1a / "
              "837P 2010BA NM109 (reference 7.1)")
LETTERS = frozenset("ACDEFGHJKMNPQRTUVWXY")   # A-Z without S, L, O, I, B, Z
DIGITS = frozenset("0123456789")
# What each of the 11 positions holds (CMS: C = 1-9, A = letter, N = 0-9, AN = letter or digit)
POSITIONS = ("C", "A", "AN", "N", "A", "AN", "N", "A", "A", "N", "N")
ALLOWED = {"C": DIGITS - {"0"}, "A": LETTERS, "N": DIGITS, "AN": LETTERS | DIGITS}
WORDS = {"C": "a digit 1-9", "A": "a letter (not S, L, O, I, B or Z)", "N": "a digit",
         "AN": "a letter (not S, L, O, I, B or Z) or a digit"}


def mbi_problem(member_id: str) -> str | None:
    """Why `member_id` is not an MBI as a claim carries it, or None when it is one."""
    text = member_id.strip().upper()
    bare = text.replace("-", "").replace(" ", "")
    if len(bare) != len(POSITIONS):
        return f"has {len(bare)} letters and digits; an MBI has 11"
    for number, (kind, char) in enumerate(zip(POSITIONS, bare), start=1):
        if char not in ALLOWED[kind]:
            return f"position {number} is {char!r}; it must be {WORDS[kind]}"
    if bare != text:
        return f"has the dashes or spaces printed on the card; the claim carries the 11 characters only ({bare})"
    return None


def _member_ids(claim: Claim) -> list[tuple[str, str]]:
    e = claim.encounter
    ids = [("patient.member_id", e.patient.member_id)]
    subscriber = getattr(e, "subscriber", None)
    if subscriber is not None and (getattr(subscriber, "member_id", None) or "").strip():
        ids.append(("subscriber.member_id", subscriber.member_id))
    return ids


def invalid_member_ids(claim: Claim, ctx) -> list[Finding]:
    if ctx.payer.kind != "medicare":
        return []
    findings = []
    for path, member_id in _member_ids(claim):
        if not (member_id or "").strip():
            continue  # blank: FIELD_MISSING says so
        problem = mbi_problem(member_id)
        if problem:
            findings.append(make_finding(
                "MEMBER_ID_INVALID", f"{plain_field(path)} {member_id!r} is not a Medicare Beneficiary Identifier: "
                f"{problem}", "Copy the MBI from the patient's red, white and blue Medicare card (11 characters, no "
                "dashes), or look it up in the MAC's eligibility portal", MBI_SOURCE, field=path))
    return findings


CHECKS = (invalid_member_ids,)
