"""The history list as a paged model: the first page listed, the next fetched as the biller
scrolls, the count of all found; nothing listed before the tab is first shown (in the main
window too); on a database file a filter is listed off the GUI thread and keystrokes typed
meanwhile are folded into the last."""

from __future__ import annotations

import threading

import pytest

from app.store import encounters
from app.store.encounters import PAGE
from app.ui.history_view import HistoryView

COLUMNS = ("patient", "member_id", "date_of_service", "payer", "codes", "status", "findings", "document")


def add_many(db, count: int, surname: str = "Patient") -> None:
    rows = [dict(zip(COLUMNS, (f"{surname}{n:04d}, Test", f"M{n:05d}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                               "medicare", "96372 J3420", "clean", "", "{}"))) for n in range(count)]
    db["encounters"].insert_all(rows, alter=False)


def shown_view(qtbot, db) -> HistoryView:
    view = HistoryView(db)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    return view


def test_the_list_comes_a_page_at_a_time(qtbot, db):
    add_many(db, PAGE * 2 + 50)
    view = shown_view(qtbot, db)
    assert view.model.rowCount() == PAGE and view.model.canFetchMore()
    assert view.count.text() == f"{PAGE * 2 + 50:,} of {PAGE * 2 + 50:,} saved encounters shown"
    view.model.fetchMore()
    assert view.model.rowCount() == PAGE * 2
    view.table.scrollToBottom()                 # the view asks for the rest itself
    qtbot.waitUntil(lambda: view.model.rowCount() == PAGE * 2 + 50)
    assert not view.model.canFetchMore()
    ids = [view.model.encounter_id(r) for r in range(view.model.rowCount())]
    assert len(set(ids)) == len(ids)


def test_nothing_is_listed_before_the_tab_is_shown(qtbot, db, monkeypatch):
    add_many(db, 3)
    asked = []
    listing = encounters.list_encounters
    monkeypatch.setattr(encounters, "list_encounters", lambda *a: asked.append(a) or listing(*a))
    view = HistoryView(db)
    qtbot.addWidget(view)
    view.refresh()                               # a save while the wizard is in front
    assert asked == [] and view.model.rowCount() == 0
    view.show()
    assert view.model.rowCount() == 3 and len(asked) == 1


def test_the_main_window_lists_the_history_when_its_tab_is_shown(qtbot, db_file, monkeypatch):
    from app.ui import create_main_window

    asked = []
    listing = encounters.list_encounters
    monkeypatch.setattr(encounters, "list_encounters", lambda *a: asked.append(a) or listing(*a))
    window = create_main_window(db_file)
    qtbot.addWidget(window)
    window.show()
    assert asked == []
    window.tabs.setCurrentWidget(window.history)
    assert asked and window.history.model.generation > 0


@pytest.fixture
def on_file(db_file):
    from app.store.db import connect

    database = connect(db_file)
    yield database
    database.conn.close()


def test_a_filter_is_listed_off_the_gui_thread(qtbot, on_file, monkeypatch):
    add_many(on_file, 30)
    add_many(on_file, 2, surname="Turing")
    threads = []
    listing = encounters.list_encounters
    monkeypatch.setattr(encounters, "list_encounters",
                        lambda *a: threads.append(threading.get_ident()) or listing(*a))
    view = shown_view(qtbot, on_file)
    assert view.model.rowCount() == 32
    with qtbot.waitSignal(view.model.counted):
        for typed in ("t", "tu", "tur", "turi"):           # typed faster than listed: the last one wins
            view.filters.text.setText(typed)
    qtbot.waitUntil(lambda: not view.model.busy())
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == \
        ["Turing0001, Test", "Turing0000, Test"]                   # the newest date of service first
    assert view.count.text() == "2 of 32 saved encounters shown"
    assert threading.get_ident() in threads and any(t != threading.get_ident() for t in threads)


def test_selecting_every_row_listed_selects_every_row_found(qtbot, db):
    add_many(db, PAGE + 30)
    view = shown_view(qtbot, db)
    assert view.model.rowCount() == PAGE
    view.table.setFocus()
    view.table.selectAll()                        # Ctrl+A
    assert len(view.selected_ids()) == PAGE + 30
    assert view.count.text().endswith(f"; {PAGE + 30:,} selected")


def test_marking_a_row_far_down_keeps_it_listed_and_selected(qtbot, db, monkeypatch):
    from datetime import date

    from app.ui import dialogs

    add_many(db, PAGE * 2 + 10)
    view = shown_view(qtbot, db)
    view.model.fetchMore()
    far = view.model.encounter_id(PAGE + 5)
    view.select_ids([far])
    view.table.scrollTo(view.model.index(PAGE + 5, 0))
    monkeypatch.setattr(dialogs, "ask_sent_date", lambda parent, count: date(2026, 3, 13))
    view.actions["sent"].trigger()
    assert view.model.rowCount() == PAGE * 2 and view.selected_ids() == [far]
    assert view.model.index(view.model.row_of(far), 5).data() == "Sent 03/13/2026"
