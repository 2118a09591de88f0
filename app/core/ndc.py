"""National Drug Codes: the package's 10-digit form to the claim's 11-digit 5-4-2 form.

Reference 3.4.2: 4-4-2 pads segment one, 5-3-2 segment two, 5-4-1 segment three. An
unhyphenated 10-digit string is ambiguous, so it is not converted.
"""

from __future__ import annotations

import re

UNIT_QUALIFIERS = {"ML": "milliliter", "UN": "unit (each)", "GR": "gram", "F2": "international unit", "ME": "milligram"}

_SEGMENTS = re.compile(r"^(\d+)-(\d+)-(\d+)$")
_PAD_TO = (5, 4, 2)


def normalize_ndc(text: str | None) -> str | None:
    """The 11-digit NDC (digits only) for `text`, or None when it is not a valid NDC form."""
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "")
    if cleaned.isdigit():
        return cleaned if len(cleaned) == 11 else None
    match = _SEGMENTS.match(cleaned)
    if not match:
        return None
    parts = match.groups()
    if sum(map(len, parts)) not in (10, 11) or any(len(p) > n for p, n in zip(parts, _PAD_TO)):
        return None
    if sum(map(len, parts)) == 11 and tuple(map(len, parts)) != _PAD_TO:
        return None
    return "".join(p.zfill(n) for p, n in zip(parts, _PAD_TO))


def format_ndc(ndc11: str) -> str:
    """`00143962125` → `00143-9621-25`, as billers read it."""
    return f"{ndc11[:5]}-{ndc11[5:9]}-{ndc11[9:]}"


def ndc_search_key(text: str) -> str:
    """Digits only, for search-as-you-type over NDCs typed with any hyphenation."""
    return re.sub(r"\D", "", text)
