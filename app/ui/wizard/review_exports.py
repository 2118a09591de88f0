"""The review page's ways out of the app for the encounter on it: the claim summary saved as a
PDF or printed (with a preview first), and the claim on a CMS-1500 form as a PDF. Each asks
where through app.ui.dialogs (tests replace those functions) and says in words what it did
or why it could not.
"""

from __future__ import annotations

from pathlib import Path

from app.ui import dialogs


def practice(db) -> dict:
    from app.store.settings import all_settings

    return all_settings(db)


def suggested(checked, what: str) -> str:
    """"~/Byron-Ada-2026-03-10-summary.pdf"."""
    patient = checked.encounter.patient
    name = "-".join(part for part in (patient.last_name, patient.first_name) if part).replace(" ", "-") or "claim"
    return str(Path.home() / f"{name}-{checked.result.date_of_service}-{what}.pdf")


def _write(page, write, title: str, what: str) -> str | None:
    """Ask where, call `write(path)`, and say so on the page; the path written or None."""
    if page.checked is None:
        return None
    path = dialogs.ask_pdf_path(page, title, suggested(page.checked, what))
    if not path:
        return None
    try:
        write(path)
    except OSError as error:
        dialogs.tell(page, f"The {what} was not saved", f"{path}: cannot be written: {error.strerror or error}")
        return None
    from app.store import activity

    encounter_id = page.wizard().encounter_id if page.wizard() else None
    activity.note(page.context.db, "export", f"Wrote the {what} {path}", [encounter_id] if encounter_id else ())
    page.note(f"Saved {path}.")
    return path


def save_summary_pdf(page) -> str | None:
    """The claim summary with its findings, as a PDF for a supervisor or the chart."""
    from app.export.summary_pdf import write_summary_pdf

    return _write(page, lambda path: write_summary_pdf([page.checked], practice(page.context.db), path),
                  "Save the claim summary as a PDF", "summary")


def save_cms1500_pdf(page) -> str | None:
    """The claim on a CMS-1500 (02/12), drawn or for the red form as Practice ▸ Settings says."""
    from app.export.cms1500 import write_cms1500_pdf
    from app.store.payers import load_payer

    def write(path: str) -> None:
        payer_id = page.checked.result.payer_id
        kinds = {payer_id: load_payer(page.context.db, payer_id, codes=set()).kind}
        write_cms1500_pdf([page.checked], practice(page.context.db), path, payer_kinds=kinds)
    return _write(page, write, "Save the CMS-1500 form as a PDF", "cms1500")


def print_summary(page) -> bool:
    """The claim summary to the printer, after a preview; True when printed."""
    from app.ui.summary_print import print_with_preview, summary_document

    if page.checked is None:
        return False
    printed = print_with_preview(page, summary_document(page.checked, practice(page.context.db)))
    if printed:
        page.note("Summary sent to the printer.")
    return printed
