"""A date of service after the newest quarter of a reference table the check used gets one
REFERENCE_DATA_STALE note naming those tables; the editions are data."""

from __future__ import annotations

from datetime import date

from app.core.catalog import ReferenceTable
from support import clean_encounter, finding_codes


def stale(result) -> list:
    return [f for f in result.findings if f.code == "REFERENCE_DATA_STALE"]


def dated(dos: str, **changes) -> dict:
    return clean_encounter(date_of_service=dos, submitted_on=dos, **changes)


def test_a_2026_claim_names_the_2024_q3_ncci_and_mue_and_the_2025_fee_schedule(check):
    found = stale(check(clean_encounter()))
    assert len(found) == 1 and found[0].severity == "info" and found[0].line is None
    message = found[0].message
    assert "2024 Q3" in message and "procedure-to-procedure" in message and "unlikely" in message
    assert "CY2025" in message and "ASP" not in message  # the ASP 2026 Q1 tables cover 2026-03-10


def test_a_date_inside_every_table_is_quiet(check):
    assert "REFERENCE_DATA_STALE" not in finding_codes(check(dated("2024-08-01")))


def test_only_the_tables_that_are_older_than_the_date(check):
    message = stale(check(dated("2025-06-02")))[0].message
    assert "2024 Q3" in message and "CY2025" not in message


def test_a_fee_table_counts_only_when_a_charge_came_from_it(check):
    lines = [{"code": "99213", "modifiers": ["25"], "units": 1, "diagnosis_pointers": [1], "charge": "90.00"},
             {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1, "charge": "20.00"},
             {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1, "ndc": "00143962125",
              "ndc_quantity": 1, "ndc_unit": "ML", "charge": "5.00"}]
    message = stale(check(clean_encounter(claim_lines=lines)))[0].message
    assert "2024 Q3" in message and "CY2025" not in message


def test_the_asp_tables_count_after_their_quarter_when_an_ndc_is_on_the_claim(check):
    assert "ASP" in stale(check(dated("2026-04-15")))[0].message
    no_ndc = dated("2026-04-15")
    no_ndc["injections"][0]["drug"].update(ndc=None, ndc_quantity=None, ndc_unit=None)
    lines = [{"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1, "charge": "20.00"},
             {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1, "charge": "5.00"}]
    assert "ASP" not in stale(check(no_ndc | {"visit": None, "claim_lines": lines}))[0].message


def test_the_editions_are_data(checker):
    tables = {t.table: t for t in checker.reference.reference_tables()}
    assert tables["ncci_ptp"].edition == "2024 Q3" and tables["ncci_ptp"].covers_through == date(2024, 9, 30)
    assert tables["asp"].edition == "2026 Q1" and tables["pfs"].edition == "CY2025"
    newer = [ReferenceTable("mue", "MUE table", "2026 Q2", date(2026, 4, 1), date(2026, 6, 30), "always")]
    checker.reference.reference_tables = lambda: newer
    from support import TODAY
    assert "REFERENCE_DATA_STALE" not in finding_codes(checker.check(clean_encounter(), today=TODAY).result)
    later = checker.check(dated("2026-07-01"), today=date(2026, 7, 2)).result
    assert "MUE table 2026 Q2 (through 06/30/2026)" in stale(later)[0].message
