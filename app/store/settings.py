"""Practice settings: declared once here with their defaults, stored in SQLite as JSON values.

Settings that are not filled in are never a finding of the check; exports that need one (the
837P needs the tax id) say so by name when they refuse.
"""

from __future__ import annotations

import json
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
    Setting("x12.sender_id", "Submitter (sender) id"),
    Setting("x12.receiver_id", "Receiver id"),
    Setting("x12.receiver_name", "Receiver (clearinghouse) name"),
    Setting("x12.submitter_contact", "Submitter contact name"),
    Setting("x12.usage", "Interchange usage (T test, P production)", "T"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def get_setting(db: sqlite_utils.Database, key: str):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else _BY_KEY[key].default


def all_settings(db: sqlite_utils.Database) -> dict:
    stored = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM settings").fetchall()}
    return {s.key: stored.get(s.key, s.default) for s in SETTINGS}


def set_settings(db: sqlite_utils.Database, values: dict) -> None:
    unknown = set(values) - set(_BY_KEY)
    if unknown:
        raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    with writing(db):
        db.conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                            [[k, json.dumps(v)] for k, v in values.items()])


def next_control_number(db: sqlite_utils.Database, name: str = "interchange") -> int:
    """A number never handed out before for `name` (ISA13/GS06/ST02), persisted at once."""
    with writing(db):
        row = db.execute("SELECT value FROM control_numbers WHERE name = ?", [name]).fetchone()
        value = (row[0] if row else 0) + 1
        db.execute("INSERT OR REPLACE INTO control_numbers (name, value) VALUES (?, ?)", [name, value])
    return value
