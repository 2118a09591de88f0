"""The claim summary PDF: one page per encounter, with the parties, the lines and NDCs, the
diagnoses, the total and every finding with its denial reason and fix."""

from __future__ import annotations

import pytest

from app.core.claim import dollars
from app.export.output import printable
from app.export.summary_pdf import summary_pdf_bytes, write_summary_pdf
from export_fixtures import *  # noqa: F403 - fixtures and readers


def test_summary_shows_what_a_supervisor_reviews(check_doc, tmp_path):
    clean = check_doc(clean_with_address())
    facility = check_doc(clean_with_address(place_of_service="22", prior_authorization="PA-77"))
    path = write_summary_pdf([clean, facility], PRACTICE, tmp_path / "summary.pdf")
    pages = pdf_text(path).split("\f")
    assert len([p for p in pages if p.strip()]) == 2
    first, second = pages[0], pages[1]
    for expected in ("Lovelace Family Medicine", "Byron, Ada", "1EG4TE5MK73", "Medicare Part B", "03/10/2026",
                     "99213", "25", "96372", "J3420", "N4 00143962125", "ML", "D51.0",
                     dollars(clean.result.total_cents), "123456789", "Findings (0 errors, 0 warnings",
                     *(f.code for f in clean.result.findings)):     # the clean claim: the tables' age, a note
        assert expected in first, expected
    finding = next(f for f in facility.result.findings if f.code == "FACILITY_PLACE_OF_SERVICE")
    assert "FACILITY_PLACE_OF_SERVICE" in second and finding.carc in second and "Fix:" in second
    assert "PA-77" in second and "22" in second


def test_the_bytes_the_window_prints_are_a_pdf(check_doc):
    data = summary_pdf_bytes([check_doc(clean_with_address())], PRACTICE)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_summary_renders(check_doc, tmp_path):
    path = write_summary_pdf([check_doc(clean_with_address(place_of_service="22"))], PRACTICE, tmp_path / "s.pdf")
    pngs = render_png(path)
    assert len(pngs) == 1 and pngs[0].stat().st_size > 5000


def test_every_shared_scenario_prints(check_doc, tmp_path):
    checked = [check_doc(document) for _, document in scenario_documents()]
    if not checked:
        pytest.skip("shared scenarios are not available")
    text = pdf_text(write_summary_pdf(checked, PRACTICE, tmp_path / "all.pdf"))
    for one in checked:
        for finding in one.result.findings:
            assert finding.code in text


def test_text_outside_latin1_gets_a_plain_equivalent():
    typed = "60 mg \u00f7 15 mg \u2192 4 units \u2013 \u2265 1 \u2018x\u2019"
    assert printable(typed) == "60 mg \u00f7 15 mg -> 4 units - >= 1 'x'"
    assert printable("\u4e2d") == "?"
    assert printable(None) == ""
