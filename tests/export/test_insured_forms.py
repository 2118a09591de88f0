"""The CMS-1500 and the summary PDF for an insured who is not the patient, a second insurance and
a referring or ordering provider, read back box by box with pypdfium2; the practice's signature
and assignment settings; the first page that says what a form lacks; the summary's title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.export import cms1500_form as form
from app.export.cms1500 import cms1500_pdf_bytes
from app.export.summary_pdf import summary_pdf_bytes
from export_fixtures import *  # noqa: F403 - fixtures and readers

pdfium = pytest.importorskip("pypdfium2")
DATA = Path(__file__).resolve().parent / "data"
KINDS = {"medicare": "medicare", "medicaid": "medicaid", "commercial": "commercial"}
POINTS = 72


def example(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


class Pages:
    """The PDF's pages; `box(page, line, first, last)` is the text printed in that part of the grid."""

    def __init__(self, data: bytes):
        self.document = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.document)

    def text(self, index: int) -> str:
        return self.document[index].get_textpage().get_text_range()

    def box(self, index: int, line: int, first: int, last: int | None = None) -> str:
        page = self.document[index]
        height = page.get_height()
        left, right = form.x(first) * POINTS, form.x((last or first) + 1) * POINTS
        top, bottom = height - form.top(line) * POINTS, height - form.top(line + 1) * POINTS
        return " ".join(page.get_textpage().get_text_bounded(left, bottom, right, top).split())


def forms(check_doc, name: str, practice: dict | None = None, **changes) -> Pages:
    document = example(name)
    document.update(changes)
    return Pages(cms1500_pdf_bytes([check_doc(document)], practice or PRACTICE, KINDS, "preprinted"))


def test_a_child_on_a_parents_plan_prints_the_insured(check_doc):
    pages = forms(check_doc, "child-on-parents-plan")
    assert len(pages) == 1                                              # nothing missing: no warning page
    assert pages.box(0, 8, 50, 80) == "ZGP4410001"                      # 1a: the insured's id
    assert pages.box(0, 10, 1, 29) == "BYRON, ALLEGRA"                  # 2
    assert pages.box(0, 10, 50, 80) == "BYRON, GEORGE"                  # 4
    assert pages.box(0, 12, 40) == "X" and pages.box(0, 12, form.SELF_CHECKBOX) == ""   # 6: child
    assert pages.box(0, 12, 50, 80) == "1 BYRON STREET"                 # 7
    assert pages.box(0, 18, 50, 80) == "GRP-88120"                      # 11
    assert pages.box(0, 20, 50, 66) == "01 22 1978" and pages.box(0, 20, 68) == "X"     # 11a: born, male
    assert pages.box(0, 24, 50, 80) == "COMMERCIAL PLAN (TEMPLATE)"     # 11c
    assert pages.box(0, 26, 57) == "X" and pages.box(0, 26, 52) == ""   # 11d: no other plan
    assert pages.box(0, 34, 1, 29) == "DN JOHN POLIDORI"                # 17 with its qualifier
    assert pages.box(0, 34, 30, 49) == "1987654328"                     # 17b


def test_a_second_insurance_prints_boxes_9(check_doc):
    pages = forms(check_doc, "medicare-with-secondary")
    assert pages.box(0, 8, 50, 80) == "2FG5TE6MK84"
    assert pages.box(0, 10, 50, 80) == "" and pages.box(0, 12, form.SELF_CHECKBOX) == "X"   # Medicare: 4 blank
    assert pages.box(0, 18, 1, 29) == "BABBAGE, GEORGIANA"              # 9
    assert pages.box(0, 20, 1, 29) == "MG99887766 MG-PLAN-F"            # 9a
    assert pages.box(0, 26, 1, 29) == "EXAMPLE MEDIGAP PLAN"            # 9d
    assert pages.box(0, 18, 50, 80) == "NONE"                           # 11: Medicare is primary
    assert pages.box(0, 26, 50, 80) == ""                               # 11d: Medicare leaves it blank
    assert pages.box(0, 34, 1, 29) == "DK MARY SOMERVILLE" and pages.box(0, 34, 30, 49) == "1456789019"


def test_a_second_insurance_ticks_11d_yes_for_other_payers(check_doc):
    pages = forms(check_doc, "child-on-parents-plan", secondary_insurance={"payer_name": "Other Plan",
                                                                           "member_id": "OP-1"})
    assert pages.box(0, 26, 52) == "X" and pages.box(0, 26, 57) == ""
    assert pages.box(0, 18, 1, 29) == "BYRON, ALLEGRA" and pages.box(0, 20, 1, 29) == "OP-1"


def test_a_supervising_provider_goes_in_box_17_without_a_referring_one(check_doc):
    pages = forms(check_doc, "medicare-with-secondary", referring_provider=None)
    assert pages.box(0, 34, 1, 29) == "DQ ALAN TURING" and pages.box(0, 34, 30, 49) == "1765432103"


@pytest.mark.parametrize("on_file,assigned", [("yes", "yes"), ("no", "no")])
def test_signatures_and_assignment_follow_the_practice_settings(on_file, assigned, check_doc):
    practice = {**PRACTICE, "claims.signature_on_file": on_file, "claims.accept_assignment": assigned}
    pages = forms(check_doc, "child-on-parents-plan", practice)
    signed = "SIGNATURE ON FILE" if on_file == "yes" else ""
    assert pages.box(0, 30, 1, 49) == signed and pages.box(0, 30, 50, 80) == signed     # 12, 13
    assert pages.box(0, 56, 37) == ("X" if assigned == "yes" else "")                   # 27 yes
    assert pages.box(0, 56, 42) == ("" if assigned == "yes" else "X")                   # 27 no


def test_missing_data_is_said_on_the_first_page(check_doc):
    practice = {**PRACTICE, "practice.tax_id": "", "practice.address.zip": "62704"}
    document = example("child-on-parents-plan")
    document["subscriber"] = {"relationship": "child"}
    del document["patient"]["address"]
    clean = example("medicare-with-secondary")
    pages = Pages(cms1500_pdf_bytes([check_doc(document), check_doc(clean)], practice, KINDS, "blank"))
    assert len(pages) == 3                                              # the warning, then one form each
    first = pages.text(0)
    assert "Not ready to send" in first and "Byron, Allegra - date of service 03/10/2026" in first
    for words in ("Box 25: the billing provider's tax id (EIN, 9 digits) - Practice > Settings",
                  "Box 33: the billing provider's ZIP code with all 9 digits (ZIP+4)",
                  "Box 4: the insured's name", "Box 5: the patient's address"):
        assert words in first, words
    assert first.count("Box 25") == 2                                   # both claims lack it
    assert "HEALTH INSURANCE CLAIM FORM" in pages.text(1) and "BYRON, ALLEGRA" in pages.text(1)


def test_a_complete_claim_has_no_warning_page(check_doc):
    pages = Pages(cms1500_pdf_bytes([check_doc(clean_with_address())], PRACTICE, KINDS, "blank"))
    assert len(pages) == 1 and "Not ready" not in pages.text(0)


def test_the_summary_is_titled_by_patient_and_date_and_names_the_insured(check_doc):
    checked = [check_doc(example("child-on-parents-plan")), check_doc(example("medicare-with-secondary"))]
    pages = Pages(summary_pdf_bytes(checked, PRACTICE))
    first, second = pages.text(0), pages.text(1)
    assert first.startswith("Byron, Allegra - date of service 03/10/2026")
    assert "Byron, George (patient is the child; member id" in first and "GRP-88120" in first
    assert "Referring" in first and "John Polidori (NPI 1987654328)" in first
    assert second.startswith("Babbage, Charles - date of service 03/10/2026")
    assert "Example Medigap Plan (member id" in second and "MG99887766" in second and "Ordering" in second


def test_the_command_line_summary_is_not_titled_by_the_file_path(capsys, tmp_path, practice_db_file):
    from app.cli import main

    source = tmp_path / "a-long-folder-name" / "encounter.json"
    source.parent.mkdir()
    source.write_text(json.dumps(example("child-on-parents-plan")), encoding="utf-8")
    out = tmp_path / "summary.pdf"
    assert main(["summary", str(source), "-o", str(out), "--db", str(practice_db_file)]) == 0
    text = Pages(out.read_bytes()).text(0)
    assert text.startswith("Byron, Allegra - date of service 03/10/2026") and "a-long-folder-name" not in text
