"""The claim printed on a CMS-1500 (02/12) form, as a PDF.

Setting `cms1500.mode`: "blank" draws the form on blank paper with the data in it;
"preprinted" prints only the data, aligned for the red OCR form in the printer tray. Six
service lines fit on a form; a claim with more goes on more forms, each a complete claim with
its own total (item 28). Items: 1, 1a, 2, 3, 4-7, 9, 11 (app.export.cms1500_insured), 12, 13,
17, 21 (ICD indicator 0, A-L), 23, 24A-J with the NDC in the shaded part, 25-28, 31, 33 and 33a.

A claim that lacks what a payer needs (box 25, 33, an insured's name...) is printed with a first
page saying, in plain words, what is missing and where to fill it in; the forms follow.
"""

from __future__ import annotations

import os

from fpdf import FPDF

from app.core.claim import POINTER_LETTERS, dollars, units_json
from app.export import cms1500_form as form
from app.export.cms1500_form import put, put_right
from app.export.cms1500_insured import (insured_boxes, other_insurance_boxes, practice_boxes, put_address,
                                        referring_box)
from app.export.cms1500_missing import missing_on_form
from app.export.output import printable
from app.files import replace_file
from app.export.parties import BillingParty, billing_party, digits, person_name

PAYER_TYPE_COLUMN = {"medicare": 1, "medicaid": 8, "tricare": 15, "champva": 24, "commercial": 31,
                     "feca": 39}
OTHER_PAYER_COLUMN = 45
NDC_SPACING = " "                        # between the NDC and the unit qualifier (some payers want 3)


def _upper(value: object) -> str:
    return printable(value).upper()


def _date(day, year_digits: int = 4) -> tuple[str, str, str]:
    return f"{day.month:02d}", f"{day.day:02d}", str(day.year)[-year_digits:]


def _money(pdf: FPDF, line: int, cents: int) -> None:
    whole, part = dollars(cents).split(".")
    put_right(pdf, line, 56, whole)
    put(pdf, line, 57, part)


def _patient(pdf: FPDF, checked, payer_kind: str) -> None:
    patient = checked.encounter.patient
    put(pdf, 8, PAYER_TYPE_COLUMN.get(payer_kind, OTHER_PAYER_COLUMN), "X")
    put(pdf, 10, 1, _upper(f"{patient.last_name}, {patient.first_name}"), 28)
    if patient.date_of_birth:
        for column, part in zip((31, 34, 37), _date(patient.date_of_birth)):
            put(pdf, 10, column, part)
    if patient.sex in ("M", "F"):
        put(pdf, 10, 42 if patient.sex == "M" else 47, "X")
    put_address(pdf, 1, patient.address, 28)


def _diagnoses(pdf: FPDF, checked) -> None:
    put(pdf, 37, 46, "0")                                   # ICD indicator: ICD-10-CM
    for index, diagnosis in enumerate(checked.result.diagnoses[:12]):
        line, column = 38 + index // 4, form.DIAGNOSIS_COLUMNS[index % 4]
        put(pdf, line, column + 2, _upper(diagnosis["code"]).replace(".", ""), 8)
    if checked.encounter.prior_authorization:
        put(pdf, 40, 50, _upper(checked.encounter.prior_authorization), 29)


def _ndc_text(line) -> str:
    quantity = "" if line.ndc_quantity is None else str(units_json(line.ndc_quantity))
    return f"N4{line.ndc}{NDC_SPACING}{line.ndc_unit or ''}{quantity}"


def _service(pdf: FPDF, index: int, line, cents: int, checked) -> None:
    row, result = form.service_line(index), checked.result
    if line.ndc:
        put(pdf, row - 1, 1, _upper(_ndc_text(line)), 48)
    month, day, year = _date(checked.encounter.date_of_service, 2)
    for column, part in zip((1, 4, 7, 10, 13, 16), (month, day, year) * 2):
        put(pdf, row, column, part)
    put(pdf, row, 19, result.place_of_service)
    put(pdf, row, 25, _upper(line.code), 6)
    for column, modifier in zip((32, 35, 38, 41), line.modifiers):
        put(pdf, row, column, _upper(modifier), 2)
    put(pdf, row, 44, "".join(POINTER_LETTERS[p - 1] for p in line.diagnosis_pointers[:4] if 1 <= p <= 12))
    _money(pdf, row, cents)
    put_right(pdf, row, 61, str(units_json(line.units)))
    put(pdf, row, 68, checked.encounter.rendering_provider.npi.strip(), 10)


def _billing(pdf: FPDF, checked, billing: BillingParty, page_cents: int) -> None:
    put(pdf, 56, 1, billing.tax_id, 15)
    if billing.tax_id:
        put(pdf, 56, 19, "X")                               # EIN
    put(pdf, 56, 22, _upper(checked.encounter.patient.account_number or ""), 13)
    _money(pdf, 56, page_cents)
    rendering = checked.encounter.rendering_provider
    put(pdf, 60, 1, _upper(person_name(rendering)), 19)
    submitted = checked.encounter.submitted_on
    if submitted:
        put(pdf, 61, 1, "DATE " + "".join(_date(submitted, 2)))
    if billing.phone:
        put(pdf, 57, 66, f"({billing.phone[:3]}) {billing.phone[3:6]}-{billing.phone[6:]}"[:15])
    put(pdf, 58, 47, _upper(billing.display_name), 34)
    address = billing.address
    if address:
        put(pdf, 59, 47, _upper(address.line1), 34)
        put(pdf, 60, 47, _upper(f"{address.city} {address.state} {_zip(address.zip)}"), 34)
    put(pdf, 62, 47, billing.npi, 10)


def _zip(text: str) -> str:
    plain = digits(text)
    return f"{plain[:5]}-{plain[5:]}" if len(plain) == 9 else text


def _form_page(pdf: FPDF, checked, practice: dict, payer_kind: str, lines: list, blank: bool) -> None:
    pdf.add_page()
    if blank:
        form.draw_blank_form(pdf)
    pdf.set_font(*form.DATA_FONT)
    pdf.set_text_color(0)
    put(pdf, 3, 50, _upper(checked.result.payer_name), 30)
    _patient(pdf, checked, payer_kind)
    insured_boxes(pdf, checked.encounter, payer_kind, checked.result.payer_name)
    other_insurance_boxes(pdf, checked.encounter)
    practice_boxes(pdf, practice)
    referring_box(pdf, checked.encounter)
    _diagnoses(pdf, checked)
    for index, (line, cents) in enumerate(lines):
        _service(pdf, index, line, cents, checked)
    billing = billing_party(checked.encounter, practice)
    _billing(pdf, checked, billing, sum(cents for _, cents in lines))


def _missing_page(pdf: FPDF, checked_list, practice: dict) -> None:
    """A first page listing, claim by claim, what the forms lack; nothing when nothing does."""
    found = [(c, missing_on_form(c.encounter, billing_party(c.encounter, practice))) for c in checked_list]
    found = [(c, missing) for c, missing in found if missing]
    if not found:
        return
    pdf.set_auto_page_break(True, margin=0.75)        # a long list goes on to a second page
    pdf.add_page()
    pdf.set_y(0.75)
    pdf.set_text_color(176, 0, 32)
    _say(pdf, "Not ready to send: these forms lack what the payer needs", "B", 16, 0.75, 0.3)
    pdf.set_text_color(0)
    _say(pdf, "Fill in what is listed, then print the forms again. A form with an empty box is returned "
              "or denied (the 837P export refuses these claims).", "", 11, 0.75)
    for checked, missing in found:
        patient = checked.encounter.patient
        pdf.ln(0.12)
        _say(pdf, f"{patient.last_name}, {patient.first_name} - date of service "
                  f"{checked.encounter.date_of_service:%m/%d/%Y}", "B", 11, 0.75)
        for what in missing:
            _say(pdf, f"- {what}", "", 11, 1.0)
    pdf.set_auto_page_break(False)


def _say(pdf: FPDF, text: str, style: str, size: float, left: float, height: float = 0.22) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.set_x(left)
    pdf.multi_cell(8.5 - left - 0.75, height, printable(text), new_x="LMARGIN", new_y="NEXT")


def cms1500_pdf_bytes(checked_list, practice: dict, payer_kinds: dict[str, str] | None = None,
                      mode: str | None = None) -> bytes:
    """Every checked encounter on CMS-1500 forms (six lines a form) as PDF bytes.

    `payer_kinds` maps payer id to kind (medicare, medicaid, commercial) for item 1; `mode` is
    "blank" or "preprinted" and defaults to the `cms1500.mode` setting in `practice`."""
    blank = (mode or practice.get("cms1500.mode") or "blank") != "preprinted"
    pdf = FPDF(format="letter", unit="in")
    pdf.set_auto_page_break(False)
    pdf.set_title("CMS-1500 claim")
    _missing_page(pdf, checked_list, practice)
    for checked in checked_list:
        kind = (payer_kinds or {}).get(checked.result.payer_id, checked.result.payer_id)
        lines = list(zip(checked.result.lines, checked.result.charges))
        for start in range(0, max(len(lines), 1), form.SERVICE_LINES):
            _form_page(pdf, checked, practice, kind, lines[start:start + form.SERVICE_LINES], blank)
    return bytes(pdf.output())


def write_cms1500_pdf(checked_list, practice: dict, path: str | os.PathLike,
                      payer_kinds: dict[str, str] | None = None, mode: str | None = None):
    """Save the CMS-1500 PDF to `path` (whole or not at all)."""
    return replace_file(path, cms1500_pdf_bytes(checked_list, practice, payer_kinds, mode))
