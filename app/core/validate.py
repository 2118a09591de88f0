"""Reading untrusted JSON into typed values while collecting every problem with its JSON path.

Used for encounter files and rule packs alike: a reader never raises on bad input, it notes the
problem (`injections[0].dose.amount: must be a number > 0`) and returns None so the caller can
carry on and report everything at once.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from json.decoder import scanstring
from typing import Any, Callable

from app.core.field_names import is_encounter_path, plain_field


LARGEST = 1_000_000_000  # no dose, quantity or unit count on a claim comes near this
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)   # dates a claim or a rule can carry
MAX_DEPTH = 64        # an encounter nests 4 levels, a rule pack 3; deeper is not one of ours
MAX_DIGITS = 30       # no number in an encounter or a rule pack needs more digits
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


WHOLE_FILE = "(file)"    # the path of a problem with the file as a whole (not JSON, too deep, unreadable)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def plain(self) -> str:
        """In the biller's words: 'Injection 2, diagnosis pointer 1: points to diagnosis C, ...'."""
        if self.path == WHOLE_FILE:
            return f"The file {self.message}"
        if not is_encounter_path(self.path):
            return f"{self.path}: {self.message}" if self.path else self.message
        return f"{plain_field(self.path)}: {self.message}"

    def __str__(self) -> str:
        """The plain words, then the JSON path for whoever fixes the file by hand."""
        return f"{self.plain()} [{self.path}]" if is_encounter_path(self.path) else self.plain()


def child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_iso_date(value: object) -> date | None:
    """A calendar date written YYYY-MM-DD (not a week date such as 2026-W10-2), else None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def in_date_range(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Reader:
    def __init__(self, root: object = None):
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def _get(self, parent: dict, key: str, path: str, required: bool) -> Any:
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None and required:
            self.problem(child(path, key), "is required")
        return value

    def is_object(self, value: object, path: str) -> bool:
        if isinstance(value, dict):
            return True
        self.problem(path or "(file)", "must be a JSON object")
        return False

    def obj(self, parent: dict, key: str, path: str, build: Callable, required: bool = False):
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not self.is_object(value, child(path, key)):
            return None
        return build(value, child(path, key))

    def list_of(self, parent: dict, key: str, path: str, item: Callable, required: bool = True,
                minimum: int = 0, maximum: int | None = None, why_maximum: str = "") -> list | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        here = child(path, key)
        if not isinstance(value, list):
            self.problem(here, "must be a list")
            return None
        if len(value) < minimum:
            self.problem(here, f"needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        if maximum is not None and len(value) > maximum:
            self.problem(here, f"has {len(value):,} entries; at most {maximum:,} are accepted{why_maximum}")
            return None
        results = [item(v, child(here, i)) for i, v in enumerate(value)]
        return [x for x in results if x is not None]

    def expect_text(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self.problem(path, "must be text")
        return None

    def expect_int(self, value: object, path: str) -> int | None:
        whole = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value) and value.is_integer())
        if not is_number(value) or not whole:
            self.problem(path, "must be a whole number")
            return None
        if abs(value) > LARGEST:
            self.problem(path, f"is too large (at most {LARGEST:,})")
            return None
        return int(value)

    def text(self, parent: dict, key: str, path: str, required: bool = False, non_blank: bool = False):
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(child(path, key), "must be text")
            return None
        if non_blank and not value.strip():
            self.problem(child(path, key), "must not be blank")
        return value

    def integer(self, parent: dict, key: str, path: str, required: bool = False) -> int | None:
        value = self._get(parent, key, path, required)
        return None if value is None else self.expect_int(value, child(path, key))

    def number(self, parent: dict, key: str, path: str, required: bool = False,
               minimum_exclusive: bool = True) -> Decimal | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        bound = "> 0" if minimum_exclusive else ">= 0"
        if not is_number(value) or value != value or value in (float("inf"), float("-inf")):
            self.problem(child(path, key), f"must be a number {bound}")
            return None
        if value < 0 or (minimum_exclusive and value == 0):
            self.problem(child(path, key), f"must be a number {bound}")
            return None
        if value > LARGEST:
            self.problem(child(path, key), f"is too large (at most {LARGEST:,})")
            return None
        return Decimal(str(value))

    def money(self, parent: dict, key: str, path: str) -> Decimal | None:
        value = self._get(parent, key, path, False)
        if value is None:
            return None
        try:
            amount = Decimal(str(value)) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > LARGEST or amount.as_tuple().exponent < -2:
            self.problem(child(path, key), "must be an amount in dollars such as \"12.00\"")
            return None
        return amount

    def boolean(self, parent: dict, key: str, path: str, required: bool = False) -> bool | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(child(path, key), "must be true or false")
            return None
        return value

    def date(self, parent: dict, key: str, path: str, required: bool = False) -> date | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        parsed = parse_iso_date(value)
        if parsed is None:
            self.problem(child(path, key), f"must be a date as YYYY-MM-DD (found {value!r})")
        elif not in_date_range(parsed):
            self.problem(child(path, key), f"must be a date from {EARLIEST_DATE} to {LATEST_DATE} "
                                           f"(found {value})")
            return None
        return parsed

    def choice(self, parent: dict, key: str, path: str, options: tuple[str, ...], required: bool = True):
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if value not in options:
            self.problem(child(path, key), f"must be one of {', '.join(options)} (found {value!r})")
            return None
        return value


# ---------------------------------------------------------------- reading JSON text


class JsonUnusable(ValueError):
    """JSON text that cannot be read as a document: every problem with its JSON path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class _LongNumber:
    """Stands in for an integer written with more than MAX_DIGITS digits (reported, never used)."""

    def __init__(self, digits: int):
        self.digits = digits


def _integer(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else _LongNumber(digits)


def load_json(text: str) -> object:
    """The document in `text`, or JsonUnusable naming the place of every problem: not JSON, nested
    deeper than MAX_DEPTH, a number too long to be one of ours, a string with a broken character."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise JsonUnusable([Problem(too_deep or "(file)", f"is nested more than {MAX_DEPTH} levels deep")])
    try:
        document = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise JsonUnusable([Problem("(file)", f"is not valid JSON (line {error.lineno}, column {error.colno}: "
                                              f"{error.msg})")]) from None
    except (RecursionError, ValueError) as error:   # a last guard; _too_deep and _integer prevent these
        raise JsonUnusable([Problem("(file)", f"cannot be read as JSON ({error})")]) from None
    problems = list(_unusable_values(document))
    if problems:
        raise JsonUnusable(problems)
    return document


_STRUCTURE = re.compile(r'["{}\[\],:]')


def _too_deep(text: str, limit: int = MAX_DEPTH) -> str | None:
    """The JSON path of the first object or list nested deeper than `limit`, else None. One pass
    over the text (strings skipped whole), so it costs no recursion however deep the text goes."""
    levels: list[list] = []          # per open container: [kind, key or index]
    last_text, at = None, 0
    while (found := _STRUCTURE.search(text, at)) is not None:
        mark, at = found.group(), found.end()
        if mark == '"':
            try:
                last_text, at = scanstring(text, at)
            except (json.JSONDecodeError, ValueError):
                return None           # json.loads will report where the text breaks
        elif mark in "{[":
            if len(levels) >= limit:
                return _path_of(levels)
            levels.append([mark, None if mark == "{" else 0])
        elif mark in "}]":
            if levels:
                levels.pop()
        elif mark == ":" and levels:
            levels[-1][1] = last_text
        elif mark == "," and levels and levels[-1][0] == "[":
            levels[-1][1] += 1
    return None


def _path_of(levels: list[list]) -> str:
    path = ""
    for _kind, key in levels:
        path = child(path, key if key is not None else "?")
    return path if len(path) <= 80 else f"{path[:60]}…{path[-16:]}"


def _unusable_values(document: object):
    """Problems with values json.loads lets through: overlong numbers, lone surrogates (in keys too)."""
    pending = [("", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _LongNumber):
            yield Problem(path or "(file)", f"is a number {value.digits:,} digits long (at most {MAX_DIGITS})")
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            yield Problem(path or "(file)", "holds a broken character (a lone UTF-16 surrogate); retype the text")
        elif isinstance(value, dict):
            for key, item in value.items():
                if _LONE_SURROGATE.search(key):
                    yield Problem(child(path, "?"), "has a name with a broken character (a lone UTF-16 surrogate)")
                    continue
                pending.append((child(path, key), item))
        elif isinstance(value, list):
            pending.extend((child(path, i), item) for i, item in enumerate(value))
