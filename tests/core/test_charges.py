"""CHARGE_MISSING: a line that would go out at 0.00 names its code and where to set its fee; the
default schedule prices vaccine administration and products where CMS publishes a payment."""

from __future__ import annotations

import pytest

from support import clean_encounter

FLU = {"drug": {"hcpcs": "90656", "name": "flu vaccine", "kind": "vaccine"}, "dose": {"amount": 0.5, "unit": "mL"},
       "route": "IM", "diagnosis_pointers": [1]}


def missing(result) -> list:
    return [f for f in result.findings if f.code == "CHARGE_MISSING"]


def test_a_code_without_a_fee_is_named_with_where_to_set_it(check):
    result = check(clean_encounter(visit=None, diagnoses=["Z23"], injections=[FLU]))
    found = missing(result)
    assert [(f.line, f.severity, f.carc, f.rarc) for f in found] == [(1, "warning", "CO-16", "M79")]
    assert "G0008" in found[0].message and "Practice ▸ Settings ▸ Fee schedule" in found[0].fix
    assert result.charges[0] == 0 and result.charges[1] > 0  # the vaccine product is priced (ASP)


def test_a_billed_charge_of_zero_is_reported_and_a_real_one_is_not(check):
    lines = [{"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1, "charge": "0.00"},
             {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1, "ndc": "00143962125",
              "ndc_quantity": 1, "ndc_unit": "ML", "charge": "12.00"}]
    found = missing(check(clean_encounter(visit=None, claim_lines=lines)))
    assert [(f.line, "0.00" in f.message) for f in found] == [(1, True)]


def test_a_fee_set_by_the_practice_silences_it(db):
    from app.check import Checker
    from app.store.fees import set_fee
    from support import TODAY
    set_fee(db, "G0008", 33710)  # mills: $33.71
    result = Checker(db).check(clean_encounter(visit=None, diagnoses=["Z23"], injections=[FLU]), today=TODAY).result
    assert not missing(result) and result.charges[0] == 3371


@pytest.mark.parametrize("payer", ["medicare", "medicaid", "commercial"])
def test_the_clean_claim_is_fully_priced(check, payer):
    assert not missing(check(clean_encounter(payer=payer)))


@pytest.mark.parametrize("code", ["90471", "90472", "90460", "90656", "90677", "91320", "90739"])
def test_default_schedule_prices_vaccine_codes_cms_publishes(db, code):
    from app.store.reference import StoreReference
    assert StoreReference(db).fee_cents(code, 1) > 0
