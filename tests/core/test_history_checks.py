"""History: "itself" is the entry re-checked by its id, never another entry with the same content;
unit limits count the whole day, over the patient's saved claims."""

from __future__ import annotations

from app.store.history import same_content
from support import TODAY, clean_encounter

KETOROLAC = {"hcpcs": "J1885", "name": "ketorolac", "ndc": "00409-3795-01", "ndc_quantity": 2, "ndc_unit": "ML",
             "single_dose_container": False}


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


def test_saving_the_same_file_twice_makes_the_second_a_duplicate(checker):
    doc = clean_encounter()
    first_id, first = checker.save(doc)
    second_id, second = checker.save(doc)
    assert second_id != first_id
    assert "DUPLICATE_SERVICE" not in codes(first.result)
    dup = [f for f in second.result.findings if f.code == "DUPLICATE_SERVICE"]
    assert dup and f"#{first_id}" in dup[0].message


def test_a_recheck_by_id_never_finds_itself(checker):
    doc = clean_encounter()
    saved_id, _ = checker.save(doc)
    assert "DUPLICATE_SERVICE" not in codes(checker.check(doc, encounter_id=saved_id, today=TODAY).result)
    again_id, again = checker.save(doc, encounter_id=saved_id)  # saving the opened entry updates it
    assert again_id == saved_id and "DUPLICATE_SERVICE" not in codes(again.result)


def test_same_content_lists_identical_saved_entries_but_not_the_one_open(checker, db):
    doc = clean_encounter()
    assert same_content(db, doc) == []
    saved_id, _ = checker.save(doc)
    assert same_content(db, doc) == [saved_id]
    assert same_content(db, doc, exclude_id=saved_id) == []
    assert same_content(db, clean_encounter(date_of_service="2026-03-09")) == []


def ketorolac_claim(mg: int, account: str) -> dict:
    injection = {"drug": KETOROLAC, "dose": {"amount": mg, "unit": "mg"}, "route": "IM", "diagnosis_pointers": [1]}
    return clean_encounter(visit=None, diagnoses=["M54.50"], injections=[injection],
                           patient={**clean_encounter()["patient"], "account_number": account})


def test_drug_units_over_the_day_count_the_other_saved_claim(checker):
    """J1885 (15 mg units) allows 8 a day: 60 mg and 60 mg are 4 + 4 units; 60 + 75 mg are 4 + 5."""
    first_id, _ = checker.save(ketorolac_claim(60, "A1"))
    assert "DRUG_UNITS_OVER_MAX" not in codes(checker.check(ketorolac_claim(60, "A2"), today=TODAY).result)
    result = checker.check(ketorolac_claim(75, "A3"), today=TODAY).result
    over = [f for f in result.findings if f.code == "DRUG_UNITS_OVER_MAX"]
    assert over and f"#{first_id}" in over[0].message and "9 in all" in over[0].message


def test_admin_units_over_the_day_count_the_other_saved_claim(checker):
    """96372 allows 4 a day (MUE, MAI 3): 3 injections saved, 2 more on a second claim."""
    def shots(n, account):
        doc = ketorolac_claim(15, account)
        doc["injections"] = doc["injections"] * n
        return doc
    first_id, first = checker.save(shots(3, "B1"))
    assert "ADMIN_UNITS_OVER_MAX" not in codes(first.result)
    over = [f for f in checker.check(shots(2, "B2"), today=TODAY).result.findings if f.code == "ADMIN_UNITS_OVER_MAX"]
    assert over and f"#{first_id}" in over[0].message and "96372" in over[0].message


def test_other_days_and_other_patients_do_not_count(checker):
    checker.save(ketorolac_claim(75, "C1") | {"date_of_service": "2026-03-09"})
    other = ketorolac_claim(75, "C2")
    other["patient"] = {**other["patient"], "member_id": "2EG4TE5MK73"}
    checker.save(other)
    assert "DRUG_UNITS_OVER_MAX" not in codes(checker.check(ketorolac_claim(60, "C3"), today=TODAY).result)


def test_a_deleted_claim_does_not_count(checker, db):
    from app.store.encounters import delete_encounters
    first_id, _ = checker.save(ketorolac_claim(60, "D1"))
    delete_encounters(db, [first_id])
    assert "DRUG_UNITS_OVER_MAX" not in codes(checker.check(ketorolac_claim(75, "D2"), today=TODAY).result)


def test_the_command_line_saving_a_file_twice_reports_the_duplicate(tmp_path, db_file, capsys):
    import json

    from app.cli import main
    path = tmp_path / "encounter.json"
    path.write_text(json.dumps(clean_encounter()), encoding="utf-8")
    assert main(["save", str(path), "--db", str(db_file)]) == 0
    assert "saved as encounter #1" in capsys.readouterr().out
    main(["check", str(path), "--json", "--db", str(db_file)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["message"] for f in findings if f["code"] == "DUPLICATE_SERVICE"][0].count("#1") == 1
