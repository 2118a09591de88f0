"""Data safety (issue 11): the atomic writer, private file modes, a damaged or newer database
refused, read-only opening, several copies starting at once, bounds on stored values."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app import files
from app.core.payer import RulePackInvalid, parse_rule_pack
from app.files import UnsafeOutput, output_problem, refuse_unsafe_output, replace_file
from app.store import db as store_db
from app.store.db import DatabaseDamaged, DatabaseReadOnly, DatabaseTooNew, connect
from app.store.payers import import_pack, list_payers, load_payer
from app.store.settings import SettingsInvalid, all_settings, get_setting, set_settings
from support import TODAY, clean_encounter


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


# ---------------------------------------------------------------- the atomic writer


def test_writer_fits_a_255_byte_file_name(tmp_path):
    target = tmp_path / ("a" * 250 + ".json")
    replace_file(target, "{}")
    assert target.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_writer_on_a_full_disk_keeps_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "pack.json"
    target.write_text("the old pack, whole")

    def full(handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError):
        replace_file(target, "x" * 100_000)
    assert target.read_text() == "the old pack, whole"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.json"]      # no temporary left behind


def test_writer_keeps_a_replaced_files_mode_and_makes_new_files_private(tmp_path, umask_022):
    kept = tmp_path / "shared.pdf"
    kept.write_text("old")
    os.chmod(kept, 0o640)
    replace_file(kept, "new")
    assert mode_of(kept) == 0o640 and kept.read_text() == "new"
    fresh = replace_file(tmp_path / "new.pdf", b"%PDF")
    assert mode_of(fresh) == 0o600


# ---------------------------------------------------------------- where exports may go


def test_exports_never_go_over_the_database_its_backups_or_an_input(tmp_path):
    database = tmp_path / "injectclaim.db"
    database.write_bytes(b"db")
    (tmp_path / "injectclaim.db-wal").write_bytes(b"wal")
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "injectclaim-2026-03-10.db").write_bytes(b"b")
    encounter = tmp_path / "enc.json"
    encounter.write_text("{}")
    where = {"database": database, "backups": backups, "inputs": [str(encounter)], "overwrite": True}
    assert "database" in output_problem(database, **where)
    assert "database" in output_problem(tmp_path / "injectclaim.db-wal", **where)
    assert "database" in output_problem(tmp_path / "." / "injectclaim.db", **where)
    assert "backups" in output_problem(backups / "injectclaim-2026-03-10.db", **where)
    assert "backups" in output_problem(backups / "new.837", **where)
    assert "input" in output_problem(encounter, **where)
    assert output_problem(tmp_path / "claims.837", **where) is None


def test_an_existing_file_needs_overwrite_and_a_read_only_one_is_left_alone(tmp_path, monkeypatch):
    existing = tmp_path / "out.pdf"
    existing.write_text("keep")
    with pytest.raises(UnsafeOutput, match="already exists; add --overwrite"):
        refuse_unsafe_output(existing)
    refuse_unsafe_output(existing, overwrite=True)
    monkeypatch.setattr(files.os, "access", lambda path, how: False)   # root may write anything: pretend
    with pytest.raises(UnsafeOutput, match="read-only"):
        refuse_unsafe_output(existing, overwrite=True)


# ---------------------------------------------------------------- private files (umask 022)


def test_a_new_database_folder_and_its_files_are_private(tmp_path, umask_022):
    folder = tmp_path / "InjectClaim"
    path = folder / "injectclaim.db"
    db = connect(path)
    set_settings(db, {"practice.name": "Lovelace Family Medicine"})
    assert mode_of(folder) == 0o700
    for name in ("injectclaim.db", "injectclaim.db-wal", "injectclaim.db-shm"):
        assert mode_of(folder / name) == 0o600, name
    from datetime import date

    from app.store.backup import backup_now

    made = backup_now(db, path, date(2026, 3, 10))
    assert [mode_of(folder / "backups"), mode_of(made.parent), mode_of(made)] == [0o700, 0o700, 0o600]
    db.conn.close()


def test_opening_tightens_files_left_world_readable(db_file, umask_022):
    backups = db_file.parent / "backups"
    backups.mkdir()
    old_backup = backups / "injectclaim-2026-03-01.db"
    old_backup.write_bytes(db_file.read_bytes())
    draft = db_file.with_name("injectclaim.unfinished-encounter.json")
    draft.write_text("{}")
    for path in (db_file, old_backup, draft):
        os.chmod(path, 0o644)
    connect(db_file).conn.close()
    assert [mode_of(p) for p in (db_file, old_backup, draft)] == [0o600] * 3
    assert mode_of(backups) == 0o700


# ---------------------------------------------------------------- damaged, newer, read-only


def damage(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for page in range(2, size // 4096, 7):      # every seventh page from the second on
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad\xbe\xef" * 200)


def test_a_damaged_database_is_refused_and_names_the_newest_good_backup(db_file):
    backups = db_file.parent / "backups"
    backups.mkdir()
    good = backups / "injectclaim-2026-03-09.db"
    good.write_bytes(db_file.read_bytes())
    bad_newer = backups / "injectclaim-2026-03-10.db"
    bad_newer.write_bytes(db_file.read_bytes())
    damage(bad_newer)
    damage(db_file)
    before = db_file.read_bytes()
    with pytest.raises(DatabaseDamaged) as refused:
        connect(db_file)
    assert refused.value.good_backup == good
    assert "is damaged" in str(refused.value) and str(good) in str(refused.value)
    assert db_file.read_bytes() == before                # nothing written into it
    assert not Path(f"{db_file}-wal").exists() or Path(f"{db_file}-wal").stat().st_size == 0


def test_a_file_that_is_not_a_database_is_refused_in_plain_words(tmp_path):
    path = tmp_path / "injectclaim.db"
    path.write_text("ISA*00*          *00*  (an 837P written over the database)\n" * 100)
    with pytest.raises(DatabaseDamaged, match="is damaged"):
        connect(path)


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db_file):
    newer = sqlite3.connect(str(db_file))
    newer.execute("PRAGMA user_version = 999")
    newer.execute("UPDATE meta SET value = '9.1.0' WHERE key = 'app_version'")
    newer.execute("UPDATE meta SET value = 'its own data' WHERE key = 'shipped_version'")
    newer.execute("UPDATE payers SET name = 'Medicare as 9.1 ships it' WHERE id = 'medicare'")
    newer.commit()
    newer.close()
    with pytest.raises(DatabaseTooNew, match=r"written by InjectClaim 9\.1\.0"):
        connect(db_file)
    check = sqlite3.connect(str(db_file))
    assert check.execute("SELECT name FROM payers WHERE id = 'medicare'").fetchone()[0] == "Medicare as 9.1 ships it"


def test_the_database_records_the_version_that_wrote_it(db_file):
    from app import __version__

    db = connect(db_file)
    assert db.execute("SELECT value FROM meta WHERE key = 'app_version'").fetchone()[0] == __version__
    assert db.execute("PRAGMA user_version").fetchone()[0] == store_db.schema_version()


def pretend_read_only(monkeypatch, target: Path):
    """Root may write any file, so the test says the file is not writable instead of chmod-ing it."""
    real = os.access
    monkeypatch.setattr(store_db.os, "access",
                        lambda path, how: False if Path(path) == target and how == os.W_OK else real(path, how))


def test_a_read_only_database_can_be_read_and_saving_says_why_not(db_file, monkeypatch):
    from app.check import Checker

    pretend_read_only(monkeypatch, db_file)
    db = connect(db_file)
    assert {p["id"] for p in list_payers(db)} >= {"medicare", "medicaid", "commercial"}
    assert Checker(db).check(clean_encounter(), today=TODAY).result.date_of_service == "2026-03-10"
    with pytest.raises(DatabaseReadOnly, match="the file is read-only"):
        Checker(db).save(clean_encounter())
    with pytest.raises(DatabaseReadOnly):
        set_settings(db, {"practice.name": "x"})


# ---------------------------------------------------------------- three copies start at once

STARTER = """
import sys, time
from pathlib import Path
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
from app.store.db import connect
db = connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM payers").fetchone()[0])
"""


@pytest.mark.slow
def test_three_copies_starting_at_once_on_a_new_database_wait_their_turn(tmp_path):
    """Like a slow first start (a busy computer seeding the new database): the file is held under a
    write lock for longer than SQLite's own wait, and all three copies still come up."""
    path, go = tmp_path / "new.db", tmp_path / "go"
    first = sqlite3.connect(str(path), isolation_level=None)
    first.execute("BEGIN IMMEDIATE")
    runs = [subprocess.Popen([sys.executable, "-c", STARTER, str(path), str(go)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(3)]
    go.touch()
    try:
        runs[0].wait(timeout=12)         # longer than the 10 s a copy used to wait before "database is locked"
    except subprocess.TimeoutExpired:
        pass
    first.execute("COMMIT")
    first.close()
    outputs = [run.communicate(timeout=240) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["3", "3", "3"]
    check = sqlite3.connect(str(path))
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM meta WHERE key = 'shipped_version'").fetchone()[0] == 1


# ---------------------------------------------------------------- bounds on the way in


def pack(**settings) -> dict:
    return {"format": "payer-rule-pack/1", "payer": {"id": "acme", "name": "Acme PPO"}, "settings": settings,
            "rules": []}


@pytest.mark.parametrize("timely", [{"days": 3_000_000}, {"years": 8000}, {"days": 0}, {"years": 10**40}])
def test_timely_filing_out_of_bounds_is_refused(timely):
    with pytest.raises(RulePackInvalid, match="settings.timely_filing"):
        parse_rule_pack(pack(timely_filing=timely))


def test_timely_filing_within_bounds_is_kept():
    assert parse_rule_pack(pack(timely_filing={"days": 365})).settings.timely_filing == {"days": 365}
    assert parse_rule_pack(pack(timely_filing={"years": 10})).settings.timely_filing == {"years": 10}


def test_a_min_interval_of_millions_of_days_is_refused():
    doc = pack()
    doc["rules"] = [{"kind": "min_interval", "code": "J1050", "days": 5_000_000, "source": "letter"}]
    with pytest.raises(RulePackInvalid, match=r"rules\[0\]\.days"):
        parse_rule_pack(doc)


@pytest.mark.parametrize("payer_id", [".", "..", "..."])
def test_payer_ids_of_dots_only_are_refused(payer_id):
    doc = pack()
    doc["payer"]["id"] = payer_id
    with pytest.raises(RulePackInvalid, match="payer.id"):
        parse_rule_pack(doc)


@pytest.mark.parametrize("value", ["2026-W10-2", "2026-069", "20260310", "+2026-03-10", "２０２６-03-10"])
def test_only_calendar_dates_are_dates(value):
    from app.core.validate import Reader

    reader = Reader()
    assert reader.date({"d": value}, "d", "") is None
    assert reader.problems and reader.problems[0].path == "d"


def test_settings_out_of_bounds_are_refused_and_nothing_changes(db):
    set_settings(db, {"practice.name": "Lovelace Family Medicine"})
    for bad in ({"practice.name": "x" * 5000}, {"cms1500.mode": "sideways"}, {"practice.name": 42},
                {"practice.name": "line\nbreak"}, {"no.such": "x"}):
        with pytest.raises(SettingsInvalid):
            set_settings(db, {"practice.phone": "555-0100", **bad})
    assert get_setting(db, "practice.name") == "Lovelace Family Medicine"
    assert get_setting(db, "practice.phone") == ""


# ---------------------------------------------------------------- one bad stored row


def test_one_unreadable_stored_rule_is_left_out_and_the_others_still_apply(db):
    from app.check import Checker

    db.execute("INSERT INTO rules (payer_id, kind, code, fields, effective_from, source, enabled, origin) "
               "VALUES ('medicare', 'prior_authorization', 'J3420', '{\"code\": \"J3420\"}', 'not a date', 'x', 1, "
               "'biller')")
    db.execute("INSERT INTO rules (payer_id, kind, code, fields, source, enabled, origin) VALUES "
               "('medicare', 'min_interval', 'J3420', '{\"code\": \"J3420\", \"days\": 3000000}', 'x', 1, 'biller')")
    payer = load_payer(db, "medicare", codes={"J3420", "96372"})
    assert payer.rules and all(r.effective_from != "not a date" for r in payer.rules)
    result = Checker(db).check(clean_encounter(), today=TODAY).result
    assert result.date_of_service == "2026-03-10"


def test_stored_payer_settings_out_of_bounds_give_way_to_defaults(db):
    from app.check import Checker

    settings = json.loads(db.execute("SELECT settings FROM payers WHERE id = 'medicare'").fetchone()[0])
    settings["timely_filing"] = {"days": 3_000_000}       # what an older version let in
    db.execute("UPDATE payers SET settings = ? WHERE id = 'medicare'", [json.dumps(settings)])
    assert load_payer(db, "medicare", codes=set()).settings.timely_filing == {"years": 1}
    assert Checker(db).check(clean_encounter(), today=TODAY).result.date_of_service == "2026-03-10"


def test_an_unreadable_stored_setting_gives_way_to_its_default(db):
    set_settings(db, {"practice.name": "Lovelace Family Medicine"})
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('cms1500.mode', '{broken')")
    values = all_settings(db)
    assert values["cms1500.mode"] == "blank" and values["practice.name"] == "Lovelace Family Medicine"


def test_importing_a_pack_with_out_of_bounds_values_changes_nothing(db):
    before = load_payer(db, "commercial").settings.timely_filing
    doc = pack(timely_filing={"years": 8000})
    doc["payer"]["id"] = "commercial"
    with pytest.raises(RulePackInvalid):
        import_pack(db, doc)
    assert load_payer(db, "commercial").settings.timely_filing == before


def test_one_saved_encounter_with_a_bad_date_never_blocks_the_patients_later_visits(db, caplog):
    from app.check import Checker

    checker = Checker(db)
    first_id, _ = checker.save(clean_encounter(date_of_service="2026-03-02"))
    db.execute("UPDATE encounters SET date_of_service = '2026-13-45' WHERE id = ?", [first_id])
    later = clean_encounter(date_of_service="2026-03-10")
    later["patient"] = {**later["patient"], "account_number": "A2"}
    assert checker.check(later, today=TODAY).result.date_of_service == "2026-03-10"
    saved_id, _ = checker.save(later)
    assert saved_id != first_id
    assert "unreadable date of service" in caplog.text


def test_a_database_a_newer_release_wrote_is_refused_even_without_a_schema_change(db_file):
    connect(db_file).conn.close()
    newer = sqlite3.connect(str(db_file))
    newer.execute("UPDATE meta SET value = '99.0.0' WHERE key = 'app_version'")
    newer.execute("UPDATE meta SET value = 'its own data' WHERE key = 'shipped_version'")
    newer.commit()
    newer.close()
    with pytest.raises(DatabaseTooNew, match=r"written by InjectClaim 99\.0\.0"):
        connect(db_file)
    check = sqlite3.connect(str(db_file))
    assert check.execute("SELECT value FROM meta WHERE key = 'shipped_version'").fetchone()[0] == "its own data"
