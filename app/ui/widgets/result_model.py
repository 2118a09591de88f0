"""The results of a search as a small tree model: the list Qt shows is this Python list, so a
keystroke replaces the list (one model reset) instead of building an item per cell. A result
that opens (an ICD-10-CM category) gets its children when it is first opened (`fetchMore`).

Each index carries the number of its node (`internalId`), never a Python object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

Row = tuple[str, ...]
# Qt passes roles as plain ints; the enum members are looked up once (each lookup costs PySide6
# microseconds, and a list repaint asks for hundreds of cells).
DISPLAY, TOOLTIP, HORIZONTAL = int(Qt.DisplayRole.value), int(Qt.ToolTipRole.value), Qt.Horizontal


@dataclass
class _Node:
    result: object
    parent: int                    # node number of the parent; 0 is the (invisible) root
    row: int
    children: list[int] | None = field(default=None)     # None: not fetched yet


class ResultModel(QAbstractItemModel):
    def __init__(self, columns: list[str], describe: Callable[[object], Row],
                 opens: Callable[[object], bool], children: Callable[[object], list] | None, parent=None):
        super().__init__(parent)
        self.columns, self.describe, self.opens, self.children_of = columns, describe, opens, children
        self._nodes = [_Node(None, -1, 0, [])]

    def set_results(self, results: list) -> None:
        self.beginResetModel()
        self._nodes = [_Node(None, -1, 0, list(range(1, len(results) + 1)))]
        self._nodes += [_Node(r, 0, row) for row, r in enumerate(results)]
        self.endResetModel()

    def result(self, index: QModelIndex):
        return self._nodes[index.internalId()].result if index.isValid() else None

    def top_results(self) -> list:
        return [self._nodes[n].result for n in self._nodes[0].children]

    # -- what Qt asks
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        children = self._nodes[parent.internalId() if parent.isValid() else 0].children or []
        if not (0 <= row < len(children) and 0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: QModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        up = self._nodes[index.internalId()].parent
        return QModelIndex() if up <= 0 else self.createIndex(self._nodes[up].row, 0, up)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._nodes[parent.internalId() if parent.isValid() else 0].children or [])

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.columns)

    def hasChildren(self, parent=QModelIndex()) -> bool:
        if not parent.isValid():
            return bool(self._nodes[0].children)
        node = self._nodes[parent.internalId()]
        return bool(node.children) if node.children is not None else self._opens(node.result)

    def _opens(self, result) -> bool:
        return self.children_of is not None and self.opens(result)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return parent.isValid() and self._nodes[parent.internalId()].children is None and \
            self._opens(self._nodes[parent.internalId()].result)

    def fetchMore(self, parent: QModelIndex) -> None:
        number = parent.internalId()
        found = self.children_of(self._nodes[number].result) if self.canFetchMore(parent) else []
        self._nodes[number].children = []
        if not found:
            return
        self.beginInsertRows(parent, 0, len(found) - 1)
        first = len(self._nodes)
        self._nodes += [_Node(r, number, row) for row, r in enumerate(found)]
        self._nodes[number].children = list(range(first, first + len(found)))
        self.endInsertRows()

    def data(self, index: QModelIndex, role=DISPLAY):
        if (role != DISPLAY and role != TOOLTIP) or not index.isValid():
            return None
        return self.describe(self._nodes[index.internalId()].result)[index.column()]

    def headerData(self, section: int, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.columns[section]
        return None
