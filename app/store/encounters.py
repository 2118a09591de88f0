"""The history list: search, sort, pages, mark as sent, delete with undo, returning patients, and
the re-check after a rules change. (Saving and the checks' view of history are in history.py.)

The Find box's words are looked up in `find_text` (migration m009): words of three letters or
more through its trigram index, shorter ones by a literal search of the rows listed; every
character typed is literal (a `%` or `_` is not a wildcard). The list comes a page at a time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils
from app.store import activity
from app.store.db import writing

SORTABLE = ("id", "saved_at", "patient", "member_id", "date_of_service", "payer", "codes", "status", "sent_on")
PAGE = 200                       # rows the history list asks for at a time
SHORTEST_INDEXED = 3             # the trigram index finds words of three letters or more
LISTED = ("id, saved_at, patient, member_id, date_of_service, payer, codes, status, errors, warnings, infos, "
          "findings, sent_on")
STATUS_ORDER = ("(sent_on IS NOT NULL)", "CASE WHEN sent_on IS NULL THEN CASE status WHEN 'errors' THEN 0 "
                "WHEN 'warnings' THEN 1 WHEN 'clean' THEN 2 ELSE 3 END END", "sent_on")   # what needs work first
FIND_TEXT = ("lower(coalesce(patient, '') || ' ' || coalesce(member_id, '') || ' ' || coalesce(codes, '') || ' ' || "
             "coalesce(findings, '') || ' ' || coalesce(payer, '') || ' ' || coalesce(date_of_service, '') || ' ' || "
             "substr(date_of_service, 6, 2) || '/' || substr(date_of_service, 9, 2) || '/' || "
             "substr(date_of_service, 1, 4))")     # the find_text column's own expression (migration m009)
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class HistoryFilter:
    text: str = ""                   # patient name, member id, code, finding code or date, words in any order
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None        # errors, warnings, clean, sent, not_sent
    sort: str = "date_of_service"
    descending: bool = True
    limit: int | None = None         # a page of the list: `limit` rows from `offset`
    offset: int = 0


def find_words(text: str) -> list[str]:
    """The words typed in the Find box as the history's find text holds them: lowercase (ASCII, as
    SQLite's lower()), a whole date typed M/D/YYYY written MM/DD/YYYY."""
    words = []
    for word in text.split():
        typed = US_DATE.match(word)
        if typed:
            word = f"{int(typed[1]):02d}/{int(typed[2]):02d}/{typed[3]}"
        words.append("".join(c.lower() if c.isascii() else c for c in word))
    return words


def _phrase(word: str) -> str:
    """A word as an FTS5 phrase: found anywhere in the text, every character literal."""
    return '"' + word.replace('"', '""') + '"'


def _text_clauses(words: list[str]) -> tuple[list[str], list]:
    """Long words through the trigram index (one lookup for all), short ones by a literal search."""
    long = [w for w in words if len(w) >= SHORTEST_INDEXED]
    clauses, params = [], []
    if long:     # "+id": walk the list in its order and keep the ids found, so the first page comes at once
        clauses.append("+id IN (SELECT rowid FROM encounters_find WHERE encounters_find MATCH ?)")
        params.append(" AND ".join(_phrase(w) for w in long))
    for word in (w for w in words if len(w) < SHORTEST_INDEXED):     # from the list's covering index, no row read
        clauses.append(f"instr({FIND_TEXT}, ?) > 0")
        params.append(word)
    return clauses, params


def _where(f: HistoryFilter) -> tuple[str, list]:
    clauses, params = _text_clauses(find_words(f.text))
    clauses.insert(0, "deleted_at IS NULL")
    if f.date_from:
        clauses.append("date_of_service >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("date_of_service <= ?")
        params.append(f.date_to.isoformat())
    if f.status == "sent":
        clauses.append("sent_on IS NOT NULL")
    elif f.status == "not_sent":
        clauses.append("sent_on IS NULL")
    elif f.status:
        clauses += ["status = ?", "sent_on IS NULL"]
        params.append(f.status)
    return " AND ".join(clauses), params


def _order(f: HistoryFilter) -> str:
    """Ties: the newest date of service first (status), else the newest saved first."""
    way = "DESC" if f.descending else "ASC"
    if f.sort == "status":
        return ", ".join(f"{term} {way}" for term in STATUS_ORDER) + ", date_of_service DESC, id DESC"
    column = f.sort if f.sort in SORTABLE else "date_of_service"
    collate = " COLLATE NOCASE" if column in ("patient", "member_id", "payer", "codes") else ""
    return f"{column}{collate} {way}, id DESC"


def list_encounters(db: sqlite_utils.Database, f: HistoryFilter | None = None) -> list[dict]:
    """Saved encounters for the history list, a page of them when `f.limit` is set (no documents:
    those load when one is opened)."""
    f = f or HistoryFilter()
    where, params = _where(f)
    page = f" LIMIT {int(f.limit)} OFFSET {int(f.offset)}" if f.limit else ""
    payer_names = dict(db.execute("SELECT id, name FROM payers").fetchall())
    rows = db.query(f"SELECT {LISTED} FROM encounters WHERE {where} ORDER BY {_order(f)}{page}", params)
    return [{**row, "payer_name": payer_names.get(row["payer"])} for row in rows]


def count_matching(db: sqlite_utils.Database, f: HistoryFilter) -> int:
    """How many saved encounters `f` lets through (whatever its page)."""
    words = find_words(f.text)
    if words and min(map(len, words)) >= SHORTEST_INDEXED and not (f.date_from or f.date_to or f.status):
        return _count_found(db, " AND ".join(_phrase(w) for w in words))
    where, params = _where(f)
    return db.execute(f"SELECT count(*) FROM encounters WHERE {where}", params).fetchone()[0]


def _count_found(db: sqlite_utils.Database, match: str) -> int:
    """Words alone: the trigram index counts them, less the deleted encounters it still holds."""
    found = db.execute("SELECT count(*) FROM encounters_find WHERE encounters_find MATCH ?", [match]).fetchone()[0]
    deleted = db.execute("SELECT count(*) FROM encounters WHERE deleted_at IS NOT NULL AND id IN "
                         "(SELECT rowid FROM encounters_find WHERE encounters_find MATCH ?)", [match]).fetchone()[0]
    return found - deleted


def count_encounters(db: sqlite_utils.Database) -> int:
    """How many saved encounters there are (not deleted), whatever the filter."""
    return db.execute("SELECT count(*) FROM encounters WHERE deleted_at IS NULL").fetchone()[0]


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file `db` is open on (None in memory)."""
    path = next((row[2] for row in db.execute("PRAGMA database_list").fetchall() if row[1] == "main"), "")
    return Path(path) if path else None


def open_reader(path: Path) -> sqlite_utils.Database | None:
    """A read-only connection to the database file at `path`, for the history list to query from
    its own thread (open it in that thread); None when it cannot be opened so (the list then asks
    the window's own connection)."""
    from app.store.db import DatabaseUnusable, as_database, open_connection, sql_errors

    try:
        conn = open_connection(path, read_only=True)
        conn.execute("SELECT count(*) FROM encounters_find WHERE rowid = 0").fetchone()
    except (*sql_errors(), OSError, DatabaseUnusable):
        return None
    return as_database(conn)


def load_document(db: sqlite_utils.Database, encounter_id: int) -> dict:
    return json.loads(db.execute("SELECT document FROM encounters WHERE id = ?", [encounter_id]).fetchone()[0])


def mark_sent(db: sqlite_utils.Database, encounter_ids: list[int], sent_on: date | None) -> None:
    """Mark as sent on a date (None takes the mark back)."""
    with writing(db):
        db.conn.executemany("UPDATE encounters SET sent_on = ? WHERE id = ?",
                            [[sent_on.isoformat() if sent_on else None, i] for i in encounter_ids])
        activity.record_many(db, "sent", f"Marked as sent on {sent_on}" if sent_on else "Sent mark taken back",
                             encounter_ids)


def delete_encounters(db: sqlite_utils.Database, encounter_ids: list[int]) -> None:
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with writing(db):
        db.conn.executemany("UPDATE encounters SET deleted_at = ? WHERE id = ?", [[stamp, i] for i in encounter_ids])
        activity.record_many(db, "delete", "Deleted from the history", encounter_ids)


def undo_delete(db: sqlite_utils.Database, encounter_ids: list[int]) -> None:
    with writing(db):
        db.conn.executemany("UPDATE encounters SET deleted_at = NULL WHERE id = ?", [[i] for i in encounter_ids])
        activity.record_many(db, "undo delete", "Brought back to the history", encounter_ids)


def find_patients(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[dict]:
    """Returning patients by name or member id: the latest saved details of each (payer, member id)."""
    words = find_words(text)
    if not words:
        return []
    clauses = " AND ".join("(instr(lower(patient), ?) > 0 OR instr(lower(member_id), ?) > 0)" for _ in words)
    params = [p for w in words for p in (w, w)]       # instr: every character literal (no LIKE wildcards)
    rows = db.execute(f"SELECT member_key, document FROM encounters WHERE deleted_at IS NULL AND {clauses} "
                      "ORDER BY date_of_service DESC, id DESC", params).fetchall()
    seen, patients = set(), []
    for key, document in rows:
        if key in seen:
            continue
        seen.add(key)
        doc = json.loads(document)
        patients.append({"payer": doc.get("payer"), "patient": doc.get("patient") or {},
                         **{k: doc[k] for k in ("subscriber", "group_number", "secondary_insurance") if doc.get(k)}})
        if len(patients) >= limit:
            break
    return patients


@dataclass
class Recheck:
    encounter_id: int
    patient: str
    date_of_service: str
    old_status: str
    new_status: str
    new_findings: list[str] = field(default_factory=list)
    gone_findings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_status != self.new_status or bool(self.new_findings or self.gone_findings)


def recheck_unsent(db: sqlite_utils.Database, checker) -> list[Recheck]:
    """Check every saved encounter that is not sent again; store the new results; say what changed."""
    from app.core.encounter import EncounterInvalid
    from app.store.history import save_encounter

    rows = db.execute("SELECT id, patient, date_of_service, status, findings, document FROM encounters "
                      "WHERE sent_on IS NULL AND deleted_at IS NULL ORDER BY id").fetchall()
    changes = []
    for rid, patient, dos, status, findings, document in rows:
        doc = json.loads(document)
        try:
            result = checker.check(doc, encounter_id=rid).result
        except EncounterInvalid:
            continue
        before, after = set((findings or "").split()), {f.code for f in result.findings}
        save_encounter(db, doc, result, rid)
        new_status = db.execute("SELECT status FROM encounters WHERE id = ?", [rid]).fetchone()[0]
        changes.append(Recheck(rid, patient, dos, status, new_status, sorted(after - before), sorted(before - after)))
    return changes
