"""Saved encounters and their check results: the biller's history, and what the frequency and
duplicate checks compare against."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, datetime, timezone

import sqlite_utils

from app.core.claim import CheckResult
from app.core.history import SavedService, same_patient_key, units_by_code
from app.core.validate import parse_iso_date
from app.store import activity
from app.store.db import writing

log = logging.getLogger(__name__)


def fingerprint(document: dict) -> str:
    """Identical encounter documents have identical fingerprints (the save asks before saving one twice)."""
    return hashlib.sha1(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def status_of(result: CheckResult) -> str:
    if result.count("error"):
        return "errors"
    return "warnings" if result.count("warning") else "clean"


def _codes_of(document: dict, result: CheckResult) -> list[str]:
    codes = [line.code for line in result.lines]
    codes += [i.get("drug", {}).get("hcpcs", "").strip().upper() for i in document.get("injections", [])
              if isinstance(i, dict) and isinstance(i.get("drug"), dict)]
    return list(dict.fromkeys(c for c in codes if c))


def save_encounter(db: sqlite_utils.Database, document: dict, result: CheckResult,
                   encounter_id: int | None = None) -> int:
    patient = document.get("patient") or {}
    row = {
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "payer": document.get("payer"),
        "member_key": same_patient_key(document.get("payer", ""), patient.get("member_id", "")),
        "member_id": (patient.get("member_id") or "").strip(),
        "findings": " ".join(dict.fromkeys(f.code for f in result.findings)),
        "patient": f"{patient.get('last_name', '')}, {patient.get('first_name', '')}".strip(", "),
        "date_of_service": result.date_of_service,
        "codes": " ".join(_codes_of(document, result)),
        "status": status_of(result), "errors": result.count("error"), "warnings": result.count("warning"),
        "infos": result.count("info"), "fingerprint": fingerprint(document),
        "document": json.dumps(document), "result": json.dumps(result.to_json()),
    }
    with writing(db):
        if encounter_id is not None:  # saving an encounter brings it back if it was deleted meanwhile
            db["encounters"].update(encounter_id, {**row, "deleted_at": None})
        else:
            encounter_id = db["encounters"].insert(row).last_pk
        activity.record(db, "save", f"Saved (date of service {row['date_of_service']}, {row['payer']}, "
                                    f"{row['status']})", encounter_id)
    return encounter_id


def services_for(db: sqlite_utils.Database, payer: str, member_id: str, exclude_id: int | None = None,
                 units_on: date | None = None) -> list[SavedService]:
    """The patient's saved encounters, except the one being re-checked (`exclude_id`): "itself" is the
    history entry by its id, never another entry with the same content. Encounters dated `units_on`
    carry their units per code (for unit limits counted over the whole day)."""
    rows = db.execute("SELECT id, date_of_service, codes, result FROM encounters "
                      "WHERE member_key = ? AND deleted_at IS NULL",
                      [same_patient_key(payer, member_id)]).fetchall()
    return [SavedService(rid, day, frozenset((codes or "").split()),
                         _saved_units(result) if units_on and dos == units_on.isoformat() else {})
            for rid, dos, codes, result in rows if rid != exclude_id and (day := _saved_day(rid, dos)) is not None]


def _saved_day(encounter_id: int, text: object) -> date | None:
    """A saved encounter's date of service; an unreadable one is logged and that encounter left out of
    the history checks, so one bad row never stops the checks of the patient's other visits."""
    day = parse_iso_date(text)
    if day is None:
        log.warning("saved encounter #%s has an unreadable date of service %r; left out of the history checks",
                    encounter_id, text)
    return day


def _saved_units(result: str | None) -> dict:
    try:
        lines = json.loads(result or "{}").get("claim", {}).get("lines", [])
    except (ValueError, AttributeError):
        return {}
    return units_by_code(lines if isinstance(lines, list) else [])


def same_content(db: sqlite_utils.Database, document: dict, exclude_id: int | None = None) -> list[int]:
    """Saved encounters (not deleted) whose content is identical to `document`, other than `exclude_id`."""
    rows = db.execute("SELECT id FROM encounters WHERE fingerprint = ? AND deleted_at IS NULL ORDER BY id",
                      [fingerprint(document)]).fetchall()
    return [rid for (rid,) in rows if rid != exclude_id]


def single_dose_preference(db: sqlite_utils.Database, ndc11: str) -> bool | None:
    row = db.execute("SELECT single_dose_container FROM ndc_preferences WHERE ndc = ?", [ndc11]).fetchone()
    return None if row is None else bool(row[0])


def remember_single_dose(db: sqlite_utils.Database, ndc11: str, single_dose: bool) -> None:
    with writing(db):
        db.execute("INSERT OR REPLACE INTO ndc_preferences (ndc, single_dose_container, updated_at) VALUES (?, ?, ?)",
                   [ndc11, int(single_dose), datetime.now(timezone.utc).isoformat(timespec="seconds")])
