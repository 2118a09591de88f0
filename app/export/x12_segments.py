"""X12 elements and segments as the 837P wants them: separators removed, plain ASCII, money and
numbers without trailing zeros, dates as CCYYMMDD."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

_SEPARATORS = re.compile(r"[*~:^\r\n]+")


def text(value: object, upper: bool = True, limit: int | None = None) -> str:
    """A value as an X12 element: separators removed, spaces squeezed, accents dropped (Zoë → ZOE),
    anything else outside ASCII as '?', at most `limit` long."""
    decomposed = unicodedata.normalize("NFKD", _SEPARATORS.sub(" ", str(value or "")))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "replace").decode("ascii")
    plain = " ".join(plain.split())[:limit].strip()
    return plain.upper() if upper else plain


def segment(*elements: object) -> str:
    """`NM1*85*2*NAME` with trailing empty elements dropped (composites come pre-joined)."""
    values = ["" if e is None else str(e) for e in elements]
    while values and values[-1] == "":
        values.pop()
    return "*".join(values)


def amount(cents: int) -> str:
    """Money as X12 wants it: `65`, `65.5`, `12.25`."""
    return number(Decimal(cents) / 100)


def number(value: Decimal) -> str:
    plain = format(Decimal(value).normalize(), "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def d8(day: date) -> str:
    return day.strftime("%Y%m%d")


def digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def address_segments(address) -> list[str]:
    """N3 and N4 for an address (app.core.encounter.Address)."""
    return [segment("N3", text(address.line1, limit=55)),
            segment("N4", text(address.city, limit=30), text(address.state), digits(address.zip))]


def person_name(entity: str, last: str, first: str, id_qualifier: str = "", identifier: str = "") -> str:
    """NM1 for a person: `NM1*IL*1*LAST*FIRST****MI*ID`."""
    return segment("NM1", entity, "1", text(last, limit=60), text(first, limit=35), "", "", "",
                   id_qualifier if identifier else "", identifier)
