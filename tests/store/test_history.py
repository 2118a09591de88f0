"""The saved history: search and sort, sent, delete with undo, returning patients, re-check, backups."""

from __future__ import annotations

from datetime import date

from app.store import backup, encounters
from app.store.encounters import HistoryFilter
from app.store.payers import export_pack, import_pack
from support import clean_encounter
from test_findings import CASES


def save_some(checker):
    ids = [checker.save(clean_encounter())[0],
           checker.save(CASES["FACILITY_PLACE_OF_SERVICE"] | {"date_of_service": "2026-02-01"})[0],
           checker.save(clean_encounter(patient={**clean_encounter()["patient"], "first_name": "Alan",
                                                 "last_name": "Turing", "member_id": "XKJ889"},
                                        date_of_service="2026-01-15", payer="commercial"))[0]]
    return ids


def test_search_by_patient_member_code_finding_and_dates(checker, db):
    ids = save_some(checker)
    listed = lambda **kw: [r["id"] for r in encounters.list_encounters(db, HistoryFilter(**kw))]
    assert listed() == [ids[0], ids[1], ids[2]]          # newest date of service first
    assert listed(text="turing") == [ids[2]]
    assert listed(text="xkj889") == [ids[2]]
    assert listed(text="facility_place") == [ids[1]]
    assert listed(text="byron j3420") == [ids[0], ids[1]]
    assert listed(date_from=date(2026, 1, 20), date_to=date(2026, 2, 28)) == [ids[1]]
    assert listed(status="errors") == [ids[1]]
    assert listed(sort="patient", descending=False)[-1] == ids[2]  # Byron before Turing


def test_mark_sent_and_delete_with_undo(checker, db):
    ids = save_some(checker)
    encounters.mark_sent(db, [ids[0]], date(2026, 3, 13))
    assert [r["id"] for r in encounters.list_encounters(db, HistoryFilter(status="sent"))] == [ids[0]]
    encounters.delete_encounters(db, [ids[1]])
    assert ids[1] not in [r["id"] for r in encounters.list_encounters(db)]
    encounters.undo_delete(db, [ids[1]])
    assert ids[1] in [r["id"] for r in encounters.list_encounters(db)]


def test_returning_patient_found_by_name_or_member_id(checker, db):
    save_some(checker)
    found = encounters.find_patients(db, "tur")
    assert found == [{"payer": "commercial", "patient": found[0]["patient"]}]
    assert found[0]["patient"]["member_id"] == "XKJ889"
    assert encounters.find_patients(db, "1EG4")[0]["patient"]["last_name"] == "Byron"


def test_recheck_after_a_rule_change_names_what_changed(checker, db):
    ids = save_some(checker)
    encounters.mark_sent(db, [ids[1]], date(2026, 3, 1))
    pack = export_pack(db, "medicare")
    pack["rules"].append({"kind": "prior_authorization", "code": "J3420", "source": "test"})
    import_pack(db, pack)
    changes = {c.encounter_id: c for c in encounters.recheck_unsent(db, checker)}
    assert ids[1] not in changes                          # sent claims are left alone
    assert changes[ids[0]].new_findings == ["PRIOR_AUTH_MISSING"]
    assert (changes[ids[0]].old_status, changes[ids[0]].new_status) == ("clean", "errors")
    assert not changes[ids[2]].changed


def test_daily_backup_keeps_seven_and_restores(db_file, tmp_path):
    from app.store.db import connect
    db = connect(db_file)
    for day in range(1, 10):
        backup.daily_backup(db, db_file, date(2026, 3, day))
    assert backup.daily_backup(db, db_file, date(2026, 3, 9)) is None
    kept = backup.backups(db_file)
    assert len(kept) == 7 and kept[0].name.endswith("2026-03-09.db")
    assert backup.integrity_problems(db) == []
    db.execute("DELETE FROM payers WHERE id = 'medicaid'")
    db.conn.close()
    before = backup.restore(db_file, kept[0])
    assert "medicaid" in {r[0] for r in connect(db_file).execute("SELECT id FROM payers")}
    assert "before-restore" in before.name and before.exists()


def test_saving_a_deleted_encounter_brings_it_back_and_not_sent_filter(checker, db):
    ids = save_some(checker)
    encounters.delete_encounters(db, [ids[0]])
    checker.save(clean_encounter(), ids[0])
    assert ids[0] in [r["id"] for r in encounters.list_encounters(db)]
    encounters.mark_sent(db, [ids[1]], date(2026, 3, 2))
    assert sorted(r["id"] for r in encounters.list_encounters(db, HistoryFilter(status="not_sent"))) == \
        sorted([ids[0], ids[2]])


def test_the_list_names_the_payer(checker, db):
    save_some(checker)
    names = {r["payer"]: r["payer_name"] for r in encounters.list_encounters(db)}
    assert names == {"medicare": "Medicare Part B", "commercial": "Commercial plan (template)"}
