"""Medicare's self-administered drug exclusions: the drugs the MACs' lists share, each citing its list,
as editable rules; a code replaced by a new one keeps its exclusion."""

from __future__ import annotations

import json

import pytest

from app.store.payers import export_pack, import_pack
from support import clean_encounter


def drug_given(hcpcs: str, dose: dict, route="SC", payer="medicare", **changes) -> dict:
    injection = {"drug": {"hcpcs": hcpcs, "name": "drug", "single_dose_container": False}, "dose": dose,
                 "route": route, "diagnosis_pointers": [1]}
    return clean_encounter(**{"payer": payer, "visit": None, "diagnoses": ["M06.9"], "injections": [injection],
                              **changes})


def sad(result) -> list:
    return [f for f in result.findings if f.code == "SELF_ADMINISTERED_DRUG"]


@pytest.mark.parametrize("hcpcs, dose, dos", [
    ("J0135", {"amount": 40, "unit": "mg"}, "2024-11-04"),    # adalimumab before its code was replaced
    ("J0139", {"amount": 40, "unit": "mg"}, "2026-03-10"),    # adalimumab from 2025-01-01
    ("J1438", {"amount": 50, "unit": "mg"}, "2026-03-10"),    # etanercept
    ("J1650", {"amount": 40, "unit": "mg"}, "2026-03-10"),    # enoxaparin
    ("J1652", {"amount": 2.5, "unit": "mg"}, "2026-03-10"),   # fondaparinux
    ("J3030", {"amount": 6, "unit": "mg"}, "2026-03-10"),     # sumatriptan
    ("J3110", {"amount": 20, "unit": "mcg"}, "2026-03-10"),   # teriparatide
    ("J1815", {"amount": 10, "unit": "units"}, "2026-03-10"),  # insulin
    ("J1595", {"amount": 20, "unit": "mg"}, "2026-03-10"),    # glatiramer
    ("J1650", {"amount": 80, "unit": "mg"}, "2026-03-10"),    # enoxaparin, a bigger dose
    ("J1645", {"amount": 5000, "unit": "units"}, "2026-03-10"),  # dalteparin
    ("J3357", {"amount": 45, "unit": "mg"}, "2026-03-10"),    # ustekinumab SC
])
def test_medicare_excludes_the_drugs_the_mac_lists_share(check, hcpcs, dose, dos):
    found = sad(check(drug_given(hcpcs, dose, date_of_service=dos, submitted_on=dos)))
    assert len(found) == 1 and hcpcs in found[0].message
    assert any(word in found[0].source for word in ("CGS", "Novitas", "Noridian", "100-02"))


@pytest.mark.parametrize("payer", ["medicaid", "commercial"])
def test_other_payers_have_no_such_exclusion(check, payer):
    assert not sad(check(drug_given("J0139", {"amount": 40, "unit": "mg"}, payer=payer)))


def test_office_drugs_are_not_excluded(check):
    assert not sad(check(clean_encounter()))  # B12 IM
    prolia = drug_given("J0897", {"amount": 60, "unit": "mg"}, diagnoses=["M81.0"])
    assert not sad(check(prolia))


def test_the_iv_use_of_a_drug_listed_for_sc_is_covered(check):
    assert sad(check(drug_given("J0129", {"amount": 125, "unit": "mg"})))
    assert not sad(check(drug_given("J0129", {"amount": 500, "unit": "mg"}, route="IV_INFUSION")))


def test_every_shipped_exclusion_is_an_editable_rule_with_a_source(db):
    rules = [r for r in export_pack(db, "medicare")["rules"] if r["kind"] == "self_administered"]
    assert len(rules) >= 20 and all(r["source"].strip() and r["origin"] == "shipped" for r in rules)
    codes = {r["code"] for r in rules}
    assert {"J0135", "J0139", "J1438", "J1650", "J1652", "J3030", "J3110", "J1815", "J1817"} <= codes


def test_a_replaced_code_keeps_its_exclusion(checker, db):
    """A biller's exclusion on methylprednisolone J1030 follows the code that replaced it (J1010)."""
    from support import TODAY
    doc = drug_given("J1010", {"amount": 40, "unit": "mg"}, route="IM")
    assert not sad(checker.check(doc, today=TODAY).result)
    pack = export_pack(db, "medicare")
    pack["rules"].append({"kind": "self_administered", "code": "J1030", "source": "Test MAC list",
                          "origin": "biller"})
    import_pack(db, json.loads(json.dumps(pack)))
    found = sad(checker.check(doc, today=TODAY).result)
    assert len(found) == 1 and "J1010 (which replaced J1030)" in found[0].message
    assert found[0].source == "Test MAC list"


def test_adalimumab_after_2025_is_named_once(check):
    found = sad(check(drug_given("J0139", {"amount": 40, "unit": "mg"})))
    assert len(found) == 1
