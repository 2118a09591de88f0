"""Nothing typed is lost: the encounter in the wizard is written to a draft file beside the
database as the biller types, and offered back on the next start after a crash or a close.

Writes go to a temporary file first and replace the draft in one step, so a crash mid-write
leaves the previous draft whole.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app.files import replace_file

DRAFT_SUFFIX = ".unfinished-encounter.json"


def write_json(path: Path, content: object) -> None:
    """Write `content` as JSON to `path` atomically (temporary file, then os.replace)."""
    replace_file(path, json.dumps(content, indent=2) + "\n")


class Draft:
    """The draft file for one database."""

    def __init__(self, database_file: Path):
        database_file = Path(database_file)
        self.path = database_file.with_name(database_file.stem + DRAFT_SUFFIX)

    def save(self, document: dict, encounter_id: int | None = None) -> None:
        write_json(self.path, {"saved_at": datetime.now().isoformat(timespec="seconds"),
                               "encounter_id": encounter_id, "document": document})

    def read(self) -> dict | None:
        """The draft (saved_at, encounter_id, document), or None when there is none usable."""
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(content, dict) or not isinstance(content.get("document"), dict):
            return None
        return content

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def describe(draft: dict) -> str:
    """One line for the question: patient, date of service, when it was typed."""
    document = draft["document"]
    patient = document.get("patient") if isinstance(document.get("patient"), dict) else {}
    names = (patient.get("last_name"), patient.get("first_name"))
    name = ", ".join(str(n) for n in names if n) or "no patient name yet"
    service = document.get("date_of_service") or "no date of service yet"
    return f"{name}; date of service {service}; last typed {draft.get('saved_at', 'at an unknown time')}"
