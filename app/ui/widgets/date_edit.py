"""A date field that takes dates the way billers type them: 03/10/2026, 3/10/26, 03102026
or 2026-03-10, with a calendar on Alt+Down (or the button) for the mouse.

The encounter gets the ISO date when the text is a date, and the text as typed when it is
not (the check then names the field), so nothing typed is lost.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from app.ui.icons import icon
from app.core.field_names import us_date  # noqa: F401  (the pages import it from here)

_US = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    pivot = date.today().year % 100 + 1          # 26 → 2026, 27 → 1927 when typed in 2026
    return 2000 + int(year) if int(year) <= pivot else 1900 + int(year)


def parse_typed_date(text: str) -> date | None:
    """The date in `text` (US month/day/year or ISO), or None."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(*map(int, match.groups()))
        if match := _US.match(text) or _DIGITS.match(text):
            month, day, year = match.groups()
            return date(_full_year(year), int(month), int(day))
    except ValueError:
        return None
    return None


class DateEdit(QLineEdit):
    """Typed dates in, ISO dates out."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("MM/DD/YYYY")
        self.setMaxLength(20)
        self.editingFinished.connect(self._tidy)
        self._calendar_action = self.addAction(icon("calendar"), QLineEdit.TrailingPosition)
        self._calendar_action.setToolTip("Pick from a calendar (Alt+Down)")
        self._calendar_action.triggered.connect(self.show_calendar)

    def parsed(self) -> date | None:
        return parse_typed_date(self.text())

    def value(self) -> str | None:
        """ISO date when the text is a date, the text as typed otherwise, None when blank."""
        text = self.text().strip()
        if not text:
            return None
        parsed = self.parsed()
        return parsed.isoformat() if parsed else text

    def set_value(self, value: object) -> None:
        if value is None:
            self.clear()
            return
        parsed = parse_typed_date(str(value))
        self.setText(us_date(parsed) if parsed else str(value))

    def _tidy(self) -> None:
        parsed = self.parsed()
        if parsed and self.text() != us_date(parsed):
            self.setText(us_date(parsed))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Down and event.modifiers() & Qt.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        parsed = self.parsed()
        if parsed:
            calendar.setSelectedDate(QDate(parsed.year, parsed.month, parsed.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        calendar.activated.connect(lambda d: (self.setText(d.toString("MM/dd/yyyy")), menu.close()))
        calendar.clicked.connect(lambda d: (self.setText(d.toString("MM/dd/yyyy")), menu.close()))
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()

