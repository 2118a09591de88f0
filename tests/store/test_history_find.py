"""The history's Find box and pages: every character typed is literal (`%` and `_` are not
wildcards, in the history and in the returning-patient search), dates are found as typed
(MM/DD/YYYY, M/D/YYYY or ISO), words of any length, the find text follows every change of a
row, and a list asked for a page at a time gives every row once, in order."""

from __future__ import annotations

from app.store import encounters
from app.store.encounters import HistoryFilter, count_matching, find_patients, find_words, list_encounters

COLUMNS = ("patient", "member_id", "date_of_service", "payer", "codes", "status", "findings", "document")


def add(db, patient: str, member_id: str, day: str, codes: str = "96372 J3420", findings: str = "",
        status: str = "clean") -> int:
    """A saved encounter written straight into the table (what the list reads, without a check)."""
    document = '{"payer": "medicare", "patient": {"last_name": "%s", "member_id": "%s"}}' % (
        patient.split(",")[0], member_id)
    return db["encounters"].insert(dict(zip(COLUMNS, (patient, member_id, day, "medicare", codes, status,
                                                      findings, document))), alter=False).last_pk


def found(db, text: str, **more) -> list[int]:
    return [row["id"] for row in list_encounters(db, HistoryFilter(text=text, **more))]


def test_percent_and_underscore_are_literal(db):
    plain = add(db, "Byron, Ada", "AB1234", "2026-03-10")
    percent = add(db, "Turing, Alan", "AB%34", "2026-03-09")
    underscore = add(db, "Hopper, Grace", "XY_7", "2026-03-08", findings="NPI_INVALID")
    assert found(db, "ab%34") == [percent]
    assert found(db, "%") == [percent]
    assert found(db, "_") == [underscore]
    assert found(db, "y_7") == [underscore]
    assert found(db, "npi_invalid") == [underscore]
    assert found(db, "b%") == [percent] and plain not in found(db, "b%")
    assert [p["patient"]["member_id"] for p in find_patients(db, "ab%")] == ["AB%34"]
    assert [p["patient"]["member_id"] for p in find_patients(db, "y_")] == ["XY_7"]


def test_dates_are_found_as_the_biller_types_them(db):
    march = add(db, "Byron, Ada", "AB1234", "2026-03-10")
    add(db, "Turing, Alan", "XKJ889", "2026-01-15")
    for typed in ("03/10/2026", "3/10/2026", "2026-03-10", "03/10", "2026-03"):
        assert found(db, typed) == [march], typed
    assert find_words("3/4/2026 Byron") == ["03/04/2026", "byron"]


def test_short_and_long_words_together_and_quotes(db):
    quoted = add(db, 'O"Brien, Liam', "QQ1", "2026-03-10")
    add(db, "O'Brien, Mary", "QQ2", "2026-03-09")
    assert found(db, 'o"b') == [quoted]
    assert found(db, "o'brien ma") != found(db, "o'brien li")
    assert found(db, "qq1 li") == [quoted] and found(db, "q li") == [quoted]


def test_the_find_text_follows_every_change_and_deletion(db):
    saved = add(db, "Byron, Ada", "AB1234", "2026-03-10")
    db["encounters"].update(saved, {"patient": "Lovelace, Ada", "date_of_service": "2026-04-01"})
    assert found(db, "byron") == [] and found(db, "lovelace") == [saved]
    assert found(db, "04/01/2026") == [saved] and found(db, "03/10/2026") == []
    encounters.delete_encounters(db, [saved])
    assert found(db, "lovelace") == []
    db["encounters"].delete(saved)
    assert db.execute("SELECT count(*) FROM encounters_find WHERE encounters_find MATCH '\"lovelace\"'").fetchone() \
        == (0,)


def test_pages_give_every_row_once_in_order(db):
    for number in range(45):
        add(db, f"Patient{number:02d}, Test", f"M{number:03d}", f"2026-01-{1 + number % 28:02d}",
            status=("errors", "warnings", "clean")[number % 3])
    for sort in ("date_of_service", "patient", "status", "codes"):
        for descending in (True, False):
            wanted = HistoryFilter(sort=sort, descending=descending)
            whole = [r["id"] for r in list_encounters(db, wanted)]
            pages = [r["id"] for start in range(0, 50, 10)
                     for r in list_encounters(db, HistoryFilter(sort=sort, descending=descending, limit=10,
                                                                offset=start))]
            assert pages == whole and len(set(pages)) == 45, (sort, descending)
    assert count_matching(db, HistoryFilter(text="patient0")) == 10
    assert count_matching(db, HistoryFilter(status="errors")) == 15


def test_the_short_word_search_reads_what_the_index_holds(db):
    """Short words are looked for in the same text the trigram index holds (find_text)."""
    add(db, "Byron, Ada", "AB%12", "2026-03-10", findings="NPI_INVALID")
    add(db, "Turing, Alan", "", "2026-01-15", codes="")
    rows = db.execute(f"SELECT {encounters.FIND_TEXT}, find_text FROM encounters").fetchall()
    assert rows and all(expression == column for expression, column in rows)


def test_counts_agree_with_the_list_deleted_encounters_left_out(db):
    ids = [add(db, f"Byron{n}, Ada", f"AB{n:04d}", "2026-03-10", status=("clean", "errors")[n % 2]) for n in range(12)]
    encounters.delete_encounters(db, ids[:3])
    for wanted in (HistoryFilter(text="byron"), HistoryFilter(text="byron ada"), HistoryFilter(text="ab00 by"),
                   HistoryFilter(text="byron", status="errors"), HistoryFilter(text="nobody")):
        assert count_matching(db, wanted) == len(list_encounters(db, wanted)), wanted
