"""Codes whose definition holds an age band (preventive visits, 90460/90461, vaccine products with
an age in their descriptor) must fit the patient's age on the date of service (AGE_CODE_MISMATCH)."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.fixes import apply_fix
from app.core.rules.age import age_in_months
from support import clean_encounter, finding_codes

DOS = "2026-03-10"
NEW = ["99381", "99382", "99383", "99384", "99385", "99386", "99387"]
ESTABLISHED = ["99391", "99392", "99393", "99394", "99395", "99396", "99397"]
# a birth date in each band on 2026-03-10, youngest first, with the band's edges
BAND_BIRTHS = [("2025-09-10", "2025-03-11"), ("2025-03-10", "2021-03-11"), ("2021-03-10", "2014-03-11"),
               ("2014-03-10", "2008-03-11"), ("2008-03-10", "1986-03-11"), ("1986-03-10", "1961-03-11"),
               ("1961-03-10", "1931-01-01")]


def patient_born(born: str, **changes) -> dict:
    doc = clean_encounter(**changes)
    doc["patient"]["date_of_birth"] = born
    return doc


def visit(code: str, born: str) -> dict:
    return patient_born(born, visit={"code": code, "separately_identifiable": True})


def age_findings(result):
    return [f for f in result.findings if f.code == "AGE_CODE_MISMATCH"]


def test_age_in_whole_months():
    assert age_in_months(date(2008, 3, 10), date(2026, 3, 10)) == 18 * 12
    assert age_in_months(date(2008, 3, 11), date(2026, 3, 10)) == 18 * 12 - 1
    assert age_in_months(date(2025, 9, 10), date(2026, 3, 9)) == 5


@pytest.mark.parametrize("codes", [NEW, ESTABLISHED], ids=["new", "established"])
@pytest.mark.parametrize("band", range(7))
def test_each_preventive_visit_fits_its_own_band_and_no_other(check, codes, band):
    for born in BAND_BIRTHS[band]:
        for index, code in enumerate(codes):
            found = age_findings(check(visit(code, born)))
            assert bool(found) == (index != band), (code, born)
            if found:
                assert found[0].severity == "error" and found[0].carc == "CO-6"
                assert codes[band] in found[0].fix and found[0].action.value == codes[band]


def test_the_fix_bills_the_visit_for_the_patients_age(check):
    doc = visit("99385", "1951-04-02")
    result = check(doc)
    finding = age_findings(result)[0]
    assert "74 years old" in finding.message and "18 through 39" in finding.message
    fixed = apply_fix(doc, result, finding.action)
    assert fixed["visit"]["code"] == "99387" and "claim_lines" not in fixed
    assert "AGE_CODE_MISMATCH" not in finding_codes(check(fixed))


def billed_vaccine(product: str, admin: str, born: str, payer: str = "commercial") -> dict:
    doc = patient_born(born, payer=payer, diagnoses=["Z23"], visit=None, injections=[
        {"drug": {"hcpcs": product, "kind": "vaccine"}, "dose": {"amount": 0.5, "unit": "mL"}, "route": "IM",
         "diagnosis_pointers": [1]}])
    doc["claim_lines"] = [{"code": admin, "units": 1, "diagnosis_pointers": [1], "injection": 1},
                          {"code": product, "units": 1, "diagnosis_pointers": [1], "injection": 1}]
    return doc


@pytest.mark.parametrize("born,fires", [("2007-03-11", False), ("2007-03-10", True), ("1990-01-01", True)])
def test_counselling_admin_codes_are_through_age_18(check, born, fires):
    result = check(billed_vaccine("90686", "90460", born))
    found = age_findings(result)
    assert bool(found) == fires
    if fires:
        assert found[0].line == 1 and "90471" in found[0].fix


@pytest.mark.parametrize("product,born,fires", [
    ("90715", "2020-01-01", True), ("90715", "2019-03-10", False), ("90714", "2019-03-11", True),
    ("90732", "2025-01-01", True), ("90732", "1950-01-01", False),
    ("90700", "2019-03-10", True), ("90700", "2024-01-01", False),
    ("Q2037", "2024-01-01", True), ("Q2037", "2023-03-10", False),   # HCPCS: "3 years of age and older"
])
def test_vaccine_products_with_an_age_in_their_definition(check, product, born, fires):
    found = age_findings(check(billed_vaccine(product, "90471", born)))
    assert [f.line for f in found] == ([2] if fires else [])


def test_the_bands_are_data_with_their_source(checker):
    band = checker.reference.age_band("Q2038")
    assert (band.from_months, band.to_months) == (36, None) and "HCPCS" in band.source
    assert checker.reference.age_band("99386").ages == "40 through 64 years"
    assert [b.code for b in sorted(checker.reference.age_family("preventive_new"), key=lambda b: b.code)] == NEW
    assert checker.reference.age_band("96372") is None


def test_a_code_without_an_age_band_is_quiet_at_any_age(check):
    assert "AGE_CODE_MISMATCH" not in finding_codes(check(patient_born("2025-12-01")))
