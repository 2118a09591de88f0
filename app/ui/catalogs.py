"""The searches behind the diagnosis and drug fields, answered by the database
(`app.store.search_index`): nothing is indexed in memory, and nothing here blocks the window.

On a new database (or after an update that ships new data) ICD-10-CM's rows and the search
indexes are built once, on a background thread with its own connection, started as soon as the
database is open (`start_building`, before the window is made). `icd_ready` fires when
diagnoses can be searched (by scanning, once ICD-10-CM's rows are in) and again once they are
indexed. Until then `icd` is None (the diagnosis field says it is loading); until the drugs'
index follows, the drug search scans the codes.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.store import catalog_rows
from app.store.search_index import DrugSearch, IcdSearch


class _Build:
    """One background build of a database's search indexes, on a connection of its own. It may
    start before the window exists (`start_building`); the window's Catalogs then listens to it.
    Listeners hear when ICD-10-CM's rows are in, and again when its index is built."""

    def __init__(self, path):
        self.heard, self.error = 0, None           # how many times listeners were told
        self._lock, self._listeners = threading.Lock(), []
        self.thread = threading.Thread(target=self._run, args=(path,), daemon=True, name="search-index")

    def _run(self, path) -> None:
        try:
            writer = catalog_rows.open_for_writing(path)
            try:
                catalog_rows.build_search(writer, self._tell)
            finally:
                writer.conn.close()
        except Exception as error:  # reported in the window, never a crash of the thread
            self.error = f"{type(error).__name__}: {error}"
            self._tell()

    def _tell(self) -> None:
        with self._lock:
            self.heard += 1
            listeners = list(self._listeners)
        for listener in listeners:
            listener(self.error)

    def listen(self, listener) -> None:
        """`listener(error or None)` at each step from now on (and at once if a step is done)."""
        with self._lock:
            self._listeners.append(listener)
            done = self.heard
        if done:
            listener(self.error)


_BUILDS: dict[str, _Build] = {}


def start_building(db) -> _Build | None:
    """Build the search indexes of `db` in the background if it lacks them; as early as the
    database is open, so the work overlaps the window being made. None when nothing is to do."""
    path = catalog_rows.database_file(db)
    if path is None or catalog_rows.read_only(db) or catalog_rows.search_built(db):
        return None
    build = _BUILDS.get(str(path))
    if build is None or not build.thread.is_alive():
        build = _BUILDS[str(path)] = _Build(path)
        build.thread.start()
    return build


class Catalogs(QObject):
    icd_ready = Signal()        # diagnoses can be searched (by scanning), and again once they are indexed
    icd_failed = Signal(str)

    def __init__(self, db, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.drugs = DrugSearch(db)
        self._icd = IcdSearch(db)
        self._build: _Build | None = None
        self._searchable = False
        self.icd_ready.connect(self._icd_built)
        self.load_icd()

    @property
    def icd(self) -> IcdSearch | None:
        """ICD-10-CM search, once its rows are in the database (None while the first start loads them)."""
        if not self._searchable and (self._build is None or self._build.heard or not self._build.thread.is_alive()):
            self._searchable = catalog_rows.icd_loaded(self.db)
        return self._icd if self._searchable else None

    def ready(self) -> bool:
        """The diagnosis index is built (searches are answered from it, not by scanning)."""
        return self._icd.ready()

    def load_icd(self) -> None:
        """Build ICD-10-CM and the search indexes in the background if this database lacks them (once)."""
        if self._build is not None or self._searchable or catalog_rows.read_only(self.db):
            return                                # (a read-only database is searched by scanning)
        if catalog_rows.database_file(self.db) is None:      # in memory: cannot be shared, build it here
            if not catalog_rows.search_built(self.db):
                catalog_rows.build_search(self.db, self.icd_ready.emit)
            return
        self._build = start_building(self.db)
        if self._build is not None:
            self._build.listen(self._built_elsewhere)

    def _built_elsewhere(self, error: str | None) -> None:
        """From the building thread (or at once): signals cross to the window's thread by themselves."""
        try:
            if error:
                self.icd_failed.emit(error)
            else:
                self.icd_ready.emit()
        except RuntimeError:     # the window was closed meanwhile (this object deleted): nobody to tell
            pass

    def _icd_built(self) -> None:
        self._searchable = True

    def wait_for_icd(self) -> None:
        """Block until the background build is done (tests and tools; the window never waits)."""
        if self._build is not None:
            self._build.thread.join()
