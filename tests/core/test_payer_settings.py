"""Payer settings that are arithmetic: filing deadlines and the dates rules start."""

from __future__ import annotations

from datetime import date

from app.core.payer import Rule, Settings


def test_calendar_year_filing_limit_from_february_29():
    assert Settings(timely_filing={"years": 1}).filing_deadline(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Settings(timely_filing={"years": 1}).filing_deadline(date(2025, 1, 15)) == date(2026, 1, 15)


def test_filing_limit_in_days():
    assert Settings(timely_filing={"days": 90}).filing_deadline(date(2026, 1, 1)) == date(2026, 4, 1)


def test_waste_modifiers_and_virtual_supervision_start_on_their_dates():
    s = Settings(waste_modifiers_required_from=date(2023, 7, 1), virtual_supervision_allowed_from=None)
    assert not s.waste_modifiers_required(date(2023, 6, 30)) and s.waste_modifiers_required(date(2023, 7, 1))
    assert not s.virtual_supervision_allowed(date(2030, 1, 1))


def test_rule_in_force_by_its_dates_and_switch():
    rule = Rule("min_interval", {"code": "J1050", "days": 77}, "x", date(2025, 1, 1), date(2025, 12, 31))
    assert [rule.in_force(d) for d in (date(2024, 12, 31), date(2025, 6, 1), date(2026, 1, 1))] == \
        [False, True, False]
    rule.enabled = False
    assert not rule.in_force(date(2025, 6, 1))
