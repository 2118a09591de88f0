"""The whole flow by keyboard alone: one encounter typed from the first field to the review
page with key presses only (Tab, typing, Space, Enter, Alt+N), and every input labelled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QListWidget,
                               QTableWidget, QTreeWidget, QWidget)
from ui_helpers import field


@pytest.fixture
def keyboard(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    class Keyboard:
        def focused(self):
            return QApplication.focusWidget()

        def type(self, text: str) -> None:
            qtbot.keyClicks(self.focused(), text)

        def press(self, key, modifier=Qt.NoModifier, times: int = 1) -> None:
            for _ in range(times):
                qtbot.keyClick(self.focused(), key, modifier)

        def tab(self, times: int = 1) -> None:
            self.press(Qt.Key_Tab, times=times)

        def next_page(self) -> None:
            """Alt+N: the Next button's own mnemonic (a button clicks ~100 ms after its shortcut)."""
            before = window.wizard.currentId()
            self.press(Qt.Key_N, Qt.AltModifier)
            qtbot.waitUntil(lambda: window.wizard.currentId() != before)

    return Keyboard()


def fill(keys, *values) -> None:
    """Type each value into the focused field, Tab between them (None: leave the field)."""
    for number, value in enumerate(values):
        if number:
            keys.tab()
        if value is not None:
            keys.type(value)


def test_one_encounter_by_keyboard_alone(qtbot, window, keyboard):
    wizard, keys = window.wizard, keyboard
    service = (date.today() - timedelta(days=2)).strftime("%m/%d/%Y")
    assert keys.focused().objectName() == "patient_search"       # a returning patient? not this time
    keys.tab()
    assert keys.focused().objectName() == "payer"
    fill(keys, "Medicare", "Byron", "Ada", "04/02/1951", "F", "1EG4TE5MK73", None, "A1001")   # no group number
    keys.next_page()
    assert wizard.currentPage().objectName() == "page_visit"
    assert keys.focused().objectName() == "date_of_service"
    fill(keys, service, None, "1234567893", "Hopper", "Grace", "Medical", "In", "99213")
    keys.tab()
    keys.press(Qt.Key_Space)
    keys.next_page()
    assert keys.focused().objectName() == "diagnosis_search"
    keys.type("b12 anemia intrinsic")
    keys.press(Qt.Key_Return)
    assert wizard.page_named("diagnoses").codes() == ["D51.0"]
    keys.next_page()
    assert keys.focused().objectName() == "drug_search"
    keys.type("j3420")
    keys.press(Qt.Key_Return)
    assert keys.focused().objectName() == "injections[0].dose.amount"
    keys.type("1000")
    keys.tab(4)          # dose unit, discarded amount and unit, route
    assert keys.focused().objectName() == "injections[0].route"
    keys.type("Intram")
    keys.next_page()
    assert keys.focused().objectName() == "documentation.order"
    for _ in range(3):
        keys.press(Qt.Key_Space)
        keys.tab()
    keys.next_page()
    assert wizard.currentPage().objectName() == "page_review"
    document = wizard.document()
    assert document["patient"] == {"last_name": "Byron", "first_name": "Ada", "date_of_birth": "1951-04-02",
                                   "sex": "F", "member_id": "1EG4TE5MK73", "account_number": "A1001"}
    assert document["visit"] == {"code": "99213", "separately_identifiable": True}
    assert document["injections"][0]["dose"] == {"amount": 1000, "unit": "mcg"}
    assert document["documentation"] == {"order": True, "administration_record": True, "medical_necessity": True}
    review = wizard.review
    assert [review.lines.item(r, 2).text() for r in range(review.lines.rowCount())] == ["99213", "96372", "J3420"]
    assert review.status.text().startswith(("Clean", "Found"))
    assert "error" not in review.status.text()


def test_tab_order_follows_the_layout(window):
    page = window.wizard.page_named("patient")
    order, widget = [], page.nextInFocusChain()
    while widget is not page:
        if page.isAncestorOf(widget) and widget.isVisibleTo(page) and widget.objectName() \
                and not widget.objectName().startswith("qt_"):
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    assert order == ["patient_search", "payer", "patient.last_name", "patient.first_name", "patient.date_of_birth",
                     "patient.sex", "patient.member_id", "group_number", "patient.account_number",
                     "patient.address.line1", "patient.address.city", "patient.address.state", "patient.address.zip",
                     "subscriber.relationship", "secondary_insurance"]


def named_inputs(parent) -> list:
    kinds = (QLineEdit, QComboBox, QAbstractButton, QListWidget, QTreeWidget, QTableWidget)
    return [w for w in parent.findChildren(QWidget) if isinstance(w, kinds)
            and w.objectName() and not w.objectName().startswith(("qt_", "_"))]


def test_every_input_has_a_label_and_an_accessible_name(window):
    window.wizard.page_named("injections").add_button.click()
    inputs = named_inputs(window)
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy() is not None}
    assert len(inputs) > 60
    for widget in inputs:
        assert widget.accessibleName() or isinstance(widget, QAbstractButton) and widget.text(), widget.objectName()
        if isinstance(widget, (QLineEdit, QComboBox, QListWidget, QTableWidget)):
            assert id(widget) in buddies, f"{widget.objectName()} has no label"


def test_npi_checked_as_typed(qtbot, wizard):
    wizard.next()
    npi = field(wizard, "rendering_provider.npi")
    npi.setText("1234567890")
    label = wizard.page_named("visit").form.problems["rendering_provider.npi"]
    qtbot.waitUntil(lambda: label.isVisible())
    assert "check digit" in label.text()
    npi.setText("1234567893")
    qtbot.waitUntil(lambda: not label.isVisible())


def clipped(page) -> list[str]:
    """Visible labels narrower than their text, and inputs squashed below their height."""
    found = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, (QLabel, QLineEdit, QComboBox, QAbstractButton)):
            continue
        if not widget.isVisibleTo(page) or widget.objectName().startswith("qt_") or \
                isinstance(widget.parent(), QLineEdit):        # a line edit's own icon button
            continue
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() and widget.width() < hint.width() - 1:
            found.append(f"label {widget.text()!r} {widget.width()} < {hint.width()}")
        if widget.height() < widget.minimumSizeHint().height() - 1:
            found.append(f"{type(widget).__name__} {widget.objectName() or widget.text()!r} squashed "
                         f"{widget.height()} < {widget.minimumSizeHint().height()}")
    return found


def test_layout_holds_at_150_percent_font(qtbot, window, encounter_file):
    font = window.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    window.setFont(font)
    window.resize(1280, 900)
    window.open_encounter(encounter_file())
    wizard = window.wizard
    while True:
        qtbot.wait(1)
        assert clipped(wizard.currentPage()) == [], wizard.currentPage().objectName()
        window.grab().save(str(encounter_file().parent / f"{wizard.currentPage().objectName()}.png"))
        if wizard.currentPage().objectName() == "page_review":
            break
        wizard.next()


def mnemonics(widgets) -> list[str]:
    from PySide6.QtGui import QKeySequence

    keys = [QKeySequence.mnemonic(w.text()).toString() for w in widgets if hasattr(w, "text")]
    return [k for k in keys if k]


def test_no_two_alt_keys_alike_on_a_page(qtbot, window, encounter_file):
    """Alt+letter reaches one field: the page's labels and buttons, the wizard's buttons, the
    tabs and the menus never share a letter."""
    from app.ui.practice_menus import install_practice_menus

    install_practice_menus(window, window.db, None)          # as the app starts: Practice, Help
    window.open_encounter(encounter_file())
    window.wizard.page_named("injections").add_button.click()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    menus = [a.text() for a in window.menuBar().actions()]
    everywhere = [QLabel(t) for t in tabs + menus]
    while True:
        page = window.wizard.currentPage()
        visible = [w for w in page.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))
                   and w.isVisibleTo(page) and not (isinstance(w, QLabel) and w.buddy() is None)]
        buttons = [b for b in window.wizard.findChildren(QAbstractButton) if b.isVisible() and not page.isAncestorOf(b)]
        keys = mnemonics(visible + buttons + everywhere)
        panels = max(1, len(getattr(page, "panels", [])))
        repeated = {k for k in keys if keys.count(k) > panels}      # each injection panel repeats its own
        assert not repeated, f"{page.objectName()}: {repeated}"
        if page.objectName() == "page_review":
            break
        window.wizard.next()
