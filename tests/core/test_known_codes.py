"""A code is known when the CMS HCPCS file, the NCCI or MUE tables or the PFS relative value file
name it (CODE_UNKNOWN stays quiet); CPT codes the project has not described go out without a
description (CPT descriptors are AMA copyright)."""

from __future__ import annotations

import csv

import pytest

from support import ROOT, clean_encounter, finding_codes

# preventive visits, chemotherapy infusion, home and hospital visits, intralesional, newborn care
KNOWN_WITHOUT_OWN_DESCRIPTION = ["99381", "99387", "99391", "99397", "96413", "96415", "96417", "99341", "99350",
                                 "99221", "99233", "99238", "99460", "96999"]


@pytest.mark.parametrize("code", KNOWN_WITHOUT_OWN_DESCRIPTION + ["11900", "11901", "20610"])
def test_a_code_the_cms_tables_name_is_not_unknown(check, code):
    result = check(clean_encounter(procedures=[{"code": code}]))
    assert "CODE_UNKNOWN" not in finding_codes(result)
    assert code in [line.code for line in result.lines]


@pytest.mark.parametrize("code", KNOWN_WITHOUT_OWN_DESCRIPTION)
def test_such_a_code_goes_out_without_a_description(check, code):
    lines = check(clean_encounter(procedures=[{"code": code}])).to_json()["claim"]["lines"]
    line = next(line for line in lines if line["code"] == code)
    assert not line.get("description")


def test_a_preventive_visit_as_the_visit_is_known(check):
    doc = clean_encounter(visit={"code": "99397", "separately_identifiable": True})
    assert "CODE_UNKNOWN" not in finding_codes(check(doc))


@pytest.mark.parametrize("code", ["ZZ123", "99999", "12345", "J9998"])
def test_a_code_no_table_names_is_unknown(check, code):
    result = check(clean_encounter(procedures=[{"code": code}]))
    unknown = [f for f in result.findings if f.code == "CODE_UNKNOWN"]
    assert unknown and code in unknown[0].message and "NCCI" in unknown[0].source


def test_every_code_of_the_cms_code_list_is_in_the_catalog(checker):
    with open(ROOT / "data" / "cms_codes.csv", encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert len(codes) > 10_000
    missing = [code for code in codes[::97] if checker.reference.code(code) is None]
    assert missing == []
