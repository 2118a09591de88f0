"""History ▸ Export 837P: the selected saved encounters checked again as they stand, then
written to one 837P file (`app.export.x837.write_837`).

Said in plain words before anything is written: encounters the check cannot use, encounters
with error findings (the biller may export those anyway, on purpose), and anything the 837P
needs that is missing (a practice setting or an encounter field; never overridden, with a
way to Practice ▸ Settings). Cancelling while the encounters are checked writes nothing, and
the export module writes the file whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.encounter import EncounterInvalid
from app.store.encounters import load_document
from app.ui import dialogs
from app.ui.history_model import plural
from app.ui.widgets.date_edit import parse_typed_date, us_date

MOST_LISTED = 12          # encounters named in one message; the rest are counted
PROGRESS_AFTER_MS = 400   # a few encounters check at once; a long selection shows its progress


@dataclass
class Selection:
    """The selected encounters checked: what can go out, and what the check could not use."""

    checked: list = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    unusable: list[tuple[str, list]] = field(default_factory=list)


def label_of(document: dict, encounter_id: int) -> str:
    """"Byron, Ada 03/10/2026 (#12)": the encounter as the messages name it."""
    patient = document.get("patient") if isinstance(document.get("patient"), dict) else {}
    name = ", ".join(str(patient.get(k)) for k in ("last_name", "first_name") if patient.get(k)) or "No name"
    day = parse_typed_date(str(document.get("date_of_service") or ""))
    return f"{name} {us_date(day) if day else document.get('date_of_service') or ''} (#{encounter_id})"


def check_selected(db, encounter_ids: list[int], cancelled=lambda done: False) -> Selection | None:
    """Check each encounter again; None when `cancelled(done)` says stop."""
    from app.check import Checker

    checker, selection = Checker(db), Selection()
    for done, encounter_id in enumerate(encounter_ids):
        if cancelled(done):
            return None
        document = load_document(db, encounter_id)
        label = label_of(document, encounter_id)
        try:
            selection.checked.append(checker.check(document, encounter_id=encounter_id))
            selection.labels.append(label)
        except EncounterInvalid as invalid:
            selection.unusable.append((label, invalid.problems))
    return selection


def listed(lines: list[str]) -> str:
    more = len(lines) - MOST_LISTED
    return "\n".join(lines[:MOST_LISTED] + ([f"… and {more} more"] if more > 0 else []))


def unusable_words(unusable: list[tuple[str, list]]) -> str:
    lines = [f"{label}: " + "; ".join(p.plain() for p in problems) for label, problems in unusable]
    return ("Nothing was written: the check cannot use these encounters until they are corrected "
            "(open each one; the review page lists its problems):\n\n" + listed(lines))


def refusal_words(refusals: list[tuple[str, list]], count: int) -> str:
    lines = [f"{label}: " + "; ".join(f"{f.code}: {f.message}" for f in errors) for label, errors in refusals]
    return (f"{plural(len(refusals), 'encounter')} of the {count} selected "
            f"{'has' if len(refusals) == 1 else 'have'} error findings: the payer will most likely reject "
            f"or deny {'it' if len(refusals) == 1 else 'them'}.\n\n" + listed(lines) +
            "\n\nOpen each one to fix it (the review page offers the fixes), or export anyway.")


def names_a_setting(what: str) -> bool:
    """The missing thing is a practice setting (the message names its key), not an encounter field."""
    from app.store.settings import SETTINGS

    return any(f"({setting.key}" in what for setting in SETTINGS)


def names_a_payer_setting(what: str) -> bool:
    return "(payer setting " in what


def missing_words(missing: list[tuple[str, str]]) -> str:
    lines = [f"{label or ('Payer settings' if names_a_payer_setting(what) else 'Practice settings')}: {what}"
             for label, what in missing]
    todo = []
    if any(not label and names_a_payer_setting(what) for label, what in missing):
        todo.append("fill in the payer's 837P id under Practice ▸ Payer rules")
    if any((not label and not names_a_payer_setting(what)) or names_a_setting(what) for label, what in missing):
        todo.append("fill in the settings under Practice ▸ Settings")
    if any(label and not names_a_setting(what) for label, what in missing):
        todo.append("open the encounters named to fill in their fields")
    said = " and ".join(todo)
    return ("Nothing was written: the 837P needs these, and they are missing:\n\n" + listed(lines)
            + f"\n\n{said[:1].upper() + said[1:]}, then export again.")


def result_words(result, forced: int = 0) -> str:
    said = [f"Wrote {result.path}", f"{plural(result.claims, 'claim')}, interchange number "
            f"{result.interchange_number:09d}."]
    if forced:
        said.append(f"Exported anyway: {plural(forced, 'claim')} with error findings.")
    if result.warnings:
        said.append("\nWarnings:\n" + "\n".join(f"• {w}" for w in result.warnings))
    return "\n".join(said)


def message_words(result, forced: int = 0) -> str:
    """One line for the history: the file, the claims, the interchange number, how many warnings."""
    more = [f"{forced} with error findings, exported anyway" if forced else "",
            plural(len(result.warnings), "warning") if result.warnings else ""]
    extra = "; ".join(m for m in more if m)
    return (f"Wrote {result.path}: {plural(result.claims, 'claim')}, interchange {result.interchange_number:09d}"
            + (f" ({extra})." if extra else "."))


class Export837:
    """One export from the history: check, say what stops it, ask where, write, say what was written.
    `message` says how it ended, for the history's message line."""

    def __init__(self, parent: QWidget, db, open_settings):
        self.parent, self.db, self.open_settings = parent, db, open_settings
        self.message = ""

    def run(self, encounter_ids: list[int]):
        """The ExportResult, or None when nothing was written (`message` says why)."""
        self.message = "Nothing was written."
        selection = self._check(encounter_ids)
        if selection is None:
            self.message = "Export cancelled; nothing was written."
            return None
        if selection.unusable:
            dialogs.tell(self.parent, "The 837P was not written", unusable_words(selection.unusable))
            return None
        force = self._force(selection)
        path = None if force is None else dialogs.ask_837_path(self.parent, suggested_path())
        return self._write(selection, path, force, encounter_ids) if path else None

    def _check(self, encounter_ids: list[int]) -> Selection | None:
        progress = QProgressDialog("Checking the selected encounters…", "Cancel", 0, len(encounter_ids), self.parent)
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)

        def cancelled(done: int) -> bool:
            progress.setValue(done)
            return progress.wasCanceled()
        try:
            return check_selected(self.db, encounter_ids, cancelled)
        finally:
            progress.reset()
            progress.deleteLater()

    def _force(self, selection: Selection) -> bool | None:
        """False: no errors; True: errors, exported anyway on purpose; None: the biller stopped."""
        from app.export.x837 import refusals

        refused = refusals(selection.checked, selection.labels)
        if not refused:
            return False
        return True if dialogs.ask_export_anyway(self.parent, refusal_words(refused, len(selection.checked))) else None

    def _write(self, selection: Selection, path: str, force: bool, encounter_ids: list[int]):
        from app.export.x837 import ExportRefused, MissingClaimData, refusals, write_837

        try:
            result = write_837(self.db, selection.checked, path, force=force, labels=selection.labels)
        except ExportRefused as refused:
            words = refusal_words(refused.refusals, len(selection.checked))
            dialogs.tell(self.parent, "The 837P was not written", words)
            return None
        except MissingClaimData as missing:
            settings_missing = any((not label and not names_a_payer_setting(what)) or names_a_setting(what)
                                   for label, what in missing.missing)      # Practice ▸ Settings can fill them
            if dialogs.tell_missing(self.parent, missing_words(missing.missing), settings_missing):
                self.open_settings()
            return None
        except OSError as error:
            dialogs.tell(self.parent, "The 837P was not written",
                         f"{path}: cannot be written: {error.strerror or error}")
            return None
        forced = len(refusals(selection.checked, selection.labels)) if force else 0
        from app.store import activity

        activity.note(self.db, "export", f"Wrote the 837P {path}", encounter_ids)
        self.message = message_words(result, forced)
        question = result_words(result, forced) + "\n\nMark these claims as sent today?"
        if dialogs.ask_mark_exported_sent(self.parent, question):
            from app.store.encounters import mark_sent

            mark_sent(self.db, encounter_ids, date.today())
            self.message += " Marked as sent."
        return result


def suggested_path() -> str:
    return str(Path.home() / f"claims-{date.today():%Y%m%d}.837")
