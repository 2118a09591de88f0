"""Nothing on the start-up or review path waits for search: with the search index still being
built in the background (held here until the test lets it go), the window opens, the review page
checks the encounter and the drug search answers; the diagnosis search follows once it is built."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def held_build(db_file, monkeypatch):
    """The search index of `db_file` is to be built again (as after an update), and its build waits,
    once started, until the test sets the second event: (started, release)."""
    from app.store import catalog_rows

    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key LIKE 'search_index_%'")
    started, release = threading.Event(), threading.Event()
    build = catalog_rows.build_search

    def held(db, icd_done):
        started.set()
        release.wait(60)
        build(db, icd_done)

    monkeypatch.setattr(catalog_rows, "build_search", held)
    yield started, release
    release.set()


def test_window_and_review_do_not_wait_for_the_search_index(qtbot, db_file, encounter_file, held_build):
    from app.ui import create_main_window

    started, release = held_build
    window = create_main_window(db_file)
    qtbot.addWidget(window)
    try:
        window.show()
        assert started.wait(10)                       # the build is under way, and held
        assert window.open_encounter(encounter_file())
        window.wizard.go_to("review")
        assert window.wizard.review.checked is not None      # checked while the index is not there
        assert "J1885" in [c.hcpcs for c in window.catalogs.drugs.search("ketorolac")]
        window.wizard.go_to("diagnoses")
        diagnoses = window.wizard.page_named("diagnoses")
        assert window.catalogs.icd is None and diagnoses.search.edit.placeholderText().startswith("Loading")
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.catalogs.icd is not None and window.catalogs.ready(), timeout=60000)
    qtbot.keyClicks(diagnoses.search.edit, "pernicious anemia")
    assert diagnoses.search.row_text(0, 0) == "D51.0"
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Return)
    assert "D51.0" in diagnoses.codes()
    window.close()


def test_a_window_closed_before_the_index_is_built_leaves_the_build_quiet(qtbot, db_file, held_build, monkeypatch):
    """The biller closes the window while the index is still being built: the build finishes on
    its own and has nobody to tell (no error from its thread)."""
    import shiboken6

    from app.ui import create_main_window

    (started, release), failures = held_build, []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    window = create_main_window(db_file)
    building = window.catalogs._build.thread
    assert started.wait(10)
    window.close()
    shiboken6.delete(window)                  # the window and its Catalogs are gone
    release.set()
    building.join(60)
    assert not building.is_alive()
    assert failures == []
