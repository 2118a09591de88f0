"""The main window: the encounter wizard and the saved history side by side in tabs, the File
menu (new, open, recent files, save), drag and drop of encounter files, the draft that keeps
unfinished typing, and the window's size and place remembered between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from app.ui import dialogs, output_guard
from app.ui.catalogs import Catalogs
from app.ui.draft import Draft, describe, write_json
from app.ui.icons import icon
from app.ui.wizard.base import WizardContext
from app.ui.wizard.encounter_wizard import EncounterWizard, new_document

MOST_RECENT = 8
DRAFT_PROBLEM_MS = 10_000      # how long the status bar says a draft cannot be kept


def app_settings() -> QSettings:
    """Window and recent-file settings (the practice's settings live in the database)."""
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "InjectClaim", "InjectClaim")


def payer_choices(db) -> list[tuple[str, str]]:
    from app.store.payers import payer_names

    return payer_names(db)


def wizard_context(db, catalogs: Catalogs) -> WizardContext:
    from app.store import catalog_rows
    from app.store.settings import all_settings

    return WizardContext(db=db, catalogs=catalogs, payers=payer_choices(db),
                         places=catalog_rows.places_of_service(db), defaults=all_settings(db))


class MainWindow(QMainWindow):
    BACKUP_AFTER_MS = 1500               # today's backup starts this long after the window is up
    REST_AFTER_MS = 50                   # the pages not shown yet are made this long after it shows
    backup_finished = Signal()           # today's backup ended (made, not needed, failed or stopped)
    settings_requested = Signal()        # the history's export lacks a setting: open Settings

    def __init__(self, db, database_file: Path | None = None, all_now: bool = True):
        """With `all_now` False (the app's start) only the first page is made before the window
        shows; the other pages and the history tab follow, one per turn of the event loop."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("InjectClaim")
        self.setWindowIcon(icon("app"))
        self.db, self.database_file = db, database_file
        output_guard.protect(database_file)
        self.catalogs = Catalogs(db, self)
        self.wizard = EncounterWizard(wizard_context(db, self.catalogs), self)
        self.wizard.setWindowFlags(Qt.Widget)
        self._history = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.wizard, "&Encounter")
        self.tabs.addTab(QWidget(), "Saved encoun&ters")       # the history, made when first needed
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self.draft = Draft(database_file) if database_file else None
        self._mark_unchanged(discard=False)               # the blank start is nothing unfinished
        self.current_file: str | None = None
        self.backup_worker = None
        self._connect()
        self._build_menus()
        self.setAcceptDrops(True)
        self._restore_geometry()
        if all_now:
            self.make_the_rest()

    @property
    def history(self):
        """The saved encounters' tab (made on first use: a start needs neither its code nor its list)."""
        return self._make_history()

    def _make_history(self):
        if self._history is None:
            from app.ui.history_view import HistoryView

            self._history = HistoryView(self.db)
            self._history.open_requested.connect(self.open_saved)
            self._history.settings_requested.connect(self.settings_requested)
            current, placeholder = self.tabs.currentIndex(), self.tabs.widget(1)
            self.tabs.removeTab(1)
            self.tabs.insertTab(1, self._history, "Saved encoun&ters")
            self.tabs.setCurrentIndex(current)
            placeholder.deleteLater()
        return self._history

    def _tab_shown(self, index: int) -> None:
        if index == 1:                        # the biller opened the history before it was made
            self._make_history()

    def still_to_make(self) -> list:
        """What the start left for later and is not made yet: the wizard's pages, the history tab."""
        pages = [page.ensure_built for page in self.wizard.pages if not page.built]
        return pages + ([self._make_history] if self._history is None else [])

    def make_the_rest(self) -> None:
        """Make now what the start left for later."""
        for step in self.still_to_make():
            step()

    def _make_next(self) -> None:
        """Make what the start left for later, one piece per turn of the event loop."""
        steps = self.still_to_make()
        if steps:
            steps[0]()
            QTimer.singleShot(0, self, self._make_next)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.still_to_make():      # once the window is painted: the other pages, the history tab
            QTimer.singleShot(self.REST_AFTER_MS, self, self._make_next)
        if self.tabs.currentWidget() is self.wizard and not self.wizard.isAncestorOf(self.focusWidget()):
            self.wizard.currentPage().focus_first()

    def _connect(self) -> None:
        self.wizard.settled.connect(self._keep_draft)
        for page in self.wizard.pages:
            page.made.connect(lambda page=page: self._page_made(page))
        self.wizard.review.saved.connect(self._saved)
        self.wizard.review.save_file_requested.connect(self.save_as_file)
        self.wizard.currentIdChanged.connect(self._page_changed)

    def _page_changed(self, page_id: int) -> None:
        if page_id >= 1:   # prepare ICD-10-CM before the diagnosis page (at the latest)
            self.catalogs.load_icd()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (("&New encounter", QKeySequence.New, self.new_encounter),
                                     ("&Open encounter file…", QKeySequence.Open, self.ask_and_open)):
            menu.addAction(self._action(text, shortcut, slot))
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        menu.addAction(self._action("&Save to history", QKeySequence.Save, self.save_to_history))
        menu.addAction(self._action("Save as encounter &file…", QKeySequence.SaveAs, self.save_as_file))
        menu.addSeparator()
        menu.addAction(self._action("&Quit", QKeySequence.Quit, self.close))

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda: slot())
        return action

    # -- opening
    def new_encounter(self) -> None:
        self.wizard.load(new_document(self.wizard.context.defaults), from_file=False)
        self.current_file = None
        self._mark_unchanged()
        self._show_wizard()

    def ask_and_open(self) -> None:
        folder = str(Path(self.recent_files()[0]).parent) if self.recent_files() else ""
        path = dialogs.ask_open_path(self, folder)
        if path:
            self.open_encounter(path)

    def open_encounter(self, path: str | Path, complain: bool = True) -> bool:
        """Fill the wizard from an encounter file and show it (without blocking)."""
        from app.files import read_document
        from app.core.encounter import EncounterInvalid

        try:
            document = read_document(path)
        except EncounterInvalid as invalid:
            return self._refuse(path, "; ".join(p.plain() for p in invalid.problems), complain)
        if not isinstance(document, dict):
            return self._refuse(path, "is not an encounter (the file holds no JSON object)", complain)
        self.wizard.load(document)
        self._mark_unchanged()
        self.current_file = str(path)
        self._remember_recent(str(Path(path).resolve()))
        self._show_wizard()
        return True

    def _refuse(self, path, reason: str, complain: bool) -> bool:
        self.last_refusal = f"{path}: {reason}"
        if complain:
            dialogs.tell(self, "The file cannot be opened", self.last_refusal)
        return False

    def open_saved(self, encounter_id: int) -> None:
        from app.store.encounters import load_document

        self.wizard.load(load_document(self.db, encounter_id), encounter_id=encounter_id)
        self._mark_unchanged()
        self.current_file = None
        self._show_wizard()

    def _show_wizard(self) -> None:
        self.tabs.setCurrentWidget(self.wizard)
        self.wizard.show()
        self.show()
        self.wizard.currentPage().focus_first()

    # -- saving
    def save_to_history(self) -> None:
        self.wizard.go_to("review")
        self.wizard.review.save_to_history()

    def save_as_file(self) -> None:
        suggested = self.current_file or str(Path.home() / "encounter.json")
        path = dialogs.ask_save_path(self, suggested)
        if not path:
            return
        write_json(Path(path), self.wizard.document())
        self.current_file = path
        self._remember_recent(str(Path(path).resolve()))
        self._mark_unchanged()
        self.statusBar().showMessage(f"Saved {path}", 5000)

    def refresh_payers(self) -> None:
        """Payers were added, copied, imported or renamed: the wizard's payer list shows them now."""
        self.wizard.context.payers = payer_choices(self.db)
        self.wizard.page_named("patient").set_payers(self.wizard.context.payers)

    def _saved(self, encounter_id: int) -> None:
        if self._history is not None:
            self._history.refresh()
        self._mark_unchanged()
        self.statusBar().showMessage(f"Saved to the history as encounter #{encounter_id}", 5000)

    # -- the draft
    def _mark_unchanged(self, discard: bool = True) -> None:
        """What the wizard holds now is kept elsewhere (a file, the history, a new blank): no draft."""
        self._unchanged, self._unchanged_from = self.wizard.document(), self.wizard.loaded_document
        if discard and self.draft:
            self.draft.discard()

    def _page_made(self, page) -> None:
        """A page made after the encounter was marked unchanged shows it as that page stores it (a
        dose typed as text in the file, a US date): that is the unchanged encounter too, so making
        a page is never taken for typing. (Not when the wizard holds another document since.)"""
        if self.wizard.loaded_document is self._unchanged_from:
            page.store(self._unchanged)

    def _keep_draft(self, document: dict) -> None:
        """Keep what the biller typed; once it matches what was opened or saved, nothing is unfinished."""
        if not self.draft:
            return
        try:
            if document == self._unchanged:
                self.draft.discard()
            else:
                self.draft.save(document, self.wizard.encounter_id)
        except OSError as error:     # a read-only folder or a full disk: typing goes on, said once a while
            self.statusBar().showMessage(f"The encounter being typed cannot be kept as a draft: "
                                         f"{error.strerror or error}", DRAFT_PROBLEM_MS)

    def offer_draft_back(self) -> bool:
        """After a crash or a close with typing unsaved, offer the draft back; True when restored."""
        draft = self.draft.read() if self.draft else None
        if draft is None:
            return False
        if not dialogs.offer_draft(self, describe(draft)):
            self.draft.discard()
            return False
        self.wizard.load(draft["document"], encounter_id=draft.get("encounter_id"))
        return True

    # -- recent files
    def recent_files(self) -> list[str]:
        value = app_settings().value("recent_files", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_recent(self, path: str) -> None:
        files = [path] + [p for p in self.recent_files() if p != path]
        app_settings().setValue("recent_files", files[:MOST_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.recent_files(), start=1):
            action = self.recent_menu.addAction(f"&{number} {path}")
            action.triggered.connect(lambda _=False, path=path: self.open_encounter(path))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # -- drag and drop
    def dragEnterEvent(self, event) -> None:
        if self._dropped_file(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            self.open_encounter(path)

    @staticmethod
    def _dropped_file(event) -> str | None:
        for url in event.mimeData().urls() if event.mimeData().hasUrls() else []:
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".json"):
                return url.toLocalFile()
        return None

    # -- size and place
    def _restore_geometry(self) -> None:
        geometry = app_settings().value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 820)

    # -- today's backup
    def schedule_daily_backup(self) -> None:
        """Make today's backup (if not made yet) in the background, once the window is up."""
        if self.database_file is not None:
            QTimer.singleShot(self.BACKUP_AFTER_MS, self, self.start_daily_backup)

    def start_daily_backup(self) -> None:
        from app.ui.daily_backup import start_daily_backup

        if not self.isVisible():              # closed before its time came: the next start makes it
            return
        if self.backup_worker is None or self.backup_worker.isFinished():
            self.backup_worker = start_daily_backup(self, self.database_file)
            self.backup_worker.healthy.connect(self._database_healthy)
            self.backup_worker.damaged.connect(self._database_damaged)

    def _database_healthy(self) -> None:
        from app.store.db import HEALTHY

        self.db.health = HEALTHY

    def _database_damaged(self, damaged) -> None:
        """Nothing more is written into it; offer its newest good backup (the window then opens again
        on that backup, the damaged file kept beside it)."""
        from app.ui import database_refused

        self.db.health = damaged
        self.statusBar().showMessage("The database is damaged: nothing more is written to it.")
        if damaged.good_backup is None:
            database_refused.tell_refused(str(damaged))
        elif database_refused.ask_restore(database_refused.restore_question(damaged)):
            self.restore_request = damaged
            self.close()

    def _stop_backup(self) -> None:
        if self.backup_worker is not None and self.backup_worker.isRunning():
            self.backup_worker.requestInterruption()
            self.backup_worker.wait()

    def closeEvent(self, event) -> None:
        self._stop_backup()
        self.wizard.flush()                   # the last keystrokes reach the draft
        app_settings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)

