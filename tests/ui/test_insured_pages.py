"""The patient page's insurance fields (is the patient the insured, the insured's details only
when not, the group number, a second insurance) and the record page's referring/ordering and
supervising provider: each loads and stores its part of the encounter unchanged, shows what
applies, and drops what the biller cleared."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from ui_helpers import CLEAN, field, without_nulls

from app.core.encounter import parse_encounter

EXAMPLES = Path(__file__).resolve().parents[1] / "export" / "data"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def stored(page, document: dict) -> dict:
    page.load(document)
    out: dict = {}
    page.store(out)
    return out


def test_a_child_on_a_parents_plan_round_trips_on_the_patient_page(wizard):
    document = example("child-on-parents-plan")
    out = stored(wizard.page_named("patient"), document)
    assert out["subscriber"] == document["subscriber"] and out["group_number"] == "GRP-88120"
    assert "secondary_insurance" not in out


def test_a_second_insurance_round_trips_and_keeps_its_insured(wizard):
    document = example("medicare-with-secondary")
    out = stored(wizard.page_named("patient"), document)
    shown = {k: v for k, v in document["secondary_insurance"].items() if k != "subscriber"}
    assert out["secondary_insurance"] == shown and "subscriber" not in out
    wizard.load(document)
    assert without_nulls(wizard.document()) == without_nulls(document)     # the page does not show its insured


@pytest.mark.parametrize("name", ["child-on-parents-plan", "medicare-with-secondary"])
def test_the_record_page_round_trips_the_providers(wizard, name):
    document = example(name)
    out = stored(wizard.page_named("documentation"), document)
    for key in ("referring_provider", "supervising_provider"):
        assert out.get(key) == document.get(key), key


def test_the_insureds_fields_show_only_when_the_patient_is_not_the_insured(qtbot, wizard):
    page = wizard.page_named("patient")
    wizard.load(copy.deepcopy(CLEAN))
    relationship = field(wizard, "subscriber.relationship")
    assert relationship.value() == "self" and not page.form.isRowVisible(page.insured)
    relationship.set_value("spouse")
    assert page.form.isRowVisible(page.insured)
    field(wizard, "subscriber.last_name").setText("Byron")
    field(wizard, "subscriber.first_name").setText(" George ")
    field(wizard, "subscriber.date_of_birth").setText("01/22/1978")
    document = wizard.document()
    assert document["subscriber"] == {"relationship": "spouse", "last_name": "Byron", "first_name": "George",
                                      "date_of_birth": "1978-01-22"}
    assert parse_encounter(document).subscriber.relationship == "spouse"
    relationship.set_value("self")
    assert not page.form.isRowVisible(page.insured)
    assert "subscriber" not in wizard.document()                          # CLEAN had none


def test_saying_the_patient_is_the_insured_drops_the_insureds_details(wizard):
    wizard.load(example("child-on-parents-plan"))
    field(wizard, "subscriber.relationship").set_value("self")
    assert wizard.document()["subscriber"] == {"relationship": "self"}


def test_the_second_insurance_fields_follow_the_check_box(wizard):
    page = wizard.page_named("patient")
    wizard.load(copy.deepcopy(CLEAN))
    present = field(wizard, "secondary_insurance")
    payer_name = field(wizard, "secondary_insurance.payer_name")
    assert not present.isChecked() and not page.form.isRowVisible(payer_name.parentWidget().parentWidget())
    present.setChecked(True)
    assert page.form.isRowVisible(payer_name.parentWidget().parentWidget())
    payer_name.setText("Example Medigap Plan")
    field(wizard, "secondary_insurance.member_id").setText("MG99887766")
    field(wizard, "group_number").setText("GRP-1")
    document = wizard.document()
    assert document["secondary_insurance"] == {"payer_name": "Example Medigap Plan", "member_id": "MG99887766"}
    assert document["group_number"] == "GRP-1"
    present.setChecked(False)
    assert "secondary_insurance" not in wizard.document()


def test_clearing_a_provider_leaves_it_out_and_the_role_defaults_to_referring(wizard):
    document = example("medicare-with-secondary")
    del document["referring_provider"]["qualifier"]
    wizard.load(document)
    for name in ("npi", "last_name", "first_name"):
        field(wizard, f"supervising_provider.{name}").setText("")
    out = wizard.document()
    assert "supervising_provider" not in out
    assert out["referring_provider"] == document["referring_provider"]                # no qualifier added
    field(wizard, "referring_provider.qualifier").set_value("DK")
    assert wizard.document()["referring_provider"]["qualifier"] == "DK"


def test_a_new_referring_provider_typed_on_the_record_page(wizard):
    wizard.load(copy.deepcopy(CLEAN))
    field(wizard, "referring_provider.npi").setText("1987654328")
    field(wizard, "referring_provider.last_name").setText("Polidori")
    assert wizard.document()["referring_provider"] == {"npi": "1987654328", "last_name": "Polidori"}
    assert parse_encounter(wizard.document()).referring_provider.qualifier == "DN"


def test_an_unusable_insured_field_is_shown_under_it(qtbot, wizard):
    document = example("child-on-parents-plan")
    document["subscriber"]["date_of_birth"] = "1978-22-01"
    wizard.load(document)
    label = wizard.page_named("patient").problem_labels()["subscriber.date_of_birth"]
    qtbot.waitUntil(lambda: label.isVisibleTo(wizard.page_named("patient")) or "date" in label.text())
    assert "date" in label.text()


def test_a_returning_dependent_brings_back_the_insured_and_the_second_insurance(wizard):
    from app.check import Checker
    from app.store.encounters import find_patients

    saved = example("child-on-parents-plan")
    saved["secondary_insurance"] = {"payer_name": "Example Dental-and-Medical", "member_id": "EDM-1"}
    Checker(wizard.context.db).save(saved)
    wizard.load(copy.deepcopy(CLEAN))
    page = wizard.page_named("patient")
    (found,) = find_patients(wizard.context.db, "Allegra")
    page.fill_patient(found)
    document = wizard.document()
    assert document["subscriber"] == saved["subscriber"] and document["group_number"] == "GRP-88120"
    assert document["secondary_insurance"] == saved["secondary_insurance"]
    assert page.form.isRowVisible(page.insured)


def test_problems_show_under_the_insureds_name_and_a_referring_npi_as_typed(qtbot, wizard):
    from app.ui.wizard.typed_problems import typed_problems

    wizard.load(copy.deepcopy(CLEAN))
    field(wizard, "subscriber.relationship").set_value("child")
    field(wizard, "referring_provider.npi").setText("1234567890")
    problems = typed_problems(wizard.document(), wizard.context)
    assert problems["subscriber.last_name"] == "needed on the claim when the patient is not the insured"
    assert "check digit" in problems["referring_provider.npi"]
    field(wizard, "subscriber.relationship").set_value("self")
    assert "subscriber.last_name" not in typed_problems(wizard.document(), wizard.context)
