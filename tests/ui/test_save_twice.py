"""Saving identical content a second time asks first; the second copy, when the biller wants it, is
a DUPLICATE_SERVICE of the first (spec/findings.md, History)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import open_at_review, shown_codes, walk_to_review

from app.store.encounters import count_encounters


def answering(monkeypatch, answer: bool) -> list:
    asked = []
    monkeypatch.setattr("app.ui.dialogs.ask_save_identical_again",
                        lambda parent, saved_ids: asked.append(list(saved_ids)) or answer)
    return asked


def test_the_first_save_asks_nothing(qtbot, window, encounter_file, monkeypatch):
    asked = answering(monkeypatch, False)
    review = open_at_review(qtbot, window, encounter_file())
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    assert asked == [] and count_encounters(window.db) == 1


def test_saving_the_same_file_again_asks_and_no_keeps_one(qtbot, window, encounter_file, monkeypatch):
    path = encounter_file()
    review = open_at_review(qtbot, window, path)
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    first_id = window.wizard.encounter_id
    asked = answering(monkeypatch, False)
    review = open_at_review(qtbot, window, path)
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    assert asked == [[first_id]] and count_encounters(window.db) == 1
    assert window.wizard.encounter_id is None and f"#{first_id}" in review.status.text()


def test_yes_saves_a_second_copy_that_is_a_duplicate(qtbot, window, encounter_file, monkeypatch):
    path = encounter_file()
    review = open_at_review(qtbot, window, path)
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    asked = answering(monkeypatch, True)
    review = open_at_review(qtbot, window, path)
    assert "DUPLICATE_SERVICE" in shown_codes(review)  # the check already says so before the save
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    assert len(asked) == 1 and count_encounters(window.db) == 2
    assert "DUPLICATE_SERVICE" in shown_codes(review)


def test_saving_an_opened_entry_unchanged_asks_nothing(qtbot, window, encounter_file, monkeypatch):
    review = open_at_review(qtbot, window, encounter_file())
    qtbot.mouseClick(review.save_history, Qt.LeftButton)
    saved_id = window.wizard.encounter_id
    asked = answering(monkeypatch, False)
    window.open_saved(saved_id)
    walk_to_review(qtbot, window.wizard)
    qtbot.mouseClick(window.wizard.review.save_history, Qt.LeftButton)
    assert asked == [] and count_encounters(window.db) == 1
    assert "DUPLICATE_SERVICE" not in shown_codes(window.wizard.review)
