"""The desktop app (PySide6). `run_app` is what `injectclaim` and `injectclaim open FILE` call;
`create_main_window` gives tests a window on a database of their choosing.

Imports here stay light so the window is up in about a second; the check loads when first
needed, and the searches are answered by the database (nothing to index or wait for).
"""

from __future__ import annotations

import sys
from pathlib import Path



def create_main_window(db_path=None, all_now: bool = True):
    """The main window on the database at `db_path` (default: the usual one); a QApplication must exist.
    With `all_now` False (the app's own start) only what the first paint needs is made before it; the
    other wizard pages and the history tab are made once the window shows."""
    from app.store.db import connect, health_of, resolve_db_path, sql_errors

    if str(db_path) == ":memory:":
        from app.ui.main_window import MainWindow

        return MainWindow(connect(":memory:"), None, all_now)
    path = resolve_db_path(db_path)
    db = connect(path, check_health=False)      # checked on a thread once the window is up
    from app.ui.catalogs import start_building

    start_building(db)            # a new database's search index: built while the window is made
    from app.ui.main_window import MainWindow

    try:
        return MainWindow(db, path, all_now)
    except sql_errors("DatabaseError"):   # a page the window reads is damaged: say so, as at open
        damaged = health_of(path)
        if damaged is None:
            raise
        db.conn.close()
        raise damaged from None


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("InjectClaim")
    app.setApplicationName("InjectClaim")
    return app


def save_screenshot(window, out: str | Path) -> bool:
    """Render the window as it stands to a PNG."""
    from PySide6.QtWidgets import QApplication

    window.show()
    QApplication.processEvents()
    return window.grab().save(str(out), "PNG")


def open_window(db_path=None, file=None, page=None):
    """The main window as the app starts: on `file` if given, else with any unfinished draft
    offered back; at `page` if given (a wizard page, or "history": the saved encounters). Returns the
    window (None when the file cannot be opened)."""
    from app.ui.practice_menus import install_practice_menus

    window = create_main_window(db_path, all_now=False)
    install_practice_menus(window, window.db, window.database_file)
    window.schedule_daily_backup()               # in the background, once the window is up
    if file:
        if not window.open_encounter(file, complain=False):
            print(window.last_refusal, file=sys.stderr)
            return None
    else:
        window.offer_draft_back()
    if page == "history":
        window.tabs.setCurrentWidget(window.history)
    elif page:
        window.wizard.go_to(page)
    return window


def run_app(db_path=None, file=None, page=None, screenshot=None) -> int:
    """Open the app (on `file`, at `page`); with `screenshot`, render that page to a PNG and exit.
    A protected database's passphrase is asked first when it is not known. After Practice ▸ Protect
    with a passphrase the window closes, the database is protected and the window opens again."""
    from app.logs import setup_logging
    from app.store.db import resolve_db_path
    from app.ui import protect_dialog
    from app.ui.crash import reporting_crashes
    from app.ui.database_refused import start_window

    setup_logging()
    app = _application()
    if not protect_dialog.unlock_at_start(resolve_db_path(db_path), interactive=screenshot is None):
        return 2
    while True:
        window = start_window(lambda: open_window(db_path, file, page))
        if window is None:
            return 2
        with reporting_crashes(window, interactive=screenshot is None):   # a failure in a slot: the log, a dialog
            if screenshot is not None:
                window.catalogs.wait_for_icd()    # only on a new database: its ICD-10-CM rows, for the descriptions
                app.processEvents()
                saved = save_screenshot(window, screenshot)
                window.close()                    # stops today's backup if it began meanwhile (a thread)
                return 0 if saved else 2
            window.show()
            status = app.exec()
        request, protected_file = getattr(window, "protect_request", None), window.database_file
        damaged = getattr(window, "restore_request", None)
        if damaged is not None:                   # the biller chose the newest good backup
            from app.store.db import replace_damaged

            protect_dialog.let_go_of_database(window)
            replace_damaged(damaged.path, damaged.good_backup)
            file = None
            continue
        if request is None:
            return status
        protect_dialog.let_go_of_database(window)
        protect_dialog.protect_after_close(protected_file, request)
        file = None                               # the window opens again on the draft, if any
