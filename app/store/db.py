"""The app's SQLite database: where it lives, its schema (as migrations), opening it.

Opening a database applies pending migrations and, when the shipped data changed (first run or
an app update), reloads the reference tables and the shipped payer rules, keeping the biller's
own edits. Every write happens in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from platformdirs import user_data_dir
from sqlite_utils.migrations import Migrations

APP_NAME = "InjectClaim"
DB_ENV = "INJECTCLAIM_DB"

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


def connect(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """The database at `path` (":memory:" for tests), migrated, with the shipped data loaded."""
    if str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
    else:
        target = resolve_db_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), timeout=10, isolation_level=None)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    if migrations.pending(db) or not is_seeded(db):
        _migrate_and_seed(db)
    return db


def is_seeded(db: sqlite_utils.Database) -> bool:
    from app.store.seed import shipped_version

    if not db["meta"].exists():
        return False
    row = db.execute("SELECT value FROM meta WHERE key = 'shipped_version'").fetchone()
    return bool(row) and row[0] == shipped_version()


def _migrate_and_seed(db: sqlite_utils.Database) -> None:
    """Under one write lock, so a second copy of the app opening the same new database waits its turn."""
    from app.store.seed import ensure_seeded

    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        ensure_seeded(db)
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
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
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
