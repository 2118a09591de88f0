"""A referring or ordering provider's NPI is checked like every other NPI on the claim."""

from support import clean_encounter, finding_codes


def test_a_bad_referring_npi_is_named(check):
    result = check(clean_encounter(referring_provider={"first_name": "Ann", "last_name": "Lee", "npi": "1234567890"}))
    finding = next(f for f in result.findings if f.code == "NPI_INVALID")
    assert finding.field == "referring_provider.npi" and finding.message.startswith("Referring provider NPI")


def test_a_good_referring_npi_is_quiet(check):
    result = check(clean_encounter(referring_provider={"first_name": "Ann", "last_name": "Lee", "npi": "1234567893"}))
    assert "NPI_INVALID" not in finding_codes(result)
