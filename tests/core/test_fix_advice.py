"""Fixes must be right: intralesional and intradermal injections get their own codes as advice
(never the unlisted IV code), and a deleted drug code is replaced by the code the NDC on the
claim is listed under in the ASP crosswalk, else by the replacement table."""

from __future__ import annotations

import pytest

from app.core.fixes import apply_fix
from support import clean_encounter, finding_codes


def given(route: str, claim_lines: bool = True, procedures=()) -> dict:
    doc = clean_encounter(diagnoses=["L91.0"], visit=None, procedures=list(procedures), injections=[
        {"drug": {"hcpcs": "J3301", "name": "triamcinolone acetonide", "ndc": None},
         "dose": {"amount": 10, "unit": "mg"}, "route": route, "diagnosis_pointers": [1]}])
    if claim_lines:
        doc["claim_lines"] = [{"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
                              {"code": "J3301", "units": 1, "diagnosis_pointers": [1], "injection": 1}]
    return doc


def route_findings(result):
    return [f for f in result.findings if f.code == "ROUTE_NOT_SC_IM"]


def test_intralesional_billed_as_96372_is_told_11900_or_11901(check):
    finding = route_findings(check(given("INTRALESIONAL")))[0]
    assert finding.severity == "error" and finding.line == 1
    assert "11900" in finding.fix and "11901" in finding.fix and "96379" not in finding.fix
    assert "7 lesions" in finding.fix and finding.action is None  # the lesion count decides, not the app
    assert "1.1.10" in finding.source


def test_intradermal_billed_as_96372_is_told_its_own_codes(check):
    finding = route_findings(check(given("ID")))[0]
    assert "86580" in finding.fix and "Bill 96379 for" not in finding.fix


def test_built_claim_warns_with_the_same_advice(check):
    finding = route_findings(check(given("INTRALESIONAL", claim_lines=False)))[0]
    assert finding.severity == "warning" and "11900" in finding.fix and "96379" not in finding.fix


def test_no_advice_when_the_procedure_code_is_already_on_the_claim(check):
    doc = given("INTRALESIONAL", claim_lines=False, procedures=[{"code": "11900"}])
    assert "ROUTE_NOT_SC_IM" not in finding_codes(check(doc))


def test_iv_push_billed_as_96372_still_gets_its_code(check):
    finding = route_findings(check(given("IV_PUSH")))[0]
    assert "96374" in finding.fix and finding.action.value == "96374"


def epinephrine(ndc: str | None) -> dict:
    return clean_encounter(diagnoses=["T78.3XXA"], visit=None, injections=[
        {"drug": {"hcpcs": "J0171", "name": "epinephrine", "ndc": ndc, "ndc_quantity": 0.3 if ndc else None,
                  "ndc_unit": "ML" if ndc else None},
         "dose": {"amount": 0.3, "unit": "mg"}, "route": "IM", "diagnosis_pointers": [1]}])


def not_effective(result):
    return next(f for f in result.findings if f.code == "CODE_NOT_EFFECTIVE")


@pytest.mark.parametrize("ndc,code", [("0404-9810-01", "J0169"), ("0404-9857-01", "J0166"),
                                      ("0517-3030-01", "J0165"), (None, "J0165")])
def test_a_deleted_code_is_replaced_by_the_code_its_ndc_is_listed_under(check, ndc, code):
    finding = not_effective(check(epinephrine(ndc)))
    assert finding.action.value == code and f"Bill {code}" in finding.fix
    if ndc:
        assert "crosswalk" in finding.fix and "crosswalk" in finding.source


def test_applying_the_ndc_code_clears_the_code_and_the_ndc_findings(check):
    document = epinephrine("0404-9810-01")
    result = check(document)
    fixed = apply_fix(document, result, not_effective(result).action)
    assert fixed["injections"][0]["drug"]["hcpcs"] == "J0169"
    codes = finding_codes(check(fixed))
    assert "CODE_NOT_EFFECTIVE" not in codes and "NDC_NOT_FOR_CODE" not in codes


def test_the_crosswalk_is_read_for_a_billed_line_too(check):
    document = epinephrine(None)
    document["claim_lines"] = [
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J0171", "units": 3, "diagnosis_pointers": [1], "injection": 1, "ndc": "00404985701",
         "ndc_quantity": 0.3, "ndc_unit": "ML"}]
    finding = not_effective(check(document))
    assert finding.line == 2 and finding.action.value == "J0166"
