"""The CMS-1500 PDF: the form drawn on blank paper or only the data for the red form, the
items that apply, the NDC in the shaded part of 24, and six lines a form."""

from __future__ import annotations

import copy

import pytest

from app.export.cms1500 import cms1500_pdf_bytes, write_cms1500_pdf
from export_fixtures import *  # noqa: F403 - fixtures and readers

KINDS = {"medicare": "medicare", "medicaid": "medicaid", "commercial": "commercial"}
DATA = ("1EG4TE5MK73", "BYRON, ADA", "04 02 1951", "1 BYRON STREET", "SPRINGFIELD", "62701", "NONE",
        "D510", "N400143962125 ML1", "03 10 26", "99213", "96372", "J3420", "1234567893", "123456789",
        "A1001", "103 50", "LOVELACE FAMILY MEDICINE", "12 ANALYTICAL WAY", "62704-1234", "1558598797",
        "GRACE HOPPER MD", "(217) 555-0134")


def with_lines(checked, count: int):
    """A copy of `checked` whose claim repeats its lines up to `count` lines."""
    more = copy.deepcopy(checked)
    result = more.result
    while len(result.lines) < count:
        line = copy.deepcopy(result.lines[len(result.lines) % 3])
        line.number = len(result.lines) + 1
        result.lines.append(line)
        result.charges.append(100)
    return more


@pytest.mark.parametrize("mode", ["blank", "preprinted"])
def test_the_form_carries_the_claim(mode, check_doc, tmp_path):
    checked = check_doc(clean_with_address())
    path = write_cms1500_pdf([checked], PRACTICE, tmp_path / f"{mode}.pdf", KINDS, mode)
    text = pdf_text(path)
    for expected in DATA:
        assert expected in text, expected
    assert ("HEALTH INSURANCE CLAIM FORM" in text) == (mode == "blank")
    assert len(render_png(path)) == 1


def test_the_mode_setting_decides_when_not_given(check_doc, tmp_path):
    checked = check_doc(clean_with_address())
    preprinted = {**PRACTICE, "cms1500.mode": "preprinted"}
    text = pdf_text(write_cms1500_pdf([checked], preprinted, tmp_path / "p.pdf", KINDS))
    assert "HEALTH INSURANCE CLAIM FORM" not in text and "BYRON, ADA" in text


def test_prior_authorization_and_diagnoses_a_to_l(check_doc, tmp_path):
    document = clean_with_address(prior_authorization="PA-2026-0042",
                                  diagnoses=["D51.0", "E53.8", "K90.0", "D51.1", "D51.8"])
    text = pdf_text(write_cms1500_pdf([check_doc(document)], PRACTICE, tmp_path / "dx.pdf", KINDS))
    assert "PA-2026-0042" in text
    for code in ("D510", "E538", "K900", "D511", "D518"):
        assert code in text


def test_more_than_six_lines_go_on_more_forms(check_doc, tmp_path):
    checked = with_lines(check_doc(clean_with_address()), 8)
    path = write_cms1500_pdf([checked], PRACTICE, tmp_path / "long.pdf", KINDS, "blank")
    pages = [p for p in pdf_text(path).split("\f") if p.strip()]
    assert len(pages) == 2
    first_total = sum(checked.result.charges[:6])
    second_total = sum(checked.result.charges[6:])
    assert f"{first_total // 100} {first_total % 100:02d}" in pages[0]
    assert f"{second_total // 100} {second_total % 100:02d}" in pages[1]
    assert pages[1].count("03 10 26 03 10 26") == 2
    assert "BYRON, ADA" in pages[1]


def test_payer_type_follows_the_payer_kind(check_doc):
    checked = check_doc(clean_with_address())
    medicare = cms1500_pdf_bytes([checked], PRACTICE, KINDS, "preprinted")
    other = cms1500_pdf_bytes([checked], PRACTICE, {"medicare": "something else"}, "preprinted")
    assert medicare.startswith(b"%PDF-") and other.startswith(b"%PDF-") and medicare != other
