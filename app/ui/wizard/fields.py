"""Reading and writing encounter fields by their JSON path ("patient.last_name",
"injections[0].dose.amount"), and turning typed text into the values the encounter holds.

Typed text that is not what the field wants is kept as text, so the check names the field and
the biller's typing survives a save and a reopen. A field left blank stays as the encounter had
it (absent stays absent), so opening a file and checking it gives what the command line gives.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.core.claim import POINTER_LETTERS

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def steps(path: str) -> list[str | int]:
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def get_path(document: object, path: str):
    """The value at `path`, or None when any step is missing."""
    value = document
    for step in steps(path):
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def put(document: dict, path: str, value, loaded: dict | None = None) -> None:
    """Set the field at `path` (a dotted path of objects), making objects on the way.

    A blank value ("" or None) for a field the encounter as `loaded` did not have changes
    nothing, so opening a file and checking it gives what the command line gives.
    """
    if value is None or value == "":
        was = get_path(document if loaded is None else loaded, path)
        if was is None:
            return
        value = "" if was == "" else value
    *parents, last = path.split(".")
    target = document
    for key in parents:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[last] = value


def put_flag(document: dict, path: str, checked: bool, loaded: dict | None = None) -> None:
    """A check box: true when ticked; false only when the encounter as loaded had the field."""
    if checked or get_path(document if loaded is None else loaded, path) is not None:
        put(document, path, checked)


def drop(document: dict, path: str) -> None:
    """Remove the field at `path` (a dotted path of objects) if it is there."""
    *parents, last = path.split(".")
    holder = get_path(document, ".".join(parents)) if parents else document
    if isinstance(holder, dict):
        holder.pop(last, None)


def number_value(text: str):
    """`"1,000"` → 1000, `"0.5"` → 0.5, blank → None, anything else → the text as typed."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return text.strip()
    if not number.is_finite():
        return text.strip()
    return int(number) if number == number.to_integral_value() else float(number)


def number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_value(text: str, required: bool = False) -> str | None:
    """Typed text; blank is "" for a field the claim needs (a finding), None for an optional one."""
    if text.strip():
        return text.strip()
    return "" if required else None


def pointers_value(text: str) -> list | None:
    """"A, C" or "1 3" → [1, 3]; a piece that is neither stays as typed."""
    pieces = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not pieces:
        return None
    return [_pointer(p) for p in pieces]


def _pointer(piece: str):
    if piece.isdigit():
        return int(piece)
    letter = piece.upper()
    return POINTER_LETTERS.index(letter) + 1 if len(letter) == 1 and letter in POINTER_LETTERS else piece


def pointers_text(pointers) -> str:
    if not isinstance(pointers, list):
        return "" if pointers is None else str(pointers)
    return ", ".join(POINTER_LETTERS[p - 1] if isinstance(p, int) and 1 <= p <= 12 else str(p) for p in pointers)
