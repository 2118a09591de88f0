"""Shared fixtures: a seeded database (built once per session, copied per test) and a clean
encounter that tests change one fact at a time."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support import TODAY  # noqa: E402


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory) -> Path:
    from app.store.db import connect
    from app.store.reference import ensure_icd

    path = tmp_path_factory.mktemp("db") / "seeded.db"
    db = connect(path)
    ensure_icd(db)
    db.conn.close()
    return path


@pytest.fixture
def db(seeded_db_file) -> sqlite_utils.Database:
    """A fresh in-memory copy of the seeded database."""
    source = sqlite3.connect(str(seeded_db_file))
    target = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(target)
    source.close()
    return sqlite_utils.Database(target)


@pytest.fixture
def db_file(seeded_db_file, tmp_path) -> Path:
    """A fresh on-disk copy of the seeded database, for commands that take --db."""
    path = tmp_path / "injectclaim.db"
    source, target = sqlite3.connect(str(seeded_db_file)), sqlite3.connect(str(path))
    source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture
def checker(db):
    from app.check import Checker

    return Checker(db)


@pytest.fixture
def check(checker):
    """check(doc) -> CheckResult, judged as of TODAY."""
    return lambda doc, **kw: checker.check(doc, today=TODAY, **kw).result
