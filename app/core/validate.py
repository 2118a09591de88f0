"""Reading untrusted JSON into typed values while collecting every problem with its JSON path.

Used for encounter files and rule packs alike: a reader never raises on bad input, it notes the
problem (`injections[0].dose.amount: must be a number > 0`) and returns None so the caller can
carry on and report everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable


LARGEST = 1_000_000_000  # no dose, quantity or unit count on a claim comes near this


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_iso_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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
                minimum: int = 0) -> list | None:
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        here = child(path, key)
        if not isinstance(value, list):
            self.problem(here, "must be a list")
            return None
        if len(value) < minimum:
            self.problem(here, f"needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        results = [item(v, child(here, i)) for i, v in enumerate(value)]
        return [x for x in results if x is not None]

    def expect_text(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self.problem(path, "must be text")
        return None

    def expect_int(self, value: object, path: str) -> int | None:
        if is_number(value) and float(value).is_integer():
            return int(value)
        self.problem(path, "must be a whole number")
        return None

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
        return parsed

    def choice(self, parent: dict, key: str, path: str, options: tuple[str, ...], required: bool = True):
        value = self._get(parent, key, path, required)
        if value is None:
            return None
        if value not in options:
            self.problem(child(path, key), f"must be one of {', '.join(options)} (found {value!r})")
            return None
        return value
