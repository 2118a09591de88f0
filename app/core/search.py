"""Search as you type over ICD-10-CM and the drug catalog: what a typed query means and what a
result holds. The indexes themselves live in the database (`app.store.search_index`, SQLite
FTS5 with prefix indexes); this module turns what the biller types into the questions asked of
them, best first, and the crosswalk's numbers into words. Pure Python: no Qt, no SQL.

A query is a code ("M54.5", "m545", "J1885"), an NDC, or words in any order, each matching the
start of a word ("b12 anemia", "vit b12", "low back pain", "keto 15").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.core.billing_unit import BillingUnit
from app.core.ndc import format_ndc

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CODE_LIKE = re.compile(r"^[a-z]\d[0-9a-z]{0,5}$")
_NDC_TYPED = re.compile(r"^[0-9][0-9\- ]{3,}$")
_LETTER_NUMBER = re.compile(r"\b([a-z]) (\d{1,2})\b")     # "vitamin b 12", "b-12" → b12
_AMOUNT = re.compile(r"^\s*(?:per\s+)?(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)", re.IGNORECASE)
FILLER_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "to", "for", "by", "at"})
SINGLE_DOSE_UP_TO_ML = Decimal(2)    # a package item this size or smaller is taken as single-dose
ROUTE_WORDS = (("subcutaneous", "SC"), ("intramuscular", "IM"), ("intradermal", "ID"),
               ("intralesional", "INTRALESIONAL"))


def fold(text: str) -> str:
    """Lower case without accents ("Ménière" → "meniere")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """Lower-case words: dots dropped (D51.0 → d510), other punctuation splits, a letter and a
    number joined ("b-12", "b 12" → b12)."""
    spaced = _NOT_WORD.sub(" ", fold(text).replace(".", ""))
    return _LETTER_NUMBER.sub(r"\1\2", spaced).split()


def index_words(text: str) -> str:
    """The words an entry is found by: its own, and the joined letter-number forms as well."""
    spaced = " ".join(_NOT_WORD.sub(" ", fold(text).replace(".", "")).split())
    joined = _LETTER_NUMBER.sub(r"\1\2", spaced)
    return spaced if joined == spaced else f"{spaced} {joined}"


def query_words(text: str) -> list[str]:
    """The words to look for: filler words ("of", "the") dropped unless nothing else is typed."""
    words = list(dict.fromkeys(words_of(text)))
    meaningful = [w for w in words if w not in FILLER_WORDS]
    return meaningful or words


def code_prefix(text: str) -> str | None:
    """The code key a query starts ("m54.5" → "M545"), when it is one word shaped like a code."""
    words = words_of(text)
    return words[0].upper() if len(words) == 1 and _CODE_LIKE.match(words[0]) else None


def match_tiers(words: list[str], expand: Callable[[str], list[str] | None] | None = None) -> list[str]:
    """FTS5 queries, best first: every word whole; then the last word (still being typed) as a
    prefix; then every word as a prefix. `expand(word)` may name the few indexed words a prefix
    stands for (None: too many, ask the prefix index), which FTS5 answers much faster than a
    long prefix; a prefix nothing starts with drops the tiers that need it."""
    if not words:
        return []

    def prefix(word: str) -> str | None:
        terms = expand(word) if expand is not None else None
        if terms is None:
            return f'"{word}"*'
        if not terms:
            return None
        return f'"{terms[0]}"' if len(terms) == 1 else "(" + " OR ".join(f'"{t}"' for t in terms) + ")"

    whole = [f'"{w}"' for w in words]
    last = expand(words[-1]) if expand is not None else None
    tiers = [whole if last is None or words[-1] in last else [None],      # not a word yet: no whole-word tier
             [*whole[:-1], prefix(words[-1])], [prefix(w) for w in words]]
    return list(dict.fromkeys(" AND ".join(t) for t in tiers if None not in t))


def ndc_typed(text: str) -> bool:
    return bool(_NDC_TYPED.match(text.strip()))


# ---------------------------------------------------------------- ICD-10-CM


@dataclass(frozen=True)
class Diagnosis:
    key: str            # D510
    code: str           # D51.0, as printed on the claim
    description: str
    billable: bool
    parent: str | None  # key of the category above, if any


def no_match_hint(text: str, closest: list[str]) -> str:
    """What to say when nothing is found: the words that are close, else how to search."""
    if closest:
        return f"No match for \u201c{text.strip()}\u201d. Did you mean: {', '.join(closest)}?"
    return (f"No match for \u201c{text.strip()}\u201d. Try fewer words, the start of a word "
            "(\u201canem\u201d), or a code (\u201cD51\u201d).")


# ---------------------------------------------------------------- drugs


@dataclass(frozen=True)
class DrugChoice:
    """A drug code, or one NDC package billed under a code; what picking a search result fills in."""

    hcpcs: str
    description: str
    kind: str
    billing_unit: BillingUnit | None
    ended: str | None = None       # term date of the code, if it has ended
    ndc: str | None = None         # 11 digits
    drug_name: str | None = None
    labeler: str | None = None
    package: str | None = None     # "30 mg in 1 mL, 25 per package", from the crosswalk's numbers
    item_ml: Decimal | None = None           # the size of one vial or syringe, in mL
    per_ml: Decimal | None = None            # strength per mL, in the HCPCS dosage's measure
    measure: str | None = None               # that measure ("mg", "mcg", "units")
    usual_route: str | None = None

    @property
    def name(self) -> str:
        return (self.drug_name or self.description).strip()

    @property
    def plain_name(self) -> str:
        """The drug's name as a biller writes it: the package's drug name, else the descriptor
        without "Injection," and the dosage ("ketorolac tromethamine")."""
        if self.drug_name:
            return self.drug_name.strip()
        return plain_drug_name(self.description)

    @property
    def single_dose(self) -> bool | None:
        """A package item of up to 2 mL is taken as single-dose; larger ones as multi-dose."""
        return None if self.item_ml is None else self.item_ml <= SINGLE_DOSE_UP_TO_ML

    def title(self) -> str:
        if self.ndc:
            return f"NDC {format_ndc(self.ndc)}  {self.name}, {self.package or 'package unknown'} → {self.hcpcs}"
        ended = f"  [ended {self.ended}]" if self.ended else ""
        return f"{self.hcpcs}  {self.description}{ended}"

    def listed(self) -> str:
        """The text in the results list: the package's strength and size, then who makes it."""
        if self.ndc:
            return f"{self.name}, {self.package or 'package unknown'} ({self.labeler or 'labeler unknown'}) → {self.hcpcs}"
        ended = f"  [ended {self.ended}]" if self.ended else ""
        return f"{self.description}{ended}"


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and value > 0 else None


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def package_facts(dosage: str | None, bill_units: str | None, size: str | None,
                  quantity: str | None) -> tuple[str, Decimal | None, Decimal | None, str | None]:
    """(words, item size in mL, strength per mL, measure) from the crosswalk's HCPCS dosage
    ("15 MG"), billing units per item, package size (mL) and items per package."""
    match = _AMOUNT.match(dosage or "")
    units, item_ml, count = _decimal(bill_units), _decimal(size), _decimal(quantity)
    measure = match.group(2).lower() if match else None
    per_unit = _decimal(match.group(1)) if match else None
    strength = per_unit * units if per_unit and units and measure != "ml" else None
    parts = []
    if strength and item_ml == 1:       # one vial or syringe (of 1 mL, or of powder)
        parts.append(f"{_plain(strength)} {measure} each")
    elif strength and item_ml:
        parts.append(f"{_plain(strength)} {measure} in {_plain(item_ml)} mL")
    elif item_ml:
        parts.append(f"{_plain(item_ml)} mL")
    if count:
        parts.append(f"{_plain(count)} per package")
    per_ml = strength / item_ml if strength and item_ml and item_ml != 1 else None
    return ", ".join(parts), item_ml, per_ml, measure if per_ml else None


_INJECTION = re.compile(r"^\s*(?:injection|inj)\s*,\s*", re.IGNORECASE)
_DOSAGE_TAIL = re.compile(r"\s*,\s*(?:per\s+|up\s+to\s+)?\d[\d,.]*\s*(?:mg|mcg|g|units?|ml|cc|i\.?u\.?)\b.*$",
                          re.IGNORECASE)


def plain_drug_name(description: str) -> str:
    """"Injection, ketorolac tromethamine, per 15 mg" → "ketorolac tromethamine"."""
    return _DOSAGE_TAIL.sub("", _INJECTION.sub("", description)).strip(" ,") or description.strip()


def ndc_quantity(choice: DrugChoice, dose_amount: Decimal | None, dose_unit: str | None) -> Decimal | None:
    """The NDC quantity in mL for a dose: a single-dose item whole, else the dose over the strength per mL."""
    if choice.single_dose:
        return choice.item_ml
    if dose_amount and choice.per_ml and dose_unit and dose_unit.lower() == (choice.measure or "").lower():
        return (dose_amount / choice.per_ml).quantize(Decimal("0.001")).normalize()
    return None


def route_from_description(description: str) -> str | None:
    """The route a HCPCS descriptor names ("..., subcutaneous, ..."), if it names exactly one."""
    text = description.lower()
    found = {route for word, route in ROUTE_WORDS if word in text}
    return found.pop() if len(found) == 1 else None


def drug_code_words(code: str, description: str, names: list[str]) -> str:
    """What a drug code is found by: the code, its descriptor, and the drug and brand names."""
    return " ".join([code.lower(), index_words(description), *(index_words(n) for n in names)])


def package_words(ndc11: str, hcpcs: str, drug_name: str, labeler: str, names: list[str]) -> str:
    """What an NDC package is found by: its NDC as 11 digits and each 10-digit form, its code,
    drug name, the brand names of its code, and the labeler."""
    return " ".join([*ndc_keys(ndc11), hcpcs.lower(), index_words(drug_name), *(index_words(n) for n in names),
                     index_words(labeler)])


def ndc_keys(ndc11: str) -> list[str]:
    """The 11 digits and each 10-digit package form they may have been printed as."""
    keys = [ndc11]
    for start, width in ((0, 5), (5, 4), (9, 2)):
        if ndc11[start] == "0":
            keys.append(ndc11[:start] + ndc11[start + 1:])
    return keys
