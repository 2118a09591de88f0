"""The command line as spec/cli.md says: exit codes, JSON, plain messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import clean_encounter, run_cli as run, write_file as write


def test_check_json_clean_exits_0(tmp_path, db_file, capsys):
    code, out, err = run(capsys, "check", write(tmp_path, "e.json", clean_encounter(submitted_on="2026-03-12")),
                         "--json", "--db", db_file)
    doc = json.loads(out)
    assert code == 0 and doc["format"] == "injection-claim-check/1"
    assert [l["code"] for l in doc["claim"]["lines"]] == ["99213", "96372", "J3420"]
    assert doc["claim"]["lines"][2]["ndc"] == "00143962125"
    assert doc["claim"]["diagnoses"][0] == {"pointer": "A", "code": "D51.0",
                                            "description": doc["claim"]["diagnoses"][0]["description"]}
    assert doc["claim"]["diagnoses"][0]["description"]
    # the one info: the 2026 date of service is past the shipped NCCI/MUE (2024 Q3) and PFS (CY2025) tables
    assert doc["summary"] == {"errors": 0, "warnings": 0, "infos": 1}
    assert [f["code"] for f in doc["findings"]] == ["REFERENCE_DATA_STALE"]


def test_check_text_groups_findings(tmp_path, db_file, capsys):
    bad = clean_encounter(place_of_service="22")
    code, out, _ = run(capsys, "check", write(tmp_path, "e.json", bad), "--db", db_file)
    assert code == 1
    assert "Errors: the claim will be rejected or denied (1)" in out
    assert "FACILITY_PLACE_OF_SERVICE" in out and "Total charge:" in out


def test_several_files_give_a_json_array(tmp_path, db_file, capsys):
    a = write(tmp_path, "a.json", clean_encounter())
    b = write(tmp_path, "b.json", clean_encounter(place_of_service="22"))
    code, out, _ = run(capsys, "check", a, b, "--json", "--db", db_file)
    assert code == 1 and len(json.loads(out)) == 2


@pytest.mark.parametrize("content, words", [
    ("{not json", "is not valid JSON"),
    ('{"format": "injection-encounter/1"}', "Payer: is required [payer]"),
    (json.dumps(clean_encounter(payer="acme")), "unknown payer 'acme'"),
])
def test_unusable_input_exits_2_with_a_sentence(tmp_path, db_file, capsys, content, words):
    code, out, err = run(capsys, "check", write(tmp_path, "bad.json", content), "--db", db_file)
    assert code == 2 and words in err and "Traceback" not in err and out == ""


def test_missing_file_exits_2(tmp_path, db_file, capsys):
    code, _, err = run(capsys, "check", tmp_path / "nope.json", "--db", db_file)
    assert code == 2 and "cannot be read" in err


def test_save_prints_ids_and_feeds_history(tmp_path, db_file, capsys):
    first = write(tmp_path, "a.json", clean_encounter())
    code, out, _ = run(capsys, "save", first, "--db", db_file)
    assert code == 0 and "saved as encounter #1" in out
    again = write(tmp_path, "b.json", clean_encounter(patient={**clean_encounter()["patient"], "account_number": "X"}))
    code, out, _ = run(capsys, "check", again, "--json", "--db", db_file)
    assert "DUPLICATE_SERVICE" in {f["code"] for f in json.loads(out)["findings"]}


def test_payers_lists_the_shipped_three(db_file, capsys):
    code, out, _ = run(capsys, "payers", "--json", "--db", db_file)
    assert code == 0 and {p["id"] for p in json.loads(out)} >= {"medicare", "medicaid", "commercial"}


def test_rules_export_import_round_trip(tmp_path, db_file, capsys):
    out_file = tmp_path / "medicaid.json"
    assert run(capsys, "rules", "export", "medicaid", "-o", out_file, "--db", db_file)[0] == 0
    pack = json.loads(out_file.read_text())
    assert pack["format"] == "payer-rule-pack/1" and pack["settings"]["ndc_required"] is True
    pack["payer"] = {"id": "acme-ppo", "name": "Acme Health PPO", "kind": "commercial"}
    pack["settings"]["timely_filing"] = {"days": 30}
    code, out, _ = run(capsys, "rules", "import", write(tmp_path, "acme.json", pack), "--db", db_file)
    assert code == 0 and "acme-ppo" in out
    code, out, _ = run(capsys, "rules", "export", "acme-ppo", "--db", db_file)
    assert json.loads(out)["settings"]["timely_filing"] == {"days": 30}


def test_bad_rule_pack_is_refused_whole(tmp_path, db_file, capsys):
    pack = {"format": "payer-rule-pack/1", "payer": {"id": "medicaid", "name": "Changed"},
            "rules": [{"kind": "max_units", "code": "96372", "max": 2, "per": "day", "source": "x"},
                      {"kind": "teleport", "code": "J3420", "source": "x"},
                      {"kind": "min_interval", "code": "J1050", "days": 10, "source": "x",
                       "effective_from": "2026-02-30"}]}
    code, _, err = run(capsys, "rules", "import", write(tmp_path, "bad.json", pack), "--db", db_file)
    assert code == 2 and "rules[1].kind: unknown rule kind 'teleport'" in err
    assert "rules[2].effective_from" in err and "Nothing was changed" in err
    code, out, _ = run(capsys, "payers", "--json", "--db", db_file)
    assert {p["id"]: p["name"] for p in json.loads(out)}["medicaid"] == "State Medicaid (template)"


def test_unknown_payer_export_exits_2(db_file, capsys):
    code, _, err = run(capsys, "rules", "export", "nobody", "--db", db_file)
    assert code == 2 and "unknown payer" in err


def test_env_variable_chooses_the_database(tmp_path, db_file, monkeypatch, capsys):
    monkeypatch.setenv("INJECTCLAIM_DB", str(db_file))
    code, out, _ = run(capsys, "payers", "--json")
    assert code == 0 and json.loads(out)


def test_python_dash_m_app_has_help():
    out = subprocess.run([sys.executable, "-m", "app", "check", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--json" in out.stdout


def test_settings_show_and_set(db_file, capsys):
    code, out, _ = run(capsys, "settings", "practice.name=Lovelace Family Medicine", "x12.usage=P", "--db", db_file)
    assert code == 0 and "Lovelace Family Medicine" in out
    code, out, _ = run(capsys, "--db", db_file, "settings")
    assert "x12.usage" in out and " P " in out
    code, _, err = run(capsys, "settings", "practice.colour=red", "--db", db_file)
    assert code == 2 and "practice.colour" in err


def test_summary_pdf_from_the_command_line(tmp_path, db_file, capsys):
    out_pdf = tmp_path / "summary.pdf"
    code, _, _ = run(capsys, "summary", write(tmp_path, "e.json", clean_encounter()), "-o", out_pdf, "--db", db_file)
    assert code == 0 and out_pdf.read_bytes().startswith(b"%PDF")


def test_settings_refuse_a_bad_npi_and_change_nothing(db_file, capsys):
    code, _, err = run(capsys, "settings", "practice.npi=1234567890", "practice.name=X", "--db", db_file)
    assert code == 2 and "practice.npi" in err and "check digit" in err
    assert "X " not in run(capsys, "settings", "--db", db_file)[1]


def test_findings_carry_the_x12_wording(tmp_path, db_file, capsys):
    doc = clean_encounter(payer="medicaid")
    doc["injections"][0]["drug"]["ndc"] = None
    code, out, _ = run(capsys, "check", write(tmp_path, "e.json", doc), "--json", "--db", db_file)
    finding = json.loads(out)["findings"][0]
    assert finding["code"] == "NDC_MISSING"
    assert finding["carc_text"].startswith("Claim/service lacks information")
    assert "National Drug Code" in finding["rarc_text"]
