"""The HCPCS billing unit: how much drug one unit of a code stands for.

A drug line's units are the dose divided by the quantity in the code's CMS long
descriptor, rounded up (reference 3.2). This module reads that quantity out of the
descriptor text: "Injection, ketorolac tromethamine, per 15 mg" is 15 mg a unit,
"Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg" is any amount up to 1000 mcg.

How a descriptor is read:

- the self-administered-drug marker "(code may be used for medicare when drug
  administered under the direct supervision of a physician, ...)" is dropped, and so is
  every other parenthetical (brand names, "(for depot suspension)", "(non-esrd use)")
  unless the dosage is only found inside one ("(500 ml = 1 unit)");
- a dosage is a number and a measure ("15 mg", "100,000 units", "3 million units",
  "1 microgram"), or a bare "per ml" / "per iu" / "per therapeutic dose" meaning one;
  concentrations ("10.16 mg/ml") and lower bounds ("greater than 100 mg", "over 10 cc")
  are not dosages;
- "up to 1000 mcg" (or "less than or equal to") sets `up_to`;
- international units, IU, KIU and USP units are "units"; gram and gm are "g";
  microgram is "mcg"; ml and cc are "mL";
- when a mass or unit count and a volume both appear ("1 cc, 200 mg"), the volume is ignored;
- same-measure parts listed with "and" or "/" are added: "betamethasone acetate 3 mg and
  betamethasone sodium phosphate 3 mg" is 6 mg, "imipenem 4 mg, cilastatin 4 mg and
  relebactam 2 mg" is 10 mg, "aztreonam/avibactam, 7.5 mg/2.5 mg" is 10 mg (one unit
  holds every part, as CMS's own "(10 mg)" there confirms);
- otherwise the last dosage in the text is the unit (descriptors end with it).

A descriptor with no dosage ("Unclassified drugs", "per vial", "per treatment") gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MEASURES = ("mg", "mcg", "g", "units", "mL", "dose")

SAD_MARKER = re.compile(
    r"\(code may be used for medicare when drug administered under (?:the )?direct supervision"
    r" of a physician, not for use when drug is self[- ]administered\)",
    re.IGNORECASE,
)

# Measure words, in the order of MEASURES; longer spellings first so "gm" is not read as "g".
_MEASURE_WORDS = (
    r"mgs?|milligrams?",
    r"mcg|micrograms?",
    r"gms?|grams?|g",
    r"international units?|usp units?|units?|i\.u\.|kiu|iu",
    r"ml|cc|milliliters?",
    r"(?:therapeutic )?doses?",
)
_MEASURE = "|".join(f"(?P<m{i}>{words})" for i, words in enumerate(_MEASURE_WORDS))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+"
_DOSAGE = re.compile(
    r"(?:\b(?P<up_to>up to|not to exceed|less than or equal to)\s+|\bper\s+)?"
    rf"(?:(?<!greater than )(?<!over )(?<![\d.])(?<!\d,)(?P<amount>{_NUMBER})\s*(?P<million>million\s+)?|(?<=per ))"
    rf"(?:{_MEASURE})"
    r"(?!\w)(?!/\s*(?:ml|cc)\b)",
    re.IGNORECASE,
)
# Text that names a unit without being the drug's dosage: "(500 ml = 1 unit)", "0.9 mg, provided in 1.1 mg vial".
_NOT_DOSAGE = re.compile(r"=\s*1 unit\b|\b1 unit equals\b|,?\s*provided in [^,]*", re.IGNORECASE)
_VOLUME = "mL"
_MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class BillingUnit:
    """The quantity one HCPCS unit of a drug code stands for."""

    amount: Decimal
    measure: str
    up_to: bool

    def describe(self) -> str:
        """The unit as billers write it: "15 mg", "up to 1000 mcg", "100,000 units", "1 dose"."""
        measure = "unit" if self.measure == "units" and self.amount == 1 else self.measure
        text = f"{format_amount(self.amount)} {measure}"
        return f"up to {text}" if self.up_to else text


@dataclass(frozen=True)
class _Dosage:
    amount: Decimal
    measure: str
    up_to: bool
    start: int
    end: int


def has_sad_marker(descriptor: str) -> bool:
    """True when the descriptor limits Medicare use to physician-supervised administration."""
    return SAD_MARKER.search(descriptor) is not None


def parse_billing_unit(descriptor: str) -> BillingUnit | None:
    """The billing unit named in a CMS HCPCS long descriptor, or None when it names none."""
    text = _NOT_DOSAGE.sub(" ", SAD_MARKER.sub(" ", descriptor))
    outside = _strip_parentheticals(text)
    dosages = _find_dosages(outside)
    if not dosages:
        outside, dosages = text, _find_dosages(text)
    if not dosages:
        return None
    chosen = _choose(dosages, outside)
    return BillingUnit(chosen.amount, chosen.measure, chosen.up_to)


def format_amount(amount: Decimal) -> str:
    """A quantity without trailing zeros, with thousands separators from 10,000 up."""
    text = format(amount.normalize(), "f")
    whole, _, fraction = text.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}"
    return f"{whole}.{fraction}" if fraction else whole


def _strip_parentheticals(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", " ", text)
    return text


def _find_dosages(text: str) -> list[_Dosage]:
    return [_dosage(match) for match in _DOSAGE.finditer(text)]


def _dosage(match: re.Match[str]) -> _Dosage:
    measure = next(MEASURES[i] for i in range(len(MEASURES)) if match.group(f"m{i}"))
    amount = Decimal(match.group("amount").replace(",", "")) if match.group("amount") else Decimal(1)
    if match.group("million"):
        amount *= _MILLION
    return _Dosage(amount, measure, match.group("up_to") is not None, match.start(), match.end())


def _choose(dosages: list[_Dosage], text: str) -> _Dosage:
    if any(d.measure != _VOLUME for d in dosages):
        dosages = [d for d in dosages if d.measure != _VOLUME]
    parts = _listed_parts(dosages, text)
    if len(parts) > 1:
        return _Dosage(sum(d.amount for d in parts), parts[-1].measure, False, parts[0].start, parts[-1].end)
    return dosages[-1]


def _listed_parts(dosages: list[_Dosage], text: str) -> list[_Dosage]:
    """The last dosage and the same-measure dosages listed before it ("3 mg and ... 3 mg")."""
    parts = [dosages[-1]]
    for earlier in reversed(dosages[:-1]):
        gap = text[earlier.end : parts[0].start]
        if earlier.measure != parts[0].measure or earlier.up_to or parts[0].up_to or not _is_list_gap(gap):
            break
        parts.insert(0, earlier)
    gaps = (text[a.end : b.start] for a, b in zip(parts, parts[1:]))
    return parts if any(re.search(r"\band\b|/", gap) for gap in gaps) else parts[-1:]


def _is_list_gap(gap: str) -> bool:
    """Words between two parts of one unit: " and betamethasone sodium phosphate ", ", cilastatin ", "/"."""
    return re.fullmatch(r"[a-z \-]*(?:,|\band\b|/)[a-z \-]*", gap, re.IGNORECASE) is not None
