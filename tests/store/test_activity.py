"""The activity log (issue 11, item 15): rule edits, saves, deletions, exports and restores are
kept in the database with their time and the encounter they touched."""

from __future__ import annotations

import json
from datetime import date

from app.check import Checker
from app.cli import main
from app.store import activity, backup
from app.store.db import connect
from app.store.encounters import delete_encounters, mark_sent, undo_delete
from app.store.payers import add_rule, delete_rule, export_pack, import_pack, update_rule
from support import clean_encounter


def kinds_and_ids(db) -> list[tuple[str, int | None]]:
    return [(a.kind, a.encounter_id) for a in reversed(activity.recent(db))]


def test_saves_deletions_and_sent_marks_are_logged_with_their_encounter(db):
    saved_id, _ = Checker(db).save(clean_encounter())
    delete_encounters(db, [saved_id])
    undo_delete(db, [saved_id])
    mark_sent(db, [saved_id], date(2026, 3, 12))
    assert kinds_and_ids(db) == [("save", saved_id), ("delete", saved_id), ("undo delete", saved_id),
                                 ("sent", saved_id)]
    newest = activity.recent(db)[0]
    assert newest.what == "Marked as sent on 2026-03-12" and newest.at[:2] == "20"


def test_rule_edits_and_imports_are_logged(db):
    rule_id = add_rule(db, "medicare", {"kind": "prior_authorization", "code": "J3420", "source": "letter"})
    update_rule(db, rule_id, {"kind": "prior_authorization", "code": "J1885", "source": "letter"})
    delete_rule(db, rule_id)
    pack = export_pack(db, "commercial")
    pack["payer"] = {"id": "acme", "name": "Acme PPO", "kind": "commercial"}
    pack["rules"] = pack["rules"][:3]
    import_pack(db, pack)
    words = [a.what for a in reversed(activity.recent(db))]
    assert words == [f"Added rule #{rule_id} to medicare: prior authorization J3420",
                     f"Changed rule #{rule_id}: prior authorization J1885", f"Deleted rule #{rule_id}",
                     "Imported the rule pack of Acme PPO (acme): 3 rules"]


def test_a_refused_change_leaves_no_line(db):
    before = activity.recent(db)
    try:
        import_pack(db, {"format": "payer-rule-pack/1", "payer": {"id": "..", "name": "x"}})
    except ValueError:
        pass
    assert activity.recent(db) == before


def test_an_export_from_the_command_line_is_logged(tmp_path, db_file, capsys):
    encounter = tmp_path / "e.json"
    encounter.write_text(json.dumps(clean_encounter()))
    assert main(["summary", str(encounter), "-o", str(tmp_path / "s.pdf"), "--db", str(db_file)]) == 0
    entries = activity.recent(connect(db_file))
    assert entries[0].kind == "export" and str(tmp_path / "s.pdf") in entries[0].what


def test_a_restore_is_logged_in_the_restored_database(db_file):
    db = connect(db_file)
    made = backup.backup_now(db, db_file, date(2026, 3, 9))
    db.conn.close()
    backup.restore(db_file, made)
    entries = activity.recent(connect(db_file))
    assert entries[0].kind == "restore" and made.name in entries[0].what
