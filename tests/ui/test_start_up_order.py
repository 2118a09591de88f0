"""The app's own start (open_window, as `injectclaim` does it) makes only the first wizard page
before the window shows; the other pages and the history tab are made once it is up. Nothing the
biller gave meanwhile (a file opened, a saved encounter) is lost by a page made later, and a page
not made yet neither adds nor drops a field of the encounter."""

from __future__ import annotations

import json

from ui_helpers import CLEAN, field, walk_to_review


def _started(qtbot, db_file, file=None):
    from app.ui import open_window

    window = open_window(db_file, file=file)
    qtbot.addWidget(window)
    return window


def _made(window) -> list[str]:
    return [page.objectName() for page in window.wizard.pages if page.built]


def test_only_the_first_page_is_made_before_the_window_shows(qtbot, db_file):
    window = _started(qtbot, db_file)
    assert _made(window) == ["page_patient"]
    assert window._history is None
    assert len(window.still_to_make()) == 6          # five pages and the history tab
    window.show()
    qtbot.waitUntil(lambda: len(_made(window)) == 6 and window._history is not None, timeout=5000)
    assert window.still_to_make() == []
    assert window.tabs.widget(1) is window.history
    assert window.tabs.currentWidget() is window.wizard       # making the history did not switch tabs
    assert window.findChild(type(field(window.wizard, "date_of_service")), "date_of_service") is not None
    window.close()


def test_a_file_opened_before_the_pages_are_made_shows_in_them(qtbot, db_file, tmp_path):
    path = tmp_path / "encounter.json"
    path.write_text(json.dumps(CLEAN), encoding="utf-8")
    window = _started(qtbot, db_file, file=path)
    assert _made(window) == ["page_patient"]
    assert window.wizard.document() == CLEAN          # the pages not made store nothing of their own
    window.show()
    walk_to_review(qtbot, window.wizard)              # each page made as Next reaches it
    assert field(window.wizard, "date_of_service").text() == "03/10/2026"
    assert window.wizard.document() == CLEAN
    assert window.wizard.review.built
    window.close()


def test_the_history_tab_is_made_when_the_biller_clicks_it(qtbot, db_file):
    window = _started(qtbot, db_file)
    window.tabs.setCurrentIndex(1)
    assert window._history is not None
    assert window.tabs.currentWidget() is window.history
    window.close()


def test_pages_made_after_a_file_opened_are_not_taken_for_typing(qtbot, db_file, tmp_path):
    """A file with a dose written as text and a US date: the pages show them as they store them.
    Walking through the pages made later, with nothing typed, leaves no unfinished draft."""
    document = json.loads(json.dumps(CLEAN))
    document["injections"][0]["dose"]["amount"] = "1000"
    document["date_of_service"] = "03/10/2026"
    path = tmp_path / "typed-by-hand.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    window = _started(qtbot, db_file, file=path)
    window.show()
    walk_to_review(qtbot, window.wizard)
    window.wizard.flush()
    assert window.wizard.document()["date_of_service"] == "2026-03-10"     # as the visit page stores it
    assert window.draft.read() is None
    field(window.wizard, "patient.first_name").setText("Augusta")          # real typing still makes a draft
    window.wizard.flush()
    assert window.draft.read()["document"]["patient"]["first_name"] == "Augusta"
    window.close()
