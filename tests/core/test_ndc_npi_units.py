"""NDC padding, NPI check digits, and dose → HCPCS units with their arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.billing_unit import BillingUnit
from app.core.encounter import Amount, Dose
from app.core.ndc import normalize_ndc
from app.core.npi import npi_problem
from app.core.units import drug_units


@pytest.mark.parametrize("text, expected", [
    ("0002-7597-01", "00002759701"), ("50242-040-62", "50242004062"), ("60575-4112-1", "60575411201"),
    ("00143-9621-25", "00143962125"), ("00143962125", "00143962125"), (" 0143-9621-25 ", "00143962125"),
    ("0143962125", None), ("12-34", None), ("123456-789-0", None), ("abcde-fghi-jk", None), ("", None),
    ("1234-5678-901", None),
])
def test_ndc_to_eleven_digits(text, expected):
    assert normalize_ndc(text) == expected


@pytest.mark.parametrize("npi, valid", [("1234567893", True), ("1558598797", True), ("1234567890", False),
                                        ("3234567893", False), ("123456789", False), ("12345678a3", False)])
def test_npi_check_digit(npi, valid):
    assert (npi_problem(npi) is None) == valid


def test_npi_problem_names_the_right_check_digit():
    assert "should be 3" in npi_problem("1234567890")


def per(amount, measure, up_to=False):
    return BillingUnit(Decimal(str(amount)), measure, up_to)


@pytest.mark.parametrize("dose, unit, units, words", [
    (Dose(Decimal(60), "mg"), per(15, "mg"), 4, "60 mg ÷ 15 mg per unit = 4 units"),
    (Dose(Decimal(70), "mg"), per(100, "mg"), 1, "rounded up to 1 unit"),
    (Dose(Decimal(1000), "mcg"), per(1000, "mcg", True), 1, "1000 mcg ÷ up to 1000 mcg per unit = 1 unit"),
    (Dose(Decimal(1), "mg"), per(1000, "mcg", True), 1, "1 mg = 1000 mcg"),
    (Dose(Decimal(1), "g"), per(250, "mg"), 4, "1000 mg ÷ 250 mg per unit = 4 units"),
    (Dose(Decimal("0.3"), "mg"), per("0.1", "mg"), 3, "= 3 units"),
    (Dose(Decimal(2), "mL", Amount(Decimal(30), "mg")), per(15, "mg"), 4, "2 mL × 30 mg/mL = 60 mg"),
    (Dose(Decimal(2400000), "units"), per(100000, "units"), 24, "= 24 units"),
])
def test_dose_to_units(dose, unit, units, words):
    result = drug_units(dose, unit)
    assert result.units == units
    assert words in result.arithmetic


def test_ml_dose_without_concentration_asks_for_it():
    result = drug_units(Dose(Decimal(2), "mL"), per(15, "mg"))
    assert result.units is None and "concentration" in result.problem


def test_units_dose_cannot_bill_per_mg():
    result = drug_units(Dose(Decimal(10), "units"), per(1, "mg"))
    assert result.units is None and "cannot be billed" in result.problem
