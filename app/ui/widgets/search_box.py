"""Search as you type: a text field over a list of results, every keystroke answered at once.

The page gives it a `find(text) -> results` function and how to show a result; the biller
types, presses Down to walk the results and Enter to pick one (Enter in the text field picks
the first). A result that cannot be picked (an ICD-10-CM category) opens to show what is
below it instead. Enter with no result hands the typed text over as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

Row = tuple[str, ...]


class SearchBox(QWidget):
    """A search field and its results; `picked(result)` or `typed(text)` when the biller chooses."""

    picked = Signal(object)
    typed = Signal(str)

    def __init__(self, name: str, columns: list[str], find: Callable[[str], list],
                 describe: Callable[[object], Row], pickable: Callable[[object], bool] = lambda r: True,
                 children: Callable[[object], list] | None = None, hide_when_empty: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.hide_when_empty = hide_when_empty
        self._shown: list = []
        self.find, self.describe, self.pickable, self.children = find, describe, pickable, children
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}_search")
        self.edit.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setObjectName(f"{name}_results")
        self.results.setHeaderLabels(columns)
        self.results.setRootIsDecorated(children is not None)
        self.results.setUniformRowHeights(True)
        self.results.setAccessibleName(f"{columns[-1]} found")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self.edit.textChanged.connect(self.refresh)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(lambda item, _: self._choose(item))
        self.results.itemExpanded.connect(self._fill_children)
        self.results.setVisible(not hide_when_empty)

    def refresh(self) -> None:
        """Show the results for the text as it stands."""
        self.results.clear()
        self._shown = []
        text = self.edit.text().strip()
        if text:
            self.results.addTopLevelItems([self._item(r) for r in self.find(text)])
        for column in range(self.results.columnCount() - 1):     # the last one takes the rest
            self.results.resizeColumnToContents(column)
        if self.hide_when_empty:
            self.results.setVisible(self.results.topLevelItemCount() > 0)

    def _item(self, result) -> QTreeWidgetItem:
        item = QTreeWidgetItem(list(self.describe(result)))
        item.setData(0, Qt.UserRole, len(self._shown))     # a number: Qt keeps no Python objects
        self._shown.append(result)
        if self.children is not None and not self.pickable(result):
            item.setChildIndicatorPolicy(QTreeWidgetItem.ShowIndicator)
        return item

    def result_of(self, item: QTreeWidgetItem):
        return self._shown[item.data(0, Qt.UserRole)]

    def _fill_children(self, item: QTreeWidgetItem) -> None:
        if item.childCount() or self.children is None:
            return
        item.addChildren([self._item(r) for r in self.children(self.result_of(item))])

    def _choose(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            if self.edit.text().strip():
                self.typed.emit(self.edit.text().strip())
            return
        result = self.result_of(item)
        if not self.pickable(result):
            item.setExpanded(True)
            self.results.setCurrentItem(item.child(0) if item.childCount() else item)
            self.results.setFocus()
            return
        self.picked.emit(result)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != event.Type.KeyPress:
            return False
        key = event.key()
        if watched is self.edit:
            return self._edit_key(key)
        if watched is self.results and key in (Qt.Key_Return, Qt.Key_Enter):
            self._choose(self.results.currentItem())
            return True
        if watched is self.results and key == Qt.Key_Escape:
            self.edit.setFocus()
            return True
        if watched is self.results and key == Qt.Key_Up and self.results.currentItem() is self.results.topLevelItem(0):
            self.edit.setFocus()
            return True
        return False

    def _edit_key(self, key: int) -> bool:
        if key == Qt.Key_Down and self.results.topLevelItemCount():
            self.results.setCurrentItem(self.results.topLevelItem(0))
            self.results.setFocus()
            return True
        if key in (Qt.Key_Return, Qt.Key_Enter) and self.edit.text().strip():
            self._choose(self.results.topLevelItem(0))
            return True
        return False

    def clear(self) -> None:
        self.edit.clear()
