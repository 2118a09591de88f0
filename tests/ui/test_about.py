"""Help ▸ About InjectClaim shows the version, the database in use and the log file."""

from __future__ import annotations

from app import __version__
from app.logs import setup_logging
from app.ui import about
from app.ui.practice_menus import install_practice_menus


def test_about_shows_the_version_the_database_and_the_log(qtbot, window, db_file, tmp_path, monkeypatch):
    log_file = setup_logging(tmp_path / "logs")
    shown = []
    monkeypatch.setattr(about, "show_about", lambda parent, text: shown.append((parent, text)))
    install_practice_menus(window, window.db, window.database_file)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help")
    next(a for a in help_menu.actions() if a.text() == "&About InjectClaim").trigger()
    assert [parent for parent, _ in shown] == [window]
    text = shown[0][1]
    assert f"Version: {__version__}" in text
    assert f"Database: {db_file}" in text
    assert f"Log: {log_file}" in text


def test_the_about_box_lets_the_paths_be_copied(qtbot, tmp_path):
    box = about.about_box(None, about.about_text(tmp_path / "injectclaim.db"))
    qtbot.addWidget(box)
    assert str(tmp_path / "injectclaim.db") in box.text()
    assert box.textInteractionFlags() & about.Qt.TextSelectableByMouse


def test_a_database_only_in_memory_is_named_so():
    assert dict(about.about_lines(None))["Database"] == "in memory only (nothing is kept after closing)"
