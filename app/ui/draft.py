"""Nothing typed is lost: the encounter in the wizard is written to a draft file beside the
database as the biller types, and offered back on the next start after a crash or a close.

Writes go to a temporary file first and replace the draft in one step, so a crash mid-write
leaves the previous draft whole. Beside a database protected with a passphrase the draft is sealed
with it (app.store.sealed): the patient's name, birth date and member id are never plain text.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app.core.field_names import us_date
from app.files import replace_file
from app.store import crypto, sealed

DRAFT_SUFFIX = ".unfinished-encounter.json"


def write_json(path: Path, content: object) -> None:
    """Write `content` as JSON to `path` atomically (temporary file, then os.replace)."""
    replace_file(path, json.dumps(content, indent=2) + "\n")


class Draft:
    """The draft file for one database."""

    def __init__(self, database_file: Path):
        self.database_file = Path(database_file)
        self.path = self.database_file.with_name(self.database_file.stem + DRAFT_SUFFIX)

    def save(self, document: dict, encounter_id: int | None = None) -> None:
        content = {"saved_at": datetime.now().isoformat(timespec="seconds"), "encounter_id": encounter_id,
                   "document": document}
        passphrase = crypto.opened_with(self.database_file)
        if passphrase:
            replace_file(self.path, sealed.seal(json.dumps(content), passphrase))
        else:
            write_json(self.path, content)

    def read(self) -> dict | None:
        """The draft (saved_at, encounter_id, document), or None when there is none usable (or it is
        sealed with a passphrase other than the database's)."""
        try:
            text = self.path.read_bytes()
            if sealed.is_sealed(text):
                text = sealed.unseal(text, crypto.opened_with(self.database_file) or "")
            content = json.loads(text) if text is not None else None
        except (OSError, ValueError):
            return None
        if not isinstance(content, dict) or not isinstance(content.get("document"), dict):
            return None
        return content

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def describe(draft: dict, now: datetime | None = None) -> str:
    """One line for the question: patient, date of service, when it was typed, in plain words."""
    document = draft["document"]
    patient = document.get("patient") if isinstance(document.get("patient"), dict) else {}
    names = (patient.get("last_name"), patient.get("first_name"))
    name = ", ".join(str(n) for n in names if n) or "no patient name yet"
    service = us_date(document["date_of_service"]) if document.get("date_of_service") else "no date of service yet"
    return f"{name}; date of service {service}; last typed {when_typed(draft.get('saved_at'), now)}"


def when_typed(saved_at, now: datetime | None = None) -> str:
    """'today at 2:05 PM', 'yesterday at 9:40 AM', 'on 03/09/2026 at 4:15 PM'."""
    try:
        typed = datetime.fromisoformat(str(saved_at))
    except ValueError:
        return "at an unknown time"
    now = now or datetime.now()
    clock = typed.strftime("%I:%M %p").lstrip("0")
    days = (now.date() - typed.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    return f"on {us_date(typed.date())} at {clock}"
