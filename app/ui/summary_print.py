"""The claim summary laid out for the printer: the same sections as the summary PDF (who and
what is billed, the claim lines, the diagnoses, every finding with its denial reason and fix),
as a QTextDocument that Qt prints and previews itself.

Why not print the PDF: drawing a PDF's pages needs QtPdf, which PySide6-Essentials does not
ship (it is in PySide6-Addons), and poppler is not on a biller's Windows or Mac. A
QTextDocument prints offline everywhere with Qt alone.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtGui import QFont, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import QWidget

from app.core.field_names import us_date
from app.core.claim import POINTER_LETTERS, dollars, units_json
from app.export.summary_pdf import party_rows  # the same rows as the PDF
from app.ui import dialogs

SEVERITY_WORDS = {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}
SEVERITY_COLOURS = {"error": "#b00020", "warning": "#a06000", "info": "#28508c"}
LINE_COLUMNS = ("#", "Code", "Modifiers", "Dx", "Units", "Charge", "NDC", "NDC qty", "Unit")
RIGHT_ALIGNED = frozenset({4, 5, 7})         # units, charge, NDC quantity
TABLE = '<table border="1" cellspacing="0" cellpadding="3" width="100%">'


def _row(cells, tag: str = "td", right: frozenset = frozenset()) -> str:
    return "<tr>" + "".join(f'<{tag}{" align=right" if n in right else ""}>{escape(str(c))}</{tag}>'
                            for n, c in enumerate(cells)) + "</tr>"


def _facts(checked, practice: dict) -> str:
    rows = party_rows(checked, practice)
    pairs = [rows[i:i + 2] for i in range(0, len(rows), 2)]
    return '<table cellpadding="2" width="100%">' + "".join(
        "<tr>" + "".join(f"<td><b>{escape(k)}</b></td><td>{escape(str(v))}</td>" for k, v in pair) + "</tr>"
        for pair in pairs) + "</table>"


def _lines(result) -> str:
    body = [_row(LINE_COLUMNS, "th")]
    for line, cents in zip(result.lines, result.charges):
        pointers = "".join(POINTER_LETTERS[p - 1] for p in line.diagnosis_pointers if 1 <= p <= 12)
        quantity = "" if line.ndc_quantity is None else units_json(line.ndc_quantity)
        ndc = (f"N4 {line.ndc}", quantity, line.ndc_unit or "") if line.ndc else ("", "", "")
        body.append(_row((line.number, line.code, " ".join(line.modifiers), pointers, units_json(line.units),
                          dollars(cents), *ndc), right=RIGHT_ALIGNED))
    return TABLE + "".join(body) + f'</table><p align="right"><b>Total charge: {dollars(result.total_cents)}</b></p>'


def _diagnoses(result) -> str:
    rows = [_row(("", "ICD-10-CM", "Description"), "th")]
    rows += [_row([d.get(k) or "" for k in ("pointer", "code", "description")]) for d in result.diagnoses]
    return TABLE + "".join(rows) + "</table>"


def _finding(finding) -> str:
    reason = " / ".join(x for x in (finding.carc, finding.rarc) if x)
    where = f" (line {finding.line})" if finding.line else ""
    colour = SEVERITY_COLOURS.get(finding.severity, "#000000")
    title = f"{SEVERITY_WORDS.get(finding.severity, finding.severity)}  {finding.code}{where}" + \
        (f"   denial reason {reason}" if reason else "")
    return (f'<p><b><span style="color:{colour}">{escape(title)}</span></b><br>{escape(finding.message)}'
            f"<br>Fix: {escape(finding.fix)}</p>")


def summary_html(checked, practice: dict) -> str:
    """The summary of one checked encounter as HTML."""
    result, patient = checked.result, checked.encounter.patient
    counts = ", ".join(f"{result.count(s)} {s}{'s' if result.count(s) != 1 else ''}"
                       for s in ("error", "warning", "info"))
    findings = "".join(map(_finding, result.findings)) or "<p>No findings: the claim is clean.</p>"
    return (f"<h2>Claim summary: {escape(f'{patient.last_name}, {patient.first_name}')} - "
            f"{escape(us_date(result.date_of_service))}</h2>"
            f"<p>{escape(practice.get('practice.name') or '')}   printed {us_date(date.today())}</p>"
            f"{_facts(checked, practice)}<h3>Claim lines</h3>{_lines(result)}"
            f"<h3>Diagnoses</h3>{_diagnoses(result)}<h3>Findings ({counts})</h3>{findings}")


def summary_document(checked, practice: dict) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(QFont("Helvetica", 9))
    document.setHtml(summary_html(checked, practice))
    return document


def print_with_preview(parent: QWidget, document: QTextDocument) -> bool:
    """Show the print preview of `document` (letter paper); True when the biller printed."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.Letter))
    preview = QPrintPreviewDialog(printer, parent)
    preview.setObjectName("print_preview")
    preview.setWindowTitle("Print the claim summary")
    preview.paintRequested.connect(document.print_)
    try:
        return dialogs.run_print_preview(preview)
    finally:
        preview.deleteLater()
