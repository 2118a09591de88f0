"""COVID-19 vaccine administration (90480 from 2023-09-11, every payer) and the vaccines Medicare
covers under Part D, not Part B (zoster, Tdap/Td as prevention, RSV): through the public check."""

from __future__ import annotations

import pytest

from support import clean_encounter, finding_codes


def vaccine(code: str, **fields) -> dict:
    return {"drug": {"hcpcs": code, "name": "vaccine", "kind": "vaccine"}, "dose": {"amount": 0.5, "unit": "mL"},
            "route": "IM", "diagnosis_pointers": [1], **fields}


def vaccines(*codes: str, payer="medicare", **changes) -> dict:
    return clean_encounter(**{"payer": payer, "visit": None, "diagnoses": ["Z23"],
                              "injections": [vaccine(c) for c in codes], **changes})


def lines_of(result) -> list[tuple[str, list[str]]]:
    return [(line.code, line.modifiers) for line in result.lines]


def codes_of(result, *codes) -> list:
    return [f for f in result.findings if f.code in codes]


@pytest.mark.parametrize("payer", ["medicare", "medicaid", "commercial"])
@pytest.mark.parametrize("product", ["91318", "91320", "91322", "91304"])
def test_covid_vaccine_is_given_with_90480_for_every_payer(check, payer, product):
    result = check(vaccines(product, payer=payer))
    assert lines_of(result)[0] == ("90480", [])
    assert not codes_of(result, "VACCINE_ADMIN_CODE", "CODE_UNKNOWN", "BUNDLED_WITH_PROCEDURE")


def test_medicare_covid_and_flu_the_same_day_go_out_clean(check):
    result = check(vaccines("91320", "90656"))
    assert sorted(code for code, _ in lines_of(result)) == ["90480", "90656", "91320", "G0008"]
    assert all(mods == [] for _, mods in lines_of(result))
    assert not codes_of(result, "BUNDLED_WITH_PROCEDURE", "VACCINE_ADMIN_CODE", "CODE_UNKNOWN",
                        "DISTINCT_MODIFIER_NEEDED")


def test_covid_billed_with_90471_is_the_wrong_code(check):
    doc = vaccines("91320", payer="commercial", claim_lines=[
        {"code": "90471", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "91320", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    found = codes_of(check(doc), "VACCINE_ADMIN_CODE")
    assert found and found[0].line == 1 and found[0].action.value == "90480" and "MLN" in found[0].source


def test_90480_billed_for_a_covid_vaccine_is_quiet_and_known(check):
    doc = vaccines("91322", claim_lines=[
        {"code": "90480", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "91322", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    assert not codes_of(check(doc), "VACCINE_ADMIN_CODE", "CODE_UNKNOWN")


def test_90480_billed_for_a_flu_vaccine_is_the_wrong_code(check):
    doc = vaccines("90656", claim_lines=[
        {"code": "90480", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "90656", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    assert [f.action.value for f in codes_of(check(doc), "VACCINE_ADMIN_CODE")] == ["G0008"]


def test_a_new_covid_product_code_takes_90480_too(check):
    """CPT keeps COVID-19 products in 91300-91399; a later code there (91323) is one."""
    assert lines_of(check(vaccines("91323", payer="commercial")))[0] == ("90480", [])


def test_before_2023_09_11_the_builder_does_not_use_90480(check):
    old = vaccines("91304", payer="commercial", date_of_service="2023-09-08", submitted_on="2026-03-12")
    result = check(old)
    assert lines_of(result)[0][0] == "90471"
    assert "TIMELY_FILING_EXPIRED" in finding_codes(result)
    on_the_day = check(vaccines("91304", payer="commercial", date_of_service="2023-09-11"))
    assert lines_of(on_the_day)[0][0] == "90480"


@pytest.mark.parametrize("code", ["90750", "90678", "90679", "90683"])
def test_part_d_vaccines_are_not_a_part_b_benefit(check, code):
    result = check(vaccines(code))
    found = codes_of(result, "NOT_A_BENEFIT")
    assert found and "Part D" in found[0].fix and "1861(s)(10)" in found[0].source
    assert all("GY" not in mods for _, mods in lines_of(result))  # another plan pays: no Part B denial to ask for


@pytest.mark.parametrize("code", ["90715", "90714", "90632", "90707", "90716", "90734"])
def test_preventive_vaccines_are_part_d_but_after_an_injury_or_exposure_part_b(check, code):
    assert codes_of(check(vaccines(code)), "NOT_A_BENEFIT")
    injury = vaccines(code, diagnoses=["S61.412A"])
    assert not codes_of(check(injury), "NOT_A_BENEFIT")
    exposure = vaccines(code, diagnoses=["Z20.3"])
    assert not codes_of(check(exposure), "NOT_A_BENEFIT")


@pytest.mark.parametrize("payer", ["medicaid", "commercial"])
def test_part_d_is_medicare_only(check, payer):
    assert not codes_of(check(vaccines("90750", payer=payer)), "NOT_A_BENEFIT")


def test_part_b_vaccines_stay_quiet(check):
    for code in ("90656", "90677", "90739", "91320"):
        assert not codes_of(check(vaccines(code)), "NOT_A_BENEFIT"), code


def test_a_covid_product_code_newer_than_the_catalog_is_a_vaccine(check):
    doc = vaccines("91399", payer="commercial")
    del doc["injections"][0]["drug"]["kind"]
    assert lines_of(check(doc))[0] == ("90480", [])
