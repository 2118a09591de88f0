"""Fixtures for the export tests: a seeded database with the practice and X12 settings filled
in, the clean encounter with a patient address, the shared scenarios, and small readers for
what the exports wrote (837P segments, pyx12's verdict, PDF text and PNG renders)."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest


from support import CLEAN, SHARED, TODAY  # noqa: E402  (tests/ is on the path: pyproject)

PRACTICE = {
    "practice.name": "Lovelace Family Medicine", "practice.npi": "1558598797", "practice.tax_id": "12-3456789",
    "practice.address.line1": "12 Analytical Way", "practice.address.city": "Springfield",
    "practice.address.state": "IL", "practice.address.zip": "62704-1234", "practice.phone": "(217) 555-0134",
    "x12.sender_id": "LOVELACE01", "x12.receiver_id": "CLEARHOUSE01", "x12.receiver_name": "Example Clearinghouse",
    "x12.submitter_contact": "Ada Billing", "x12.usage": "T",
}
PAYER_837_IDS = {"medicare": "04412", "medicaid": "77027", "commercial": "60054"}   # invented ids
PATIENT_ADDRESS = {"line1": "1 Byron Street", "city": "Springfield", "state": "IL", "zip": "62701"}


def clean_with_address(**changes) -> dict:
    doc = copy.deepcopy(CLEAN)
    doc["patient"]["address"] = dict(PATIENT_ADDRESS)
    doc.update(copy.deepcopy(changes))
    return doc


def scenario_documents() -> list[tuple[str, dict]]:
    """(name, encounter) for every shared scenario meant to be usable (its expected exit is not 2),
    with a patient address added when it has none."""
    folder = SHARED / "scenarios"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*/encounter.json")):
        expected = path.parent / "expected.json"
        if expected.exists() and json.loads(expected.read_text(encoding="utf-8")).get("exit") == 2:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and isinstance(doc.get("patient"), dict):
            doc["patient"].setdefault("address", dict(PATIENT_ADDRESS))
        found.append((path.parent.name, doc))
    return found


def set_payer_837_ids(db, ids: dict | None = None) -> None:
    """Give the shipped payers an 837P payer id (the export refuses a payer without one)."""
    from app.store.payers import export_pack, import_pack

    for payer_id, x12_id in (PAYER_837_IDS if ids is None else ids).items():
        pack = export_pack(db, payer_id)
        pack["settings"]["x12_payer_id"] = x12_id
        import_pack(db, pack)


@pytest.fixture
def practice_db(db):
    from app.store.settings import set_settings

    set_settings(db, PRACTICE)
    set_payer_837_ids(db)
    return db


@pytest.fixture
def practice_db_file(db_file):
    from app.store.db import connect
    from app.store.settings import set_settings

    db = connect(db_file)
    set_settings(db, PRACTICE)
    set_payer_837_ids(db)
    db.conn.close()
    return db_file


@pytest.fixture
def check_doc(practice_db):
    """check_doc(document) -> Checked, judged as of TODAY."""
    from app.check import Checker

    checker = Checker(practice_db)
    return lambda doc: checker.check(doc, today=TODAY)


def segments(path: Path) -> list[list[str]]:
    """The 837P as segments, each a list of elements."""
    text = path.read_text(encoding="ascii")
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def pyx12_verdict(path: Path) -> tuple[bool, list[str]]:
    """pyx12's verdict on an X12 file (True = OK) and the errors it logged."""
    params = pytest.importorskip("pyx12.params")
    document = pytest.importorskip("pyx12.x12n_document")
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())

    logger, handler = logging.getLogger("pyx12"), Collect()
    logger.addHandler(handler)
    try:
        ok = document.x12n_document(param=params.params(), src_file=str(path), fd_997=None, fd_html=None)
    finally:
        logger.removeHandler(handler)
    return bool(ok), errors


def pdf_text(path: Path) -> str:
    """The PDF's text (PDFium's reading order), pages separated by form feeds as pdftotext does."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def render_png(path: Path, resolution: int = 60) -> list[Path]:
    """Render every page of the PDF to a PNG beside it (PDFium draws, Qt writes the PNG)."""
    import pypdfium2 as pdfium
    from PySide6.QtGui import QImage

    pdf, written = pdfium.PdfDocument(str(path)), []
    try:
        for number, page in enumerate(pdf, start=1):
            bitmap = page.render(scale=resolution / 72, rev_byteorder=True, prefer_bgrx=True)
            pixels = bytes(bitmap.buffer)           # QImage reads it in place: keep it alive to the save
            image = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
            png = path.with_name(f"{path.stem}-{number}.png")
            assert image.save(str(png), "PNG"), f"cannot write {png}"
            written.append(png)
    finally:
        pdf.close()
    return written


__all__ = ["PAYER_837_IDS", "set_payer_837_ids", "practice_db", "practice_db_file", "check_doc", "PRACTICE", "PATIENT_ADDRESS", "TODAY",
           "clean_with_address", "scenario_documents", "segments", "pyx12_verdict", "pdf_text", "render_png"]
