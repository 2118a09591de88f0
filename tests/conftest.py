"""Shared fixtures: a seeded database (built once per session, copied per test) and a clean
encounter that tests change one fact at a time.

The suite tests the installed package (.ci/run installs it, not editable, into a fresh venv):
tests/ is on the path, the checkout is not, and every Python a test starts leaves its working
folder off the path too (PYTHONSAFEPATH), so `python -c`/`-m app` run from the checkout import
the installed `app` as well. tests/test_wheel.py fails under CI when `app` is the checkout's.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHONSAFEPATH"] = "1"

# no timing in tests: Hypothesis' default 200 ms deadline per example is one (speed: benchmarks/)
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

from support import ROOT, TODAY  # noqa: E402


def pytest_report_header(config):
    import app

    where = Path(app.__file__).resolve().parent
    return f"app under test: {where} ({'the checkout' if where == ROOT / 'app' else 'installed'})"


@pytest.fixture(scope="session", autouse=True)
def log_folder(tmp_path_factory):
    """The app's log (app/logs.py) goes to a temporary folder, never the developer's own; the
    programs the tests start inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("logs")
        patch.setenv("INJECTCLAIM_LOG_DIR", str(folder))
        yield folder


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
