"""Reading the billing unit out of CMS HCPCS long descriptors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.billing_unit import BillingUnit, has_sad_marker, parse_billing_unit

SAD = ("(code may be used for medicare when drug administered under the direct supervision of a physician,"
       " not for use when drug is self administered)")


@pytest.mark.parametrize("descriptor, amount, measure, up_to", [
    ("Injection, ketorolac tromethamine, per 15 mg", "15", "mg", False),
    ("Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg", "1000", "mcg", True),
    ("Injection, denosumab, 1 mg", "1", "mg", False),
    ("Injection, penicillin g benzathine, 100,000 units", "100000", "units", False),
    ("Injection, insulin, per 5 units", "5", "units", False),
    ("Injection, epinephrine, not otherwise specified, 0.1 mg", "0.1", "mg", False),
    ("Injection, darbepoetin alfa, 1 microgram (non-esrd use)", "1", "mcg", False),
    ("Injection, chorionic gonadotropin, per 1,000 usp units", "1000", "units", False),
    ("Injection, epoetin alfa, (for non-esrd use), 1000 units", "1000", "units", False),
    ("Injection, calcium glycerophosphate and calcium lactate, per 10 ml", "10", "mL", False),
    ("Injection, methocarbamol, up to 10 ml", "10", "mL", True),
    ("Keroxx (2.5g/cc), 1cc", "1", "mL", False),
    ("Injection, leuprolide acetate (for depot suspension), per 3.75 mg", "3.75", "mg", False),
    ("Injection, testosterone cypionate, 1 cc, 200 mg", "200", "mg", False),
    ("Injection, betamethasone acetate 3 mg and betamethasone sodium phosphate 3 mg", "6", "mg", False),
    ("Injection, imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg", "10", "mg", False),
    ("Injection, aztreonam/avibactam, 7.5 mg/2.5 mg (10 mg)", "10", "mg", False),
    ("Injection, dalteparin sodium, per 2500 iu", "2500", "units", False),
    ("Injection, factor viii fc fusion protein (recombinant), per iu", "1", "units", False),
    ("Injection, interferon, alfa-2b, recombinant, 1 million units", "1000000", "units", False),
    ("Injection, cefotaxime sodium, per gm", "1", "g", False),
    ("Injection, urea, up to 40 gm", "40", "g", True),
    ("Injection, aminocaproic acid, 1 gram", "1", "g", False),
    ("Hyaluronan or derivative, orthovisc, for intra-articular injection, per dose", "1", "dose", False),
    ("Injection, buprenorphine extended-release (sublocade), less than or equal to 100 mg", "100", "mg", True),
    ("Injection, acetaminophen, not otherwise specified,10 mg", "10", "mg", False),
    ("Infusion, normal saline solution, sterile (500 ml = 1 unit)", "500", "mL", False),
    (f"Injection, etanercept, 25 mg {SAD}", "25", "mg", False),
    ("Injection, aripiprazole (abilify maintena), 1 mg", "1", "mg", False),
])
def test_descriptor_dosage(descriptor, amount, measure, up_to):
    assert parse_billing_unit(descriptor) == BillingUnit(Decimal(amount), measure, up_to)


@pytest.mark.parametrize("descriptor", [
    "Unclassified drugs",
    "Not otherwise classified, antineoplastic drugs",
    "Injection, digoxin immune fab (ovine), per vial",
    "Injection, torsemide, 10 mg/ml",
    "Injection, buprenorphine extended-release (sublocade), greater than 100 mg",
    "Injection, gamma globulin, intramuscular, over 10 cc",
    "Injection, potassium chloride, per 2 meq",
    f"Alprostadil urethral suppository {SAD}",
])
def test_descriptor_without_a_dosage(descriptor):
    assert parse_billing_unit(descriptor) is None


def test_amounts_are_decimals():
    unit = parse_billing_unit("Injection, leuprolide acetate (for depot suspension), per 3.75 mg")
    assert isinstance(unit.amount, Decimal) and unit.amount == Decimal("3.75")


@pytest.mark.parametrize("unit, text", [
    (BillingUnit(Decimal("15"), "mg", False), "15 mg"),
    (BillingUnit(Decimal("1000"), "mcg", True), "up to 1000 mcg"),
    (BillingUnit(Decimal("100000"), "units", False), "100,000 units"),
    (BillingUnit(Decimal("1"), "units", False), "1 unit"),
    (BillingUnit(Decimal("1"), "dose", False), "1 dose"),
    (BillingUnit(Decimal("0.10"), "mg", False), "0.1 mg"),
    (BillingUnit(Decimal("3.75"), "mg", False), "3.75 mg"),
])
def test_describe(unit, text):
    assert unit.describe() == text


@pytest.mark.parametrize("descriptor, marked", [
    (f"Injection, abatacept, 10 mg {SAD}", True),
    ("Injection, lanadelumab-flyo, 1 mg (code may be used for medicare when drug administered under direct "
     "supervision of a physician, not for use when drug is self-administered)", True),
    ("Injection, ketorolac tromethamine, per 15 mg", False),
])
def test_sad_marker(descriptor, marked):
    assert has_sad_marker(descriptor) is marked
