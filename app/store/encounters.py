"""The history list: search, sort, mark as sent, delete with undo, returning patients, and the
re-check after a rules change. (Saving and the checks' view of history are in history.py.)"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import sqlite_utils
from app.store.db import writing

SORTABLE = ("id", "saved_at", "patient", "member_id", "date_of_service", "payer", "codes", "status", "sent_on")


@dataclass
class HistoryFilter:
    text: str = ""                   # patient name, member id, code or finding code, words in any order
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None        # errors, warnings, clean, sent, not_sent
    sort: str = "date_of_service"
    descending: bool = True
    limit: int | None = None


def _where(f: HistoryFilter) -> tuple[str, list]:
    clauses, params = ["deleted_at IS NULL"], []
    for word in f.text.lower().split():
        clauses.append("(lower(patient) LIKE ? OR lower(member_id) LIKE ? OR lower(codes) LIKE ? "
                       "OR lower(findings) LIKE ? OR payer LIKE ?)")
        params += [f"%{word}%"] * 5
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


def list_encounters(db: sqlite_utils.Database, f: HistoryFilter | None = None) -> list[dict]:
    """Saved encounters for the history list (no documents: those load when one is opened)."""
    f = f or HistoryFilter()
    where, params = _where(f)
    column = f.sort if f.sort in SORTABLE else "date_of_service"
    collate = " COLLATE NOCASE" if column in ("patient", "member_id", "payer", "codes") else ""
    order = f"{column}{collate} {'DESC' if f.descending else 'ASC'}, id DESC"
    limit = f" LIMIT {int(f.limit)}" if f.limit else ""
    payer_names = dict(db.execute("SELECT id, name FROM payers").fetchall())
    rows = db.query(f"SELECT id, saved_at, patient, member_id, date_of_service, payer, codes, status, errors, "
                    f"warnings, infos, findings, sent_on FROM encounters WHERE {where} ORDER BY {order}{limit}", params)
    return [{**row, "payer_name": payer_names.get(row["payer"])} for row in rows]


def count_encounters(db: sqlite_utils.Database) -> int:
    """How many saved encounters there are (not deleted), whatever the filter."""
    return db.execute("SELECT count(*) FROM encounters WHERE deleted_at IS NULL").fetchone()[0]


def load_document(db: sqlite_utils.Database, encounter_id: int) -> dict:
    return json.loads(db.execute("SELECT document FROM encounters WHERE id = ?", [encounter_id]).fetchone()[0])


def mark_sent(db: sqlite_utils.Database, encounter_ids: list[int], sent_on: date | None) -> None:
    """Mark as sent on a date (None takes the mark back)."""
    with writing(db):
        db.conn.executemany("UPDATE encounters SET sent_on = ? WHERE id = ?",
                            [[sent_on.isoformat() if sent_on else None, i] for i in encounter_ids])


def delete_encounters(db: sqlite_utils.Database, encounter_ids: list[int]) -> None:
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with writing(db):
        db.conn.executemany("UPDATE encounters SET deleted_at = ? WHERE id = ?", [[stamp, i] for i in encounter_ids])


def undo_delete(db: sqlite_utils.Database, encounter_ids: list[int]) -> None:
    with writing(db):
        db.conn.executemany("UPDATE encounters SET deleted_at = NULL WHERE id = ?", [[i] for i in encounter_ids])


def find_patients(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[dict]:
    """Returning patients by name or member id: the latest saved details of each (payer, member id)."""
    words = text.lower().split()
    if not words:
        return []
    clauses = " AND ".join("(lower(patient) LIKE ? OR lower(member_id) LIKE ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    rows = db.execute(f"SELECT member_key, document FROM encounters WHERE deleted_at IS NULL AND {clauses} "
                      "ORDER BY date_of_service DESC, id DESC", params).fetchall()
    seen, patients = set(), []
    for key, document in rows:
        if key in seen:
            continue
        seen.add(key)
        doc = json.loads(document)
        patients.append({"payer": doc.get("payer"), "patient": doc.get("patient") or {}})
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
