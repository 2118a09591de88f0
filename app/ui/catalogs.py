"""The searches behind the diagnosis and drug fields, answered by the database
(`app.store.search_index`): nothing is indexed in memory, and nothing here blocks the window.

On a new database (or after an update that ships new data) ICD-10-CM's rows and the search
indexes are built once, on a background thread with its own connection, started as soon as the
window is made; `icd_ready` fires when diagnoses can be searched. Until then `icd` is None (the
diagnosis field says it is loading), and until the drugs' index follows, the drug search scans
the codes.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.store import catalog_rows
from app.store.search_index import DrugSearch, IcdSearch


class Catalogs(QObject):
    icd_ready = Signal()        # diagnoses can be searched (the drugs' index may follow a moment later)
    icd_failed = Signal(str)

    def __init__(self, db, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.drugs = DrugSearch(db)
        self._icd = IcdSearch(db)
        self._thread: threading.Thread | None = None
        self._searchable = False
        self.icd_ready.connect(self._icd_built)
        self.load_icd()

    @property
    def icd(self) -> IcdSearch | None:
        """ICD-10-CM search, once its rows are in the database (None while the first start loads them)."""
        if not self._searchable and (self._thread is None or not self._thread.is_alive()):
            self._searchable = catalog_rows.icd_loaded(self.db)
        return self._icd if self._searchable else None

    def ready(self) -> bool:
        """The diagnosis index is built (searches are answered from it, not by scanning)."""
        return self._icd.ready()

    def load_icd(self) -> None:
        """Build ICD-10-CM and the search indexes in the background if this database lacks them (once)."""
        if self._thread is not None or self._searchable or catalog_rows.read_only(self.db):
            return                                # (a read-only database is searched by scanning)
        if self._icd.ready() and self.drugs.ready() and catalog_rows.icd_loaded(self.db):
            return
        path = catalog_rows.database_file(self.db)
        if path is None:                          # an in-memory database cannot be shared: build it here
            catalog_rows.build_search(self.db, self.icd_ready.emit)
            return
        self._thread = threading.Thread(target=self._build_in_background, args=(path,), daemon=True,
                                        name="search-index")
        self._thread.start()

    def _build_in_background(self, path) -> None:
        try:
            writer = catalog_rows.open_for_writing(path)
            try:
                catalog_rows.build_search(writer, self.icd_ready.emit)
            finally:
                writer.conn.close()
        except Exception as error:  # reported in the window, never a crash of the thread
            self.icd_failed.emit(f"{type(error).__name__}: {error}")

    def _icd_built(self) -> None:
        self._searchable = True

    def wait_for_icd(self) -> None:
        """Block until the background build is done (tests and tools; the window never waits)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
