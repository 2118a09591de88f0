"""The review page's ways out: the claim summary as a PDF, the CMS-1500 as a PDF (the file
dialogs replaced), the print preview (its exec replaced: it opens on the summary's pages), the
summary laid out for the printer, and the buttons off while the encounter cannot be checked."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewWidget
from ui_helpers import CLEAN, walk_to_review

from app.ui import dialogs
from app.ui.summary_print import summary_html


def at_review(qtbot, window, encounter_file, document=None):
    window.open_encounter(encounter_file(document))
    walk_to_review(qtbot, window.wizard)
    return window.wizard.review


def test_summary_and_cms1500_pdfs_are_written(qtbot, window, encounter_file, tmp_path, monkeypatch):
    review = at_review(qtbot, window, encounter_file)
    asked = []

    def ask(parent, title, suggested):
        asked.append((title, Path(suggested).name))
        return str(tmp_path / Path(suggested).name)
    monkeypatch.setattr(dialogs, "ask_pdf_path", ask)
    qtbot.mouseClick(review.summary_pdf, Qt.LeftButton)
    qtbot.mouseClick(review.cms1500, Qt.LeftButton)
    assert asked == [("Save the claim summary as a PDF", "Byron-Ada-2026-03-10-summary.pdf"),
                     ("Save the CMS-1500 form as a PDF", "Byron-Ada-2026-03-10-cms1500.pdf")]
    for name in ("summary", "cms1500"):
        written = tmp_path / f"Byron-Ada-2026-03-10-{name}.pdf"
        assert written.read_bytes()[:5] == b"%PDF-" and written.stat().st_size > 1000
    assert review.status.text().endswith(f"(Saved {tmp_path / 'Byron-Ada-2026-03-10-cms1500.pdf'}.)")


def test_a_pdf_that_cannot_be_written_is_said(qtbot, window, encounter_file, tmp_path, monkeypatch):
    review = at_review(qtbot, window, encounter_file)
    told = []
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda *_: str(tmp_path / "no such folder" / "summary.pdf"))
    monkeypatch.setattr(dialogs, "tell", lambda parent, title, text: told.append((title, text)))
    qtbot.mouseClick(review.summary_pdf, Qt.LeftButton)
    assert told[0][0] == "The summary was not saved" and "cannot be written" in told[0][1]


def test_print_preview_opens_on_the_summary(qtbot, window, encounter_file, monkeypatch):
    review = at_review(qtbot, window, encounter_file)
    seen = []

    def preview(dialog):
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        seen.append((dialog.objectName(), widget.pageCount()))
        return True
    monkeypatch.setattr(dialogs, "run_print_preview", preview)
    qtbot.mouseClick(review.print_button, Qt.LeftButton)
    assert seen == [("print_preview", 1)]
    assert review.status.text().endswith("(Summary sent to the printer.)")


def test_the_printed_summary_has_what_the_pdf_has(window, encounter_file, qtbot):
    review = at_review(qtbot, window, encounter_file)
    from app.store.settings import all_settings

    html = summary_html(review.checked, all_settings(window.db))
    for expected in ("Claim summary: Byron, Ada - 03/10/2026", "Claim lines", "J3420", "N4 00143962125",
                     "Total charge:", "D51.0", "Findings (", "Member id", "1EG4TE5MK73"):
        assert expected in html, expected


def test_the_buttons_wait_for_a_usable_encounter(qtbot, window, encounter_file):
    document = copy.deepcopy(CLEAN)
    document["injections"][0]["dose"]["amount"] = "sixty"
    review = at_review(qtbot, window, encounter_file, document)
    assert not any(b.isEnabled() for b in (review.summary_pdf, review.print_button, review.cms1500))


def test_screenshot_of_the_review_page(qtbot, window, encounter_file):
    """docs/screenshots/page_review.png when INJECTCLAIM_SCREENSHOTS names the folder: a claim with
    findings and a one-click fix, the export buttons along the bottom."""
    from app.ui.practice_menus import install_practice_menus

    install_practice_menus(window, window.db, None)
    document = copy.deepcopy(CLEAN)
    document["rendering_provider"]["npi"] = "1234567890"
    document["claim_lines"] = [      # as billed from a superbill: no 25 on the visit, 2 units of J3420
        {"code": "99213", "units": 1, "diagnosis_pointers": [1]},
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J3420", "units": 2, "diagnosis_pointers": [1], "injection": 1,
         "ndc": "00143962125", "ndc_quantity": 1, "ndc_unit": "ML"}]
    review = at_review(qtbot, window, encounter_file, document)
    window.resize(1100, 820)
    qtbot.wait(1)
    assert review.summary_pdf.isVisible() and review.cms1500.isVisible()
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", window.database_file.parent))
    assert window.grab().save(str(folder / "page_review.png"))
