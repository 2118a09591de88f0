"""History ▸ Export 837P for the selected encounters: a file with one claim per encounter,
error findings refused in plain words with an explicit "export anyway", missing settings named
with the way to Practice ▸ Settings, unusable encounters named, and a cancelled export writing
nothing."""

from __future__ import annotations

import copy
import json

import pytest
from ui_helpers import CLEAN, pyx12_verdict, set_payer_837_ids

from app.store.settings import set_settings
from app.ui import dialogs, history_export
from app.ui.history_view import HistoryView

PRACTICE = {
    "practice.name": "Lovelace Family Medicine", "practice.npi": "1558598797", "practice.tax_id": "12-3456789",
    "practice.address.line1": "12 Analytical Way", "practice.address.city": "Springfield",
    "practice.address.state": "IL", "practice.address.zip": "62704-1234", "practice.phone": "(217) 555-0134",
    "x12.sender_id": "LOVELACE01", "x12.receiver_id": "CLEARHOUSE01", "x12.receiver_name": "Example Clearinghouse",
}
ADDRESS = {"line1": "1 Byron Street", "city": "Springfield", "state": "IL", "zip": "62701"}


def with_address(last: str, **changes) -> dict:
    document = copy.deepcopy(CLEAN)
    document["patient"].update(last_name=last, address=dict(ADDRESS))
    document.update(copy.deepcopy(changes))
    return document


@pytest.fixture
def history(qtbot, db):
    from app.check import Checker

    checker = Checker(db)
    bad_npi = {**CLEAN["rendering_provider"], "npi": "1234567890"}
    for document in (with_address("Byron"), with_address("Turing", date_of_service="2026-03-09"),
                     with_address("Hopper", date_of_service="2026-03-08", rendering_provider=bad_npi)):
        checker.save(document)
    set_settings(db, PRACTICE)
    set_payer_837_ids(db, {"medicare": "04412"})
    view = HistoryView(db)
    qtbot.addWidget(view)
    view.show()                  # the list is made when it is first shown
    return view


@pytest.fixture
def answers(monkeypatch, tmp_path):
    """The export's questions answered (anyway: False) and what it said, by dialog."""
    said = {"path": str(tmp_path / "claims.837"), "anyway": False, "settings": False, "mark_sent": False}

    def ask(name, answer):
        def asked(parent, text, *more):
            said.setdefault(name + "_text", []).append((text, *more))
            return said[answer] if answer else None
        monkeypatch.setattr(dialogs, name, asked)
    monkeypatch.setattr(dialogs, "ask_837_path", lambda parent, suggested: said["path"])
    ask("ask_export_anyway", "anyway")
    ask("tell_missing", "settings")
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: said.setdefault("inform_text", []).append(text))

    def exported(parent, text):
        said.setdefault("inform_text", []).append(text)
        return said["mark_sent"]
    monkeypatch.setattr(dialogs, "ask_mark_exported_sent", exported)
    monkeypatch.setattr(dialogs, "tell", lambda parent, title, text: said.setdefault("tell_text", []).append(text))
    return said


def select(view, *patients: str) -> list[int]:
    view.table.clearSelection()
    ids = [row["id"] for row in view.model.rows if row["patient"].split(",")[0] in patients]
    view.select_ids(ids)
    return ids


def claims_in(path) -> list[str]:
    segments = [s.strip() for s in path.read_text(encoding="ascii").split("~") if s.strip()]
    return [s for s in segments if s.startswith("CLM*")]


def test_the_selected_encounters_go_out_one_claim_each(history, answers, tmp_path):
    select(history, "Byron", "Turing")
    history.actions["export"].trigger()
    out = tmp_path / "claims.837"
    assert out.read_text(encoding="ascii").startswith("ISA*")
    assert len(claims_in(out)) == 2
    told = answers["inform_text"][0]
    assert told.startswith(f"Wrote {out}") and "2 claims, interchange number 0000000" in told
    assert "ask_export_anyway_text" not in answers
    assert history.message.text() == f"Wrote {out}: 2 claims, interchange 000000001."


def test_exported_claims_can_be_marked_sent_at_once(history, answers, db):
    from datetime import date

    from app.store.encounters import HistoryFilter, list_encounters
    ids = select(history, "Byron", "Turing")
    answers["mark_sent"] = True
    history.actions["export"].trigger()
    sent = {r["id"]: r["sent_on"] for r in list_encounters(db, HistoryFilter(status="sent"))}
    assert sent == {i: date.today().isoformat() for i in ids}
    assert history.message.text().endswith("Marked as sent.")


def test_the_file_is_valid_to_pyx12(history, answers, tmp_path):
    select(history, "Byron")
    history.actions["export"].trigger()
    ok, errors = pyx12_verdict(tmp_path / "claims.837")
    assert ok, errors


def test_error_findings_are_refused_in_words_then_exported_anyway_on_purpose(history, answers, tmp_path):
    select(history, "Byron", "Hopper")
    history.actions["export"].trigger()
    (refusal,) = answers["ask_export_anyway_text"][0]
    assert refusal.startswith("1 encounter of the 2 selected has error findings")
    assert "Hopper, Ada 03/08/2026 (#" in refusal and "NPI_INVALID: " in refusal
    assert not (tmp_path / "claims.837").exists() and "inform_text" not in answers
    answers["anyway"] = True
    history.actions["export"].trigger()
    assert len(claims_in(tmp_path / "claims.837")) == 2
    assert "Exported anyway: 1 claim with error findings." in answers["inform_text"][0]


def test_missing_settings_are_named_with_the_way_to_settings(qtbot, history, answers, db, tmp_path):
    set_settings(db, {"x12.sender_id": "", "practice.tax_id": ""})
    select(history, "Byron")
    answers["settings"] = True
    with qtbot.waitSignal(history.settings_requested):
        history.actions["export"].trigger()
    text, settings_missing = answers["tell_missing_text"][0]
    assert settings_missing and "Practice settings: submitter id (x12.sender_id)" in text
    assert "Practice settings: billing provider tax id, 9 digits (practice.tax_id)" in text
    assert text.endswith("Fill in the settings under Practice ▸ Settings, then export again.")
    assert not (tmp_path / "claims.837").exists()


def test_missing_encounter_data_has_no_override_and_no_settings_button(history, answers, db, tmp_path):
    from app.store.encounters import load_document

    (encounter_id,) = select(history, "Turing")
    document = load_document(db, encounter_id)
    del document["patient"]["address"]
    db.execute("UPDATE encounters SET document = ? WHERE id = ?", [json.dumps(document), encounter_id])
    history.actions["export"].trigger()
    text, settings_missing = answers["tell_missing_text"][0]
    assert not settings_missing
    assert f"Turing, Ada 03/09/2026 (#{encounter_id}): patient address (patient.address)" in text
    assert text.endswith("Open the encounters named to fill in their fields, then export again.")
    assert not (tmp_path / "claims.837").exists()


def test_an_encounter_the_check_cannot_use_is_named(history, answers, db, tmp_path):
    (encounter_id,) = select(history, "Byron")
    db.execute("UPDATE encounters SET document = json_set(document, '$.injections[0].dose.amount', 'sixty') "
               "WHERE id = ?", [encounter_id])
    history.actions["export"].trigger()
    told = answers["tell_text"][0]
    assert f"Byron, Ada 03/10/2026 (#{encounter_id}): Injection 1, dose amount: must be a number" in told
    assert not (tmp_path / "claims.837").exists()


def test_cancelled_while_checking_writes_nothing_and_takes_no_number(history, answers, db, tmp_path,
                                                                     monkeypatch):
    ids = select(history, "Byron", "Turing")
    numbers = db.execute("SELECT * FROM control_numbers").fetchall()
    assert history_export.check_selected(db, ids, cancelled=lambda done: done == 1) is None
    checking = history_export.check_selected               # Cancel pressed once the first is checked
    monkeypatch.setattr(history_export, "check_selected", lambda db, ids, _: checking(db, ids, lambda d: d == 1))
    history.actions["export"].trigger()
    assert history.message.text() == "Export cancelled; nothing was written."
    assert not list(tmp_path.glob("*claims.837*"))
    assert db.execute("SELECT * FROM control_numbers").fetchall() == numbers


def test_a_payer_without_its_837p_id_is_named_once_with_the_way_to_the_payer_rules(history, answers, db, tmp_path):
    set_payer_837_ids(db, {"medicare": ""})
    select(history, "Byron", "Turing")
    history.actions["export"].trigger()
    text, settings_missing = answers["tell_missing_text"][0]
    assert text.count("x12_payer_id") == 1 and not settings_missing      # said once; not a practice setting
    assert "Payer settings: the 837P payer id of Medicare Part B (payer setting x12_payer_id" in text
    assert "ill in the payer's 837P id under Practice ▸ Payer rules, then export again." in text
    assert not (tmp_path / "claims.837").exists()
