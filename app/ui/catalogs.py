"""The search indexes behind the diagnosis and drug fields, built when first needed.

ICD-10-CM (98,000 entries) and the drug catalog are loaded on a background thread with its own
database connection once the window is up, so the window stays responsive; `icd_ready` fires
when ICD-10-CM can be searched. A drug needed before then is indexed on the spot. Both are
kept for the life of the process, keyed by the data they came from, so a second window (or a
test) does not build them again.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.store import catalog_rows

_ICD: dict[str, object] = {}
_DRUGS: dict[str, object] = {}
_LOCK = threading.Lock()


def _build_drugs(db) -> object:
    from app.core.search import DrugIndex

    with _LOCK:
        key = catalog_rows.meta_value(db, "shipped_version") or "drugs"
        if key not in _DRUGS:
            _DRUGS[key] = DrugIndex(catalog_rows.drug_code_rows(db), catalog_rows.ndc_rows(db))
        return _DRUGS[key]


def _build_icd(db) -> object:
    from app.core.search import IcdIndex
    from app.store.reference import ensure_icd

    with _LOCK:
        ensure_icd(db)
        key = catalog_rows.meta_value(db, "icd_source") or "icd"
        if key not in _ICD:
            _ICD[key] = IcdIndex(catalog_rows.icd_rows(db))
        return _ICD[key]


class Catalogs(QObject):
    icd_ready = Signal()
    icd_failed = Signal(str)

    def __init__(self, db, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.icd = None
        self._drugs = None
        self._thread: threading.Thread | None = None
        self._found = None
        self.icd_ready.connect(self._take_icd)

    @property
    def drugs(self):
        """The drug catalog index (built here on first use if the background has not yet)."""
        if self._drugs is None:
            self._drugs = _build_drugs(self.db)
        return self._drugs

    def load_icd(self) -> None:
        """Start loading ICD-10-CM in the background (once); `icd_ready` tells when done."""
        if self.icd is not None or self._thread is not None:
            return
        path = catalog_rows.database_file(self.db)
        if path is None:                         # an in-memory database cannot be shared
            self._found = _build_icd(self.db)
            self._take_icd()
            return
        self._thread = threading.Thread(target=self._load_in_background, args=(path,), daemon=True,
                                        name="icd-index")
        self._thread.start()

    def _load_in_background(self, path) -> None:
        try:
            reader = catalog_rows.open_for_reading(path)
            try:
                self._drugs = self._drugs or _build_drugs(reader)
                self._found = _build_icd(reader)
            finally:
                reader.conn.close()
        except Exception as error:  # reported in the window, never a crash of the thread
            self.icd_failed.emit(f"{type(error).__name__}: {error}")
            return
        self.icd_ready.emit()

    def _take_icd(self) -> None:
        if self._found is not None and self.icd is None:
            self.icd = self._found
            if self._thread is None:
                self.icd_ready.emit()

    def wait_for_icd(self) -> None:
        """Block until ICD-10-CM is in the database and indexed (the check needs the table)."""
        self.load_icd()
        if self._thread is not None:
            self._thread.join()
        self._take_icd()
