"""Search as you type over ICD-10-CM and the drug catalog (app.core.search): code prefixes,
words in any order, NDCs with any hyphenation, ranking (speed per keystroke: benchmarks/bench_search.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.billing_unit import BillingUnit
from app.core.search import DrugIndex, IcdIndex, PrefixIndex, ndc_keys, words_of

ICD_ROWS = [
    ("D51", "D51", "Vitamin B12 deficiency anemia", 0, None),
    ("D510", "D51.0", "Vitamin B12 deficiency anemia due to intrinsic factor deficiency", 1, "D51"),
    ("D511", "D51.1", "Vitamin B12 deficiency anemia due to selective vitamin B12 malabsorption", 1, "D51"),
    ("D519", "D51.9", "Vitamin B12 deficiency anemia, unspecified", 1, "D51"),
    ("D649", "D64.9", "Anemia, unspecified", 1, None),
    ("E559", "E55.9", "Vitamin D deficiency, unspecified", 1, None),
    ("M5450", "M54.50", "Low back pain, unspecified", 1, None),
]
CODE_ROWS = [
    {"code": "J1885", "description": "Injection, ketorolac tromethamine, per 15 mg", "kind": "drug",
     "unit_amount": "15", "unit_measure": "mg", "unit_up_to": 0, "term_date": None},
    {"code": "J3420", "description": "Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg", "kind": "drug",
     "unit_amount": "1000", "unit_measure": "mcg", "unit_up_to": 1, "term_date": None},
    {"code": "J3490", "description": "Unclassified drugs", "kind": "drug", "unit_amount": None,
     "unit_measure": None, "unit_up_to": 0, "term_date": None},
]
NDC_ROWS = [
    {"ndc": "00409379501", "hcpcs": "J1885", "drug_name": "Ketorolac Tromethamine", "labeler": "Pfizer Inc",
     "hcpcs_dosage": "15 MG", "pkg_size": "1", "pkg_qty": "25"},
    {"ndc": "00143962125", "hcpcs": "J3420", "drug_name": "Cyanocobalamin", "labeler": "Hikma",
     "hcpcs_dosage": "1000 MCG", "pkg_size": "1", "pkg_qty": "25"},
]


@pytest.fixture(scope="module")
def icd():
    return IcdIndex(ICD_ROWS)


@pytest.fixture(scope="module")
def drugs():
    return DrugIndex(CODE_ROWS, NDC_ROWS)


def codes(results) -> list[str]:
    return [r.code for r in results]


def test_words_of_drops_dots_and_splits_punctuation():
    assert words_of("D51.0 Vitamin B-12, deficiency") == ["d510", "vitamin", "b", "12", "deficiency"]


def test_icd_code_prefix_in_code_order(icd):
    assert codes(icd.search("d51")) == ["D51", "D51.0", "D51.1", "D51.9"]
    assert codes(icd.search("D51.0")) == ["D51.0"]


def test_icd_words_in_any_order(icd):
    assert set(codes(icd.search("b12 anemia"))) == {"D51", "D51.0", "D51.1", "D51.9"}
    assert codes(icd.search("anemia b12 intrinsic")) == ["D51.0"]
    assert codes(icd.search("back low")) == ["M54.50"]


def test_icd_whole_words_rank_first(icd):
    assert codes(icd.search("vitamin d def"))[0] == "E55.9"
    assert codes(icd.search("anemia"))[0] == "D64.9"


def test_icd_children_and_billable(icd):
    assert not icd.get("D51").billable and icd.get("d51.0").billable
    assert codes(icd.children("D51")) == ["D51.0", "D51.1", "D51.9"]
    assert icd.get("Z99.99") is None


def test_icd_nothing_found(icd):
    assert icd.search("xylophone") == [] and icd.search("   ") == []


def test_drug_by_name_code_and_ndc(drugs):
    assert drugs.search("ketorolac")[0].hcpcs == "J1885"
    assert drugs.search("keto 15")[0].hcpcs == "J1885"
    assert drugs.search("j34")[0].hcpcs == "J3420"
    for typed in ("0409-3795-01", "00409-3795-01", "00409379501", "0409-3795", "04093795"):
        found = drugs.search(typed)
        assert found and found[0].ndc == "00409379501", typed


def test_drug_choice_carries_the_billing_unit(drugs):
    choice = drugs.code("j3420")
    assert choice.billing_unit == BillingUnit(Decimal("1000"), "mcg", True)
    assert drugs.code("J3490").billing_unit is None
    assert [p.hcpcs for p in drugs.packages("0143-9621-25")] == ["J3420"]


def test_ndc_keys_cover_the_printed_forms():
    assert ndc_keys("00409379501") == ["00409379501", "0409379501", "0040937951"]
    assert ndc_keys("12345012301") == ["12345012301", "1234512301", "1234501231"]


def test_prefix_index_dense_and_sparse_agree():
    texts = [["alpha", f"w{n}"] for n in range(30_000)] + [["beta", "w7"]]
    index = PrefixIndex(texts)
    assert index.find(["a"], 5) == [0, 1, 2, 3, 4]
    assert index.find(["w7", "beta"], 5) == [30_000]
    assert index.find(["alpha", "w29999"], 5) == [29_999]


@pytest.fixture(scope="module")
def full_icd():
    """All of ICD-10-CM from the package the app ships with."""
    from app.store.reference import icd_rows

    return IcdIndex(sorted((r[0], r[1], r[2], r[3], r[4]) for r in icd_rows()))


@pytest.mark.slow
def test_every_keystroke_finds_something_over_all_of_icd10cm(full_icd):
    """What each keystroke finds; how fast it answers is measured by benchmarks/bench_search.py."""
    assert len(full_icd) > 90_000
    typed = ["b12 anemia", "type 2 diabetes without", "e11.9", "vitamin d deficiency", "low back pain",
             "hypertension", "osteoporosis age related", "z79.4", "encounter for immunization", "m54.50"]
    for text in typed:
        for end in range(1, len(text) + 1):
            assert full_icd.search(text[:end]), text[:end]
    for text, first in (("e11.9", "E11.9"), ("z79.4", "Z79.4"), ("m54.50", "M54.50"), ("low back pain", "M54.5")):
        assert codes(full_icd.search(text))[0] == first, text
    assert codes(full_icd.search("b12 anemia intrinsic")) == ["D51.0"]
