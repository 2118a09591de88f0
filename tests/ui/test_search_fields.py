"""Search as you type on the diagnoses and injections pages, the units worked out as the dose is
typed, one panel per injection, and problems shown beside the fields as they are typed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import field


@pytest.fixture
def diagnoses(wizard):
    wizard.go_to("diagnoses")
    return wizard.page_named("diagnoses")


@pytest.fixture
def panel(wizard):
    wizard.go_to("injections")
    return wizard.page_named("injections").panels[0]


def rows(search) -> list[tuple[str, ...]]:
    return [tuple(search.row_text(r, c) for c in range(search.model.columnCount()))
            for r in range(search.row_count())]


def test_diagnosis_search_as_you_type(qtbot, diagnoses):
    qtbot.keyClicks(diagnoses.search.edit, "b12 anemia")
    found = rows(diagnoses.search)
    assert found[0] == ("D51.0", "billable", "Vitamin B12 deficiency anemia due to intrinsic factor deficiency")
    assert ("D51", "category ▸", "Vitamin B12 deficiency anemia") in found     # after the billable codes


def test_enter_adds_the_first_billable_code(qtbot, diagnoses):
    qtbot.keyClicks(diagnoses.search.edit, "d51")
    assert rows(diagnoses.search)[-1][:2] == ("D51", "category ▸")
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Return)
    assert diagnoses.codes() == ["D51.0"]
    assert diagnoses.chosen.item(0).text().startswith("A   D51.0   Vitamin B12")


def test_enter_never_adds_a_category_it_opens_it(qtbot, window, diagnoses):
    category = window.catalogs.icd.get("D51")
    diagnoses.search.find = lambda text: [category]              # only a header found
    qtbot.keyClicks(diagnoses.search.edit, "d51")
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Return)
    assert diagnoses.codes() == []
    results = diagnoses.search.results
    assert results.isExpanded(diagnoses.search.model.index(0, 0))
    assert diagnoses.search.row_text(0, 0, parent_row=0) == "D51.0"
    qtbot.keyClick(results, Qt.Key_Return)                        # the code below it is picked
    assert diagnoses.codes() == ["D51.0"]


def test_inclusion_terms_find_the_code(qtbot, diagnoses):
    qtbot.keyClicks(diagnoses.search.edit, "pernicious anemia")
    assert rows(diagnoses.search)[0][0] == "D51.0"


def test_no_match_is_said_with_a_suggestion(qtbot, diagnoses):
    qtbot.keyClicks(diagnoses.search.edit, "anemai")
    assert diagnoses.search.row_count() == 0
    assert diagnoses.search.hint.isVisible()
    assert "No match for \u201canemai\u201d. Did you mean: anemia" in diagnoses.search.hint.text()
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Backspace)
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Backspace)       # "anem" finds anemias again
    assert diagnoses.search.row_count() > 0 and not diagnoses.search.hint.isVisible()


def test_diagnosis_order_is_the_pointers(qtbot, diagnoses):
    for code in ("D51.0", "M54.50", "E55.9"):
        diagnoses.add(code)
    diagnoses.chosen.setCurrentRow(2)
    qtbot.keyClick(diagnoses.chosen, Qt.Key_Up, Qt.ControlModifier)
    assert diagnoses.codes() == ["D51.0", "E55.9", "M54.50"]
    assert diagnoses.chosen.item(1).text().startswith("B   E55.9")
    qtbot.keyClick(diagnoses.chosen, Qt.Key_Delete)
    assert diagnoses.codes() == ["D51.0", "M54.50"]


def test_a_code_typed_that_does_not_exist_is_kept_and_named(qtbot, wizard, diagnoses):
    qtbot.keyClicks(diagnoses.search.edit, "Q99.99x")
    qtbot.keyClick(diagnoses.search.edit, Qt.Key_Return)
    assert diagnoses.codes() == ["Q99.99x"]
    qtbot.waitUntil(diagnoses.problem.isVisible)
    assert "is not an ICD-10-CM code" in diagnoses.problem.text()


def test_each_keystroke_refreshes_the_results(qtbot, diagnoses):
    """The list follows every keystroke (how fast: benchmarks/bench_search.py, "with the results list")."""
    typed = ""
    for letter in "osteoporosis age related":
        qtbot.keyClick(diagnoses.search.edit, letter)
        typed += letter
        assert diagnoses.search.edit.text() == typed
        assert diagnoses.search.row_count() > 0, typed
    assert diagnoses.search.row_text(0, 0).startswith("M80.0")


def test_drug_found_by_ndc_fills_the_panel(qtbot, wizard, panel):
    qtbot.keyClicks(panel.search.edit, "0409-3795-01")
    assert panel.search.row_text(0, 0) == "00409-3795-01"
    assert panel.search.row_text(0, 1) == "Ketorolac Tromethamine, 30 mg each, 25 per package (Pfizer Inc) → J1885"
    qtbot.keyClick(panel.search.edit, Qt.Key_Return)
    assert panel.fields["drug.hcpcs"].text() == "J1885"
    assert panel.fields["drug.ndc"].text() == "00409-3795-01"
    assert panel.fields["drug.name"].text() == "Ketorolac Tromethamine"
    assert panel.fields["dose.unit"].value() == "mg"
    assert (panel.fields["drug.ndc_unit"].value(), panel.fields["drug.ndc_quantity"].text()) == ("ML", "1")
    assert panel.fields["drug.single_dose_container"].value() is True
    assert panel.fields["route"].value() == "IM"
    qtbot.keyClicks(panel.fields["dose.amount"], "60")
    assert panel.units.text() == "4 (60 mg ÷ 15 mg per unit = 4 units)"


def test_drug_found_by_name_and_code(qtbot, panel):
    qtbot.keyClicks(panel.search.edit, "ketorolac")
    assert panel.search.row_text(0, 0) == "J1885"
    panel.search.clear()
    qtbot.keyClicks(panel.search.edit, "J3420")
    qtbot.keyClick(panel.search.edit, Qt.Key_Return)
    assert panel.fields["drug.hcpcs"].text() == "J3420"
    assert panel.fields["dose.unit"].value() == "mcg"


@pytest.mark.parametrize("brand, code", [("Toradol", "J1885"), ("Rocephin", "J0696"), ("Depo-Provera", "J1050"),
                                         ("Kenalog", "J3301"), ("Prolia", "J0897"), ("vitamin b12", "J3420")])
def test_drug_found_by_brand_name(qtbot, panel, brand, code):
    qtbot.keyClicks(panel.search.edit, brand)
    assert panel.search.row_text(0, 0) == code


def test_a_multi_dose_vial_fills_the_ndc_quantity_from_the_dose(qtbot, panel):
    qtbot.keyClicks(panel.search.edit, "00143-9619-01")          # cyanocobalamin 1,000 mcg/mL, 30 mL vial
    qtbot.keyClick(panel.search.edit, Qt.Key_Return)
    assert panel.fields["drug.single_dose_container"].value() is False
    assert panel.fields["drug.ndc_quantity"].text() == ""
    assert panel.fields["drug.name"].text() == "Cyanocobalamin"
    qtbot.keyClicks(panel.fields["dose.amount"], "1000")
    assert panel.fields["drug.ndc_quantity"].text() == "1"
    assert panel.fields["dose.unit"].value() == "mcg"


def test_a_drug_typed_that_matches_nothing_says_so(qtbot, panel):
    qtbot.keyClicks(panel.search.edit, "zzzdrug")
    assert panel.search.hint.isVisible() and "No drug matches" in panel.search.hint.text()


def test_single_dose_flag_comes_from_the_last_setting_for_the_ndc(qtbot, window, panel):
    from app.store.history import remember_single_dose

    remember_single_dose(window.db, "00409379501", True)
    qtbot.keyClicks(panel.search.edit, "00409-3795-01")
    qtbot.keyClick(panel.search.edit, Qt.Key_Return)
    assert panel.fields["drug.single_dose_container"].value() is True


def test_ml_dose_asks_for_the_concentration(qtbot, panel):
    panel.fields["drug.hcpcs"].setText("J1885")
    concentration = panel.fields["dose.concentration.amount"]
    assert not concentration.isVisibleTo(panel)
    panel.fields["dose.unit"].set_value("mL")
    qtbot.keyClicks(panel.fields["dose.amount"], "2")
    assert concentration.isVisibleTo(panel)
    assert "enter the concentration" in panel.units.text()
    qtbot.keyClicks(concentration, "30")
    panel.fields["dose.concentration.unit"].set_value("mg")
    assert panel.units.text().startswith("4 (2 mL × 30 mg/mL = 60 mg")


def test_add_and_remove_injections(qtbot, wizard, panel):
    page = wizard.page_named("injections")
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    second = page.panels[1]
    assert second.title() == "Injection 2" and second.fields["drug.hcpcs"].objectName() == "injections[1].drug.hcpcs"
    second.fields["drug.hcpcs"].setText("J1885")
    qtbot.mouseClick(panel.remove, Qt.LeftButton)
    assert [p.title() for p in page.panels] == ["Injection 1"]
    assert field(wizard, "injections[0].drug.hcpcs").text() == "J1885"
    assert [i["drug"]["hcpcs"] for i in wizard.document()["injections"]] == ["J1885"]


def test_problems_show_beside_the_fields_as_typed(qtbot, wizard, panel):
    panel.fields["drug.hcpcs"].setText("J3420")
    panel.fields["drug.ndc"].setText("00409-3795-01")
    label = panel.form.problems["drug.ndc"]
    qtbot.waitUntil(label.isVisible)
    assert "billed under J1885, not J3420" in label.text()
    panel.fields["dose.amount"].setText("-5")
    qtbot.waitUntil(lambda: "must be a number > 0" in panel.form.problems["dose.amount"].text())
    wizard.next()                    # Next is allowed with problems open
    assert wizard.currentPage().objectName() == "page_documentation"


def test_a_new_encounter_is_not_a_wall_of_red(qtbot, wizard):
    wizard.refresh_problems()
    page = wizard.page_named("patient")
    assert not any(label.isVisible() for label in page.form.problems.values())
    field(wizard, "patient.member_id").setText("x")
    field(wizard, "patient.member_id").setText("")
    qtbot.waitUntil(page.form.problems["patient.member_id"].isVisible)
    assert page.form.problems["patient.member_id"].text() == "⚠ Patient member ID: needed on the claim"


def test_screenshots_of_the_search_pages(qtbot, window, wizard):
    """docs/screenshots/page_diagnoses.png and page_injections.png when INJECTCLAIM_SCREENSHOTS
    names the folder: billable codes before their category, and an NDC package in words."""
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", window.database_file.parent))
    window.resize(1024, 640)
    wizard.go_to("diagnoses")
    diagnoses = wizard.page_named("diagnoses")
    diagnoses.add("E55.9")
    qtbot.keyClicks(diagnoses.search.edit, "b12 def")
    qtbot.wait(1)
    assert window.grab().save(str(folder / "page_diagnoses.png"))
    wizard.go_to("injections")
    panel = wizard.page_named("injections").panels[0]
    qtbot.keyClicks(panel.search.edit, "toradol")
    qtbot.wait(1)
    assert window.grab().save(str(folder / "page_injections.png"))
