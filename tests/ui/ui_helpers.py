"""Small helpers the window tests share: finding a field by its JSON path, walking the wizard,
and the clean encounter and shared scenarios the rest of the suite uses."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCENARIOS = sorted((SHARED / "scenarios").glob("*/encounter.json")) if (SHARED / "scenarios").is_dir() else []


from support import CLEAN, TODAY  # noqa: E402  (tests/support.py: one clean encounter for the suite)


def field(wizard, path: str):
    """The input widget editing the encounter field at `path`."""
    from PySide6.QtWidgets import QWidget

    widget = wizard.findChild(QWidget, path)
    assert widget is not None, f"no widget named {path!r}"
    return widget


def walk_to_review(qtbot, wizard) -> None:
    """Press Next (through the wizard's own method) up to the review page."""
    while wizard.currentPage().objectName() != "page_review":
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == "page_review")
