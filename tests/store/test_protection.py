"""Encryption at rest (issue 11, item 14): `protect` encrypts the database, its WAL, its backups and
the draft; a wrong or missing passphrase changes nothing; the command line reads INJECTCLAIM_KEY and
the keychain; new backups of a protected database are protected."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from memory_keyring import keychain  # noqa: F401  (a fixture)

from app.check import Checker
from app.cli import main
from app.store import activity, backup, crypto
from app.store.db import connect
from app.store.encounters import HistoryFilter, list_encounters
from app.store.protection import protect
from app.ui.draft import Draft
from support import SHARED, clean_encounter

PASSPHRASE = "correct horse battery"
SECRETS = (b"1EG4TE5MK73", b"1eg4te5mk73", b"Byron", b"byron")     # a member id and a last name (as indexed)


def files_holding_secrets(folder: Path) -> list[str]:
    return [f"{p.name}: {s.decode()}" for p in sorted(folder.rglob("*")) if p.is_file()
            for s in SECRETS if s in p.read_bytes()]


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".log"}


@pytest.fixture
def practice(db_file, keychain):  # noqa: F811
    """A database with a saved encounter, a daily backup, an older (legacy-place) backup and a draft."""
    db = connect(db_file)
    Checker(db).save(clean_encounter())
    backup.backup_now(db, db_file, date(2026, 3, 9))
    legacy = db_file.parent / "backups" / f"{db_file.stem}-2026-03-01.db"
    shutil.copy(backup.backups(db_file)[0], legacy)
    Draft(db_file).save(clean_encounter())
    db.conn.close()
    assert files_holding_secrets(db_file.parent)          # the test can fail: they are there in plain text
    return db_file


def test_after_protect_no_file_holds_a_member_id_or_a_last_name(practice):
    done = protect(practice, PASSPHRASE)
    assert done.database and len(done.backups) == 2 and done.draft and done.plain_backup is None
    db = connect(practice)                                 # the passphrase is known in this run
    Checker(db).save(clean_encounter(date_of_service="2026-03-11"))   # a write left in the WAL
    made = backup.backup_now(db, practice, date(2026, 3, 12))
    Draft(practice).save(clean_encounter())
    assert Path(f"{practice}-wal").stat().st_size > 0
    assert files_holding_secrets(practice.parent) == []
    assert crypto.is_encrypted(made) and backup.read_backup(made).encounters == 2
    assert Draft(practice).read()["document"]["patient"]["last_name"] == "Byron"
    db.conn.close()


def test_the_history_find_index_works_on_a_protected_database(practice):
    protect(practice, PASSPHRASE)
    rows = list_encounters(connect(practice), HistoryFilter(text="byr"))
    assert [r["patient"] for r in rows] == ["Byron, Ada"]


def test_a_wrong_passphrase_says_so_and_changes_nothing(practice):
    protect(practice, PASSPHRASE)
    crypto.forget_typed()
    before = fingerprint(practice.parent)
    with pytest.raises(crypto.WrongPassphrase, match="does not open"):
        protect(practice, "another passphrase")
    crypto.unlock("another passphrase")
    with pytest.raises(crypto.WrongPassphrase):
        connect(practice)
    assert fingerprint(practice.parent) == before


def test_a_short_passphrase_is_refused_before_anything_changes(practice):
    before = fingerprint(practice.parent)
    with pytest.raises(crypto.DatabaseUnusable, match="at least 8 characters"):
        protect(practice, "short")
    assert fingerprint(practice.parent) == before


def test_a_plain_backup_is_kept_only_when_asked(practice):
    done = protect(practice, PASSPHRASE, keep_plain_backup=True)
    assert done.plain_backup and "before-protect" in done.plain_backup.name
    assert not crypto.is_encrypted(done.plain_backup)
    assert [p for p in backup.backups(practice) if not crypto.is_encrypted(p)] == [done.plain_backup]
    assert "move it somewhere safe or delete it" in " ".join(done.words(practice))


def test_a_plain_backup_is_not_restored_into_a_protected_database(practice):
    done = protect(practice, PASSPHRASE, keep_plain_backup=True)
    with pytest.raises(crypto.DatabaseUnusable, match="not protected with a passphrase and the database is"):
        backup.restore(practice, done.plain_backup)
    restored_from = next(p for p in backup.backups(practice) if crypto.is_encrypted(p))
    backup.restore(practice, restored_from)
    assert activity.recent(connect(practice))[0].kind == "restore"


def test_the_command_line_reads_injectclaim_key(practice, tmp_path, monkeypatch, capsys):
    encounter = tmp_path / "e.json"
    encounter.write_text(json.dumps(clean_encounter()))
    monkeypatch.setenv(crypto.KEY_ENV, PASSPHRASE)
    assert main(["protect", "--db", str(practice)]) == 0
    assert "now protected" in capsys.readouterr().out
    crypto.forget_typed()                                  # a new run: only the environment knows it
    assert main(["check", str(encounter), "--db", str(practice)]) in (0, 1)      # checked (2: not opened)
    monkeypatch.delenv(crypto.KEY_ENV)
    crypto.forget_typed()
    before = fingerprint(practice.parent)
    assert main(["check", str(encounter), "--db", str(practice)]) == 2
    assert "protected with a passphrase, and none was given. Set INJECTCLAIM_KEY" in capsys.readouterr().err
    monkeypatch.setenv(crypto.KEY_ENV, "not the passphrase")
    assert main(["save", str(encounter), "--db", str(practice)]) == 2
    assert "does not open the database" in capsys.readouterr().err
    assert main(["protect", "--db", str(practice)]) == 2
    assert fingerprint(practice.parent) == before


def test_a_remembered_passphrase_comes_from_the_keychain(practice, keychain, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv(crypto.KEY_ENV, PASSPHRASE)
    assert main(["protect", "--remember", "--db", str(practice)]) == 0
    assert list(keychain.saved.values()) == [PASSPHRASE]
    monkeypatch.delenv(crypto.KEY_ENV)
    crypto.forget_typed()
    assert main(["payers", "--db", str(practice)]) == 0
    crypto.forget(practice)
    crypto.forget_typed()
    assert main(["payers", "--db", str(practice)]) == 2


def test_protect_is_logged_in_the_activity(practice, monkeypatch):
    monkeypatch.setenv(crypto.KEY_ENV, PASSPHRASE)
    assert main(["protect", "--db", str(practice)]) == 0
    newest = activity.recent(connect(practice))[0]
    assert newest.kind == "protect" and "now protected" in newest.what


RUNNER = SHARED / "tools" / "run_scenarios.py"
WRAPPER = """#!/bin/sh
# the scenarios' database protected before its first use
db=""; prev=""
for a in "$@"; do [ "$prev" = "--db" ] && db="$a"; prev="$a"; done
[ -e "$db" ] || "{cli}" protect --db "$db" >/dev/null || exit 9
exec "{cli}" "$@"
"""


@pytest.mark.slow
@pytest.mark.skipif(not RUNNER.exists(), reason="../shared is not beside the project")
@pytest.mark.skipif(os.name != "posix", reason="the wrapper is a shell script")
def test_the_shared_scenarios_pass_on_a_protected_database(tmp_path, monkeypatch):
    import subprocess
    import sys

    cli = Path(sys.executable).parent / "injectclaim"
    if not cli.exists():
        pytest.skip("injectclaim is not installed")
    wrapper = tmp_path / "injectclaim-protected"
    wrapper.write_text(WRAPPER.format(cli=cli))
    wrapper.chmod(0o755)
    monkeypatch.setenv(crypto.KEY_ENV, PASSPHRASE)
    done = subprocess.run([sys.executable, str(RUNNER), str(wrapper), str(SHARED / "scenarios")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "scenarios pass" in done.stdout


def test_a_damaged_protected_database_is_replaced_by_its_protected_backup(practice):
    from app.store.db import DatabaseDamaged, replace_damaged

    protect(practice, PASSPHRASE)
    with open(practice, "r+b") as damaged:                 # a page in the middle overwritten
        damaged.seek(40 * 4096)
        damaged.write(b"\0" * 4096)
    with pytest.raises(DatabaseDamaged) as refused:
        connect(practice)
    assert refused.value.good_backup is not None
    replace_damaged(practice, refused.value.good_backup)
    assert crypto.is_encrypted(practice)
    assert activity.recent(connect(practice))[0].kind == "restore"


def test_a_read_only_database_is_not_protected_and_says_why(practice, monkeypatch):
    import app.store.protection as protection

    before = fingerprint(practice.parent)
    monkeypatch.setattr(protection.os, "access", lambda path, how: Path(path) != practice)  # root may write anything
    with pytest.raises(crypto.DatabaseUnusable, match="read-only"):
        protect(practice, PASSPHRASE)
    assert fingerprint(practice.parent) == before


def test_the_keychain_is_not_read_when_injectclaim_key_opens_the_database(practice, keychain, monkeypatch):  # noqa: F811
    protect(practice, PASSPHRASE)
    crypto.forget_typed()
    monkeypatch.setenv(crypto.KEY_ENV, PASSPHRASE)
    read = []
    monkeypatch.setattr(crypto, "remembered", lambda database: read.append(database))
    connect(practice).conn.close()
    assert read == []
