"""The practice's claim settings in the settings dialog: signatures on file (CMS-1500 boxes 12
and 13, 837P CLM09) and accept assignment (box 27, CLM07/CLM08), yes by default, saved as chosen,
and a value that is neither refused by name from the command line."""

from __future__ import annotations

import pytest

from app.core.practice import practice_problems, practice_says
from app.store.settings import all_settings
from app.ui.settings_dialog import SettingsDialog

KEYS = ("claims.signature_on_file", "claims.accept_assignment")


@pytest.fixture
def dialog(settings_dialog):
    return settings_dialog


def test_both_default_to_yes(dialog, db):
    for key in KEYS:
        assert all_settings(db)[key] == "yes" and dialog.practice.inputs[key].value() == "yes"
        assert dialog.practice.inputs[key].isVisibleTo(dialog)


def test_no_is_saved_and_read_as_no(dialog, db):
    for key in KEYS:
        dialog.practice.inputs[key].set_value("no")
    assert dialog.save()
    saved = all_settings(db)
    assert [saved[key] for key in KEYS] == ["no", "no"]
    assert not any(practice_says(saved, key) for key in KEYS)
    reopened = SettingsDialog(db, None)
    assert [reopened.practice.inputs[key].value() for key in KEYS] == ["no", "no"]
    reopened.deleteLater()


def test_a_value_neither_yes_nor_no_is_named(db_file, capsys):
    from app.cli import main

    assert practice_problems({"claims.accept_assignment": "maybe"}) == {"claims.accept_assignment": "must be yes or no"}
    assert main(["settings", "claims.signature_on_file=maybe", "--db", str(db_file)]) == 2
    err = capsys.readouterr().err
    assert "claims.signature_on_file: must be" in err and "yes" in err and "Nothing was changed" in err

