"""The guard against PySide6 6.12 on Python 3.11 taking references from None (void Qt calls)
and True (signal emits) without giving them back, which aborts Python after a few thousand."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from app.ui import refcount_guard


class Emitter(QObject):
    poked = Signal()


def test_many_calls_use_up_neither_none_nor_true(qapp):
    refcount_guard.install(qapp)
    edit, emitter = QLineEdit(), Emitter()
    for _ in range(50_000):
        edit.setText("a")
        emitter.poked.emit()
    refcount_guard.top_up()
    assert min(sys.getrefcount(s) for s in refcount_guard.GUARDED) >= refcount_guard.FLOOR


@pytest.mark.skipif(sys.version_info < (3, 12), reason="None and True are immortal from Python 3.12 on")
def test_not_needed_where_they_are_immortal(qapp):
    assert not refcount_guard.leaks()
