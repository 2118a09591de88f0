"""National Provider Identifier check (reference 7.3): 10 digits, first 1 or 2, Luhn over 80840 + NPI."""

from __future__ import annotations


def npi_problem(npi: str | None) -> str | None:
    """Why `npi` is not a valid NPI, in the biller's words, or None when it is valid."""
    from stdnum import luhn     # here, not above: stdnum.util imports ssl and pydoc (about 40 ms at start)

    value = (npi or "").strip()
    if not (len(value) == 10 and value.isdigit()):
        return f"NPI {value!r} is not 10 digits"
    if value[0] not in "12":
        return f"NPI {value} must start with 1 or 2"
    if not luhn.is_valid("80840" + value):
        return f"NPI {value} fails the check digit (last digit should be {luhn.calc_check_digit('80840' + value[:9])})"
    return None
