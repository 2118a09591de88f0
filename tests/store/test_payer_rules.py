"""Payer rules in the database: the biller's edits survive app updates; shipped rules can be restored."""

from __future__ import annotations

import json

import pytest

from app.core.payer import RulePackInvalid
from app.store import seed
from app.store.payers import add_rule, delete_rule, load_payer, restore_shipped_rule, update_rule


def mue_rule(db, payer="medicare", code="96372"):
    row = db.execute("SELECT id, fields FROM rules WHERE payer_id = ? AND kind = 'max_units' AND code = ?",
                     [payer, code]).fetchone()
    return row[0], json.loads(row[1])


def reseed_as_update(db):
    """What an app update does: the shipped data has changed, so it is loaded again."""
    db.execute("UPDATE meta SET value = 'older' WHERE key = 'shipped_version'")
    seed.ensure_seeded(db)


def test_edit_to_a_shipped_rule_survives_an_update(db):
    rule_id, fields = mue_rule(db)
    assert fields["max"] == 4
    update_rule(db, rule_id, {"kind": "max_units", "code": "96372", "max": 6, "per": "day", "source": "our contract"})
    reseed_as_update(db)
    assert mue_rule(db)[1]["max"] == 6
    assert mue_rule(db, "commercial")[1]["max"] == 4


def test_restore_brings_back_the_shipped_rule(db):
    rule_id, _ = mue_rule(db)
    update_rule(db, rule_id, {"kind": "max_units", "code": "96372", "max": 6, "per": "day", "source": "ours"})
    restore_shipped_rule(db, rule_id)
    _, fields = mue_rule(db)
    assert fields["max"] == 4
    assert db.execute("SELECT edited, origin FROM rules WHERE id = ?", [rule_id]).fetchone() == (0, "shipped")


def test_biller_rule_is_kept_and_deleted_shipped_rule_stays_off(db):
    new_id = add_rule(db, "medicare", {"kind": "prior_authorization", "code": "J2357", "source": "MAC letter"})
    rule_id, _ = mue_rule(db)
    delete_rule(db, rule_id)
    reseed_as_update(db)
    payer = load_payer(db, "medicare")
    assert any(r.id == new_id and r.origin == "biller" for r in payer.rules)
    assert not [r for r in payer.rules if r.id == rule_id][0].enabled


def test_invalid_rule_is_refused_by_field(db):
    with pytest.raises(RulePackInvalid) as caught:
        add_rule(db, "medicare", {"kind": "max_units", "code": "96372", "max": -1, "per": "week", "source": "x"})
    paths = {p.path for p in caught.value.problems}
    assert paths == {"max", "per"}


def test_update_refreshes_unedited_shipped_rules(db):
    db.execute("UPDATE rules SET fields = ? WHERE payer_id = 'medicaid' AND kind = 'min_interval' AND code = 'J1050'",
               [json.dumps({"code": "J1050", "days": 1})])
    reseed_as_update(db)
    row = db.execute("SELECT fields FROM rules WHERE payer_id = 'medicaid' AND kind = 'min_interval'").fetchone()
    assert json.loads(row[0])["days"] == 77
