"""The insured who is not the patient, a second insurance and the referring provider in the 837P:
a child on a parent's plan and a Medicare patient with a Medigap plan (invented people, in
tests/export/data and docs/examples) go out as files pyx12 accepts, read back loop by loop."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

import pytest

from app.core.encounter import EncounterInvalid, parse_encounter
from app.export.x837 import MissingClaimData, write_837
from app.store.settings import set_settings
from export_fixtures import *  # noqa: F403 - fixtures and readers

DATA = Path(__file__).resolve().parent / "data"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"
NOW = datetime(2026, 3, 12, 9, 30)


def example(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def export(db, checked_list, path):
    write_837(db, checked_list, path, now=NOW)
    ok, errors = pyx12_verdict(path)
    assert ok, errors
    return segments(path)


def index_of(segs, tag, *qualifiers) -> int:
    return next(i for i, s in enumerate(segs) if s[0] == tag and s[1:1 + len(qualifiers)] == list(qualifiers))


def at(segs, tag, *qualifiers) -> list[str]:
    return segs[index_of(segs, tag, *qualifiers)]


@pytest.mark.parametrize("name", ["child-on-parents-plan", "medicare-with-secondary"])
def test_the_examples_in_the_docs_are_the_tested_ones(name):
    assert json.loads((DOCS / f"{name}.json").read_text(encoding="utf-8")) == example(name)


def test_a_child_on_a_parents_plan_has_subscriber_and_patient_loops(check_doc, practice_db, tmp_path):
    checked = check_doc(example("child-on-parents-plan"))
    assert not checked.result.has_errors
    segs = export(practice_db, [checked], tmp_path / "child.837")
    hl_subscriber, hl_patient = at(segs, "HL", "2"), at(segs, "HL", "3")
    assert hl_subscriber[1:5] == ["2", "1", "22", "1"] and hl_patient[1:5] == ["3", "2", "23", "0"]
    sbr = at(segs, "SBR", "P")
    assert sbr[2] == "" and sbr[3] == "GRP-88120" and sbr[9] == "CI"
    subscriber = at(segs, "NM1", "IL")
    assert subscriber[3:5] == ["BYRON", "GEORGE"] and subscriber[8:10] == ["MI", "ZGP4410001"]
    # the patient's address and birth date go in 2010CA, not in 2010BA (X12 RFI 2281)
    between = segs[index_of(segs, "NM1", "IL"):index_of(segs, "NM1", "PR")]
    assert not any(s[0] in ("N3", "N4", "DMG") for s in between)
    assert at(segs, "PAT")[1] == "19"
    patient_at = index_of(segs, "NM1", "QC")
    assert segs[patient_at][3:5] == ["BYRON", "ALLEGRA"] and len(segs[patient_at]) == 5
    assert [s[0] for s in segs[patient_at + 1:patient_at + 4]] == ["N3", "N4", "DMG"]
    assert segs[patient_at + 3][2:4] == ["20100112", "F"]
    assert index_of(segs, "HL", "3") < patient_at < index_of(segs, "CLM")
    referring = at(segs, "NM1", "DN")
    assert referring[3:5] == ["POLIDORI", "JOHN"] and referring[8:10] == ["XX", "1987654328"]
    assert index_of(segs, "HI") < index_of(segs, "NM1", "DN") < index_of(segs, "NM1", "82")


@pytest.mark.parametrize("relationship,code", [("spouse", "01"), ("child", "19"), ("other", "G8")])
def test_the_patients_relationship_code(relationship, code, check_doc, practice_db, tmp_path):
    document = example("child-on-parents-plan")
    document["subscriber"]["relationship"] = relationship
    segs = export(practice_db, [check_doc(document)], tmp_path / f"{relationship}.837")
    assert at(segs, "PAT")[1] == code


def test_the_patient_as_insured_stays_in_the_subscriber_loop(check_doc, practice_db, tmp_path):
    document = example("child-on-parents-plan")
    document["subscriber"] = {"relationship": "self"}
    segs = export(practice_db, [check_doc(document)], tmp_path / "self.837")
    assert at(segs, "SBR", "P")[2] == "18" and at(segs, "HL", "2")[4] == "0"
    assert at(segs, "NM1", "IL")[3:5] == ["BYRON", "ALLEGRA"] and at(segs, "NM1", "IL")[9] == "ZGP4410022"
    assert not any(s[0] in ("PAT",) or s[:2] == ["NM1", "QC"] for s in segs)
    assert at(segs, "DMG")[2] == "20100112"


def test_a_second_insurance_goes_in_2320_and_2330(check_doc, practice_db, tmp_path):
    checked = check_doc(example("medicare-with-secondary"))
    assert not checked.result.has_errors
    segs = export(practice_db, [checked], tmp_path / "secondary.837")
    assert at(segs, "SBR", "P")[1:3] == ["P", "18"] and at(segs, "SBR", "P")[9] == "MB"
    other = index_of(segs, "SBR", "S")
    assert segs[other][2:4] == ["01", "MG-PLAN-F"] and segs[other][9] == "CI"
    assert segs[other + 1] == ["OI", "", "", "Y", "", "", "Y"]
    assert segs[other + 2][:5] == ["NM1", "IL", "1", "BABBAGE", "GEORGIANA"]
    assert segs[other + 2][8:10] == ["MI", "MG99887701"]
    assert segs[other + 3][:4] == ["NM1", "PR", "2", "EXAMPLE MEDIGAP PLAN"] and segs[other + 3][8:10] == ["PI", "MGP01"]
    assert index_of(segs, "NM1", "DQ") < other < index_of(segs, "LX")
    ordering = [i for i, s in enumerate(segs) if s[:2] == ["NM1", "DK"]]           # 2420E, once per line
    assert len(ordering) == len(checked.result.lines) == len([s for s in segs if s[0] == "LX"])
    assert segs[ordering[0]][3:5] == ["SOMERVILLE", "MARY"] and segs[ordering[0]][8:10] == ["XX", "1456789019"]
    assert ordering[0] > index_of(segs, "LX") and not any(s[:2] == ["NM1", "DN"] for s in segs)
    assert at(segs, "NM1", "DQ")[9] == "1765432103"


def test_the_second_payers_kind_comes_from_a_payer_with_that_837p_id(check_doc, practice_db, tmp_path):
    document = example("medicare-with-secondary")
    document["secondary_insurance"]["payer_id"] = PAYER_837_IDS["medicaid"]
    segs = export(practice_db, [check_doc(document)], tmp_path / "medicaid.837")
    assert at(segs, "SBR", "S")[9] == "MC"


def test_a_second_insurance_of_the_patient_uses_its_own_member_id(check_doc, practice_db, tmp_path):
    document = example("medicare-with-secondary")
    del document["secondary_insurance"]["subscriber"]
    segs = export(practice_db, [check_doc(document)], tmp_path / "own.837")
    other = index_of(segs, "SBR", "S")
    assert segs[other][2] == "18"
    assert segs[other + 2][3:5] == ["BABBAGE", "CHARLES"] and segs[other + 2][9] == "MG99887766"


def test_assignment_and_signatures_come_from_the_practice_settings(check_doc, practice_db, tmp_path):
    checked = check_doc(example("medicare-with-secondary"))
    segs = export(practice_db, [checked], tmp_path / "yes.837")
    assert at(segs, "CLM")[7:10] == ["A", "Y", "Y"]
    set_settings(practice_db, {"claims.accept_assignment": "no", "claims.signature_on_file": "no"})
    segs = export(practice_db, [checked], tmp_path / "no.837")
    assert at(segs, "CLM")[7:10] == ["C", "N", "I"]
    assert at(segs, "OI")[3] == "N" and at(segs, "OI")[6] == "I"


def missing_of(db, document, check_doc, tmp_path) -> list[str]:
    """What the 837P says is missing, even when forced past error findings (a bad NPI is one)."""
    with pytest.raises(MissingClaimData) as missing:
        write_837(db, [check_doc(document)], tmp_path / "x.837", now=NOW, force=True)
    assert not (tmp_path / "x.837").exists()
    return [what for _, what in missing.value.missing]


def test_a_dependent_without_the_insureds_name_is_refused_by_name(check_doc, practice_db, tmp_path):
    document = example("child-on-parents-plan")
    document["subscriber"] = {"relationship": "child"}
    missing = missing_of(practice_db, document, check_doc, tmp_path)
    assert "the insured's last name (subscriber.last_name)" in missing
    assert "the insured's first name (subscriber.first_name)" in missing
    assert not any("member id" in m for m in missing)            # defaults to the patient's


def test_a_second_insurance_without_its_ids_is_refused_by_name(check_doc, practice_db, tmp_path):
    document = example("medicare-with-secondary")
    document["secondary_insurance"] = {"payer_name": "Example Medigap Plan"}
    document["referring_provider"] = {"last_name": "", "npi": "123", "qualifier": "DK"}
    missing = missing_of(practice_db, document, check_doc, tmp_path)
    assert "the second insurance's 837P payer id (secondary_insurance.payer_id)" in missing
    assert "the second insurance's member id (secondary_insurance.member_id)" in missing
    assert "ordering provider last name (referring_provider.last_name)" in missing
    assert "ordering provider NPI, 10 digits (referring_provider.npi)" in missing


def test_no_837p_payer_id_is_refused_once_naming_the_setting(check_doc, practice_db, tmp_path):
    set_payer_837_ids(practice_db, {"medicare": ""})
    set_settings(practice_db, {"practice.tax_id": ""})
    checked = check_doc(clean_with_address())
    with pytest.raises(MissingClaimData) as missing:
        write_837(practice_db, [checked, checked, checked], tmp_path / "x.837", now=NOW)
    said = missing.value.missing
    payer = [(label, what) for label, what in said if "x12_payer_id" in what]
    assert payer == [("", "the 837P payer id of Medicare Part B (payer setting x12_payer_id: "
                          "Practice > Payer rules > Medicare Part B > Payer id for the 837P)")]
    assert [(label, what) for label, what in said if "practice.tax_id" in what] == [
        ("", "billing provider tax id, 9 digits (practice.tax_id)")]
    assert not (tmp_path / "x.837").exists()


def test_the_command_line_says_a_missing_setting_once(capsys, tmp_path, practice_db_file):
    from app.cli import main
    from app.store.db import connect

    db = connect(practice_db_file)
    set_payer_837_ids(db, {"medicare": ""})
    db.conn.close()
    files = []
    for name in ("a", "b", "c"):
        files.append(str(tmp_path / f"{name}.json"))
        Path(files[-1]).write_text(json.dumps(clean_with_address()), encoding="utf-8")
    code = main(["export-837", *files, "-o", str(tmp_path / "out.837"), "--db", str(practice_db_file)])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "out.837").exists()
    assert err.count("payer id") == 1
    assert "settings: cannot export the 837P: missing the 837P payer id of Medicare Part B" in err


@pytest.mark.parametrize("change,path,words", [
    ({"subscriber": {"relationship": "parent"}}, "subscriber.relationship",
     "must be self, spouse, child or other: the patient's relationship to the insured (found 'parent')"),
    ({"subscriber": {"relationship": "child", "sex": "X"}}, "subscriber.sex", "must be F, M or U (found 'X')"),
    ({"subscriber": {"relationship": "child", "date_of_birth": "01/22/1978"}}, "subscriber.date_of_birth",
     "must be a date"),
    ({"referring_provider": {"npi": "1987654328", "qualifier": "XX"}}, "referring_provider.qualifier",
     "must be DN or DK (DN referring, DK ordering provider) (found 'XX')"),
    ({"secondary_insurance": {"payer_name": 7}}, "secondary_insurance.payer_name", "must be text"),
    ({"group_number": ["G1"]}, "group_number", "must be text"),
])
def test_unusable_insured_fields_name_the_field(change, path, words):
    document = copy.deepcopy(example("child-on-parents-plan"))
    document.update(change)
    with pytest.raises(EncounterInvalid) as invalid:
        parse_encounter(document)
    found = {p.path: p.message for p in invalid.value.problems}
    assert path in found and words in found[path]


def test_optional_insured_fields_may_be_null():
    document = example("child-on-parents-plan")
    document.update(subscriber=None, group_number=None, secondary_insurance=None, referring_provider=None)
    encounter = parse_encounter(document)
    assert encounter.subscriber is None and encounter.secondary_insurance is None and not encounter.extras
