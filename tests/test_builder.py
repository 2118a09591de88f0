"""The claim builder: facts → the lines a careful coder would bill (spec/encounter.md)."""

from __future__ import annotations

from support import besides_stale, clean_encounter, finding_codes
from test_findings import KETOROLAC, injection


def lines_of(result):
    return [(line.code, line.modifiers, int(line.units)) for line in result.lines]


def test_two_injections_as_units_for_medicare(check):
    doc = clean_encounter(visit=None, diagnoses=["D51.0", "M54.50"], injections=[
        injection(), injection(KETOROLAC, dose={"amount": 60, "unit": "mg"}, diagnosis_pointers=[2])])
    result = check(doc)
    assert lines_of(result) == [("96372", [], 2), ("J3420", [], 1), ("J1885", ["JZ"], 4)]
    assert result.lines[0].diagnosis_pointers == [1, 2]


def test_two_injections_as_separate_lines_with_59_for_medicaid(check):
    doc = clean_encounter(payer="medicaid", visit=None, diagnoses=["D51.0", "M54.50"], injections=[
        injection(), injection(KETOROLAC, dose={"amount": 30, "unit": "mg"}, diagnosis_pointers=[2])])
    result = check(doc)
    assert lines_of(result) == [("96372", [], 1), ("96372", ["59"], 1), ("J3420", [], 1), ("J1885", [], 2)]
    assert besides_stale(result) == []


def flu(code="90656"):
    return {"drug": {"hcpcs": code}, "dose": {"amount": 0.5, "unit": "mL"}, "route": "IM",
            "diagnosis_pointers": [1]}


def test_medicare_flu_shot_uses_g0008(check):
    result = check(clean_encounter(visit=None, diagnoses=["Z23"], injections=[flu()]))
    assert lines_of(result) == [("G0008", [], 1), ("90656", [], 1)]
    # CMS pays G0008 at a national rate the shipped PFS file lacks: no default fee, so the biller is told
    assert [(f.code, f.line) for f in besides_stale(result)] == [("CHARGE_MISSING", 1)]


def test_commercial_vaccines_use_90471_then_90472(check):
    doc = clean_encounter(payer="commercial", visit=None, diagnoses=["Z23"], injections=[flu(), flu("90715")])
    assert lines_of(check(doc))[:2] == [("90471", [], 1), ("90472", [], 1)]


def test_allergen_shots_use_95115_or_95117(check):
    shot = {"drug": {"hcpcs": "95165"}, "dose": {"amount": 0.3, "unit": "mL"}, "route": "SC", "diagnosis_pointers": [1]}
    one = check(clean_encounter(visit=None, diagnoses=["J30.1"], injections=[shot]))
    two = check(clean_encounter(visit=None, diagnoses=["J30.1"], injections=[shot, shot]))
    assert lines_of(one)[0] == ("95115", [], 1) and lines_of(two)[0] == ("95117", [], 1)


def leuprolide(code, amount, diagnosis):
    return clean_encounter(visit=None, diagnoses=[diagnosis], injections=[
        {"drug": {"hcpcs": code, "name": "leuprolide", "single_dose_container": True},
         "dose": {"amount": amount, "unit": "mg"}, "route": "IM", "diagnosis_pointers": [1]}])


def test_leuprolide_for_prostate_cancer_is_96402(check):
    assert lines_of(check(leuprolide("J9217", 22.5, "C61")))[0] == ("96402", [], 1)
    assert lines_of(check(leuprolide("J1950", 11.25, "C61")))[:2] == [("96402", [], 1), ("J1950", ["JZ"], 3)]


def test_leuprolide_j1950_for_endometriosis_is_96372(check):
    assert lines_of(check(leuprolide("J1950", 3.75, "N80.00")))[0] == ("96372", [], 1)


def test_iv_push_uses_96374_then_96375(check):
    doc = clean_encounter(visit=None, diagnoses=["R11.2"], injections=[
        injection({"hcpcs": "J2405", "name": "ondansetron", "ndc": None}, dose={"amount": 4, "unit": "mg"},
                  route="IV_PUSH"),
        injection({"hcpcs": "J1100", "name": "dexamethasone", "ndc": None}, dose={"amount": 10, "unit": "mg"},
                  route="IV_PUSH")])
    assert [c for c, _, _ in lines_of(check(doc))] == ["96374", "96375", "J2405", "J1100"]


def test_intradermal_gets_no_admin_line_and_a_warning(check):
    doc = clean_encounter(visit=None, injections=[injection(route="ID")])
    result = check(doc)
    assert [c for c, _, _ in lines_of(result)] == ["J3420"]
    route = [f for f in result.findings if f.code == "ROUTE_NOT_SC_IM"]
    assert route and route[0].severity == "warning" and "86580" in route[0].fix  # intradermal: its own codes
    assert "11900" not in route[0].fix  # 11900/11901 are intralesional


def test_discarded_amount_goes_on_its_own_jw_line(check):
    doc = clean_encounter(visit=None, diagnoses=["M54.50"], injections=[
        injection(KETOROLAC, dose={"amount": 30, "unit": "mg"}, discarded={"amount": 30, "unit": "mg"})])
    result = check(doc)
    assert lines_of(result) == [("96372", [], 1), ("J1885", [], 2), ("J1885", ["JW"], 2)]
    assert result.lines[2].ndc_quantity == 2  # same share of the NDC quantity as of the dose
    assert "WASTE_MODIFIER_MISSING" not in finding_codes(result)


def test_discard_covered_by_rounding_takes_jz(check):
    doc = clean_encounter(visit=None, diagnoses=["M54.50"], injections=[
        injection(KETOROLAC, dose={"amount": 10, "unit": "mg"}, discarded={"amount": 5, "unit": "mg"})])
    assert lines_of(check(doc)) == [("96372", [], 1), ("J1885", ["JZ"], 1)]


def test_ml_dose_uses_the_concentration(check):
    doc = clean_encounter(visit=None, diagnoses=["M54.50"], injections=[
        injection(KETOROLAC, dose={"amount": 2, "unit": "mL", "concentration": {"amount": 30, "unit": "mg"}})])
    assert lines_of(check(doc))[1] == ("J1885", ["JZ"], 4)


def test_patient_supplied_drug_has_no_drug_line(check):
    doc = clean_encounter(visit=None, injections=[injection({"supplied_by": "patient"})])
    result = check(doc)
    assert [c for c, _, _ in lines_of(result)] == ["96372"]
    missing = [f for f in result.findings if f.code == "DRUG_LINE_MISSING"]
    assert missing and missing[0].severity == "info"


def test_abn_on_file_puts_ga_on_the_uncovered_line(check):
    result = check(clean_encounter(diagnoses=["M54.50"], abn_on_file=True))
    assert result.lines[2].modifiers == ["GA"]
    severities = {f.code: f.severity for f in result.findings}
    assert severities["DIAGNOSIS_NOT_COVERED"] == "warning" and severities["ABN_MODIFIER"] == "info"
    abn = [f for f in result.findings if f.code == "ABN_MODIFIER"][0]
    assert abn.carc == "PR-50"


def test_without_abn_the_practice_is_liable(check):
    result = check(clean_encounter(diagnoses=["M54.50"]))
    abn = [f for f in result.findings if f.code == "ABN_MODIFIER"][0]
    assert abn.carc == "CO-50" and "GZ" in abn.message
    assert {f.code: f.severity for f in result.findings}["DIAGNOSIS_NOT_COVERED"] == "error"


def test_prolia_for_medicare_gets_jz_and_is_clean(check):
    from test_findings import prolia
    result = check(prolia())
    assert lines_of(result) == [("96372", [], 1), ("J0897", ["JZ"], 60)]
    assert besides_stale(result) == []


def test_the_builder_never_changes_a_drug_code(check):
    result = check(clean_encounter(injections=[
        injection({"hcpcs": "J1030", "name": "methylprednisolone", "ndc": None}, dose={"amount": 40, "unit": "mg"})]))
    assert "J1030" in [line.code for line in result.lines]
    stale = [f for f in result.findings if f.code == "CODE_NOT_EFFECTIVE"][0]
    assert "J1010" in stale.fix and stale.action.value == "J1010"


def test_virtual_supervision_counts_for_medicare_not_commercial(check):
    assert "SUPERVISION_VIRTUAL_NOT_ALLOWED" not in finding_codes(check(clean_encounter(supervision="virtual_av")))
    commercial = check(clean_encounter(payer="commercial", supervision="virtual_av"))
    assert "SUPERVISION_VIRTUAL_NOT_ALLOWED" in finding_codes(commercial)


def test_physician_given_injection_needs_no_supervisor(check):
    assert besides_stale(check(clean_encounter(supervision="none", administered_by="MD"))) == []


def test_unsupervised_commercial_injection_suggests_99211(check):
    result = check(clean_encounter(payer="commercial", supervision="none", visit=None))
    found = [f for f in result.findings if f.code == "SUPERVISION_MISSING"][0]
    assert "99211" in found.fix and found.action.value == "99211"


def test_charges_follow_the_fee_schedule(check):
    result = check(clean_encounter())
    assert [c for c in result.charges] == [8895, 1391, 64] and result.total_cents == 10350


def test_medicare_flu_billed_with_90471_is_flagged(check):
    doc = clean_encounter(visit=None, diagnoses=["Z23"], injections=[flu()], claim_lines=[
        {"code": "90471", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "90656", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    found = [f for f in check(doc).findings if f.code == "VACCINE_ADMIN_CODE"]
    assert found and found[0].action.value == "G0008"


def test_commercial_flu_billed_with_g0008_is_flagged(check):
    doc = clean_encounter(payer="commercial", visit=None, diagnoses=["Z23"], injections=[flu()], claim_lines=[
        {"code": "G0008", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "90656", "units": 1, "diagnosis_pointers": [1], "injection": 1}])
    assert "VACCINE_ADMIN_CODE" in finding_codes(check(doc))


def test_payer_wanting_separate_lines_flags_units_on_one_line(check):
    doc = clean_encounter(payer="medicaid", visit=None, injections=[injection(), injection()], claim_lines=[
        {"code": "96372", "units": 2, "diagnosis_pointers": [1]},
        {"code": "J3420", "units": 2, "diagnosis_pointers": [1], "ndc": "00143962125", "ndc_quantity": 2,
         "ndc_unit": "ML"}])
    assert "DISTINCT_MODIFIER_NEEDED" in finding_codes(check(doc))
