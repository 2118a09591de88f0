"""Practice ▸ Protect with a passphrase and `injectclaim protect`: the database, its backups and the
draft beside it encrypted with the biller's passphrase.

The database is copied into a new encrypted file (SQLCipher's `sqlcipher_export`), the copy is
checked, and it replaces the plain file in one step (`os.replace`) while no other connection can
write; the plain file's -wal and -shm are gone first (the database is switched out of WAL, which
also proves no other copy of the app has it open). Each plain backup is converted the same way,
under the database's key, except a plain copy kept because the biller asked for one
(`before-protect`). The draft is sealed (app.store.sealed). Running it again on a protected
database finishes whatever a cut-short run left plain. The passphrase is never written anywhere
but the OS keychain, and only where the biller asks (app.store.crypto.remember).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from app.files import PRIVATE_FILE, replace_file
from app.store import crypto, sealed
from app.store.db import BUSY_SECONDS, DatabaseUnusable, schema_version

DRAFT_SUFFIX = ".unfinished-encounter.json"      # app/ui/draft.py writes it beside the database
KEPT_PLAIN_LABEL = "before-protect"


class NotProtected(DatabaseUnusable):
    """Protecting could not be done; the message says why. Nothing was changed."""


@dataclass
class Protected:
    """What `protect` did, to be said to the biller."""

    database: bool = False                               # the database was encrypted now (else: it was already)
    backups: list[Path] = field(default_factory=list)    # backups encrypted now
    plain_backup: Path | None = None                     # the plain copy kept because the biller asked
    draft: bool = False                                  # the draft was sealed now

    def words(self, db_path: Path) -> list[str]:
        said = [f"The database {db_path} is {'now' if self.database else 'already'} protected with the passphrase."]
        if self.backups:
            said.append(f"{len(self.backups)} backup{'s' if len(self.backups) != 1 else ''} of it encrypted too.")
        if self.draft:
            said.append("The unfinished encounter (draft) beside it is encrypted too.")
        if self.plain_backup:
            said.append(f"A plain (unprotected) copy was kept, as asked: {self.plain_backup}. Anyone who can read "
                        "that file can read the patients in it: move it somewhere safe or delete it.")
        return said


def protect(db_path: Path, passphrase: str, keep_plain_backup: bool = False) -> Protected:
    """Encrypt the database at `db_path`, its backups and its draft with `passphrase`."""
    db_path, done = Path(db_path), Protected()
    if not (os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)):
        raise NotProtected(f"The database {db_path} or its folder is read-only, so it cannot be replaced by its "
                           "protected copy. Nothing was changed.")
    if crypto.is_encrypted(db_path):
        if not crypto.opens(db_path, passphrase):
            raise crypto.WrongPassphrase(db_path)
    else:
        problem = crypto.passphrase_problem(passphrase)
        if problem:
            raise NotProtected(f"{problem} Nothing was changed.")
        if keep_plain_backup:
            done.plain_backup = _plain_backup(db_path)
        _encrypt_database(db_path, passphrase)
        done.database = True
    crypto.unlock(passphrase)
    crypto.open_encrypted(db_path, read_only=True).close()       # known as opened with it, for its backups
    done.backups = _encrypt_backups(db_path, passphrase, keep=done.plain_backup)
    done.draft = _seal_draft(db_path, passphrase)
    return done


def _plain_backup(db_path: Path) -> Path:
    from app.store import backup
    from app.store.db import as_database, open_connection

    source = open_connection(db_path, read_only=True)
    try:
        return backup.backup_now(as_database(source), db_path, label=KEPT_PLAIN_LABEL)
    finally:
        source.close()


def _encrypt_database(db_path: Path, passphrase: str) -> None:
    """Export under a write lock (no other copy of the app writes meanwhile), check the copy, and
    swap it in once every connection to the plain file is closed (Windows replaces no open file),
    unless the plain file changed since the export."""
    salt = os.urandom(16)
    key = crypto.sqlcipher_key(passphrase, salt)
    partial = db_path.with_name(f".{db_path.name}.protecting")
    source = crypto.sqlcipher().connect(str(db_path), timeout=BUSY_SECONDS, isolation_level=None)
    try:
        if source.execute("PRAGMA journal_mode=DELETE").fetchone()[0].lower() != "delete":
            raise NotProtected(f"The database {db_path} is in use by another copy of InjectClaim; close it and "
                               "try again. Nothing was changed.")
        exported = _export(source, partial, key, salt, schema_version(), db_path)
        _check_copy(partial, key, source)
        source.close()
        if _file_state(db_path) != exported:
            raise NotProtected(f"The database {db_path} changed while it was being protected; try again. "
                               "Nothing was changed.")
        _replace(partial, db_path)
    finally:
        source.close()
        partial.unlink(missing_ok=True)


def _file_state(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def _export(source, partial: Path, key: bytes, salt: bytes, user_version: int, plain: Path) -> tuple[int, int]:
    """Copy what `source` holds into a new encrypted file at `partial` (private from the start), in one
    write transaction on both; returns the plain file's size and time as they were during the copy."""
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    source.execute(f"ATTACH DATABASE ? AS protected KEY \"x'{key.hex()}{salt.hex()}'\"", [str(partial)])
    try:
        source.execute("BEGIN IMMEDIATE")
        try:
            source.execute("SELECT sqlcipher_export('protected')")
            source.execute(f"PRAGMA protected.user_version = {int(user_version)}")
            state = _file_state(plain)
            source.execute("COMMIT")
        except BaseException:
            source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE protected")
    return state


def _check_copy(partial: Path, key: bytes, source) -> None:
    """The encrypted copy opens with the key, passes the quick check and holds every table's rows."""
    copy = crypto.sqlcipher().connect(str(partial), isolation_level=None)
    try:
        copy.execute(crypto.key_statement(key))
        if copy.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise NotProtected("The encrypted copy did not pass SQLite's check. Nothing was changed.")
        tables = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                               "sql NOT LIKE 'CREATE VIRTUAL%'").fetchall()]
        for table in tables:
            count = f'SELECT count(*) FROM "{table}"'
            if copy.execute(count).fetchone() != source.execute(count).fetchone():
                raise NotProtected(f"The encrypted copy lacks rows of {table}. Nothing was changed.")
    finally:
        copy.close()


def _replace(partial: Path, target: Path) -> None:
    for end in ("-wal", "-shm", "-journal"):          # the plain file's own; never an encrypted one's
        Path(f"{target}{end}").unlink(missing_ok=True)
    os.replace(partial, target)
    if os.name == "posix":
        handle = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _encrypt_backups(db_path: Path, passphrase: str, keep: Path | None) -> list[Path]:
    """Each plain backup of the database encrypted under its key (the one kept plain on request left)."""
    from app.store.backup import backups

    salt = crypto.salt_of(db_path)
    key = crypto.sqlcipher_key(passphrase, salt)
    done = []
    for path in backups(db_path):
        if crypto.is_encrypted(path) or (keep is not None and path == keep):
            continue
        partial = path.with_name(f".{path.name}.protecting")
        source = crypto.sqlcipher().connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
        try:
            version = source.execute("PRAGMA user_version").fetchone()[0]
            _export(source, partial, key, salt, version, path)
            _check_copy(partial, key, source)
        finally:
            source.close()
        try:
            _replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        done.append(path)
    return done


def _seal_draft(db_path: Path, passphrase: str) -> bool:
    draft = db_path.with_name(db_path.stem + DRAFT_SUFFIX)
    try:
        content = draft.read_bytes()
    except OSError:
        return False
    if sealed.is_sealed(content):
        return False
    replace_file(draft, sealed.seal(content.decode("utf-8", errors="replace"), passphrase))
    return True
