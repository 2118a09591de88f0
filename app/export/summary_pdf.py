"""The claim summary as a PDF, one encounter per page, for a supervisor to review before the
claim goes out: who and what is billed, the lines as they would go out (with the NDC as the
payer sees it), the diagnoses, the total, and every finding with its denial reason and fix.

`summary_pdf_bytes` is what the window prints; `write_summary_pdf` saves the same to a file.
"""

from __future__ import annotations

import os
from datetime import date

from fpdf import FPDF
from fpdf.fonts import FontFace

from app.core.field_names import us_date
from app.core.claim import POINTER_LETTERS, dollars, units_json
from app.core.insured import insured_of
from app.export.output import printable
from app.files import replace_file
from app.export.parties import billing_party, one_line_address, person_name

SEVERITY_COLOURS = {"error": (176, 0, 32), "warning": (160, 96, 0), "info": (40, 80, 140)}
SEVERITY_LABELS = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
HEADING = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
LINE_COLUMNS = ("#", "Code", "Modifiers", "Dx", "Units", "Charge", "NDC", "NDC qty", "Unit")
LINE_WIDTHS = (8, 20, 26, 18, 16, 22, 40, 18, 12)
RIGHT_ALIGNED = {4, 5, 7}                # units, charge, NDC quantity
RELATIONSHIP_NOUNS = {"spouse": "spouse", "child": "child", "other": "dependent (other)"}


class SummaryPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(110)
        self.cell(0, 5, f"InjectClaim claim summary - page {self.page_no()}/{{nb}}", align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(0)
    pdf.cell(0, 6, printable(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)


def _facts(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    """Label/value pairs in two columns of a small table without borders."""
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(26, 68, 26, 64), borders_layout="NONE", first_row_as_headings=False,
                   line_height=4.6, text_align="LEFT", padding=(0.4, 1)) as table:
        for i in range(0, len(rows), 2):
            row = table.row()
            for label, value in rows[i:i + 2]:
                row.cell(printable(label), style=FontFace(emphasis="BOLD"))
                row.cell(printable(value))


def party_rows(checked, practice: dict) -> list[tuple[str, str]]:
    encounter, result = checked.encounter, checked.result
    patient, billing = encounter.patient, billing_party(encounter, practice)
    sex = {"F": "female", "M": "male"}.get(patient.sex, "unknown")
    rows = [
        ("Billing provider", f"{billing.display_name} (NPI {billing.npi or '-'})"),
        ("Tax id", billing.tax_id or "-"),
        ("Billing address", one_line_address(billing.address) or "-"),
        ("Phone", practice.get("practice.phone") or "-"),
        ("Patient", f"{patient.last_name}, {patient.first_name}"),
        ("Born / sex", f"{us_date(patient.date_of_birth)} / {sex}"),
        ("Member id", patient.member_id),
        ("Account no.", patient.account_number or "-"),
        ("Patient address", one_line_address(patient.address) or "-"),
        ("Payer", f"{result.payer_name} ({result.payer_id})"),
        ("Date of service", us_date(result.date_of_service)),
        ("Place of service", result.place_of_service),
        ("Rendering", f"{person_name(encounter.rendering_provider)} (NPI {encounter.rendering_provider.npi})"),
        ("Prior auth.", encounter.prior_authorization or "-"),
    ]
    if encounter.supervising_provider:
        supervising = encounter.supervising_provider
        rows.append(("Supervising", f"{person_name(supervising)} (NPI {supervising.npi})"))
    return rows + insurance_rows(encounter)


def insurance_rows(encounter) -> list[tuple[str, str]]:
    """The insured when not the patient, the group number, a second insurance, the referring provider."""
    rows, insured = [], insured_of(encounter.patient, encounter.subscriber)
    if not insured.is_patient:
        rows.append(("Insured", f"{insured.last_name}, {insured.first_name} (patient is the "
                                f"{RELATIONSHIP_NOUNS[insured.relationship]}; member id {insured.member_id or '-'})"))
    if encounter.group_number:
        rows.append(("Group number", encounter.group_number))
    other = encounter.secondary_insurance
    if other is not None:
        rows.append(("2nd insurance", f"{other.payer_name or '-'} (member id {other.member_id or '-'})"))
    referring = encounter.referring_provider
    if referring is not None:
        rows.append((referring.role.capitalize(), f"{person_name(referring)} (NPI {referring.npi or '-'})"))
    return rows


def _ndc_cells(line) -> tuple[str, str, str]:
    if not line.ndc:
        return "", "", ""
    quantity = "" if line.ndc_quantity is None else str(units_json(line.ndc_quantity))
    return f"N4 {line.ndc}", quantity, line.ndc_unit or ""


def _line_table(pdf: FPDF, result) -> None:
    with pdf.table(col_widths=LINE_WIDTHS, headings_style=HEADING, line_height=5, text_align="LEFT",
                   padding=(0.6, 1)) as table:
        table.row(LINE_COLUMNS)
        for line, cents in zip(result.lines, result.charges):
            pointers = "".join(POINTER_LETTERS[p - 1] for p in line.diagnosis_pointers if 1 <= p <= 12)
            cells = (str(line.number), line.code, " ".join(line.modifiers), pointers,
                     str(units_json(line.units)), dollars(cents), *_ndc_cells(line))
            row = table.row()
            for column, cell in enumerate(cells):
                row.cell(printable(cell), align="RIGHT" if column in RIGHT_ALIGNED else "LEFT")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 7, f"Total charge: {dollars(result.total_cents)}", align="R", new_x="LMARGIN", new_y="NEXT")


def _diagnosis_table(pdf: FPDF, result) -> None:
    with pdf.table(col_widths=(10, 22, 148), headings_style=HEADING, line_height=5, text_align="LEFT",
                   padding=(0.6, 1)) as table:
        table.row(("", "ICD-10-CM", "Description"))
        for diagnosis in result.diagnoses:
            table.row([printable(diagnosis.get(k) or "") for k in ("pointer", "code", "description")])


def _finding(pdf: FPDF, finding) -> None:
    reason = " / ".join(x for x in (finding.carc, finding.rarc) if x)
    where = f" (line {finding.line})" if finding.line else ""
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_text_color(*SEVERITY_COLOURS.get(finding.severity, (0, 0, 0)))
    title = f"{SEVERITY_LABELS.get(finding.severity, finding.severity)}  {finding.code}{where}"
    pdf.multi_cell(0, 4.6, printable(title + (f"   denial reason {reason}" if reason else "")),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_x(pdf.l_margin + 4)
    pdf.multi_cell(0, 4.4, printable(finding.message), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 4)
    pdf.multi_cell(0, 4.4, printable(f"Fix: {finding.fix}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _findings(pdf: FPDF, result) -> None:
    counts = ", ".join(f"{result.count(s)} {s}{'s' if result.count(s) != 1 else ''}"
                       for s in ("error", "warning", "info"))
    _heading(pdf, f"Findings ({counts})")
    if not result.findings:
        pdf.cell(0, 5, "No findings: the claim is clean.", new_x="LMARGIN", new_y="NEXT")
    for finding in result.findings:
        _finding(pdf, finding)


def _page(pdf: FPDF, checked, practice: dict, title: str) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, printable(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(90)
    pdf.cell(0, 5, printable(f"{practice.get('practice.name') or ''}   printed {us_date(date.today())}"),
              new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    _facts(pdf, party_rows(checked, practice))
    _heading(pdf, "Claim lines")
    _line_table(pdf, checked.result)
    _heading(pdf, "Diagnoses")
    _diagnosis_table(pdf, checked.result)
    _findings(pdf, checked.result)


def summary_title(encounter) -> str:
    """"Byron, Ada - date of service 03/10/2026": the patient and the date, never a file path."""
    patient = encounter.patient
    name = ", ".join(p for p in (patient.last_name.strip(), patient.first_name.strip()) if p) or "No name"
    return f"{name} - date of service {encounter.date_of_service:%m/%d/%Y}"


def summary_pdf_bytes(checked_list, practice: dict, titles: list[str] | None = None) -> bytes:
    """The summary of every checked encounter, each starting on its own page, as PDF bytes."""
    pdf = SummaryPdf(format="letter", unit="mm")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title("Claim summary")
    for i, checked in enumerate(checked_list):
        _page(pdf, checked, practice, titles[i] if titles else summary_title(checked.encounter))
    return bytes(pdf.output())


def write_summary_pdf(checked_list, practice: dict, path: str | os.PathLike,
                      titles: list[str] | None = None):
    """Save the summary PDF to `path` (whole or not at all)."""
    return replace_file(path, summary_pdf_bytes(checked_list, practice, titles))
