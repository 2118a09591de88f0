"""The app's SQLite database: where it lives, its schema (as migrations), opening it.

Opening a database applies pending migrations and, when the shipped data changed (first run or
an app update), reloads the reference tables and the shipped payer rules, keeping the biller's
own edits. Every write happens in one transaction.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from platformdirs import user_data_dir
from sqlite_utils.migrations import Migrations

from app import __version__
from app.files import PRIVATE_FILE, PRIVATE_FOLDER, make_private

APP_NAME = "InjectClaim"
DB_ENV = "INJECTCLAIM_DB"
BUSY_SECONDS = 30          # how long a write waits for another copy of the app to finish its own
FIRST_START_SECONDS = 300  # how long a copy waits for another one that is creating and filling the database

migrations = Migrations("injectclaim")


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "injectclaim.db"


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """--db, else INJECTCLAIM_DB, else the per-user application data folder."""
    chosen = explicit or os.environ.get(DB_ENV) or default_db_path()
    return Path(chosen).expanduser()


@migrations()
def m001_reference(db: sqlite_utils.Database) -> None:
    db["codes"].create({"code": str, "description": str, "kind": str, "add_date": str, "term_date": str,
                        "unit_amount": str, "unit_measure": str, "unit_up_to": int, "noc": int,
                        "sad_marker": int, "cancer_kind": str, "vaccine_group": str, "replacement": str,
                        "catalog": str}, pk="code")
    db["ndc_crosswalk"].create({"ndc": str, "hcpcs": str, "drug_name": str, "labeler": str,
                                "hcpcs_dosage": str, "pkg_size": str, "pkg_qty": str, "bill_units": str,
                                "bill_units_pkg": str})
    db["ndc_crosswalk"].create_index(["ndc"])
    db["ndc_crosswalk"].create_index(["hcpcs"])
    db["places_of_service"].create({"code": str, "name": str, "facility": int}, pk="code")
    db["adjustment_codes"].create({"code": str, "type": str, "description": str, "end_date": str}, pk="code")
    db["fees"].create({"code": str, "fee_mills": int, "per": str, "basis": str, "origin": str}, pk="code")
    db["icd10cm"].create({"code": str, "display": str, "description": str, "billable": int, "parent": str},
                         pk="code")
    db["icd10cm"].create_index(["parent"])
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m002_payers(db: sqlite_utils.Database) -> None:
    db["payers"].create({"id": str, "name": str, "kind": str, "settings": str, "origin": str,
                         "settings_edited": int, "shipped_settings": str}, pk="id")
    db["rules"].create({"id": int, "payer_id": str, "kind": str, "code": str, "column1": str, "column2": str,
                        "fields": str, "effective_from": str, "effective_to": str, "source": str,
                        "severity": str, "note": str, "enabled": int, "origin": str, "shipped_key": str,
                        "edited": int, "shipped_json": str}, pk="id")
    for columns in (["payer_id", "code"], ["payer_id", "column1"], ["payer_id", "column2"],
                    ["payer_id", "shipped_key"]):
        db["rules"].create_index(columns)


@migrations()
def m003_history(db: sqlite_utils.Database) -> None:
    db["encounters"].create({"id": int, "saved_at": str, "payer": str, "member_key": str, "patient": str,
                             "date_of_service": str, "codes": str, "status": str, "errors": int,
                             "warnings": int, "infos": int, "fingerprint": str, "document": str,
                             "result": str, "sent_on": str}, pk="id")
    db["encounters"].create_index(["member_key"])
    db["encounters"].create_index(["fingerprint"])
    db["ndc_preferences"].create({"ndc": str, "single_dose_container": int, "updated_at": str}, pk="ndc")


class DatabaseUnusable(Exception):
    """The database cannot be used as asked; the message says why in the biller's words."""


class DatabaseDamaged(DatabaseUnusable):
    def __init__(self, path: Path, problems: list[str], good_backup: Path | None):
        self.path, self.problems, self.good_backup = path, problems, good_backup
        first = problems[0] if problems else "it cannot be read"
        offer = (f"The newest good backup is {good_backup}; restore it with Help ▸ Check database, or copy it "
                 "in place of the database while InjectClaim is closed." if good_backup else
                 "No good backup of it was found.")
        super().__init__(f"The database {path} is damaged ({first}). Nothing was written to it. {offer}")


class DatabaseTooNew(DatabaseUnusable):
    def __init__(self, path: Path, made_by: str):
        self.path, self.made_by = path, made_by
        super().__init__(f"The database {path} was written by InjectClaim {made_by}, newer than this copy "
                         f"({__version__}). Nothing was changed; open it with InjectClaim {made_by} or newer.")


class DatabaseReadOnly(DatabaseUnusable):
    """A write on a database opened read-only (its file or folder is not writable)."""


def as_database(conn: sqlite3.Connection | None = None) -> sqlite_utils.Database:
    """sqlite-utils over `conn` (a new in-memory database when None). sqlite-utils plugins are never
    run: the app uses none, and looking for them reads every installed package's entry points (about
    25 ms on each open) and would run whatever code such a package brings."""
    if conn is None:
        return sqlite_utils.Database(memory=True, execute_plugins=False)
    return sqlite_utils.Database(conn, execute_plugins=False)


def connect(path: str | os.PathLike | None = None, check_health: bool = True) -> sqlite_utils.Database:
    """The database at `path` (":memory:" for tests), migrated, with the shipped data loaded.
    Refuses (DatabaseUnusable) a damaged database or one from a newer version; opens read-only
    when the file or its folder cannot be written. With `check_health` False (the window, which
    checks on a thread once it is up) the quick check waits until the first write needs it."""
    if str(path) == ":memory:":
        db = as_database()
        db.execute("PRAGMA foreign_keys=ON")
        _migrate_and_seed(db)
        return db
    target = resolve_db_path(path)
    _prepare_folder(target.parent)
    read_only = _read_only_reason(target)
    try:
        conn = open_connection(target, read_only=read_only is not None)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as error:   # "file is not a database"
        raise DatabaseDamaged(target, [str(error)], newest_good_backup(target)) from None
    db = as_database(conn)
    db.health_target, db.health = target, None
    try:
        if check_health:
            ensure_healthy(db)
        _refuse_newer(db, target)
        if read_only is None:
            _when_free(lambda: db.execute("PRAGMA journal_mode=WAL"))
            db.execute("PRAGMA foreign_keys=ON")
            if migrations.pending(db) or not is_seeded(db):
                ensure_healthy(db)
                _when_free(lambda: _migrate_and_seed(db))
        elif migrations.pending(db) or not db["meta"].exists():
            raise DatabaseReadOnly(f"The database {target} needs updating for this version of InjectClaim, but "
                                   f"{read_only}. Nothing was changed.")
    except BaseException:
        conn.close()
        raise
    _make_files_private(target)
    db.read_only_reason = read_only
    return db


def open_connection(target: Path, read_only: bool = False, like: Path | None = None) -> sqlite3.Connection:
    """The one place a connection to a database file is opened. A database protected with a passphrase
    is opened with SQLCipher (app.store.crypto: PassphraseNeeded, WrongPassphrase); a new file is
    keyed as `like` is when `like` is protected (a backup of it). New files are created private (0600)
    before SQLite sees them."""
    from app.store import crypto

    if crypto.is_encrypted(target):
        return crypto.open_encrypted(target, read_only, BUSY_SECONDS)
    if like is not None and crypto.is_encrypted(like) and not read_only and not _has_pages(target):
        os.close(os.open(target, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
        return crypto.create_like(target, like, BUSY_SECONDS)
    if read_only:
        try:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS,
                                   isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:  # a WAL database in a folder we cannot write: read it as it stands
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None)
        return conn
    if not target.exists():
        os.close(os.open(target, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    return sqlite3.connect(str(target), timeout=BUSY_SECONDS, isolation_level=None)


def _has_pages(target: Path) -> bool:
    return target.exists() and target.stat().st_size > 0


def sql_errors(kind: str = "Error") -> tuple[type[Exception], ...]:
    """sqlite3's error of this kind ("Error", "DatabaseError", "OperationalError") and, once a protected
    database is in use, SQLCipher's (which is not a subclass of it), for `except sql_errors(...)`."""
    import sys

    cipher = sys.modules.get("sqlcipher3")
    return (getattr(sqlite3, kind),) + ((getattr(cipher, kind),) if cipher else ())


def is_read_only(db: sqlite_utils.Database) -> str | None:
    """Why `db` cannot be written (its file or folder is read-only), or None when it can."""
    return getattr(db, "read_only_reason", None)


def _read_only_reason(target: Path) -> str | None:
    if target.exists() and not os.access(target, os.W_OK):
        return "the file is read-only"
    if not os.access(target.parent, os.W_OK):
        return "its folder is read-only"
    return None


def _prepare_folder(folder: Path) -> None:
    """Create the data folder private (0700); the app's own default folder is tightened if looser."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=PRIVATE_FOLDER, exist_ok=True)
        make_private(folder)
    elif folder == default_db_path().parent:
        make_private(folder)


def _make_files_private(target: Path) -> None:
    """The database, its -wal/-shm, its draft and its backups hold patient data: 0600 (0700 folders)."""
    own = [Path(f"{target}{end}") for end in ("", "-wal", "-shm", "-journal")]
    own.append(target.with_name(target.stem + ".unfinished-encounter.json"))
    for path in own:
        if path.exists():
            make_private(path)
    backups = target.parent / "backups"
    if backups.is_dir():
        make_private(backups)
        for path in backups.rglob("*"):
            make_private(path)
    if target.parent == default_db_path().parent:
        for path in target.parent.iterdir():
            make_private(path)


HEALTHY = "ok"


def ensure_healthy(db: sqlite_utils.Database) -> None:
    """Never write into a damaged database: the quick check once per connection (unless a thread
    already ran it: `db.health`), DatabaseDamaged when it failed."""
    health = getattr(db, "health", HEALTHY)
    if isinstance(health, DatabaseDamaged):
        raise health
    if health is None:
        _check_health(db, db.health_target)
        db.health = HEALTHY


def health_of(target: Path) -> DatabaseDamaged | None:
    """The quick check of the database at `target` on a connection of its own (for a thread)."""
    conn = open_connection(target, read_only=True)
    try:
        _check_health(as_database(conn), target)
    except DatabaseDamaged as damaged:
        return damaged
    finally:
        conn.close()
    return None


def _check_health(db: sqlite_utils.Database, target: Path) -> None:
    """PRAGMA quick_check; on damage, DatabaseDamaged naming the newest backup that passes it."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
    except sql_errors("DatabaseError") as error:
        if "locked" in str(error) or "busy" in str(error):
            raise
        rows = [str(error)]
    if rows != ["ok"]:
        raise DatabaseDamaged(target, rows, newest_good_backup(target))


def newest_good_backup(target: Path) -> Path | None:
    """The newest backup of the database at `target` that passes SQLite's quick check."""
    from app.store.backup import backups

    for candidate in backups(target):
        try:
            copy = open_connection(candidate, read_only=True)
            try:
                if copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]:
                    return candidate
            finally:
                copy.close()
        except (*sql_errors("DatabaseError"), DatabaseUnusable):     # damaged, or another passphrase
            continue
    return None


def replace_damaged(target: Path, good_backup: Path) -> Path:
    """Put `good_backup` in place of the damaged database at `target`. The damaged file (and its
    -wal/-shm) is kept beside it, renamed, never written to; returns its new name."""
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.damaged-{stamp}")
    for end in ("-wal", "-shm", "-journal"):
        sidecar = Path(f"{target}{end}")
        if sidecar.exists():
            sidecar.replace(Path(f"{kept}{end}"))
    target.replace(kept)
    from app.store import activity

    source = open_connection(good_backup, read_only=True)
    copy = open_connection(target, like=good_backup)           # a protected backup stays protected
    try:
        source.backup(copy)
        activity.record(copy, "restore", f"Restored the backup {good_backup.name} in place of the damaged "
                                         f"database (kept as {kept.name})")
    finally:
        source.close()
        copy.close()
    return kept


def _refuse_newer(db: sqlite_utils.Database, target: Path) -> None:
    """A database a newer version wrote (a schema this copy does not know) is never touched."""
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    schema = db.execute("PRAGMA user_version").fetchone()[0]
    made_by = _meta(db, "app_version")
    if schema > schema_version() or applied - known or _version(made_by) > _version(__version__):
        raise DatabaseTooNew(target, made_by or "a newer version")


def _version(text: str | None) -> tuple[int, ...]:
    """"1.2.10" -> (1, 2, 10); () when there is none (an old database that never said)."""
    return tuple(int(part) for part in re.findall(r"\d+", text or "")[:3])


def _meta(db: sqlite_utils.Database, key: str) -> str | None:
    if not db["meta"].exists():
        return None
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _when_free(step):
    """Run `step`, waiting out another copy of the app that holds the database (first start of
    several copies at once, on a slow computer): SQLite's busy timeout does not cover every lock a
    first start takes, nor a seeding that outlasts it."""
    deadline = time.monotonic() + FIRST_START_SECONDS
    while True:
        try:
            return step()
        except sql_errors("OperationalError") as error:
            if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def schema_version() -> int:
    """The PRAGMA user_version of a database this copy wrote: how many migrations it knows."""
    return len(migrations._migrations)


def is_seeded(db: sqlite_utils.Database) -> bool:
    from app.store.seed import shipped_version

    return _meta(db, "shipped_version") == shipped_version()


def _migrate_and_seed(db: sqlite_utils.Database) -> None:
    """Under one write lock, so a second copy of the app opening the same new database waits its
    turn (and finds the work done); records the schema and the app version that wrote it."""
    from app.store.seed import ensure_seeded

    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        ensure_seeded(db)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', ?)", [__version__])
        db.execute(f"PRAGMA user_version = {schema_version()}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@migrations()
def m004_settings(db: sqlite_utils.Database) -> None:
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["control_numbers"].create({"name": str, "value": int}, pk="name")


@migrations()
def m005_rule_pair_index(db: sqlite_utils.Database) -> None:
    """Bundled pairs are looked up by both codes at once; one index on both makes a check fast."""
    db.execute("DROP INDEX IF EXISTS idx_rules_payer_id_column1")
    db.execute("DROP INDEX IF EXISTS idx_rules_payer_id_column2")
    db["rules"].create_index(["payer_id", "column1", "column2"])


@migrations()
def m006_history_search(db: sqlite_utils.Database) -> None:
    """What the history list searches and shows: member id, finding codes; deletion that can be undone."""
    db["encounters"].add_column("member_id", str)
    db["encounters"].add_column("findings", str)
    db["encounters"].add_column("deleted_at", str)
    db["encounters"].create_index(["date_of_service"])


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, its lock taken at once (BEGIN IMMEDIATE): a second copy of the app on
    the same database then waits its turn instead of failing half way. Nested: a savepoint."""
    if is_read_only(db):
        raise DatabaseReadOnly(f"Nothing can be saved: the database cannot be changed because "
                               f"{is_read_only(db)}. Checks still work; to save, copy the database to a "
                               "folder you can write and open that one.")
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    ensure_healthy(db)
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@migrations()
def m007_history_list_index(db: sqlite_utils.Database) -> None:
    """The history list reads only these columns: one index holds them all, so listing 10,000
    saved encounters never reads through their documents."""
    db["encounters"].create_index(["deleted_at", "date_of_service", "id", "saved_at", "patient", "member_id",
                                   "payer", "codes", "status", "errors", "warnings", "infos", "findings",
                                   "sent_on"], index_name="idx_encounters_history_list")


@migrations()
def m008_search_index(db: sqlite_utils.Database) -> None:
    """Search as you type from the database (app.store.search_index): ICD-10-CM's inclusion terms,
    brand and common drug names, and two FTS5 indexes with prefix indexes (rowid = the order
    results are listed in: icd10cm's own row numbers; `drug_order` says which drug each one is)."""
    db["icd10cm"].add_column("terms", str)
    db["drug_names"].create({"name": str, "hcpcs": str, "usual_route": str, "origin": str}, pk=("name", "hcpcs"))
    db["drug_names"].create_index(["hcpcs"])
    db["drug_order"].create({"n": int, "hcpcs": str, "ndc": str}, pk="n")
    for table in ("icd_find", "drug_find"):
        db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(words, content='', columnsize=0, detail='none', "
                   "prefix='1 2 3')")
    for kind in ("icd", "drug"):     # each index's words, so a word being typed becomes the few it can be
        db.execute(f"CREATE VIRTUAL TABLE {kind}_vocab USING fts5vocab({kind}_find, 'row')")
        db.execute(f"CREATE TABLE {kind}_words (word TEXT PRIMARY KEY, docs INTEGER) WITHOUT ROWID")


@migrations()
def m009_history_find(db: sqlite_utils.Database) -> None:
    """The history's Find box: `find_text`, one lowercase line of what a saved encounter is found by
    (patient, member id, codes, findings, payer, the date of service as YYYY-MM-DD and MM/DD/YYYY),
    computed by SQLite from the row (so every way of writing a row keeps it right), and an FTS5
    trigram index over it (`encounters_find`, kept in step by triggers): a word of three letters
    or more is found anywhere in it without reading every saved encounter."""
    db.execute("ALTER TABLE encounters ADD COLUMN find_text TEXT GENERATED ALWAYS AS (lower("
               "coalesce(patient, '') || ' ' || coalesce(member_id, '') || ' ' || coalesce(codes, '') || ' ' || "
               "coalesce(findings, '') || ' ' || coalesce(payer, '') || ' ' || coalesce(date_of_service, '') || ' ' || "
               "substr(date_of_service, 6, 2) || '/' || substr(date_of_service, 9, 2) || '/' || "
               "substr(date_of_service, 1, 4))) VIRTUAL")
    db.execute("CREATE VIRTUAL TABLE encounters_find USING fts5(find_text, content='encounters', "
               "content_rowid='id', tokenize='trigram')")
    old, new = ("INSERT INTO encounters_find (encounters_find, rowid, find_text) VALUES ('delete', old.id, "
                "old.find_text);", "INSERT INTO encounters_find (rowid, find_text) VALUES (new.id, new.find_text);")
    db.execute(f"CREATE TRIGGER encounters_find_insert AFTER INSERT ON encounters BEGIN {new} END")
    db.execute(f"CREATE TRIGGER encounters_find_delete AFTER DELETE ON encounters BEGIN {old} END")
    db.execute("CREATE TRIGGER encounters_find_update AFTER UPDATE OF patient, member_id, codes, findings, payer, "
               f"date_of_service ON encounters BEGIN {old} {new} END")
    db.execute("INSERT INTO encounters_find (encounters_find) VALUES ('rebuild')")


@migrations()
def m010_activity_log(db: sqlite_utils.Database) -> None:
    """The activity log (app.store.activity): rule edits, saves, deletions, exports, restores."""
    db["activity"].create({"id": int, "at": str, "kind": str, "what": str, "encounter_id": int}, pk="id")


@migrations()
def m011_history_list_find_text(db: sqlite_utils.Database) -> None:
    """The history list's index also holds `find_text`, so a word of one or two letters (which the
    trigram index cannot find) is looked for in the index alone, never through the documents."""
    db.execute("DROP INDEX IF EXISTS idx_encounters_history_list")
    db.execute("CREATE INDEX idx_encounters_history_list ON encounters (deleted_at, date_of_service, id, saved_at, "
               "patient, member_id, payer, codes, status, errors, warnings, infos, findings, sent_on, find_text)")


@migrations()
def m012_code_short_description(db: sqlite_utils.Database) -> None:
    """HCPCS codes keep CMS's short descriptor: the few words a claim line shows beside its code."""
    if "short_description" not in db["codes"].columns_dict:
        db["codes"].add_column("short_description", str)
