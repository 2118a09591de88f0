"""An app update: a database made by the previous schema and shipped data opens with the new
ones, and the biller's history, rules, payers and settings are all still there."""

from __future__ import annotations

import json

import sqlite_utils

from app.store import seed
from app.store.db import connect, migrations
from app.store.payers import add_rule, export_pack, import_pack, load_payer, update_rule
from app.store.settings import get_setting, set_settings
from support import clean_encounter


def old_database(path):
    """What the previous version left: schema up to m004, its shipped data, the biller's work."""
    db = sqlite_utils.Database(str(path))
    migrations.apply(db, stop_before="m005_rule_pair_index")
    seed.ensure_seeded(db)
    db.execute("UPDATE meta SET value = 'previous-release' WHERE key = 'shipped_version'")
    return db


def test_update_keeps_history_rules_payers_and_settings(tmp_path):
    path = tmp_path / "old.db"
    old = old_database(path)
    saved_id = old["encounters"].insert({  # the columns of schema m003
        "saved_at": "2026-03-12T10:00:00+00:00", "payer": "medicare", "member_key": "medicare|1eg4te5mk73",
        "patient": "Byron, Ada", "date_of_service": "2026-03-10", "codes": "99213 96372 J3420", "status": "clean",
        "errors": 0, "warnings": 0, "infos": 0, "fingerprint": "x", "document": json.dumps(clean_encounter()),
        "result": "{}", "sent_on": None}).last_pk
    mue = old.execute("SELECT id FROM rules WHERE payer_id = 'medicare' AND kind = 'max_units' "
                      "AND code = '96372'").fetchone()[0]
    update_rule(old, mue, {"kind": "max_units", "code": "96372", "max": 5, "per": "day", "source": "our MAC"})
    mine = add_rule(old, "medicare", {"kind": "prior_authorization", "code": "J3420", "source": "letter"})
    pack = export_pack(old, "commercial")
    pack["payer"] = {"id": "acme", "name": "Acme PPO", "kind": "commercial"}
    import_pack(old, pack)
    set_settings(old, {"practice.name": "Lovelace Family Medicine"})
    old.conn.close()

    db = connect(path)  # the new version opens it
    assert not migrations.pending(db)
    assert "idx_rules_payer_id_column1_column2" in {i.name for i in db["rules"].indexes}
    assert db.execute("SELECT patient, deleted_at FROM encounters WHERE id = ?", [saved_id]).fetchone() == \
        ("Byron, Ada", None)
    from app.check import Checker
    from support import TODAY
    again = Checker(db).check(clean_encounter(patient={**clean_encounter()["patient"], "account_number": "B"}),
                              today=TODAY).result
    assert "DUPLICATE_SERVICE" in {f.code for f in again.findings}  # the old history still feeds the check
    medicare = load_payer(db, "medicare")
    assert [r.fields["max"] for r in medicare.rules if r.id == mue] == [5]
    assert any(r.id == mine for r in medicare.rules)
    assert load_payer(db, "acme").name == "Acme PPO"
    assert get_setting(db, "practice.name") == "Lovelace Family Medicine"
    assert db.execute("SELECT value FROM meta WHERE key = 'shipped_version'").fetchone()[0] == seed.shipped_version()
    edited = db.execute("SELECT edited, shipped_json FROM rules WHERE id = ?", [mue]).fetchone()
    assert edited[0] == 1 and json.loads(edited[1])["max"] == 4
