"""The search data in data/: ICD-10-CM rows made at build time from simple-icd-10-cm (inclusion
terms included), the hand-written drug names, and the manifest that stands for data/ when a
database is opened (it must list every file as it is now: rebuild after changing one)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ROUTES = {"IM", "SC", "IV_PUSH", "IV_INFUSION", "INTRA_ARTERIAL", "ID", "INTRALESIONAL"}


def icd_rows() -> dict[str, dict]:
    with gzip.open(DATA / "icd10cm.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_icd10cm_rows_with_inclusion_terms():
    rows = icd_rows()
    assert len(rows) > 90_000
    assert rows["D510"]["billable"] == "1" and rows["D510"]["parent"] == "D51"
    assert "Pernicious (congenital) anemia" in rows["D510"]["terms"].split("; ")
    assert rows["D51"]["billable"] == "0" and rows["D51"]["parent"] == ""
    assert rows["M545"]["billable"] == "0" and rows["M5450"]["description"] == "Low back pain, unspecified"


def test_drug_names_name_current_drug_codes_and_known_routes():
    with (DATA / "hcpcs.csv").open(encoding="utf-8", newline="") as handle:
        hcpcs = {row["code"]: row for row in csv.DictReader(handle)}
    with (DATA / "drug_names.csv").open(encoding="utf-8", newline="") as handle:
        names = list(csv.DictReader(handle))
    for row in names:
        assert row["hcpcs"] in hcpcs and hcpcs[row["hcpcs"]]["kind"], row
        assert not hcpcs[row["hcpcs"]]["term_date"], f"{row['name']}: {row['hcpcs']} has ended"
        assert row["usual_route"] in ROUTES, row
    assert {"Toradol", "Rocephin", "Depo-Provera", "Prolia", "B12", "Vitamin B12"} <= {r["name"] for r in names}


def test_the_manifest_lists_every_shipped_file_as_it_is():
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(DATA).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
             for p in DATA.rglob("*") if p.name.endswith((".csv", ".csv.gz")) and "payers" not in p.parts}
    assert manifest["files"] == files, "data/ changed: run python tools/build_data.py (or tools/build_search_data.py)"
