"""A visit left off the claim is a warning the biller decides on, with a one-click 'bill it with 25'
(never offered for a visit that no modifier opens, such as 99211 with 96372)."""

from app.core.fixes import apply_fix

from support import clean_encounter, finding_codes


def _not_separate(code: str) -> dict:
    return clean_encounter(visit={"code": code, "separately_identifiable": False})


def _finding(result, code):
    return next(f for f in result.findings if f.code == code)


def test_a_visit_left_off_is_a_warning_with_a_one_click_fix(check):
    result = check(_not_separate("99213"))
    finding = _finding(result, "VISIT_NOT_BILLED")
    assert finding.severity == "warning"
    assert "99213" in finding.message and "25" in finding.fix
    assert finding.action is not None and finding.action.kind == "bill_visit"
    assert "99213" not in [line.code for line in result.lines]


def test_billing_the_visit_puts_it_on_the_claim_with_25_and_no_new_error(check):
    document = _not_separate("99214")
    result = check(document)
    fixed = apply_fix(document, result, _finding(result, "VISIT_NOT_BILLED").action)
    assert fixed["visit"]["separately_identifiable"] is True
    assert document["visit"]["separately_identifiable"] is False
    again = check(fixed)
    visit = next(line for line in again.lines if line.code == "99214")
    assert "25" in visit.modifiers
    assert "VISIT_NOT_BILLED" not in finding_codes(again)
    assert not again.has_errors


def test_99211_left_off_is_only_a_note_with_nothing_to_click(check):
    finding = _finding(check(_not_separate("99211")), "VISIT_NOT_BILLED")
    assert finding.severity == "info"
    assert finding.action is None
    assert "96372" in finding.message


def test_a_separately_identifiable_visit_raises_nothing(check):
    result = check(clean_encounter(visit={"code": "99213", "separately_identifiable": True}))
    assert "VISIT_NOT_BILLED" not in finding_codes(result)
