"""One-click fixes change the encounter document so that the finding goes away."""

from __future__ import annotations

import pytest

from app.core.fixes import apply_fix
from support import finding_codes
from test_findings import CASES

MECHANICAL = ["VISIT_MODIFIER_25_MISSING", "DRUG_UNITS_MISMATCH", "VACCINE_ADMIN_CODE", "WASTE_MODIFIER_MISSING",
              "VISIT_NOT_PAYABLE_WITH_INJECTION", "MODIFIER_25_ON_INJECTION", "WASTE_MODIFIER_INVALID",
              "ADMIN_UNITS_MISMATCH", "CODE_NOT_EFFECTIVE", "NOC_CODE_SPECIFIC_EXISTS", "DISTINCT_MODIFIER_NEEDED"]


@pytest.mark.parametrize("code", MECHANICAL)
def test_fix_makes_the_finding_go_away(check, code):
    document = CASES[code]
    result = check(document)
    finding = next(f for f in result.findings if f.code == code and f.action)
    fixed = apply_fix(document, result, finding.action)
    assert fixed is not document
    assert code not in finding_codes(check(fixed)), finding.action


def test_fix_leaves_the_original_document_alone(check):
    document = CASES["DRUG_UNITS_MISMATCH"]
    before = repr(document)
    result = check(document)
    apply_fix(document, result, result.findings[0].action)
    assert repr(document) == before


def test_fixing_a_built_drug_code_changes_the_fact_not_the_lines(check):
    document = CASES["CODE_NOT_EFFECTIVE"]
    result = check(document)
    action = next(f.action for f in result.findings if f.code == "CODE_NOT_EFFECTIVE")
    fixed = apply_fix(document, result, action)
    assert fixed["injections"][0]["drug"]["hcpcs"] == "J1010" and "claim_lines" not in fixed
    assert [l.code for l in check(fixed).lines][-1] == "J1010"
    assert check(fixed).lines[-1].units == 40
