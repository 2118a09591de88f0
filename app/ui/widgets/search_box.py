"""Search as you type: a text field over a list of results, every keystroke answered at once.

The page gives it a `find(text) -> results` function and how to show a result; the biller
types, presses Down to walk the results and Enter to pick one (Enter in the text field picks
the first). A result that cannot be picked (an ICD-10-CM category) opens to show what is
below it instead: Enter never picks it. Enter with no result hands the typed text over as it
is. When nothing is found, `no_match(text)` (if given) says so under the field.

The list is a view over `ResultModel`: a keystroke swaps the model's list, with no item built
per cell and no column measured.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from app.ui.widgets.result_model import ResultModel, Row


class SearchBox(QWidget):
    """A search field and its results; `picked(result)` or `typed(text)` when the biller chooses."""

    picked = Signal(object)
    typed = Signal(str)

    def __init__(self, name: str, columns: list[str], find: Callable[[str], list],
                 describe: Callable[[object], Row], pickable: Callable[[object], bool] = lambda r: True,
                 children: Callable[[object], list] | None = None, hide_when_empty: bool = False,
                 no_match: Callable[[str], str] | None = None, widths: list[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.hide_when_empty, self.find, self.pickable, self.no_match = hide_when_empty, find, pickable, no_match
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}_search")
        self.edit.setClearButtonEnabled(True)
        self.model = ResultModel(columns, describe, lambda r: not pickable(r), children, self)
        self.results = self._view(name, columns, children is not None, widths)
        self.hint = QLabel()
        self.hint.setObjectName(f"{name}_no_match")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.edit, self.hint, self.results):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self.refresh)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.doubleClicked.connect(self._choose)
        self.results.setVisible(not hide_when_empty)

    def _view(self, name: str, columns: list[str], tree: bool, widths: list[str] | None) -> QTreeView:
        view = QTreeView()
        view.setObjectName(f"{name}_results")
        view.setModel(self.model)
        view.setRootIsDecorated(tree)
        view.setUniformRowHeights(True)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAccessibleName(f"{columns[-1]} found")
        metrics = view.fontMetrics()
        for column, title in enumerate(columns[:-1]):       # fixed widths: nothing measured per keystroke
            sample = (widths or [])[column] if column < len(widths or []) else title
            view.setColumnWidth(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
                                + metrics.horizontalAdvance("M") * (3 if column == 0 and tree else 2))
        return view

    def refresh(self) -> None:
        """Show the results for the text as it stands."""
        text = self.edit.text().strip()
        found = self.find(text) if text else []
        self.model.set_results(found)
        if found:
            self.results.scrollToTop()
        self._show_hint(text if text and not found else "")
        if self.hide_when_empty:
            self.results.setVisible(bool(found))

    def _show_hint(self, text: str) -> None:
        message = self.no_match(text) if text and self.no_match is not None else ""
        self.hint.setText(message)
        self.hint.setVisible(bool(message))

    # -- what is shown (for the pages and their tests)
    def row_count(self) -> int:
        return self.model.rowCount()

    def row_text(self, row: int, column: int = 0, parent_row: int | None = None) -> str:
        parent = QModelIndex() if parent_row is None else self.model.index(parent_row, 0)
        return self.model.index(row, column, parent).data() or ""      # asked as the view asks

    def result_at(self, row: int):
        return self.model.result(self.model.index(row, 0))

    # -- choosing
    def _choose(self, index: QModelIndex | None) -> None:
        if index is None or not index.isValid():
            if self.edit.text().strip():
                self.typed.emit(self.edit.text().strip())
            return
        index = index.siblingAtColumn(0)
        result = self.model.result(index)
        if not self.pickable(result):               # a category: open it, never pick it
            if self.model.canFetchMore(index):
                self.model.fetchMore(index)
            self.results.expand(index)
            child = self.model.index(0, 0, index)
            self.results.setCurrentIndex(child if child.isValid() else index)
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
            self._choose(self.results.currentIndex())
            return True
        if watched is self.results and key == Qt.Key_Escape:
            self.edit.setFocus()
            return True
        if watched is self.results and key == Qt.Key_Up and self.results.currentIndex() == self.model.index(0, 0):
            self.edit.setFocus()
            return True
        return False

    def _edit_key(self, key: int) -> bool:
        if key == Qt.Key_Down and self.row_count():
            self.results.setCurrentIndex(self.model.index(0, 0))
            self.results.setFocus()
            return True
        if key in (Qt.Key_Return, Qt.Key_Enter) and self.edit.text().strip():
            self._choose(self.model.index(0, 0) if self.row_count() else None)
            return True
        return False

    def clear(self) -> None:
        self.edit.clear()
