"""A read-only table over a Python list, for the views that show thousands of rows (saved
encounters, payer rules): subclasses give the column titles and the rows; Qt asks only for the
cells it paints."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


DISPLAY = int(Qt.DisplayRole)


class ListTableModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def shown_rows(self) -> list:
        """The rows on screen now, in order."""
        raise NotImplementedError

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown_rows())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == Qt.Horizontal:     # the int first: comparing Qt's enums is slow
            return self.columns[section]
        return None
