"""Search as you type over ICD-10-CM and the drug catalog.

Each index is built once from plain rows (fetched by `app.store.catalog_rows`) and answers a
keystroke in about a millisecond: a query is a code prefix or words in any order, each word
matching the start of a word in the entry ("b12 anemia", "keto 15", "0143-9621"). Results come
in code order. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from app.core.billing_unit import BillingUnit
from app.core.ndc import format_ndc, ndc_search_key, normalize_ndc

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CODE_LIKE = re.compile(r"^[a-z]\d")
_NDC_TYPED = re.compile(r"^[0-9][0-9\- ]{3,}$")
_RANKABLE = 8_000      # more candidates than this (a letter or two typed) come in code order
_RANKED_POOL = 2_000   # matches gathered before ranking
_MERGEABLE = 64        # words sharing a prefix merged in order; more than this, read every entry


def _distinct(numbers: Iterator[int]) -> Iterator[int]:
    previous = -1
    for number in numbers:
        if number != previous:
            yield number
            previous = number


def words_of(text: str) -> list[str]:
    """Lower-case words: dots dropped (D51.0 → d510), other punctuation splits."""
    return _NOT_WORD.sub(" ", text.lower().replace(".", "")).split()


class PrefixIndex:
    """Entries in a fixed order, each with words; finds entries where every query word starts a word."""

    def __init__(self, texts: list[list[str]]):
        self.texts = [" " + " ".join(words) for words in texts]
        postings: dict[str, list[int]] = {}
        for number, words in enumerate(texts):
            for word in set(words):
                postings.setdefault(word, []).append(number)
        self.vocab = sorted(postings)
        self.postings = [postings[w] for w in self.vocab]
        self.cumulative = [0]
        for ids in self.postings:
            self.cumulative.append(self.cumulative[-1] + len(ids))

    def _span(self, prefix: str) -> tuple[int, int]:
        return bisect_left(self.vocab, prefix), bisect_left(self.vocab, prefix + "\uffff")

    def _candidates(self, prefix: str) -> tuple[list[int] | Iterator[int], bool]:
        """Entry numbers having a word starting with `prefix`, in order, and whether there are
        few enough to rank (many come lazily, so the scan can stop early)."""
        lo, hi = self._span(prefix)
        if hi - lo == 1:
            return self.postings[lo], len(self.postings[lo]) <= _RANKABLE
        if self.cumulative[hi] - self.cumulative[lo] <= _RANKABLE:
            return sorted(set().union(*self.postings[lo:hi])), True
        if hi - lo > _MERGEABLE:            # "s": every entry is a candidate, read them in order
            return (n for n in range(len(self.texts)) if " " + prefix in self.texts[n]), False
        return _distinct(heapq.merge(*self.postings[lo:hi])), False

    def _estimate(self, prefix: str) -> int:
        lo, hi = self._span(prefix)
        return self.cumulative[hi] - self.cumulative[lo]

    def find(self, words: list[str], limit: int, rank: Callable[[int, list[str]], tuple] | None = None) -> list[int]:
        """Entry numbers matching every word: in order, or best first by `rank(number, words)`."""
        if not words:
            return []
        words = sorted(set(words), key=self._estimate)
        candidates, rankable = self._candidates(words[0])
        ranked = rank is not None and rankable
        found = self._scan(candidates, words[1:], _RANKED_POOL if ranked else limit)
        if ranked:
            found.sort(key=lambda n: rank(n, words))
        return found[:limit]

    def _scan(self, candidates, words: list[str], cap: int) -> list[int]:
        needles = [" " + w for w in words]
        found = []
        for number in candidates:
            text = self.texts[number]
            if all(n in text for n in needles):
                found.append(number)
                if len(found) >= cap:
                    break
        return found

    def partial_words(self, number: int, words: list[str]) -> int:
        """How many query words match only the start of a word, not a whole word."""
        text = self.texts[number] + " "
        return sum(1 for w in words if f" {w} " not in text)

    def code_starts(self, number: int, words: list[str]) -> bool:
        """The entry's code (its first word) starts with a query word that looks like a code."""
        return any(self.texts[number].startswith(" " + w) for w in words if _CODE_LIKE.match(w))


# ---------------------------------------------------------------- ICD-10-CM


@dataclass(frozen=True)
class Diagnosis:
    key: str            # D510
    code: str           # D51.0, as printed on the claim
    description: str
    billable: bool
    parent: str | None  # key of the category above, if any


class IcdIndex:
    """All of ICD-10-CM (categories and codes), searchable by code prefix or words."""

    def __init__(self, rows):
        """`rows`: (key, code, description, billable, parent) in code order."""
        self.entries = [Diagnosis(k, c, d or "", bool(b), p) for k, c, d, b, p in rows]
        self._by_key = {e.key: n for n, e in enumerate(self.entries)}
        self._children: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            if entry.parent:
                self._children.setdefault(entry.parent, []).append(number)
        self._words = PrefixIndex([[e.key.lower(), *words_of(e.description)] for e in self.entries])
        self._family = [self._by_key.get(e.key[:3], n) for n, e in enumerate(self.entries)]

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 100) -> list[Diagnosis]:
        return [self.entries[n] for n in self._words.find(words_of(query), limit, self._rank)]

    def _rank(self, number: int, words: list[str]) -> tuple[int, int, int, int]:
        """Codes starting with a typed code first, in code order; then entries matching more
        words whole; then by category: those whose own name matches, the more general (shorter)
        first, each category in code order."""
        if self._words.code_starts(number, words):
            return 0, 0, 0, number
        family = self._family[number]
        return (1 + self._words.partial_words(number, words), self._words.partial_words(family, words),
                len(self._words.texts[family]), number)

    def get(self, code: str) -> Diagnosis | None:
        number = self._by_key.get(code.replace(".", "").replace(" ", "").upper())
        return None if number is None else self.entries[number]

    def children(self, code: str) -> list[Diagnosis]:
        key = code.replace(".", "").upper()
        return [self.entries[n] for n in self._children.get(key, [])]


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
    package: str | None = None     # "1 ML vial, 25 per package" as the crosswalk says

    @property
    def name(self) -> str:
        return (self.drug_name or self.description).strip()

    def title(self) -> str:
        if self.ndc:
            return f"NDC {format_ndc(self.ndc)}  {self.name} ({self.labeler or 'labeler unknown'}) → {self.hcpcs}"
        ended = f"  [ended {self.ended}]" if self.ended else ""
        return f"{self.hcpcs}  {self.description}{ended}"


def _unit(row: dict) -> BillingUnit | None:
    if not row.get("unit_amount") or not row.get("unit_measure"):
        return None
    return BillingUnit(Decimal(str(row["unit_amount"])), row["unit_measure"], bool(row.get("unit_up_to")))


def ndc_keys(ndc11: str) -> list[str]:
    """The 11 digits and each 10-digit package form they may have been printed as."""
    keys = [ndc11]
    for start, width in ((0, 5), (5, 4), (9, 2)):
        if ndc11[start] == "0":
            keys.append(ndc11[:start] + ndc11[start + 1:])
    return keys


def _package(row: dict) -> str:
    dosage, size, qty = (row.get(k) or "" for k in ("hcpcs_dosage", "pkg_size", "pkg_qty"))
    return f"{dosage.strip()} per unit; package {size} × {qty}".strip()


class DrugIndex:
    """Drug, vaccine and allergen codes with their NDC packages, by name, code or NDC."""

    def __init__(self, code_rows: list[dict], ndc_rows: list[dict]):
        codes = {r["code"]: self._code_choice(r) for r in code_rows}
        names: dict[str, set[str]] = {}
        packages: list[DrugChoice] = []
        for row in ndc_rows:
            coded = codes.get(row["hcpcs"])
            if coded is None:
                continue
            names.setdefault(coded.hcpcs, set()).update(words_of(row.get("drug_name") or ""))
            packages.append(DrugChoice(coded.hcpcs, coded.description, coded.kind, coded.billing_unit, coded.ended,
                                       ndc=row["ndc"], drug_name=(row.get("drug_name") or "").strip(),
                                       labeler=row.get("labeler"), package=_package(row)))
        self.choices = sorted(codes.values(), key=lambda c: c.hcpcs) + sorted(packages, key=lambda c: (c.hcpcs, c.ndc))
        self._by_code = codes
        self._by_ndc: dict[str, list[DrugChoice]] = {}
        self._by_code_packages: dict[str, list[DrugChoice]] = {}
        for choice in packages:
            self._by_ndc.setdefault(choice.ndc, []).append(choice)
            self._by_code_packages.setdefault(choice.hcpcs, []).append(choice)
        self._words = PrefixIndex([self._words_of(c, names) for c in self.choices])

    @staticmethod
    def _code_choice(row: dict) -> DrugChoice:
        return DrugChoice(row["code"], row.get("description") or "", row.get("kind") or "drug", _unit(row),
                          row.get("term_date"))

    @staticmethod
    def _words_of(choice: DrugChoice, names: dict[str, set[str]]) -> list[str]:
        if choice.ndc:
            return [*ndc_keys(choice.ndc), choice.hcpcs.lower(), *words_of(choice.drug_name or ""),
                    *words_of(choice.labeler or "")]
        return [choice.hcpcs.lower(), *words_of(choice.description), *sorted(names.get(choice.hcpcs, ()))]

    def search(self, query: str, limit: int = 60) -> list[DrugChoice]:
        text = query.strip()
        if _NDC_TYPED.match(text):
            ndc11 = normalize_ndc(text) if "-" in text else None
            words = [ndc11] if ndc11 else [ndc_search_key(text)]
        else:
            words = words_of(text)
        return [self.choices[n] for n in self._words.find(words, limit, self._rank)]

    def _rank(self, number: int, words: list[str]) -> tuple:
        """Codes before packages; whole words first; then codes with more NDC packages (the
        drugs offices stock), then code order."""
        choice = self.choices[number]
        packages = len(self._by_code_packages.get(choice.hcpcs, ()))
        return bool(choice.ndc), self._words.partial_words(number, words), -packages, number

    def code(self, hcpcs: str) -> DrugChoice | None:
        return self._by_code.get((hcpcs or "").strip().upper())

    def packages(self, ndc: str | None) -> list[DrugChoice]:
        ndc11 = normalize_ndc(ndc)
        return self._by_ndc.get(ndc11, []) if ndc11 else []
