"""The claim summary and findings as plain text: what `injectclaim check` prints and what the
review page copies to the clipboard."""

from __future__ import annotations

from app.core.field_names import us_date
from app.core.claim import CheckResult, dollars, units_json

HEADINGS = (("error", "Errors: the claim will be rejected or denied"),
            ("warning", "Warnings: likely denial or audit risk"),
            ("info", "For your information"))
MARKS = {"error": "[ERROR]", "warning": "[WARNING]", "info": "[INFO]"}


def _line_rows(result: CheckResult) -> list[list[str]]:
    rows = [["#", "Code", "Modifiers", "Dx", "Units", "Charge", "NDC"]]
    for line, cents in zip(result.lines, result.charges):
        ndc = ""
        if line.ndc:
            qty = "" if line.ndc_quantity is None else units_json(line.ndc_quantity)
            ndc = f"N4 {line.ndc} {line.ndc_unit or ''}{qty}"
        pointers = "".join("ABCDEFGHIJKL"[p - 1] for p in line.diagnosis_pointers if 1 <= p <= 12)
        rows.append([str(line.number), line.code, " ".join(line.modifiers), pointers,
                     str(units_json(line.units)), dollars(cents), ndc])
    return rows


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def claim_summary_text(result: CheckResult, title: str = "") -> str:
    out = [title] if title else []
    out.append(f"Payer: {result.payer_name}   Date of service: {us_date(result.date_of_service)}   "
               f"Place of service: {result.place_of_service}")
    out.append("Diagnoses: " + "; ".join(f"{d['pointer']} {d['code']} {d['description']}".strip()
                                         for d in result.diagnoses))
    out += _table(_line_rows(result))
    out.append(f"Total charge: {dollars(result.total_cents)}")
    if result.charge_basis:
        out.append("Charges from: " + "; ".join(result.charge_basis))
    return "\n".join(out)


def findings_text(result: CheckResult) -> str:
    out = []
    for severity, heading in HEADINGS:
        found = [f for f in result.findings if f.severity == severity]
        if not found:
            continue
        out.append(f"{heading} ({len(found)})")
        for f in found:
            where = f" line {f.line}" if f.line else ""
            reason = "/".join(x for x in (f.carc, f.rarc) if x)
            out.append(f"  {MARKS[severity]} {f.code}{where}" + (f"  [{reason}]" if reason else ""))
            out.append(f"      {f.message}")
            out.append(f"      Fix: {f.fix}")
            if f.carc_text:
                out.append(f"      Payer's words ({f.carc}): {f.carc_text}")
            if f.note:
                out.append(f"      Note: {f.note}")
            out.append(f"      Source: {f.source}")
    counts = (f"{result.count('error')} error(s), {result.count('warning')} warning(s), "
              f"{result.count('info')} note(s)")
    out.append("No findings: the claim is clean." if not result.findings else f"Result: {counts}")
    return "\n".join(out)


def full_text(result: CheckResult, title: str = "") -> str:
    return claim_summary_text(result, title) + "\n\n" + findings_text(result)
