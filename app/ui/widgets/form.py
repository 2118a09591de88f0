"""Labelled fields: every input gets its label (a buddy, so Alt+letter jumps to it), an
accessible name, the objectName of the encounter field it edits, and a problem line under it
that the page fills as the biller types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget


PROBLEM_COLOUR = QColor("#a4262c")


class ProblemLabel(QLabel):
    """A problem with the field above it, in words; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty("role", "problem")
        palette = self.palette()                 # dark red; the warning sign means colour is never the only cue
        palette.setColor(QPalette.WindowText, PROBLEM_COLOUR)
        self.setPalette(palette)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(f"⚠ {text}" if text else "")
        self.setAccessibleName(text or "")
        self.setVisible(bool(text))


class Form(QFormLayout):
    """A form whose rows remember which problem label belongs to which encounter field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.problems: dict[str, ProblemLabel] = {}

    def add_field(self, label: str, widget: QWidget, path: str, hint: str = "",
                  shown: QWidget | None = None) -> ProblemLabel:
        """Add `widget` under `label`, named by its encounter JSON path (`shown`: what holds it)."""
        name_field(widget, path, label, hint)
        caption = QLabel(label)
        caption.setBuddy(widget)
        problem = ProblemLabel()
        self.problems[path] = problem
        self.addRow(caption, stacked(shown or widget, problem))
        return problem

    def add_pair(self, label: str, widget: QWidget, path: str, second_label: str, second: QWidget,
                 second_path: str) -> ProblemLabel:
        """Two fields on one row (an amount and its unit), each with its own label; one problem line."""
        name_field(second, second_path, second_label)
        caption = QLabel(second_label)
        caption.setBuddy(second)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget, 1)
        line.addWidget(caption)
        line.addWidget(second, 1)
        problem = self.add_field(label, widget, path, shown=row)
        self.problems[second_path] = problem
        return problem

    def add_note(self, widget: QWidget) -> None:
        self.addRow(widget)


def name_field(widget: QWidget, path: str, label: str, hint: str = "") -> None:
    """The objectName (the encounter JSON path), accessible name and hint of an input."""
    widget.setObjectName(path)
    widget.setAccessibleName(label.replace("&", "").rstrip(":"))
    if hint:
        widget.setToolTip(hint)
        widget.setAccessibleDescription(hint)


def stacked(*widgets: QWidget) -> QWidget:
    """The widgets one under the other, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in widgets:
        layout.addWidget(widget)
    return box
