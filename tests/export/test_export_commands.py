"""The export commands through argparse: `summary`, `cms1500`, `export-837`, their exit
statuses and their plain messages (file and field named, never a traceback)."""

from __future__ import annotations

import argparse
import json

import pytest

from app.export.commands import register, run
from export_fixtures import *  # noqa: F403 - fixtures and readers


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="injectclaim")
    register(top.add_subparsers(dest="command"), lambda p: p.add_argument("--db"))
    return top


def invoke(capsys, *argv) -> tuple[int, str]:
    code = run(parser().parse_args([str(a) for a in argv]))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def write(tmp_path, name: str, document) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


def test_export_837_writes_a_valid_file(capsys, tmp_path, practice_db_file):
    source = write(tmp_path, "ada.json", clean_with_address())
    code, err = invoke(capsys, "export-837", source, source, "-o", tmp_path / "out.837", "--db", practice_db_file)
    assert code == 0
    assert "warning" not in err and "2 claims" in err
    ok, errors = pyx12_verdict(tmp_path / "out.837")
    assert ok, errors


def test_export_837_refuses_error_findings_without_force(capsys, tmp_path, practice_db_file):
    source = write(tmp_path, "facility.json", clean_with_address(place_of_service="22"))
    out = tmp_path / "out.837"
    code, err = invoke(capsys, "export-837", source, "-o", out, "--db", practice_db_file)
    assert code == 1 and not out.exists()
    assert f"{source}: refused" in err and "FACILITY_PLACE_OF_SERVICE" in err and "--force" in err
    code, _ = invoke(capsys, "export-837", source, "-o", out, "--force", "--db", practice_db_file)
    assert code == 0 and out.exists()


def test_export_837_names_missing_data(capsys, tmp_path, practice_db_file):
    document = clean_with_address()
    del document["patient"]["address"]
    source = write(tmp_path, "no-address.json", document)
    code, err = invoke(capsys, "export-837", source, "-o", tmp_path / "out.837", "--db", practice_db_file)
    assert code == 2 and not (tmp_path / "out.837").exists()
    assert f"{source}: cannot export the 837P: missing patient address (patient.address)" in err


def test_export_837_names_missing_settings(capsys, tmp_path, db_file):
    source = write(tmp_path, "ada.json", clean_with_address())
    code, err = invoke(capsys, "export-837", source, "-o", tmp_path / "out.837", "--db", db_file)
    assert code == 2
    assert "settings: cannot export the 837P: missing submitter id (x12.sender_id)" in err
    assert "billing provider tax id, 9 digits (practice.tax_id)" in err


@pytest.mark.parametrize("command", ["summary", "cms1500", "export-837"])
def test_unusable_input_is_exit_2_naming_file_and_path(command, capsys, tmp_path, practice_db_file):
    bad = write(tmp_path, "bad.json", clean_with_address(date_of_service="2026-13-40"))
    broken = write(tmp_path, "broken.json", "{not json")
    code, err = invoke(capsys, command, bad, broken, "-o", tmp_path / "out", "--db", practice_db_file)
    assert code == 2 and not (tmp_path / "out").exists()
    assert f"{bad}: cannot be used" in err and "Date of service: must be a date" in err and "[date_of_service]" in err
    assert f"{broken}: cannot be used" in err and "not valid JSON" in err


@pytest.mark.parametrize("command, extra", [("summary", []), ("cms1500", []), ("cms1500", ["--mode", "preprinted"])])
def test_pdf_commands_write_the_pdf(command, extra, capsys, tmp_path, practice_db_file):
    source = write(tmp_path, "ada.json", clean_with_address(place_of_service="22"))
    out = tmp_path / "out.pdf"
    code, err = invoke(capsys, command, source, "-o", out, *extra, "--db", practice_db_file)
    assert code == 0 and f"wrote {out}" in err
    assert out.read_bytes().startswith(b"%PDF-")


def test_an_output_that_cannot_be_written_is_exit_2(capsys, tmp_path, practice_db_file):
    source = write(tmp_path, "ada.json", clean_with_address())
    out = tmp_path / "no such folder" / "out.pdf"
    code, err = invoke(capsys, "summary", source, "-o", out, "--db", practice_db_file)
    assert code == 2 and f"{out}: cannot be written" in err


@pytest.mark.parametrize("command", ["summary", "cms1500", "export-837"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    assert "-o" in capsys.readouterr().out
