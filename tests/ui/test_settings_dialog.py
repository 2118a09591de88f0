"""Settings: the practice's values checked before saving (NPI check digit, EIN), the fee
schedule edited in place, CSV out and back in, a bad CSV refused whole, and where the database
lives with its folder opened through a function the test replaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.store import fees
from app.store.settings import all_settings
from app.ui import practice_dialogs
from app.ui.settings_dialog import SettingsDialog
from app.core.practice import ein_problem, practice_problems


@pytest.fixture
def dialog(settings_dialog):
    return settings_dialog


def fee_of(db, code: str) -> dict:
    return next(row for row in fees.list_fees(db) if row["code"] == code)


def charge_index(dialog, code: str):
    model = dialog.fees.model
    return model.index(next(i for i, r in enumerate(model.rows) if r["code"] == code), 2)


def test_practice_settings_are_saved_tidied(dialog, db):
    inputs = dialog.practice.inputs
    inputs["practice.name"].setText("Lakeside Family Medicine")
    inputs["practice.npi"].setText(" 1234567893 ")
    inputs["practice.tax_id"].setText("042103594")
    inputs["practice.address.state"].setText("oh")
    inputs["defaults.place_of_service"].set_value("22")
    assert dialog.save()
    saved = all_settings(db)
    assert (saved["practice.name"], saved["practice.npi"], saved["practice.tax_id"]) == \
           ("Lakeside Family Medicine", "1234567893", "04-2103594")
    assert saved["practice.address.state"] == "OH" and saved["defaults.place_of_service"] == "22"
    assert dialog.status.text() == "Saved."


def test_a_bad_npi_or_ein_is_shown_beside_the_field_and_nothing_is_saved(dialog, db):
    before = all_settings(db)
    dialog.practice.inputs["practice.name"].setText("Lakeside")
    dialog.practice.inputs["practice.npi"].setText("1234567890")
    dialog.practice.inputs["practice.tax_id"].setText("12-345")
    assert not dialog.save()
    labels = dialog.practice.forms[0].problems
    assert "check digit" in labels["practice.npi"].text() and labels["practice.npi"].isVisibleTo(dialog)
    assert "not an EIN" in labels["practice.tax_id"].text()
    assert not labels["practice.name"].isVisibleTo(dialog)
    assert all_settings(db) == before


def test_the_checks():
    assert practice_problems({"practice.npi": "", "practice.tax_id": ""}) == {}
    assert set(practice_problems({"defaults.rendering_provider.npi": "2234567890", "practice.address.zip": "4321",
                                  "practice.address.state": "Ohio"})) == \
           {"defaults.rendering_provider.npi", "practice.address.zip", "practice.address.state"}
    assert "IRS" in ein_problem("00-1234567") and ein_problem("04-2103594") is None


def test_a_charge_typed_in_the_table_is_the_practices_own(dialog, db):
    assert fee_of(db, "96372")["origin"] == "shipped"
    assert dialog.fees.model.setData(charge_index(dialog, "96372"), "$25.50")
    assert (fee_of(db, "96372")["fee_mills"], fee_of(db, "96372")["origin"]) == (25500, "biller")
    assert charge_index(dialog, "96372").data() == "25.50"
    assert charge_index(dialog, "96372").siblingAtColumn(4).data() == "yours"


def test_a_bad_charge_is_refused_beside_the_table(dialog, db):
    assert not dialog.fees.model.setData(charge_index(dialog, "96372"), "twenty")
    assert "96372 was not changed" in dialog.fees.problem.text() and not dialog.fees.problem.isHidden()
    assert fee_of(db, "96372")["fee_mills"] == 13910


def test_back_to_the_medicare_amount(dialog, db):
    dialog.fees.model.setData(charge_index(dialog, "J3420"), "1.00")
    dialog.fees.filter.setText("J3420")
    dialog.fees.table.selectRow(0)
    dialog.fees.reset_selected()
    assert (fee_of(db, "J3420")["fee_mills"], fee_of(db, "J3420")["origin"]) == (638, "shipped")


def test_fee_csv_round_trip(dialog, db, tmp_path, monkeypatch):
    dialog.fees.model.setData(charge_index(dialog, "96372"), "30")
    path = tmp_path / "fees.csv"
    monkeypatch.setattr(practice_dialogs, "ask_save_file", lambda *args: str(path))
    dialog.fees.export_csv()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("code,charge\n") and "\n96372,30.00\n" in text and "\nJ3420,0.638\n" in text
    fees.reset_fee(db, "96372")
    path.write_text(text.replace("\nJ3420,0.638\n", "\nJ3420,0.70\n"), encoding="utf-8")
    monkeypatch.setattr(practice_dialogs, "ask_open_file", lambda *args: str(path))
    dialog.fees.import_csv()
    assert fee_of(db, "96372")["fee_mills"] == 30000 and fee_of(db, "J3420")["fee_mills"] == 700
    assert fee_of(db, "20550")["origin"] == "shipped"        # the Medicare amount as it was stays shipped
    assert dialog.fees.status.text().startswith(f"{len(fees.list_fees(db))} charges imported")


def test_a_bad_fee_csv_is_refused_whole_with_row_numbers(dialog, db, tmp_path, monkeypatch):
    path = tmp_path / "fees.csv"
    path.write_text("code,charge\n96372,30.00\nJ9999X,5\nJ3420,-1\n96372,31\n", encoding="utf-8")
    monkeypatch.setattr(practice_dialogs, "ask_open_file", lambda *args: str(path))
    told = []
    monkeypatch.setattr(practice_dialogs, "tell", lambda parent, title, text: told.append(text))
    before = fees.list_fees(db)
    dialog.fees.import_csv()
    assert "row 3: J9999X is not a CPT or HCPCS code" in told[0]
    assert "row 4: the charge for J3420" in told[0] and "row 5: 96372 is in the file twice" in told[0]
    assert fees.list_fees(db) == before


def test_fee_csv_without_its_header_is_refused(db):
    with pytest.raises(fees.FeeCsvInvalid) as refused:
        fees.import_fees_csv(db, "96372,30\n")
    assert refused.value.problems == ["row 1: the first row must be the column names: code,charge"]


def test_where_the_database_lives(dialog, db_file, monkeypatch):
    opened = []
    monkeypatch.setattr(practice_dialogs, "open_folder", lambda folder: opened.append(folder) or True)
    assert str(db_file) in dialog.db_where.text()
    dialog.open_folder_button.click()
    assert opened == [db_file.parent]


def test_an_in_memory_database_has_no_folder(qtbot, db):
    dialog = SettingsDialog(db, None)
    qtbot.addWidget(dialog)
    assert "in memory" in dialog.db_where.text() and not dialog.open_folder_button.isEnabled()


def test_screenshot(dialog, tmp_path):
    dialog.practice.inputs["practice.name"].setText("Lakeside Family Medicine")
    dialog.practice.inputs["practice.npi"].setText("1234567890")
    dialog.save()
    folder = Path(os.environ.get("INJECTCLAIM_SCREENSHOTS", tmp_path))    # docs/screenshots when asked
    assert dialog.grab().save(str(folder / "settings.png"))
    dialog.tabs.setCurrentWidget(dialog.fees)
    dialog.fees.filter.setText("J")
    assert dialog.fees.table.model().rowCount() > 0 and dialog.fees.table.model().index(0, 0).data(Qt.UserRole)
    assert dialog.grab().save(str(tmp_path / "settings_fees.png"))
