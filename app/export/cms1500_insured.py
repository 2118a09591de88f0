"""The CMS-1500 boxes about who is insured and who sent the patient: 1a, 4, 6, 7, 9, 9a, 9d,
11, 11a, 11c, 11d and 17/17b, and the practice's signatures (12, 13) and assignment (27).

The insured's boxes (4, 7, 11a, 11c) are printed for an insured who is not the patient, and for
the patient as insured except on Medicare, which wants them blank when Medicare is primary
(Medicare Claims Processing Manual, chapter 26, items 4, 7, 11 and 11d). Box 17 names the referring
(DN) or ordering (DK) provider, else a supervising provider who is not the rendering one (DQ).
"""

from __future__ import annotations

from fpdf import FPDF

from app.core.insured import insured_of
from app.core.practice import practice_says
from app.export import cms1500_form as form
from app.export.cms1500_form import put
from app.export.output import printable
from app.export.x837_insured import secondary_insured

RELATIONSHIP_COLUMN = {"self": form.SELF_CHECKBOX, "spouse": 36, "child": 40, "other": 44}   # item 6
SIGNATURE_ON_FILE = "SIGNATURE ON FILE"


def _upper(value: object) -> str:
    return printable(value).upper()


def put_address(pdf: FPDF, left: int, address, width: int) -> None:
    """Street, city, state and ZIP in the form's address rows, from column `left` (boxes 5 and 7)."""
    if not address:
        return
    put(pdf, 12, left, _upper(address.line1), width)
    put(pdf, 14, left, _upper(address.city), width - 5)
    put(pdf, 14, left + 25, _upper(address.state), 3)
    put(pdf, 16, left, _upper(address.zip), 12)


def _name(last: str, first: str) -> str:
    return _upper(", ".join(p for p in (last, first) if p))


def _birth(pdf: FPDF, line: int, columns: tuple[int, int, int], day) -> None:
    if day:
        for column, part in zip(columns, (f"{day.month:02d}", f"{day.day:02d}", str(day.year))):
            put(pdf, line, column, part)


def insured_boxes(pdf: FPDF, encounter, payer_kind: str, payer_name: str) -> None:
    """Items 1a, 4, 6, 7, 11, 11a, 11c and 11d."""
    insured = insured_of(encounter.patient, encounter.subscriber)
    put(pdf, 8, 50, _upper(insured.member_id), 29)
    put(pdf, 12, RELATIONSHIP_COLUMN[insured.relationship], "X")
    if encounter.group_number and encounter.group_number.strip():
        put(pdf, 18, 50, _upper(encounter.group_number.strip()), 29)
    elif payer_kind == "medicare":
        put(pdf, 18, 50, "NONE")                            # 11: no insurance primary to Medicare
    if payer_kind != "medicare":                            # 11d: another plan? (Medicare: left blank)
        put(pdf, 26, 52 if encounter.secondary_insurance else 57, "X")
    if insured.is_patient and payer_kind == "medicare":
        return
    put(pdf, 10, 50, _name(insured.last_name, insured.first_name), 29)
    put_address(pdf, 50, insured.address, 29)
    _birth(pdf, 20, (53, 56, 59), insured.date_of_birth)
    if insured.sex in ("M", "F"):
        put(pdf, 20, 68 if insured.sex == "M" else 75, "X")
    put(pdf, 24, 50, _upper(payer_name), 29)                 # 11c: the plan's name


def other_insurance_boxes(pdf: FPDF, encounter) -> None:
    """Items 9, 9a and 9d for a second insurance."""
    other, insured = encounter.secondary_insurance, secondary_insured(encounter)
    if other is None:
        return
    put(pdf, 18, 1, _name(insured.last_name, insured.first_name), 28)
    policy = " ".join(p for p in ((other.member_id or "").strip(), (other.group_number or "").strip()) if p)
    put(pdf, 20, 1, _upper(policy), 28)
    put(pdf, 26, 1, _upper(other.payer_name or ""), 28)


def _box17_provider(encounter):
    referring, supervising = encounter.referring_provider, encounter.supervising_provider
    if referring is not None:
        return referring.qualifier, referring
    if supervising is not None and supervising.npi.strip() != encounter.rendering_provider.npi.strip():
        return "DQ", supervising
    return None, None


def referring_box(pdf: FPDF, encounter) -> None:
    """Item 17 (qualifier and name) and 17b (NPI)."""
    qualifier, provider = _box17_provider(encounter)
    if provider is None:
        return
    put(pdf, 34, 1, qualifier)
    put(pdf, 34, 4, _upper(" ".join(p for p in (provider.first_name, provider.last_name) if p)), 25)
    put(pdf, 34, 35, provider.npi.strip(), 14)


def practice_boxes(pdf: FPDF, practice: dict) -> None:
    """Items 12 and 13 (signatures on file) and 27 (accept assignment)."""
    if practice_says(practice, "claims.signature_on_file"):
        put(pdf, 30, 7, SIGNATURE_ON_FILE)
        put(pdf, 30, 56, SIGNATURE_ON_FILE)
    put(pdf, 56, 37 if practice_says(practice, "claims.accept_assignment") else 42, "X")
