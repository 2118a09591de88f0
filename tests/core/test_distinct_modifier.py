"""The builder opens an NCCI pair that allows a modifier (indicator 1) when the facts show a separate
injection (another drug, route or site), with the payer's distinct-service modifier, and says so."""

from __future__ import annotations

import pytest

from support import clean_encounter

KETOROLAC = {"hcpcs": "J1885", "name": "ketorolac", "ndc": "00409-3795-01", "ndc_quantity": 2, "ndc_unit": "ML",
             "single_dose_container": False}
ONDANSETRON = {"hcpcs": "J2405", "name": "ondansetron", "single_dose_container": False}


def given(drug: dict, mg: float, route: str, site: str = "") -> dict:
    return {"drug": drug, "dose": {"amount": mg, "unit": "mg"}, "route": route, "site": site, "diagnosis_pointers": [1]}


def line(result, code):
    return next(ln for ln in result.lines if ln.code == code)


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


@pytest.mark.parametrize("payer, modifier", [("medicare", "XU"), ("medicaid", "59"), ("commercial", "59")])
def test_iv_push_with_a_separate_im_injection(check, payer, modifier):
    doc = clean_encounter(payer=payer, visit=None, diagnoses=["R11.2"],
                          injections=[given(ONDANSETRON, 4, "IV_PUSH"), given(KETOROLAC, 30, "IM", "left gluteal")])
    result = check(doc)
    assert line(result, "96372").modifiers == [modifier] and line(result, "96374").modifiers == []
    assert "BUNDLED_WITH_PROCEDURE" not in codes(result)
    said = [f for f in result.findings if f.code == "DISTINCT_MODIFIER_ADDED"]
    assert said and said[0].severity == "info" and modifier in said[0].message and "96374" in said[0].message


@pytest.mark.parametrize("payer, modifier", [("medicare", "XS"), ("commercial", "59")])
def test_joint_injection_with_a_separate_im_drug(check, payer, modifier):
    doc = clean_encounter(payer=payer, visit=None, diagnoses=["M17.11"], procedures=[{"code": "20610"}],
                          injections=[given(KETOROLAC, 30, "IM", "right deltoid")])
    result = check(doc)
    assert line(result, "96372").modifiers == [modifier] and line(result, "20610").modifiers == []
    assert "BUNDLED_WITH_PROCEDURE" not in codes(result) and "DISTINCT_MODIFIER_ADDED" in codes(result)


def test_a_pair_no_modifier_opens_is_left_for_the_check(check):
    """96372 with 36591 (indicator 0): the builder adds nothing and the check explains."""
    doc = clean_encounter(visit=None, procedures=[{"code": "36591"}])
    result = check(doc)
    assert line(result, "96372").modifiers == [] and "DISTINCT_MODIFIER_ADDED" not in codes(result)
    assert "BUNDLED_WITH_PROCEDURE" in codes(result)


def test_no_pair_no_modifier(check):
    result = check(clean_encounter())
    assert line(result, "96372").modifiers == [] and "DISTINCT_MODIFIER_ADDED" not in codes(result)


def test_the_payer_setting_chooses_59_or_x_modifiers(db, checker):
    from app.store.payers import export_pack, import_pack
    from support import TODAY
    pack = export_pack(db, "medicare")
    assert pack["settings"]["distinct_service_modifier"] == "X"
    pack["settings"]["distinct_service_modifier"] = "59"
    import_pack(db, pack)
    doc = clean_encounter(visit=None, diagnoses=["M17.11"], procedures=[{"code": "20610"}],
                          injections=[given(KETOROLAC, 30, "IM")])
    assert line(checker.check(doc, today=TODAY).result, "96372").modifiers == ["59"]


def test_lines_billed_by_hand_are_never_changed(check):
    doc = clean_encounter(visit=None, diagnoses=["M17.11"], procedures=[{"code": "20610"}],
                          injections=[given(KETOROLAC, 30, "IM")], claim_lines=[
                              {"code": "20610", "units": 1, "diagnosis_pointers": [1]},
                              {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    result = check(doc)
    assert line(result, "96372").modifiers == [] and "BUNDLED_WITH_PROCEDURE" in codes(result)


@pytest.mark.parametrize("payer, modifier", [("medicare", "XS"), ("commercial", "59")])
def test_the_one_click_fix_adds_the_payers_modifier(check, payer, modifier):
    from app.core.fixes import apply_fix
    doc = clean_encounter(payer=payer, visit=None, diagnoses=["M17.11"], procedures=[{"code": "20610"}],
                          injections=[given(KETOROLAC, 30, "IM")], claim_lines=[
                              {"code": "20610", "units": 1, "diagnosis_pointers": [1]},
                              {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    result = check(doc)
    bundled = [f for f in result.findings if f.code == "BUNDLED_WITH_PROCEDURE"]
    assert [f.action.value for f in bundled] == [modifier]
    assert "BUNDLED_WITH_PROCEDURE" not in codes(check(apply_fix(doc, result, bundled[0].action)))
