"""Every finding in spec/findings.md: an encounter that raises it, and the clean encounter that
does not. Each case changes the clean B12 encounter as little as it can."""

from __future__ import annotations

import pytest

from app.core.findings import CATALOG
from support import besides_stale, clean_encounter, finding_codes

B12_LINES = [
    {"code": "99213", "modifiers": ["25"], "units": 1, "diagnosis_pointers": [1]},
    {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
    {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1,
     "ndc": "00143962125", "ndc_quantity": 1, "ndc_unit": "ML"},
]


def billed(*changes):
    """The clean encounter billed as B12_LINES with line changes: (index, field, value)."""
    lines = [dict(line) for line in B12_LINES]
    for index, field, value in changes:
        lines[index][field] = value
    return clean_encounter(claim_lines=lines)


def drug(**fields):
    return {"hcpcs": "J3420", "name": "cyanocobalamin", "ndc": "0143-9621-25", "ndc_quantity": 1,
            "ndc_unit": "ML", "single_dose_container": False, **fields}


def injection(drug_fields=None, **fields):
    base = {"drug": drug(**(drug_fields or {})), "dose": {"amount": 1000, "unit": "mcg"}, "route": "IM",
            "diagnosis_pointers": [1]}
    base.update(fields)
    return base


KETOROLAC = {"hcpcs": "J1885", "name": "ketorolac tromethamine", "ndc": "00409-3795-01", "ndc_quantity": 2,
             "ndc_unit": "ML", "single_dose_container": True}
PROLIA = {"hcpcs": "J0897", "name": "denosumab", "ndc": "55513-0710-01", "ndc_quantity": 1, "ndc_unit": "ML",
          "single_dose_container": True}


def prolia(payer="medicare", **changes):
    return clean_encounter(payer=payer, diagnoses=["M81.0"], visit=None,
                           injections=[injection(PROLIA, dose={"amount": 60, "unit": "mg"}, route="SC")], **changes)


CASES = {
    "FIELD_MISSING": clean_encounter(patient={**clean_encounter()["patient"], "member_id": "  "}),
    "NPI_INVALID": clean_encounter(rendering_provider={"npi": "1234567890"}),
    "DATE_IMPLAUSIBLE": clean_encounter(date_of_service="2026-03-20"),
    "DIAGNOSIS_INVALID": clean_encounter(diagnoses=["D51"]),
    "DIAGNOSIS_POINTER_INVALID": billed((1, "diagnosis_pointers", [])),
    "CODE_NOT_EFFECTIVE": clean_encounter(diagnoses=["M25.561"], injections=[
        injection({"hcpcs": "J1030", "name": "methylprednisolone acetate", "ndc": None},
                  dose={"amount": 40, "unit": "mg"})]),
    "CODE_UNKNOWN": clean_encounter(procedures=[{"code": "ZZ123"}]),
    "MEMBER_ID_INVALID": clean_encounter(patient={**clean_encounter()["patient"], "member_id": "1EG4TE5MK7O"}),
    "AGE_CODE_MISMATCH": clean_encounter(visit={"code": "99385", "separately_identifiable": True}),
    "INCIDENT_TO_NOT_ESTABLISHED": clean_encounter(documentation={"order": True, "administration_record": True,
                                                                  "medical_necessity": True, "plan_of_care": False}),
    "REFERENCE_DATA_STALE": clean_encounter(),
    "ROUTE_NOT_SC_IM": {**billed(), "injections": [injection(route="IV_PUSH")]},
    "VACCINE_ADMIN_CODE": clean_encounter(diagnoses=["Z23"], visit=None, claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "90656", "units": 1, "diagnosis_pointers": [1], "injection": 1}],
        injections=[{"drug": {"hcpcs": "90656", "kind": "vaccine"}, "dose": {"amount": 0.5, "unit": "mL"},
                     "route": "IM", "diagnosis_pointers": [1]}]),
    "ALLERGEN_ADMIN_CODE": clean_encounter(diagnoses=["J30.1"], visit=None, claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1}],
        injections=[{"drug": {"hcpcs": "95165"}, "dose": {"amount": 0.5, "unit": "mL"}, "route": "SC",
                     "diagnosis_pointers": [1]}]),
    "CHEMO_ADMIN_CODE": clean_encounter(diagnoses=["C61"], visit=None, claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J9217", "units": 3, "diagnosis_pointers": [1], "injection": 1, "modifiers": ["JZ"]}],
        injections=[{"drug": {"hcpcs": "J9217", "name": "leuprolide", "single_dose_container": True},
                     "dose": {"amount": 22.5, "unit": "mg"}, "route": "IM", "diagnosis_pointers": [1]}]),
    "ADMIN_UNITS_MISMATCH": billed((1, "units", 2)),
    "ADMIN_UNITS_OVER_MAX": clean_encounter(visit=None, injections=[injection()] + [
        injection(KETOROLAC, dose={"amount": 15, "unit": "mg"}) for _ in range(4)]),
    "DRUG_LINE_MISSING": clean_encounter(claim_lines=B12_LINES[:2]),
    "DRUG_UNITS_MISMATCH": billed((2, "units", 2)),
    "DRUG_UNITS_OVER_MAX": clean_encounter(injections=[injection(dose={"amount": 2000, "unit": "mcg"})]),
    "NDC_MISSING": clean_encounter(payer="medicaid", injections=[injection({"ndc": None})]),
    "NDC_INVALID": clean_encounter(injections=[injection({"ndc_unit": "XX"})]),
    "NDC_NOT_FOR_CODE": clean_encounter(injections=[injection({"ndc": "55513-0710-01"})]),
    "NOC_CODE_SPECIFIC_EXISTS": clean_encounter(diagnoses=["M54.50"], injections=[
        injection({**KETOROLAC, "hcpcs": "J3490", "single_dose_container": False}, dose={"amount": 30, "unit": "mg"})]),
    "NOC_DESCRIPTION_MISSING": clean_encounter(diagnoses=["M54.50"], injections=[
        injection({"hcpcs": "J3490", "name": None, "ndc": None}, dose={"amount": 30, "unit": "mg"})]),
    "WASTE_MODIFIER_MISSING": prolia(claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "J0897", "units": 60, "diagnosis_pointers": [1], "injection": 1}]),
    "WASTE_MODIFIER_INVALID": billed((1, "modifiers", ["JZ"])),
    "SELF_ADMINISTERED_DRUG": clean_encounter(diagnoses=["E11.9"], injections=[
        injection({"hcpcs": "J1815", "name": "insulin", "ndc": None}, dose={"amount": 10, "unit": "units"}, route="SC")]),
    "NOT_A_BENEFIT": clean_encounter(diagnoses=["Z30.42"], visit=None, injections=[
        injection({"hcpcs": "J1050", "name": "medroxyprogesterone", "ndc": None, "single_dose_container": True},
                  dose={"amount": 150, "unit": "mg"})]),
    "VISIT_NOT_PAYABLE_WITH_INJECTION": clean_encounter(visit={"code": "99211", "separately_identifiable": True}),
    "VISIT_MODIFIER_25_MISSING": billed((0, "modifiers", [])),
    "VISIT_NOT_SEPARATE": {**billed(), "visit": {"code": "99213", "separately_identifiable": False}},
    "VISIT_NOT_BILLED": clean_encounter(visit={"code": "99213", "separately_identifiable": False}),
    "MODIFIER_25_ON_INJECTION": billed((1, "modifiers", ["25"])),
    "BUNDLED_WITH_PROCEDURE": {**billed(), "procedures": [{"code": "20610"}], "claim_lines": [
        {"code": "20610", "units": 1, "diagnosis_pointers": [1]}, *B12_LINES[1:]]},
    "DISTINCT_MODIFIER_ADDED": clean_encounter(procedures=[{"code": "20610"}]),
    "CHARGE_MISSING": billed((2, "charge", "0.00")),
    "DISTINCT_MODIFIER_NEEDED": clean_encounter(payer="commercial", visit=None, injections=[
        injection(), injection(KETOROLAC, dose={"amount": 30, "unit": "mg"})], claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1},
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 2},
        {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1, "ndc": "00143962125",
         "ndc_quantity": 1, "ndc_unit": "ML"},
        {"code": "J1885", "units": 2, "diagnosis_pointers": [1], "injection": 2, "ndc": "00409379501",
         "ndc_quantity": 2, "ndc_unit": "ML"}]),
    "FACILITY_PLACE_OF_SERVICE": clean_encounter(place_of_service="22"),
    "TELEHEALTH_PLACE_OF_SERVICE": clean_encounter(place_of_service="02"),
    "SUPERVISION_MISSING": clean_encounter(supervision="none"),
    "SUPERVISION_VIRTUAL_NOT_ALLOWED": clean_encounter(supervision="audio_only"),
    "DIAGNOSIS_NOT_COVERED": clean_encounter(diagnoses=["M54.50"]),
    "ABN_MODIFIER": clean_encounter(diagnoses=["M54.50"], abn_on_file=True),
    "DOCUMENTATION_MISSING": clean_encounter(documentation={"order": False, "administration_record": True,
                                                            "medical_necessity": True}),
    "PRIOR_AUTH_MISSING": prolia(payer="commercial"),
    "TIMELY_FILING_EXPIRED": clean_encounter(date_of_service="2025-01-15", submitted_on="2026-03-01"),
    "TIMELY_FILING_SOON": clean_encounter(payer="commercial", date_of_service="2026-01-01",
                                          submitted_on="2026-03-25"),
}
HISTORY_CASES = {"FREQUENCY_TOO_SOON", "DUPLICATE_SERVICE", "STAFF_NOT_ALLOWED"}


def test_every_finding_has_a_case():
    assert set(CATALOG) == set(CASES) | HISTORY_CASES


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_fires(check, code):
    result = check(CASES[code])
    found = [f for f in result.findings if f.code == code]
    assert found, f"{code} not raised; got {sorted(finding_codes(result))}"
    f = found[0]
    assert f.message and f.fix and f.source
    assert f.severity in ("error", "warning", "info")


@pytest.mark.parametrize("payer", ["medicare", "medicaid", "commercial"])
def test_clean_encounter_is_quiet(check, payer):
    result = check(clean_encounter(payer=payer))
    assert besides_stale(result) == []
    assert [line.code for line in result.lines] == ["99213", "96372", "J3420"]
    assert result.lines[0].modifiers == ["25"]


def test_clean_encounter_billed_as_is_is_quiet(check):
    assert besides_stale(check(billed())) == []


def test_frequency_too_soon_reads_history(checker):
    from support import TODAY
    earlier = CASES["NOT_A_BENEFIT"] | {"payer": "medicaid", "date_of_service": "2026-01-05",
                                        "submitted_on": "2026-01-06", "diagnoses": ["Z30.42"]}
    earlier["injections"] = [injection({"hcpcs": "J1050", "name": "medroxyprogesterone", "ndc": "0009-0746-30",
                                         "single_dose_container": True}, dose={"amount": 150, "unit": "mg"})]
    checker.save(earlier)
    later = earlier | {"date_of_service": "2026-03-10", "submitted_on": "2026-03-12"}
    result = checker.check(later, today=TODAY).result
    found = [f for f in result.findings if f.code == "FREQUENCY_TOO_SOON"]
    assert found and "64 days" in found[0].message
    ok = earlier | {"date_of_service": "2026-03-30", "submitted_on": "2026-03-31"}
    assert "FREQUENCY_TOO_SOON" not in finding_codes(checker.check(ok, today=TODAY).result)


def test_duplicate_service_reads_history_but_never_itself(checker):
    from support import TODAY
    first = clean_encounter()
    saved_id, _ = checker.save(first)
    assert "DUPLICATE_SERVICE" not in finding_codes(checker.check(first, encounter_id=saved_id, today=TODAY).result)
    assert "DUPLICATE_SERVICE" in finding_codes(checker.check(first, today=TODAY).result)  # identical content, new
    second = clean_encounter(patient={**first["patient"], "account_number": "A1002"})
    result = checker.check(second, today=TODAY).result
    dup = [f for f in result.findings if f.code == "DUPLICATE_SERVICE"]
    assert dup and f"#{saved_id}" in dup[0].message
    assert "DUPLICATE_SERVICE" not in finding_codes(checker.check(second, encounter_id=saved_id, today=TODAY).result)


def test_staff_not_allowed_follows_payer_setting(checker, db):
    from app.store.payers import export_pack, import_pack
    from support import TODAY
    pack = export_pack(db, "commercial")
    pack["settings"]["staff_allowed"] = ["MD", "DO", "NP", "PA", "RN"]
    import_pack(db, pack)
    result = checker.check(clean_encounter(payer="commercial"), today=TODAY).result
    assert [f.code for f in besides_stale(result)] == ["STAFF_NOT_ALLOWED"]
    rn = clean_encounter(payer="commercial", administered_by="RN")
    assert besides_stale(checker.check(rn, today=TODAY).result) == []


def test_blank_codes_are_field_missing_not_unusable(check):
    doc = clean_encounter(visit={"code": " ", "separately_identifiable": True})
    doc["injections"][0]["drug"]["hcpcs"] = ""
    result = check(doc)
    missing = {f.field for f in result.findings if f.code == "FIELD_MISSING"}
    assert missing == {"visit.code", "injections[0].drug.hcpcs"}
    assert {f.message for f in result.findings if f.code == "FIELD_MISSING"} == {
        "Visit code is blank; the claim needs it", "Injection 1, drug HCPCS code is blank; the claim needs it"}
    assert "CODE_UNKNOWN" not in finding_codes(result)


ISO_DATE = __import__("re").compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize("code", sorted(CASES))
def test_messages_read_dates_as_the_biller_does(check, code):
    """What the biller reads says 03/10/2026, never 2026-03-10 (the JSON keeps ISO dates)."""
    for finding in check(CASES[code]).findings:
        assert not ISO_DATE.search(finding.message), finding.message
        assert not ISO_DATE.search(finding.fix), finding.fix
