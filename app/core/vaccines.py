"""Which administration code a vaccine takes, for the builder and the checks alike.

COVID-19 vaccines take 90480 for every payer from 2023-09-11 (CPT 2024; CMS MLN Connects
2023-09-14; reference 1.1.15); Medicare's own G-codes for flu, pneumococcal and hepatitis B
(reference 1.1.7); 90471/90472 for the rest.
"""

from __future__ import annotations

from datetime import date

from app.core.catalog import MEDICARE_VACCINE_ADMIN, CodeInfo

COVID_ADMIN = "90480"
COVID_ADMIN_FROM = date(2023, 9, 11)
CPT_VACCINE_ADMIN = ("90460", "90461", "90471", "90472")
COVID_SOURCE = ("CPT 2024 (90480); CMS MLN Connects 2023-09-14: one administration code for every COVID-19 vaccine "
                "(reference 1.1.15)")


def vaccine_group(code: str, info: CodeInfo | None) -> str | None:
    """flu, pneumococcal, hepatitis_b or covid; CPT keeps COVID-19 vaccine products in 91300-91399,
    so a new product code there is a COVID-19 vaccine before the catalog knows it."""
    if info is not None and info.vaccine_group:
        return info.vaccine_group
    code = code.strip()
    return "covid" if len(code) == 5 and code.isdigit() and 91300 <= int(code) <= 91399 else None


def vaccine_admin_code(group: str | None, settings, date_of_service: date) -> str:
    """The administration code one vaccine of `group` takes (90471 stands for 90471/90472)."""
    if group == "covid" and date_of_service >= COVID_ADMIN_FROM:
        return COVID_ADMIN
    if settings.vaccine_admin_codes == "medicare" and group in MEDICARE_VACCINE_ADMIN:
        return MEDICARE_VACCINE_ADMIN[group]
    return "90471"


def accepted_admin_codes(right: str) -> tuple[str, ...]:
    """Codes a line may carry for a vaccine whose administration code is `right`."""
    return CPT_VACCINE_ADMIN if right == "90471" else (right,)
