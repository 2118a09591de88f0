"""Several files on one command line (spec/cli.md): each gets its own result or message, in order,
one bad file never stops the others, the exit status is the worst; output files never go over
the database, its backups or an input, and replace an existing file only with --overwrite."""

from __future__ import annotations

import json
import os
import stat

import pytest

from support import clean_encounter, run_cli as run, write_file as write


def good(tmp_path, name, account="A1") -> str:
    doc = clean_encounter(submitted_on="2026-03-12")
    doc["patient"]["account_number"] = account
    return write(tmp_path, name, doc)


UNUSABLE = {   # the file's text, what the message says, the JSON path it names
    "deep.json": ('{"a":' * 5000 + "1" + "}" * 5000, "is nested more than 64 levels deep", "a.a.a"),
    "surrogate.json": (json.dumps(clean_encounter()).replace("1EG4TE5MK73", "1EG\\ud800"),
                       "holds a broken character", "patient.member_id"),
    "long_number.json": (json.dumps(clean_encounter()).replace('"amount": 1000', '"amount": 1' + "0" * 5000),
                         "is a number 5,001 digits long", "injections[0].dose.amount"),
    "far_future.json": (json.dumps(clean_encounter(date_of_service="9999-12-31")),
                        "must be a date from 1900-01-01 to 2199-12-31", "date_of_service"),
    "week_date.json": (json.dumps(clean_encounter(date_of_service="2026-W10-2")),
                       "must be a date as YYYY-MM-DD", "date_of_service"),
}


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_hostile_files_get_a_message_naming_the_file_and_the_path(tmp_path, db_file, capsys, name):
    text, words, json_path = UNUSABLE[name]
    code, out, err = run(capsys, "check", write(tmp_path, name, text), "--db", db_file)
    assert code == 2
    assert f"{name}: cannot be used" in err and words in err and json_path in err
    assert "Error" not in err and "injectclaim:" not in err


def test_check_gives_every_file_its_result_in_order_and_the_worst_status(tmp_path, db_file, capsys):
    files = [good(tmp_path, "first.json"), write(tmp_path, "bad.json", UNUSABLE["deep.json"][0]),
             good(tmp_path, "second.json", "A2")]
    code, out, err = run(capsys, "check", *files, "--db", db_file)
    assert code == 2
    assert out.index("== " + files[0]) < out.index("== " + files[2])
    assert "bad.json: cannot be used" in err


def test_check_json_lists_the_usable_files(tmp_path, db_file, capsys):
    files = [good(tmp_path, "first.json"), write(tmp_path, "bad.json", "{"), good(tmp_path, "second.json", "A2")]
    code, out, err = run(capsys, "check", *files, "--json", "--db", db_file)
    assert code == 2 and len(json.loads(out)) == 2 and "bad.json: cannot be used" in err


def test_save_saves_every_good_file_around_a_bad_one(tmp_path, db_file, capsys):
    files = [good(tmp_path, "first.json"), write(tmp_path, "bad.json", UNUSABLE["long_number.json"][0]),
             good(tmp_path, "second.json", "A2")]
    code, out, err = run(capsys, "save", *files, "--db", db_file)
    assert code == 2
    assert "first.json: saved as encounter #1" in out and "second.json: saved as encounter #2" in out


def test_an_encounter_far_larger_than_a_visit_is_refused_saying_the_limit(tmp_path, db_file, capsys):
    doc = clean_encounter()
    doc["injections"] = doc["injections"] * 10_000
    code, out, err = run(capsys, "check", write(tmp_path, "huge.json", doc), "--db", db_file)
    assert code == 2 and "has 10,000 entries; at most 50 are accepted in one encounter" in err
    assert "[injections]" in err
    doc = clean_encounter(claim_lines=[{"code": "96372", "units": 1, "diagnosis_pointers": [1]}] * 10_000)
    code, out, err = run(capsys, "check", write(tmp_path, "lines.json", doc), "--db", db_file)
    assert code == 2 and "has 10,000 entries; at most 100 are accepted" in err and "[claim_lines]" in err


# ---------------------------------------------------------------- output files


def test_an_export_onto_the_database_is_refused_and_the_database_kept(tmp_path, db_file, capsys):
    before = db_file.read_bytes()
    code, out, err = run(capsys, "export-837", good(tmp_path, "e.json"), "-o", db_file, "--overwrite",
                         "--db", db_file)
    assert code == 2 and "is the InjectClaim database" in err
    assert db_file.read_bytes() == before


def test_an_export_into_the_backups_folder_is_refused(tmp_path, db_file, capsys):
    (db_file.parent / "backups").mkdir()
    code, out, err = run(capsys, "summary", good(tmp_path, "e.json"), "-o", db_file.parent / "backups" / "s.pdf",
                         "--db", db_file)
    assert code == 2 and "backups folder" in err
    assert list((db_file.parent / "backups").iterdir()) == []


def test_an_export_over_its_own_input_is_refused(tmp_path, db_file, capsys):
    encounter = good(tmp_path, "enc.json")
    before = open(encounter).read()
    code, out, err = run(capsys, "summary", encounter, "-o", encounter, "--overwrite", "--db", db_file)
    assert code == 2 and "is also an input of this command" in err
    assert open(encounter).read() == before


def test_replacing_a_file_needs_overwrite_and_keeps_its_mode(tmp_path, db_file, capsys):
    target = tmp_path / "summary.pdf"
    target.write_text("last week's summary")
    os.chmod(target, 0o640)
    code, out, err = run(capsys, "summary", good(tmp_path, "e.json"), "-o", target, "--db", db_file)
    assert code == 2 and "already exists; add --overwrite" in err
    assert target.read_text() == "last week's summary"
    code, out, err = run(capsys, "summary", good(tmp_path, "e.json"), "-o", target, "--overwrite", "--db", db_file)
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_rules_export_is_atomic_and_needs_overwrite(tmp_path, db_file, capsys):
    target = tmp_path / "medicare.json"
    target.write_text("my notes")
    code, out, err = run(capsys, "rules", "export", "medicare", "-o", target, "--db", db_file)
    assert code == 2 and "already exists" in err and target.read_text() == "my notes"
    code, out, err = run(capsys, "rules", "export", "medicare", "-o", target, "--overwrite", "--db", db_file)
    assert code == 0 and json.loads(target.read_text())["payer"]["id"] == "medicare"
    code, out, err = run(capsys, "rules", "export", "medicare", "-o", db_file, "--overwrite", "--db", db_file)
    assert code == 2 and "database" in err


def test_rules_import_of_hostile_json_names_the_path(tmp_path, db_file, capsys):
    pack = write(tmp_path, "pack.json", '{"format": "payer-rule-pack/1", "payer": ' + "[" * 3000 + "]" * 3000 + "}")
    code, out, err = run(capsys, "rules", "import", pack, "--db", db_file)
    assert code == 2 and "payer" in err and "nested more than" in err and "Nothing was changed" in err


# ---------------------------------------------------------------- the database itself


def test_a_damaged_database_is_exit_2_in_plain_words(tmp_path, capsys):
    path = tmp_path / "injectclaim.db"
    path.write_text("not a database at all, " * 500)
    code, out, err = run(capsys, "payers", "--db", path)
    assert code == 2 and "is damaged" in err and "Error" not in err


def test_saving_into_a_read_only_database_says_why_for_each_file(tmp_path, db_file, capsys, monkeypatch):
    from app.store import db as store_db

    real = os.access
    monkeypatch.setattr(store_db.os, "access",
                        lambda p, how: False if str(p) == str(db_file) and how == os.W_OK else real(p, how))
    code, out, err = run(capsys, "payers", "--db", db_file)
    assert code == 0 and "medicare" in out
    code, out, err = run(capsys, "save", good(tmp_path, "a.json"), good(tmp_path, "b.json", "A2"), "--db", db_file)
    assert code == 2
    assert err.count("not saved: Nothing can be saved: the database cannot be changed because the file is "
                     "read-only") == 2



def test_rules_export_on_a_full_disk_leaves_the_old_file_whole(tmp_path, db_file, capsys, monkeypatch):
    import errno

    from app import files

    real_fdopen = files.os.fdopen

    class FullDisk:
        """A file on a disk with 64 KB left: the first writes go through, then ENOSPC."""

        def __init__(self, stream):
            self.stream, self.left = stream, 64 * 1024

        def write(self, data):
            if len(data) > self.left:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.left -= len(data)
            return self.stream.write(data)

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    def fdopen(handle, mode="r", *args, **kwargs):       # only the atomic writer's binary stream fills up
        stream = real_fdopen(handle, mode, *args, **kwargs)
        return FullDisk(stream) if mode == "wb" else stream

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    target = tmp_path / "medicare.json"
    target.write_text("last month's pack, whole\n")
    code, out, err = run(capsys, "rules", "export", "medicare", "-o", target, "--overwrite", "--db", db_file)
    assert code == 2 and "No space left on device" in err and "Nothing was written" in err
    assert target.read_text() == "last month's pack, whole\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".json", ".tmp")] == ["medicare.json"]


def test_a_command_leaves_no_wal_behind(tmp_path, capsys):
    """Each command closes the database it opened: SQLite folds its -wal in and removes it."""
    import json

    from app.cli import main
    from support import clean_encounter

    encounter = tmp_path / "e.json"
    encounter.write_text(json.dumps(clean_encounter()))
    database = tmp_path / "w.db"
    for argv in (["save", str(encounter)], ["check", str(encounter)], ["summary", str(encounter), "-o",
                                                                        str(tmp_path / "s.pdf")]):
        main([*argv, "--db", str(database)])
        assert sorted(p.name for p in tmp_path.glob("w.db*")) == ["w.db"], argv
