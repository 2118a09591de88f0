"""What the tests share beyond fixtures: the clean encounter, the test date, paths."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 3, 12)

CLEAN = {
    "format": "injection-encounter/1",
    "payer": "medicare",
    "date_of_service": "2026-03-10",
    "place_of_service": "11",
    "submitted_on": "2026-03-12",
    "patient": {"first_name": "Ada", "last_name": "Byron", "date_of_birth": "1951-04-02", "sex": "F",
                "member_id": "1EG4TE5MK73", "account_number": "A1001"},
    "rendering_provider": {"first_name": "Grace", "last_name": "Hopper", "npi": "1234567893", "credential": "MD"},
    "supervision": "in_person",
    "administered_by": "MA",
    "diagnoses": ["D51.0"],
    "visit": {"code": "99213", "separately_identifiable": True},
    "procedures": [],
    "injections": [{
        "drug": {"hcpcs": "J3420", "name": "cyanocobalamin", "ndc": "0143-9621-25", "ndc_quantity": 1,
                 "ndc_unit": "ML", "single_dose_container": False},
        "dose": {"amount": 1000, "unit": "mcg"}, "route": "IM", "site": "left deltoid",
        "diagnosis_pointers": [1]}],
    "documentation": {"order": True, "administration_record": True, "medical_necessity": True},
    "prior_authorization": None,
    "abn_on_file": False,
}


def clean_encounter(**changes) -> dict:
    """The clean B12 encounter with top-level fields replaced."""
    doc = copy.deepcopy(CLEAN)
    doc.update(copy.deepcopy(changes))
    return doc



def besides_stale(result) -> list:
    """The findings other than REFERENCE_DATA_STALE, which every claim dated after the shipped
    tables' last quarter (NCCI/MUE 2024 Q3, PFS CY2025) carries, as the clean 2026 encounter does."""
    return [f for f in result.findings if f.code != "REFERENCE_DATA_STALE"]


def finding_codes(result) -> set[str]:
    return {f.code for f in result.findings}


def write_file(tmp_path, name, doc) -> str:
    """`doc` (text, or an object as JSON) written to tmp_path/name; its path."""
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def run_cli(capsys, *argv):
    """`injectclaim ARGV` in this process: (exit status, stdout, stderr)."""
    from app.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def paths_of(doc, prefix=()):
    """Every path into a JSON document (tuples of keys and indexes), the document's own () first."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from paths_of(value, prefix + (index,))
