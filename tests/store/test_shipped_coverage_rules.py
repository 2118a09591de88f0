"""The issue-10 coverage rules and the distinct-service setting reach a database made by an earlier
release through the shipped-data update: new shipped rules arrive, changed ones refresh, the biller's
edits stay."""

from __future__ import annotations

import json

from app.store import seed
from app.store.payers import load_payer, update_rule

NEW = ("self_administered|J0139", "self_administered|J1650", "not_a_benefit|90750", "not_a_benefit|90715")


def as_previous_release(db) -> None:
    """Roll the shipped Medicare data back to what the release before this one held."""
    marks = ", ".join("?" * len(NEW))
    db.execute(f"DELETE FROM rules WHERE payer_id = 'medicare' AND shipped_key IN ({marks})", NEW)
    old_fields = json.dumps({"code": "J0129"})
    db.execute("UPDATE rules SET fields = ?, shipped_json = '{}' WHERE payer_id = 'medicare' "
               "AND shipped_key = 'self_administered|J0129'", [old_fields])
    settings = json.loads(db.execute("SELECT settings FROM payers WHERE id = 'medicare'").fetchone()[0])
    settings.pop("distinct_service_modifier")
    db.execute("UPDATE payers SET settings = ?, shipped_settings = ? WHERE id = 'medicare'",
               [json.dumps(settings)] * 2)
    db.execute("UPDATE meta SET value = 'previous-release' WHERE key = 'shipped_version'")


def medicare_rule(db, key: str):
    row = db.execute("SELECT id, fields, edited FROM rules WHERE payer_id = 'medicare' AND shipped_key = ?",
                     [key]).fetchone()
    return None if row is None else (row[0], json.loads(row[1]), row[2])


def test_an_update_brings_the_new_rules_and_setting(db):
    as_previous_release(db)
    assert medicare_rule(db, "not_a_benefit|90750") is None
    assert load_payer(db, "medicare").settings.distinct_service_modifier == "59"  # the default, before
    seed.ensure_seeded(db)
    assert all(medicare_rule(db, key) for key in NEW)
    assert medicare_rule(db, "not_a_benefit|90750")[1]["bill_plan"] == "the patient's Medicare Part D plan"
    assert medicare_rule(db, "self_administered|J0129")[1]["routes"] == ["SC"]
    assert load_payer(db, "medicare").settings.distinct_service_modifier == "X"


def test_a_biller_edit_to_a_shipped_exclusion_survives_the_update(db):
    rule_id, _, _ = medicare_rule(db, "self_administered|J1438")
    update_rule(db, rule_id, {"kind": "self_administered", "code": "J1438", "source": "our MAC's list",
                              "severity": "error"})
    as_previous_release(db)
    seed.ensure_seeded(db)
    _, fields, edited = medicare_rule(db, "self_administered|J1438")
    assert edited and [r.severity for r in load_payer(db, "medicare").rules if r.id == rule_id] == ["error"]
