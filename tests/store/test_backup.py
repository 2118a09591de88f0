"""Backups tied to their database: two databases in one folder keep, rotate and list only their
own; a backup says inside itself which practice and when; a before-restore backup does not
stop the day's backup; a copy that fails or is stopped half way leaves no partial file."""

from __future__ import annotations

import errno
import shutil
from datetime import date

import pytest

from app.store import backup
from app.store.db import connect
from app.store.settings import set_settings


@pytest.fixture
def two_practices(db_file):
    """clinic.db and clinic-east.db side by side, each with its own practice name."""
    folder = db_file.parent
    shutil.copy(db_file, folder / "clinic.db")
    shutil.copy(db_file, folder / "clinic-east.db")
    opened = {name: connect(folder / f"{name}.db") for name in ("clinic", "clinic-east")}
    set_settings(opened["clinic"], {"practice.name": "Lovelace Family Medicine"})
    set_settings(opened["clinic-east"], {"practice.name": "East Side Injections"})
    yield {name: (db, folder / f"{name}.db") for name, db in opened.items()}
    for db in opened.values():
        db.conn.close()


def test_two_databases_in_one_folder_keep_their_own_backups(two_practices):
    for day in range(1, 10):
        for db, path in two_practices.values():
            backup.daily_backup(db, path, date(2026, 3, day))
    for name, (db, path) in two_practices.items():
        kept = backup.backups(path)
        assert len(kept) == 7 and kept[0].name == f"{name}-2026-03-09.db", name
        assert {backup.read_backup(p).practice for p in kept} == \
            {"Lovelace Family Medicine" if name == "clinic" else "East Side Injections"}


def test_older_flat_backups_are_matched_exactly(two_practices):
    db, path = two_practices["clinic"]
    flat = path.parent / "backups"
    flat.mkdir(exist_ok=True)
    for name in ("clinic-2026-03-01.db", "clinic-east-2026-03-02.db", "clinic-2026-03-01-before-restore-101010.db"):
        (flat / name).write_bytes(path.read_bytes())
    assert [p.name for p in backup.backups(path)] == ["clinic-2026-03-01.db",
                                                      "clinic-2026-03-01-before-restore-101010.db"]
    assert [p.name for p in backup.backups(two_practices["clinic-east"][1])] == ["clinic-east-2026-03-02.db"]


def test_a_backup_says_which_practice_and_when_from_inside(two_practices, tmp_path):
    db, path = two_practices["clinic-east"]
    made = backup.backup_now(db, path, date(2026, 3, 9))
    renamed = tmp_path / "clinic-2026-03-09.db"            # a name says nothing: the inside does
    shutil.copy(made, renamed)
    info = backup.read_backup(renamed)
    assert info.practice == "East Side Injections" and info.problem is None
    assert info.made_at is not None and info.made_at.date() >= date(2026, 3, 9)
    assert info.when()[:2].isdigit() and " at " in info.when()
    (tmp_path / "not-a-backup.db").write_text("hello")
    assert backup.read_backup(tmp_path / "not-a-backup.db").problem


def test_a_before_restore_backup_does_not_stop_the_daily_backup(two_practices):
    db, path = two_practices["clinic"]
    first = backup.backup_now(db, path, date(2026, 3, 8))
    db.conn.close()
    before = backup.restore(path, first)
    assert "before-restore" in before.name and before.name.startswith(f"clinic-{date.today().isoformat()}")
    reopened = connect(path)
    try:
        made = backup.daily_backup(reopened, path)
        assert made is not None and made.name == f"clinic-{date.today().isoformat()}.db"
        assert backup.daily_backup(reopened, path) is None
        assert "backup.made_at" not in {k for (k,) in reopened.execute("SELECT key FROM meta")}
    finally:
        reopened.conn.close()


def test_a_copy_failing_half_way_leaves_no_partial_file(two_practices):
    db, path = two_practices["clinic"]

    def disk_full(percent):
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError):
        backup.backup_now(db, path, date(2026, 3, 9), progress=disk_full)
    with pytest.raises(backup.BackupStopped):
        backup.backup_now(db, path, date(2026, 3, 9), stop=lambda: True)
    assert list(backup.backup_dir(path).iterdir()) == []


def test_a_backups_folder_that_cannot_be_made_is_an_error_not_a_partial(two_practices):
    db, path = two_practices["clinic"]
    (path.parent / "backups").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        backup.daily_backup(db, path, date(2026, 3, 9))
    assert not list(path.parent.glob("**/*.partial*"))
