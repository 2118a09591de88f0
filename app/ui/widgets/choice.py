"""A combo box of plain-word choices standing for encounter values ("Female" for "F").

A value the list does not know (from a file) is added as its own entry instead of being
dropped, so whatever was in the encounter is kept and the check can name it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

NOT_CHOSEN = "—"


class ChoiceBox(QComboBox):
    """Choices as (value, words); `value()` is the chosen value, None for the blank entry."""

    value_changed = Signal()

    def __init__(self, choices: list[tuple[object, str]], blank: str | None = NOT_CHOSEN,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.blank = blank
        self._add_choices(choices)
        self.currentIndexChanged.connect(lambda _: self.value_changed.emit())

    def _add_choices(self, choices: list[tuple[object, str]]) -> None:
        if self.blank is not None:
            self.addItem(self.blank, None)
        for value, words in choices:
            self.addItem(words, value)

    def set_choices(self, choices: list[tuple[object, str]]) -> None:
        """Offer other choices, keeping the value chosen (as its own entry when no longer offered),
        so no `value_changed`."""
        value = self.value()
        self.blockSignals(True)
        try:
            self.clear()
            self._add_choices(choices)
            self.set_value(value)
        finally:
            self.blockSignals(False)

    def value(self):
        return self.currentData()

    def set_value(self, value) -> None:
        index = self._index_of(value)
        if index < 0 and value is None:
            index = 0
        if index < 0:
            self.addItem(f"{value} (not in the list)", value)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def _index_of(self, value) -> int:
        for index in range(self.count()):
            data = self.itemData(index)
            if data == value and type(data) is type(value):
                return index
        return -1
