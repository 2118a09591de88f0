"""The window tests' fixtures: a main window on a fresh copy of the seeded database (built once
per session by tests/conftest.py, ICD-10-CM included), window settings in a temporary folder,
and any Qt warning during a test made a failure."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui_helpers import CLEAN  # noqa: E402

UI_TESTS = Path(__file__).resolve().parent
OFFSCREEN_NOISE = r"propagateSizeHints"   # the offscreen platform's own notice, not ours


def pytest_collection_modifyitems(items):
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def window_settings(tmp_path):
    """Recent files and geometry go to a temporary folder, never the developer's own."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield tmp_path / "settings"


@pytest.fixture
def window(qtbot, db_file):
    """A shown main window on a fresh on-disk copy of the seeded database, ICD-10-CM searchable."""
    from app.ui import create_main_window

    main = create_main_window(db_file)
    qtbot.addWidget(main)
    main.show()
    main.catalogs.wait_for_icd()
    qtbot.waitUntil(lambda: main.catalogs.icd is not None)
    yield main
    main.close()


@pytest.fixture
def wizard(window):
    return window.wizard


@pytest.fixture
def clean_document() -> dict:
    return copy.deepcopy(CLEAN)


@pytest.fixture
def encounter_file(tmp_path, clean_document):
    """write(document=CLEAN, name) -> path of an encounter file."""
    def write(document: dict | None = None, name: str = "encounter.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(clean_document if document is None else document), encoding="utf-8")
        return path
    return write


@pytest.fixture
def settings_dialog(qtbot, db, db_file):
    """Practice ▸ Settings on the seeded database, shown."""
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db, db_file)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog
