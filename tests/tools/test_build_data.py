"""The shipped reference tables in data/: facts read from the CMS and X12 files, and that
tools/build_data.py rebuilds them exactly (when the shared copies are at hand)."""

from __future__ import annotations

import csv
import filecmp
import re
import subprocess
import sys
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DRUG_KINDS = {"drug", "antineoplastic", "hormonal_antineoplastic"}
CARC = "4 5 6 11 16 18 29 50 58 96 97 119 146 151 167 171 181 182 185 189 197 204 206 207 236".split()
RARC = ("MA61 MA130 M15 M20 M51 M62 M76 M79 M86 M119 M123 N56 N95 N115 N290 N350 N362 N386 N425 N435 N657 N822 "
        "N823").split()
BUILT_FILES = ("hcpcs.csv", "hcpcs_modifiers.csv", "cpt_codes.csv", "ndc_crosswalk.csv", "ncci_ptp.csv",
               "mue.csv", "place_of_service.csv", "carc_rarc.csv", "fee_schedule.csv", "code_replacements.csv",
               "cms_codes.csv", "age_bands.csv", "reference_tables.csv",
               "unit_parse_report.txt", "fee_schedule_report.txt", "SOURCES.md")


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def by_code(name: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in table(name)}


def is_iso_or_empty(text: str) -> bool:
    return text == "" or (ISO_DATE.fullmatch(text) is not None and date.fromisoformat(text).isoformat() == text)


@pytest.mark.parametrize("code, amount, measure, up_to", [
    ("J1885", "15", "mg", "0"), ("J3420", "1000", "mcg", "1"), ("J0897", "1", "mg", "0"),
    ("J0561", "100000", "units", "0"), ("J1050", "1", "mg", "0"), ("J1950", "3.75", "mg", "0"),
    ("J0702", "6", "mg", "0"), ("J0696", "250", "mg", "0"), ("J1200", "50", "mg", "1"),
    ("J0725", "1000", "units", "0"), ("J0881", "1", "mcg", "0"), ("J9217", "7.5", "mg", "0"),
])
def test_drug_billing_units(code, amount, measure, up_to):
    row = by_code("hcpcs.csv")[code]
    assert (row["unit_amount"], row["unit_measure"], row["unit_up_to"]) == (amount, measure, up_to)


@pytest.mark.parametrize("code, kind, noc, sad_marker, cancer_kind", [
    ("J3420", "drug", "0", "0", ""), ("J9045", "antineoplastic", "0", "0", ""),
    ("J9217", "hormonal_antineoplastic", "0", "0", ""), ("J9202", "hormonal_antineoplastic", "0", "0", ""),
    ("J3315", "hormonal_antineoplastic", "0", "0", ""), ("J1952", "hormonal_antineoplastic", "0", "0", ""),
    ("J1950", "drug", "0", "0", "hormonal_antineoplastic"), ("Q2035", "vaccine", "0", "0", ""),
    ("J3490", "drug", "1", "0", ""), ("J9999", "antineoplastic", "1", "0", ""), ("C9399", "drug", "1", "0", ""),
    ("J0129", "drug", "0", "1", ""), ("Q5136", "drug", "0", "0", ""), ("G0008", "", "0", "0", ""),
    ("A4206", "", "0", "0", ""),
])
def test_hcpcs_kinds_and_flags(code, kind, noc, sad_marker, cancer_kind):
    row = by_code("hcpcs.csv")[code]
    assert (row["kind"], row["noc"], row["sad_marker"], row["cancer_kind"]) == (kind, noc, sad_marker, cancer_kind)


def test_hcpcs_descriptors_are_cms_text_with_dates():
    rows = by_code("hcpcs.csv")
    assert rows["J1030"]["description"] == "Injection, methylprednisolone acetate, 40 mg"
    assert (rows["J1030"]["add_date"], rows["J1030"]["term_date"]) == ("1982-01-01", "2024-03-31")
    assert rows["J1010"]["term_date"] == ""


def test_every_hcpcs_row_has_iso_dates_and_a_unique_sorted_code():
    rows = table("hcpcs.csv")
    assert len(rows) > 8000
    assert all(is_iso_or_empty(r["add_date"]) and is_iso_or_empty(r["term_date"]) for r in rows)
    assert all(r["add_date"] for r in rows)
    codes = [r["code"] for r in rows]
    assert codes == sorted(set(codes))


def test_drug_descriptor_parse_rate_and_report():
    drugs = [r for r in table("hcpcs.csv") if r["kind"] in DRUG_KINDS]
    parsed = [r for r in drugs if r["unit_measure"]]
    assert len(parsed) / len(drugs) > 0.95  # measured 1553 of 1610 (96.5%)
    report = (DATA / "unit_parse_report.txt").read_text(encoding="utf-8")
    assert f"Parsed: {len(parsed)} " in report
    assert {r["code"] for r in drugs if not r["unit_measure"]} == set(re.findall(r"^([A-Z]\d{4})\t", report, re.M))


def test_modifiers_are_stripped():
    modifiers = {r["modifier"]: r for r in table("hcpcs_modifiers.csv")}
    assert {"XU", "XS", "JW", "JZ", "GA", "GY", "GZ"} <= set(modifiers)  # CPT modifiers (25, 59) are not here
    assert all(m == m.strip() and len(m) == 2 for m in modifiers)


def test_ndc_crosswalk():
    rows = table("ndc_crosswalk.csv")
    assert all(re.fullmatch(r"\d{11}", r["ndc"]) for r in rows)
    prolia = [r for r in rows if r["ndc"] == "55513071001"]
    assert [(r["hcpcs"], r["drug_name"], r["bill_units_pkg"]) for r in prolia] == [("J0897", "Prolia", "60")]
    assert not any("\xa0" in value for r in rows for value in r.values())


def test_ncci_pairs():
    rows = table("ncci_ptp.csv")
    active = {(r["column1"], r["column2"]): r["modifier_indicator"] for r in rows if not r["deletion_date"]}
    assert active[("96372", "99211")] == "0"
    assert active[("96372", "99213")] == "1"
    assert active[("20610", "96372")] == "1"
    assert ("96372", "90471") not in active
    assert {r["modifier_indicator"] for r in rows} == {"0", "1"}
    assert all(is_iso_or_empty(r["deletion_date"]) for r in rows)
    assert len({tuple(r.values()) for r in rows}) == len(rows)


@pytest.mark.parametrize("code, mue, mai", [
    ("96372", "4", "3"), ("96374", "1", "3"), ("90471", "1", "2"), ("G0008", "1", "2"),
    ("J1885", "8", "3"), ("J3420", "1", "3"), ("J0897", "120", "3"), ("99211", "1", "3"),
])
def test_mue(code, mue, mai):
    row = by_code("mue.csv")[code]
    assert (row["mue"], row["mai"]) == (mue, mai)


def test_cpt_codes_are_described_in_our_own_short_words():
    rows = table("cpt_codes.csv")
    kinds = {"visit", "admin", "allergen", "vaccine", "procedure", "drug", "antineoplastic"}   # drug: immune globulins
    assert all(r["description"] and len(r["description"]) < 120 and r["kind"] in kinds for r in rows)
    assert all(r["vaccine_group"] in ("", "flu", "pneumococcal", "hepatitis_b", "covid") for r in rows)
    codes = by_code("cpt_codes.csv")
    assert codes["96372"]["kind"] == "admin" and codes["99211"]["kind"] == "visit"
    groups = {c: codes[c]["vaccine_group"] for c in ("90686", "90732", "90746", "90715")}
    assert groups == {"90686": "flu", "90732": "pneumococcal", "90746": "hepatitis_b", "90715": ""}
    assert codes["90480"]["kind"] == "admin" and codes["91320"]["vaccine_group"] == "covid"


def test_fee_report_names_the_codes_no_file_prices():
    report = (DATA / "fee_schedule_report.txt").read_text(encoding="utf-8")
    unpriced = {line.split("\t")[0] for line in report.splitlines() if "\t" in line}
    assert {"G0008", "G0009", "G0010", "90480", "91318", "90750"} <= unpriced
    assert not unpriced & set(by_code("fee_schedule.csv"))
    assert by_code("fee_schedule.csv")["90656"]["per"] == "unit"  # vaccine products the ASP file prices


def test_carc_and_rarc_codes_present():
    present = {(r["type"], r["code"]) for r in table("carc_rarc.csv")}
    expected = {("CARC", c) for c in CARC} | {("RARC", c) for c in RARC}
    expected |= {("Group", g) for g in ("CO", "PR", "OA", "PI", "CR")}
    assert present == expected
    assert all(r["description"] and is_iso_or_empty(r["end_date"]) for r in table("carc_rarc.csv"))


def test_place_of_service():
    rows = by_code("place_of_service.csv")
    assert (rows["11"]["name"], rows["11"]["facility"]) == ("Office", "0")
    assert rows["22"]["facility"] == "1" and rows["02"]["facility"] == "1"
    assert not any("nassigned" in r["name"] for r in rows.values())


def test_fee_schedule():
    rows = by_code("fee_schedule.csv")
    assert (rows["96372"]["fee_mills"], rows["96372"]["per"]) == ("13910", "line")
    assert (rows["99213"]["fee_mills"], rows["J3420"]["per"]) == ("88950", "unit")
    assert "G0008" not in rows
    assert all(r["fee_mills"].isdigit() and int(r["fee_mills"]) > 0 for r in rows.values())


def test_code_replacements():
    rows = {r["old_code"]: r for r in table("code_replacements.csv")}
    assert rows["J1030"]["new_code"] == "J1010" and rows["J0171"]["new_code"] == "J0165"
    assert rows["J1094"]["new_code"] == ""
    assert rows["Q9989"]["source"] == "CMS HCPCS 2026 Jan file, XREF"
    hcpcs = by_code("hcpcs.csv")
    assert all(hcpcs[old]["term_date"] for old in rows)


def test_sources_lists_every_file_with_its_row_count():
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "python tools/build_data.py" in sources and "simple-icd-10-cm" in sources
    for name in BUILT_FILES[:-3]:
        assert f"| `{name}` | {len(table(name))} |" in sources


@pytest.mark.slow
def test_build_reproduces_data(tmp_path):
    if not (SHARED / "data").is_dir():
        pytest.skip("the shared reference data (../shared/data) is not here")
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_data.py"), "--shared", str(SHARED),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    match, mismatch, errors = filecmp.cmpfiles(DATA, tmp_path, BUILT_FILES, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_every_priced_code_has_a_description():
    """The fee schedule never shows a blank description: each code it prices is described."""
    described = set(by_code("cpt_codes.csv")) | set(by_code("hcpcs.csv"))
    assert [r["code"] for r in table("fee_schedule.csv") if r["code"] not in described] == []
