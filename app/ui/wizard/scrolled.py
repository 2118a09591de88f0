"""A page whose fields scroll when they do not fit (large text, a small screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


def scrolled_holder(page: QWidget) -> QWidget:
    """A holder for the page's fields, in a frameless scroll area filling `page`."""
    holder, scroll = QWidget(), QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.NoFocus)
    scroll.setFrameShape(QScrollArea.NoFrame)
    scroll.setWidget(holder)
    scroll.viewport().setAutoFillBackground(False)      # the page's own background, not the scroll area's
    holder.setAutoFillBackground(False)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return holder
