"""837P control numbers: a whole export's ISA13, GS06 and ST02 numbers are reserved in one
transaction (one commit, however many claims), consecutive within the file, and never used
again by a later export."""

from __future__ import annotations

from app.export.x837 import write_837
from app.store.settings import next_control_number, reserve_control_numbers
from export_fixtures import *  # noqa: F403 - fixtures and readers


def control_numbers(path) -> tuple[str, list[int]]:
    segments = [s.strip().split("*") for s in path.read_text(encoding="ascii").split("~") if s.strip()]
    isa = next(s for s in segments if s[0] == "ISA")
    return isa[13], [int(s[2]) for s in segments if s[0] == "ST"]


def test_one_transaction_for_all_the_numbers_of_an_export(practice_db, check_doc, tmp_path):
    checked = [check_doc(clean_with_address()) for _ in range(5)]
    commits = []
    practice_db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
    try:
        write_837(practice_db, checked, tmp_path / "a.837")
    finally:
        practice_db.conn.set_trace_callback(None)
    assert len(commits) == 1


def test_numbers_are_consecutive_and_unique_across_exports(practice_db, check_doc, tmp_path):
    checked = [check_doc(clean_with_address()) for _ in range(3)]
    write_837(practice_db, checked, tmp_path / "a.837")
    write_837(practice_db, checked[:2], tmp_path / "b.837")
    (isa_a, sts_a), (isa_b, sts_b) = control_numbers(tmp_path / "a.837"), control_numbers(tmp_path / "b.837")
    assert sts_a == [1, 2, 3] and sts_b == [4, 5]
    assert int(isa_b) == int(isa_a) + 1
    assert next_control_number(practice_db, "transaction") == 6


def test_reserving_takes_a_block_and_the_next_number_follows_it(practice_db):
    assert reserve_control_numbers(practice_db, {"transaction": 1000, "group": 1}) == {"transaction": 1, "group": 1}
    assert reserve_control_numbers(practice_db, {"transaction": 2}) == {"transaction": 1001}
    assert next_control_number(practice_db, "transaction") == 1003
