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


def without_nulls(value):
    """Optional fields may be absent or null (spec): compare them as the same."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def walk_to_review(qtbot, wizard) -> None:
    """Press Next (through the wizard's own method) up to the review page."""
    while wizard.currentPage().objectName() != "page_review":
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == "page_review")


def open_at_review(qtbot, window, path):
    """Open the encounter file at `path` in the window and walk to the review page; the page."""
    assert window.open_encounter(path)
    walk_to_review(qtbot, window.wizard)
    return window.wizard.review


def shown_codes(review) -> list[str]:
    """The finding codes in the review page's table, in its order (each row's Qt.UserRole)."""
    from PySide6.QtCore import Qt

    table = review.findings
    return [table.item(row, 0).data(Qt.UserRole) for row in range(table.rowCount())]


def history_cells(view, column: int | None = None) -> list:
    """The history list as shown: every row's cells (or one column's), as the model gives them."""
    model = view.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    return rows if column is None else [row[column] for row in rows]


def export_fixtures():
    """tests/export/export_fixtures.py (the export tests' readers and settings), for the window tests."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("export_fixtures", ROOT / "tests" / "export" / "export_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pyx12_verdict(path: Path) -> tuple[bool, list[str]]:
    """The export tests' own pyx12 check, for a file the window wrote."""
    return export_fixtures().pyx12_verdict(path)


def set_payer_837_ids(db, ids: dict) -> None:
    """The export tests' way of giving payers an 837P payer id."""
    export_fixtures().set_payer_837_ids(db, ids)
