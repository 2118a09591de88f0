"""A database protected with a passphrase (SQLCipher): knowing one when it is seen, opening it,
making new copies of it (backups) under the same key, and remembering the passphrase in the OS
keychain when the biller asks.

A plain SQLite file starts with "SQLite format 3"; a SQLCipher file starts with its 16-byte salt.
The key is SQLCipher 4's own (PBKDF2-HMAC-SHA512, 256,000 rounds, over that salt), derived here
once per passphrase and salt and handed to SQLCipher raw: every connection after the first opens
at once, and the sqlcipher command-line tool still opens the file with the passphrase itself.
A backup is keyed with the database's key and salt, so one derivation opens both.

Where a passphrase comes from, in order: typed in this run (`unlock`), `INJECTCLAIM_KEY`, the OS
keychain (`keyring`, only where the biller chose "remember on this computer").
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from app.store.db import DatabaseUnusable

log = logging.getLogger(__name__)
KEY_ENV = "INJECTCLAIM_KEY"
KEYCHAIN_SERVICE = "InjectClaim"
PLAIN_HEADER = b"SQLite format 3\x00"
SMALLEST_PAGE = 512                     # a database file is whole pages of 512 bytes or a power of 2 more
KDF_ROUNDS = 256_000                    # SQLCipher 4's default
SHORTEST_PASSPHRASE = 8

_keys: dict[tuple[str, bytes], bytes] = {}     # (passphrase, salt) -> SQLCipher key
_typed: list[str] = []                         # passphrases given in this run, newest first
_opened_with: dict[str, str] = {}              # database file -> the passphrase that opened it


class PassphraseNeeded(DatabaseUnusable):
    def __init__(self, path: Path):
        super().__init__(f"The database {path} is protected with a passphrase, and none was given. Set "
                         f"{KEY_ENV} to it, or open the app, type it and tick \"Remember on this computer\". "
                         "Nothing was changed.")


class WrongPassphrase(DatabaseUnusable):
    def __init__(self, path: Path):
        super().__init__(f"The passphrase given does not open the database {path}. Check it (capitals count) "
                         "and try again. Nothing was changed.")


class ProtectionUnavailable(DatabaseUnusable):
    def __init__(self):
        super().__init__("This copy of InjectClaim cannot use passphrase-protected databases (its SQLCipher "
                         "part, sqlcipher3-wheels, is missing). Nothing was changed.")


@functools.cache
def sqlcipher():
    """The SQLCipher build of SQLite (sqlcipher3-wheels), imported when a protected database is met."""
    try:
        import sqlcipher3
    except ImportError:                 # a platform without its wheel
        raise ProtectionUnavailable() from None
    quiet = sqlcipher3.connect(":memory:")     # SQLCipher writes every failed page check to stderr;
    quiet.execute("PRAGMA cipher_log_level = NONE")   # a wrong passphrase is said once, by us
    quiet.close()
    return sqlcipher3


def is_encrypted(path: str | os.PathLike) -> bool:
    """True when the file at `path` is a database protected with a passphrase: not plain SQLite, and
    whole pages (a text file written over a database is neither, and is called damaged instead)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(PLAIN_HEADER))
            size = os.fstat(stream.fileno()).st_size
    except OSError:
        return False
    return head != PLAIN_HEADER and size >= SMALLEST_PAGE and size % SMALLEST_PAGE == 0


def passphrase_problem(passphrase: str, again: str | None = None) -> str | None:
    """Why a new passphrase will not do, in plain words; None when it will."""
    if len(passphrase) < SHORTEST_PASSPHRASE:
        return f"The passphrase needs at least {SHORTEST_PASSPHRASE} characters."
    if again is not None and again != passphrase:
        return "The two passphrases differ; type the same one twice."
    return None


def sqlcipher_key(passphrase: str, salt: bytes) -> bytes:
    """The key SQLCipher derives from `passphrase` for a file with this salt (kept for this run)."""
    found = _keys.get((passphrase, salt))
    if found is None:
        found = _keys[(passphrase, salt)] = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt,
                                                                 KDF_ROUNDS, 32)
    return found


def salt_of(path: str | os.PathLike) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(16)


def key_statement(key: bytes, salt: bytes | None = None) -> str:
    """PRAGMA key with a raw key (and, for a new file, the salt it is to have)."""
    return f"PRAGMA key = \"x'{key.hex()}{salt.hex() if salt else ''}'\""


def unlock(passphrase: str) -> None:
    """Use `passphrase` for protected databases in this run (tried first)."""
    if passphrase in _typed:
        _typed.remove(passphrase)
    _typed.insert(0, passphrase)


def forget_typed() -> None:
    """Forget every passphrase given in this run (a new start; tests)."""
    _typed.clear()
    _opened_with.clear()


def opened_with(path: str | os.PathLike | None) -> str | None:
    """The passphrase that opened the database at `path` in this run; None for a plain database."""
    return _opened_with.get(_name(path)) if path is not None else None


def _name(path) -> str:
    return str(Path(path).resolve())


def database_of(path: Path) -> Path:
    """The database a backup belongs to (`backups/<its file name>/…`), or `path` itself."""
    path = Path(path)
    if path.parent.parent.name == "backups":
        return path.parent.parent.parent / path.parent.name
    return path


def _candidates(path: Path) -> Iterator[str]:
    yield from list(_typed)
    if os.environ.get(KEY_ENV):
        yield os.environ[KEY_ENV]
    for database in dict.fromkeys([_name(path), _name(database_of(path))]):
        found = remembered(database)
        if found:
            yield found


def _connect(target: Path, read_only: bool, timeout: float, uri_mode: str = "mode=ro"):
    sqlcipher3 = sqlcipher()
    if read_only:
        return sqlcipher3.connect(f"{target.resolve().as_uri()}?{uri_mode}", uri=True, timeout=timeout,
                                  isolation_level=None)
    return sqlcipher3.connect(str(target), timeout=timeout, isolation_level=None)


def open_encrypted(target: Path, read_only: bool = False, timeout: float = 30):
    """A sqlcipher3 connection to the protected database at `target`, with the first passphrase that
    opens it. PassphraseNeeded when there is none, WrongPassphrase when none opens it."""
    sqlcipher()
    salt, tried = salt_of(target), set()
    for passphrase in _candidates(target):           # lazily: the keychain only when nothing else opens it
        if passphrase in tried:
            continue
        tried.add(passphrase)
        conn = _open_keyed(target, read_only, timeout, sqlcipher_key(passphrase, salt))
        if conn is not None:
            _opened_with[_name(target)] = passphrase
            return conn
    raise WrongPassphrase(target) if tried else PassphraseNeeded(target)


def opens(target: Path, passphrase: str) -> bool:
    """Does `passphrase` open the protected database at `target`?"""
    sqlcipher()
    conn = _open_keyed(Path(target), True, 5, sqlcipher_key(passphrase, salt_of(target)))
    if conn is None:
        return False
    conn.close()
    return True


def _open_keyed(target: Path, read_only: bool, timeout: float, key: bytes):
    """The connection when `key` opens the file, else None."""
    for mode in ("mode=ro", "immutable=1") if read_only else ("",):
        conn = _connect(target, read_only, timeout, mode)
        try:
            conn.execute(key_statement(key))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlcipher().DatabaseError as error:
            conn.close()
            if "not a database" in str(error):
                return None
            if mode == "immutable=1" or not read_only:   # a WAL file in a folder we cannot write: try as it stands
                raise
    return None


def create_like(target: Path, database: Path, timeout: float = 30):
    """A new (empty) file at `target` keyed as the protected `database` is (same key, same salt)."""
    passphrase = opened_with(database)
    if passphrase is None:
        raise PassphraseNeeded(database)
    salt = salt_of(database)
    conn = sqlcipher().connect(str(target), timeout=timeout, isolation_level=None)
    conn.execute(key_statement(sqlcipher_key(passphrase, salt), salt))
    return conn


def refuse_mixed_restore(database: Path, backup: Path) -> None:
    """A plain backup is not put into a protected database, nor a protected one into a plain database."""
    if is_encrypted(database) and not is_encrypted(backup):
        raise DatabaseUnusable(f"The backup {backup.name} is not protected with a passphrase and the database is; "
                               "it was not restored. Nothing was changed.")
    if is_encrypted(backup) and not is_encrypted(database):
        raise DatabaseUnusable(f"The backup {backup.name} is protected with a passphrase and the database is not; "
                               "protect the database first (Practice ▸ Protect with a passphrase), then restore "
                               "it. Nothing was changed.")


# ---------------------------------------------------------------- the OS keychain


def remembered(database: str | os.PathLike) -> str | None:
    """The passphrase kept in the OS keychain for this database, if the biller chose to keep it."""
    try:
        import keyring

        return keyring.get_password(KEYCHAIN_SERVICE, _name(database))
    except Exception as error:      # no keychain on this computer, locked, or refused: as if not remembered
        log.info("keychain not read: %s", error)
        return None


def remember(database: str | os.PathLike, passphrase: str) -> str | None:
    """Keep the passphrase in the OS keychain; why it could not be kept, or None."""
    try:
        import keyring

        keyring.set_password(KEYCHAIN_SERVICE, _name(database), passphrase)
        return None
    except Exception as error:
        log.warning("keychain not written: %s", error)
        return f"The passphrase could not be kept in this computer's keychain ({error}); it will be asked at start."


def forget(database: str | os.PathLike) -> None:
    """Remove a remembered passphrase (nothing when there was none)."""
    try:
        import keyring

        keyring.delete_password(KEYCHAIN_SERVICE, _name(database))
    except Exception as error:
        log.info("keychain entry not removed: %s", error)
