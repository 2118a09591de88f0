"""Practice settings: declared once here with their defaults, stored in SQLite as JSON values.

Settings that are not filled in are never a finding of the check; exports that need one (the
837P needs the tax id) say so by name when they refuse.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import sqlite_utils
from app.store.db import writing


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: object = ""


SETTINGS = (
    Setting("practice.name", "Practice name"),
    Setting("practice.npi", "Billing NPI"),
    Setting("practice.tax_id", "Tax id (EIN)"),
    Setting("practice.address.line1", "Street address"),
    Setting("practice.address.city", "City"),
    Setting("practice.address.state", "State"),
    Setting("practice.address.zip", "ZIP code"),
    Setting("practice.phone", "Phone"),
    Setting("defaults.rendering_provider.first_name", "Default rendering provider first name"),
    Setting("defaults.rendering_provider.last_name", "Default rendering provider last name"),
    Setting("defaults.rendering_provider.npi", "Default rendering provider NPI"),
    Setting("defaults.place_of_service", "Default place of service", "11"),
    Setting("cms1500.mode", "CMS-1500 printing", "blank"),          # blank: form drawn; preprinted: red form
    Setting("claims.signature_on_file", "Patients' signatures on file (boxes 12, 13)", "yes"),     # yes / no
    Setting("claims.accept_assignment", "Accept assignment (box 27; 837P CLM07, CLM08)", "yes"),  # yes / no
    Setting("x12.sender_id", "Submitter (sender) id"),
    Setting("x12.receiver_id", "Receiver id"),
    Setting("x12.receiver_name", "Receiver (clearinghouse) name"),
    Setting("x12.submitter_contact", "Submitter contact name"),
    Setting("x12.usage", "Interchange usage (T test, P production)", "T"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


_CHOICES = {"cms1500.mode": ("blank", "preprinted"), "x12.usage": ("T", "P"),
            "claims.signature_on_file": ("yes", "no"), "claims.accept_assignment": ("yes", "no")}
MOST_CHARACTERS = 200      # longer than any name, address or id a claim form has room for
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
log = logging.getLogger(__name__)


class SettingsInvalid(ValueError):
    """Values that may not be stored, by key, in plain words; nothing was changed."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{key}: {problem}" for key, problem in problems.items()))


def _stored(key: str, text: str):
    """A stored value as the app uses it; an unreadable one gives way to the default (and is logged)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, str):
        log.warning("setting %s: stored value unreadable; its default used", key)
        return _BY_KEY[key].default
    return value


def get_setting(db: sqlite_utils.Database, key: str):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return _stored(key, row[0]) if row else _BY_KEY[key].default


def all_settings(db: sqlite_utils.Database) -> dict:
    stored = {k: _stored(k, v) for k, v in db.execute("SELECT key, value FROM settings").fetchall() if k in _BY_KEY}
    return {s.key: stored.get(s.key, s.default) for s in SETTINGS}


def value_problems(values: dict) -> dict[str, str]:
    """What keeps these values out of the database, by key: unknown keys, values that are not
    one line of text of at most MOST_CHARACTERS characters, choices outside their list."""
    problems = {}
    for key, value in values.items():
        if key not in _BY_KEY:
            problems[key] = "is not a setting"
        elif not isinstance(value, str):
            problems[key] = "must be text"
        elif len(value) > MOST_CHARACTERS:
            problems[key] = f"is {len(value):,} characters long; at most {MOST_CHARACTERS} fit"
        elif _CONTROL.search(value):
            problems[key] = "holds a control character or a broken character; retype it"
        elif key in _CHOICES and value not in _CHOICES[key]:
            problems[key] = f"must be one of {', '.join(_CHOICES[key])} (found {value!r})"
    return problems


def set_settings(db: sqlite_utils.Database, values: dict) -> None:
    """Store the values; SettingsInvalid (nothing stored) when `value_problems` finds any."""
    problems = value_problems(values)
    if problems:
        raise SettingsInvalid(problems)
    with writing(db):
        db.conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                            [[k, json.dumps(v)] for k, v in values.items()])


def reserve_control_numbers(db: sqlite_utils.Database, counts: dict[str, int]) -> dict[str, int]:
    """For each name, the first of `count` consecutive numbers never handed out before (ISA13, GS06,
    ST02): all of them taken in one transaction, so a whole export costs one commit."""
    firsts = {}
    with writing(db):
        for name, count in counts.items():
            row = db.execute("SELECT value FROM control_numbers WHERE name = ?", [name]).fetchone()
            firsts[name] = (row[0] if row else 0) + 1
            db.execute("INSERT OR REPLACE INTO control_numbers (name, value) VALUES (?, ?)",
                       [name, firsts[name] + max(count, 0) - 1])
    return firsts


def next_control_number(db: sqlite_utils.Database, name: str = "interchange") -> int:
    """A number never handed out before for `name` (ISA13/GS06/ST02), persisted at once."""
    return reserve_control_numbers(db, {name: 1})[name]
