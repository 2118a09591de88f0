"""Shared fixtures: a seeded database (built once per session, copied per test) and a clean
encounter that tests change one fact at a time."""

from __future__ import annotations

import copy
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 3, 12)

CLEAN = {
    "format": "injection-encounter/1",
    "payer": "medicare",
    "date_of_service": "2026-03-10",
    "place_of_service": "11",
    "submitted_on": "2026-03-12",
    "patient": {"first_name": "Ada", "last_name": "Byron", "date_of_birth": "1951-04-02", "sex": "F",
                "member_id": "1EG4TE5MK73", "account_number": "A1001"},
    "rendering_provider": {"first_name": "Grace", "last_name": "Hopper", "npi": "1234567893", "credential": "MD"},
    "supervision": "in_person",
    "administered_by": "MA",
    "diagnoses": ["D51.0"],
    "visit": {"code": "99213", "separately_identifiable": True},
    "procedures": [],
    "injections": [{
        "drug": {"hcpcs": "J3420", "name": "cyanocobalamin", "ndc": "0143-9621-25", "ndc_quantity": 1,
                 "ndc_unit": "ML", "single_dose_container": False},
        "dose": {"amount": 1000, "unit": "mcg"}, "route": "IM", "site": "left deltoid",
        "diagnosis_pointers": [1]}],
    "documentation": {"order": True, "administration_record": True, "medical_necessity": True},
    "prior_authorization": None,
    "abn_on_file": False,
}


def clean_encounter(**changes) -> dict:
    """The clean B12 encounter with top-level fields replaced."""
    doc = copy.deepcopy(CLEAN)
    doc.update(copy.deepcopy(changes))
    return doc


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


def finding_codes(result) -> set[str]:
    return {f.code for f in result.findings}
