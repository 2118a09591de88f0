"""A guard against a defect of PySide6 6.12 on Python 3.11: a call of a Qt method that returns
nothing takes a reference from `None`, and `emit()` of a signal declared in Python takes one
from `True`, without giving them back. From Python 3.12 on these objects are immortal and this
does no harm; on 3.11 a few thousand calls (minutes of typing) bring a count to zero and
Python aborts ("deallocating None", "deallocating True or False").

While the window runs, the guard keeps the counts of None, True and False far above zero. It
switches itself on only where the defect shows (it makes such calls and looks); remove it once
the project requires Python 3.12 or a PySide6 without the defect.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

GUARDED = (None, True, False)
FLOOR = 1 << 24            # a count no burst of calls between two checks can use up
CHECK_EVERY_MS = 200
_timer: QTimer | None = None


class _Probe(QObject):
    poked = Signal()


def leaks() -> bool:
    """True when Qt calls cost None or True references (the defect is there)."""
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")
        probe.poked.emit()
    after = sys.getrefcount(None), sys.getrefcount(True)
    return any(a < b - 8 for a, b in zip(after, before))


def top_up() -> None:
    """Give back the references the bindings took (CPython: the count is an object's first field)."""
    for singleton in GUARDED:
        count = sys.getrefcount(singleton)
        if count < FLOOR:
            ctypes.c_ssize_t.from_address(id(singleton)).value += 2 * FLOOR - count


def install(parent: QObject) -> bool:
    """Start guarding (once per process) if this Python and PySide6 need it."""
    global _timer
    if _timer is not None or not leaks():
        return _timer is not None
    top_up()
    _timer = QTimer(parent, interval=CHECK_EVERY_MS)
    _timer.timeout.connect(top_up)
    _timer.start()
    return True
