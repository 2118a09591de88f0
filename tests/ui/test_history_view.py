"""The history list: the columns, search by words, date range and status, sorting by a click on
a column header, marking as sent (the date asked) and not sent, delete with Undo, the keys and
the context menu, and the screenshot of the tab."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from ui_helpers import CLEAN, history_cells

from app.ui import dialogs
from app.ui.history_view import HistoryView

STATUS = 5


def encounter(last: str, first: str, member_id: str, day: str, payer: str = "medicare", **changes) -> dict:
    document = copy.deepcopy(CLEAN)
    document["patient"].update(last_name=last, first_name=first, member_id=member_id)
    document.update(date_of_service=day, payer=payer, **changes)
    return document


def save_three(db) -> dict[str, int]:
    """Byron (clean, 03/10), Turing (commercial, 01/15), Hopper (an error: bad NPI, 02/01)."""
    from app.check import Checker

    checker = Checker(db)
    bad_npi = {**CLEAN["rendering_provider"], "npi": "1234567890"}
    documents = {"byron": encounter("Byron", "Ada", "1EG4TE5MK73", "2026-03-10"),
                 "turing": encounter("Turing", "Alan", "XKJ889", "2026-01-15", "commercial"),
                 "hopper": encounter("Hopper", "Grace", "7QW2ER4TY66", "2026-02-01", rendering_provider=bad_npi)}
    return {name: checker.save(document)[0] for name, document in documents.items()}


@pytest.fixture
def saved(db):
    return save_three(db)


@pytest.fixture
def history(qtbot, db, saved):
    view = HistoryView(db)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    return view


def select_rows(view, *rows: int) -> None:
    view.table.clearSelection()
    for row in rows:
        view.table.selectionModel().select(view.model.index(row, 0),
                                           QItemSelectionModel.Select | QItemSelectionModel.Rows)


def test_columns_newest_first_with_status_in_words(history):
    rows = history_cells(history)
    assert [history.model.headerData(c, Qt.Horizontal) for c in range(6)] == \
        ["Patient", "Member id", "Date of service", "Payer", "Codes", "Status"]
    assert [r[0] for r in rows] == ["Byron, Ada", "Hopper, Grace", "Turing, Alan"]
    assert rows[0] == ["Byron, Ada", "1EG4TE5MK73", "03/10/2026", "Medicare Part B", "99213 96372 J3420", "Clean"]
    assert rows[1][STATUS] == "1 error"
    assert "NPI_INVALID" in history.model.index(1, STATUS).data(Qt.ToolTipRole)
    assert not history.model.index(1, STATUS).data(Qt.DecorationRole).isNull()
    assert history.count.text() == "3 of 3 saved encounters shown"


def test_search_by_words_dates_and_status(qtbot, history):
    filters = history.filters
    for typed, expected in (("turing", ["Turing, Alan"]), ("xkj889", ["Turing, Alan"]),
                            ("byron j3420", ["Byron, Ada"]), ("npi_invalid", ["Hopper, Grace"]), ("lovelace", [])):
        filters.text.setText(typed)
        assert history_cells(history, 0) == expected, typed
    filters.text.clear()
    qtbot.keyClicks(filters.date_from, "01/20/2026")
    qtbot.keyClicks(filters.date_to, "2/28/26")
    assert history_cells(history, 0) == ["Hopper, Grace"]
    assert history.count.text() == "1 of 3 saved encounters shown"
    filters.date_to.clear()
    filters.status.set_value("errors")
    assert history_cells(history, 0) == ["Hopper, Grace"]
    filters.clear()
    assert len(history_cells(history)) == 3 and filters.status.value() is None


def test_a_date_that_is_not_a_date_is_named_beside_the_fields(qtbot, history):
    filters = history.filters
    qtbot.keyClicks(filters.date_from, "13/45/2026")
    filters.date_from.editingFinished.emit()
    assert not filters.problem.isHidden()
    assert "13/45/2026 is not a date" in filters.problem.text()
    assert len(history_cells(history)) == 3               # left out of the filter, not a wall of nothing
    filters.date_from.setText("03/01/2026")
    assert filters.problem.isHidden()
    assert history_cells(history, 0) == ["Byron, Ada"]


def test_sort_by_a_click_on_any_column_header(qtbot, history):
    header = history.table.horizontalHeader()

    def click(column: int) -> None:
        where = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=where)
    click(0)
    assert history_cells(history, 0) == ["Byron, Ada", "Hopper, Grace", "Turing, Alan"]     # patient, A to Z
    click(0)
    assert history_cells(history, 0) == ["Turing, Alan", "Hopper, Grace", "Byron, Ada"]
    for column in (1, 3, 4):
        click(column)
        shown = history_cells(history, column)
        assert shown == sorted(shown, reverse=header.sortIndicatorOrder() == Qt.DescendingOrder), column
    history.table.sortByColumn(STATUS, Qt.AscendingOrder)              # what needs work first
    assert history_cells(history, STATUS) == ["1 error", "Clean", "Clean"]


def test_mark_as_sent_asks_the_date_and_keeps_the_selection(history, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "ask_sent_date", lambda parent, count: asked.append(count) or date(2026, 3, 13))
    select_rows(history, 0, 2)
    history.actions["sent"].trigger()
    assert asked == [2]
    assert history_cells(history, STATUS) == ["Sent 03/13/2026", "1 error", "Sent 03/13/2026"]
    assert history.message.text() == "Marked 2 encounters as sent on 03/13/2026."
    assert history.selected_ids() == [history.model.encounter_id(0), history.model.encounter_id(2)]
    history.filters.status.set_value("sent")
    assert history_cells(history, 0) == ["Byron, Ada", "Turing, Alan"]
    select_rows(history, 1)
    history.actions["not_sent"].trigger()
    assert history_cells(history, 0) == ["Byron, Ada"]


def test_mark_as_sent_cancelled_changes_nothing(history, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_sent_date", lambda parent, count: None)
    select_rows(history, 0)
    history.actions["sent"].trigger()
    assert "Sent" not in " ".join(history_cells(history, STATUS))


def test_the_sent_date_dialog_says_today_and_refuses_what_is_not_a_date(qtbot):
    dialog = dialogs.SentDateDialog(2)
    qtbot.addWidget(dialog)
    assert dialog.sent_on.parsed() == date.today()
    assert dialog.sent_on.objectName() == "sent_on" and dialog.sent_on.accessibleName() == "Sent on"
    dialog.sent_on.setText("02/30/2026")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "not a date" in dialog.problem.text()
    dialog.sent_on.setText("03/13/2026")
    assert ok.isEnabled() and dialog.problem.isHidden()


def test_delete_by_key_and_undo_with_ctrl_z(qtbot, history):
    history.table.setFocus()
    history.table.setCurrentIndex(history.model.index(0, 0))
    select_rows(history, 0, 1)
    qtbot.keyClick(history.table, Qt.Key_Delete)
    assert history_cells(history, 0) == ["Turing, Alan"]
    assert history.message.text().startswith("Deleted 2 encounters. Undo (Ctrl+Z)")
    assert history.undo_button.isVisible()
    qtbot.keyClick(history.table, Qt.Key_Z, Qt.ControlModifier)
    assert history_cells(history, 0) == ["Byron, Ada", "Hopper, Grace", "Turing, Alan"]
    assert len(history.selected_ids()) == 2 and not history.undo_button.isVisible()
    assert history.message.text() == "Brought back 2 deleted encounters."


def test_undo_brings_back_the_last_delete_first(history):
    for name in ("Byron, Ada", "Hopper, Grace"):
        select_rows(history, history_cells(history, 0).index(name))
        history.actions["delete"].trigger()
    assert history.message.text() == "Deleted Hopper, Grace 02/01/2026. Undo (Ctrl+Z) brings it back."
    history.undo_button.click()
    assert history_cells(history, 0) == ["Hopper, Grace", "Turing, Alan"]
    history.undo_button.click()
    assert len(history_cells(history)) == 3


def test_actions_in_the_context_menu_and_on_buttons_need_a_selection(history):
    texts = [a.text().replace("&", "") for a in history.table.actions()]
    assert texts == ["Open in the wizard", "Mark sent…", "Mark not sent", "Delete", "Export 837P…",
                     "Undo delete"]
    assert history.table.contextMenuPolicy() == Qt.ActionsContextMenu
    buttons = [history.findChild(type(history.recheck), f"history_{n}_button") for n in ("open", "sent", "export")]
    assert not any(b.isEnabled() for b in buttons)
    select_rows(history, 1)
    assert all(b.isEnabled() for b in buttons)
    assert history.count.text() == "3 of 3 saved encounters shown; 1 selected"


def test_open_from_the_button_or_enter(qtbot, history, saved):
    select_rows(history, 2)
    with qtbot.waitSignal(history.open_requested) as opened:
        history.findChild(type(history.recheck), "history_open_button").click()
    assert opened.args == [saved["turing"]]
    history.table.setCurrentIndex(history.model.index(1, 0))
    with qtbot.waitSignal(history.open_requested) as opened:
        qtbot.keyClick(history.table, Qt.Key_Return)
    assert opened.args == [saved["hopper"]]


def test_screenshot_of_the_history_tab(qtbot, window, monkeypatch):
    """docs/screenshots/saved_encounters.png when INJECTCLAIM_SCREENSHOTS names the folder."""
    save_three(window.db)
    more = [encounter("Lovelace", "Ada", "5TG7YH2UJ81", "2026-03-05", "medicaid", visit=None),
            encounter("Noether", "Emmy", "9PL3KM8NB24", "2026-02-20", "commercial",
                      visit={"code": "99214", "separately_identifiable": True})]
    from app.check import Checker

    for document in more:
        Checker(window.db).save(document)
    from app.ui.practice_menus import install_practice_menus

    install_practice_menus(window, window.db, None)          # the menu bar as the app has it
    history = window.history
    window.tabs.setCurrentWidget(history)                    # the tab lists when it is shown
    monkeypatch.setattr(dialogs, "ask_sent_date", lambda parent, count: date(2026, 3, 12))
    select_rows(history, history_cells(history, 0).index("Noether, Emmy"))
    history.actions["sent"].trigger()
    select_rows(history, 0, 1)
    window.resize(1100, 520)
    qtbot.wait(1)
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", window.database_file.parent))
    assert window.grab().save(str(folder / "saved_encounters.png"))
