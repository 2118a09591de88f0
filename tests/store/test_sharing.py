"""Two copies of the app on one database: both wait their turn; nothing is lost or corrupted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import clean_encounter

WRITER = """
import json, sys
from app.store.db import connect
from app.check import Checker
db = connect(sys.argv[1])
checker = Checker(db)
doc = json.loads(sys.argv[2])
for i in range(15):
    doc["patient"]["account_number"] = f"{sys.argv[3]}-{i}"
    checker.save(doc)
print("done")
"""


@pytest.mark.slow
def test_two_copies_writing_one_new_database(tmp_path):
    path = tmp_path / "shared.db"
    code = WRITER
    doc = json.dumps(clean_encounter())
    runs = [subprocess.Popen([sys.executable, "-c", code, str(path), doc, name], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    from app.store.backup import integrity_problems
    from app.store.db import connect
    db = connect(path)
    assert db.execute("SELECT count(*) FROM encounters").fetchone()[0] == 30
    assert db.execute("SELECT count(*) FROM payers").fetchone()[0] == 3
    assert integrity_problems(db) == []
