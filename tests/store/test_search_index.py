"""Search answered by the database (app.store.search_index) over the real shipped data: what
billers type finds what they mean, billable codes before category headers, brand names, NDC
packages in words; a new database gets ICD-10-CM and its index without parsing any XML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.search_index import DrugSearch, IcdSearch, build_search_index, search_ready

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def icd(db):
    return IcdSearch(db)


@pytest.fixture
def drugs(db):
    return DrugSearch(db)


def codes(results) -> list[str]:
    return [r.code for r in results]


@pytest.mark.parametrize("typed, first", [
    ("b12", "D51.0"), ("vit b12", "D51.0"), ("vitamin b12 deficiency", "D51.0"), ("b12 anemia", "D51.0"),
    ("low back pain", "M54.50"), ("M54.5", "M54.50"), ("m545", "M54.50"), ("e11.9", "E11.9"), ("i10", "I10"),
    ("essential hypertension", "I10"), ("pain in the left knee", "M25.562"), ("z23", "Z23"),
])
def test_what_billers_type_finds_the_code_first(icd, typed, first):
    assert codes(icd.search(typed))[0] == first


def test_inclusion_terms_are_found(icd):
    assert codes(icd.search("pernicious anemia")) == ["D51.0"]
    assert "E53.8" in codes(icd.search("cyanocobalamin deficiency"))


def test_billable_codes_come_before_their_category_headers(icd):
    found = icd.search("m545")
    assert codes(found) == ["M54.50", "M54.51", "M54.59", "M54.5"]
    assert [d.billable for d in found] == [True, True, True, False]
    headers_seen = False
    for entry in icd.search("vitamin b12 deficiency anemia"):
        headers_seen = headers_seen or not entry.billable
        assert entry.billable or headers_seen
        assert not (headers_seen and entry.billable)


def test_a_category_lists_what_is_below_it(icd):
    assert codes(icd.children("D51"))[:2] == ["D51.0", "D51.1"]
    assert icd.get("d51.0").description.startswith("Vitamin B12 deficiency anemia")
    assert icd.get("Q99.99x") is None


def test_nothing_found_says_so_with_a_close_word(icd):
    assert icd.search("anemai") == []
    assert "Did you mean: anemia" in icd.no_match("anemai")
    assert "Try fewer words" in icd.no_match("xqzzy")


@pytest.mark.parametrize("typed, code", [
    ("Toradol", "J1885"), ("rocephin", "J0696"), ("Depo-Provera", "J1050"), ("depo provera", "J1050"),
    ("Kenalog", "J3301"), ("Prolia", "J0897"), ("b12", "J3420"), ("vitamin b12", "J3420"), ("vit b-12", "J3420"),
    ("ketorolac", "J1885"), ("J1885", "J1885"), ("keto 15", "J1885"),
])
def test_drug_found_by_brand_common_name_generic_or_code(drugs, typed, code):
    assert drugs.search(typed)[0].hcpcs == code


def test_ndc_results_show_strength_and_package_size(drugs):
    found = drugs.search("0409-3795-01")
    assert [(c.hcpcs, c.ndc) for c in found] == [("J1885", "00409379501")]
    assert found[0].listed() == "Ketorolac Tromethamine, 30 mg each, 25 per package (Pfizer Inc) → J1885"
    multi = drugs.packages("00143-9619-01")[0]
    assert multi.package == "30,000 mcg in 30 mL, 1 per package" and multi.single_dose is False


def test_a_picked_code_knows_its_usual_route_and_plain_name(drugs):
    toradol = drugs.code("j1885")
    assert (toradol.usual_route, toradol.plain_name) == ("IM", "ketorolac tromethamine")
    assert drugs.code("J0897").usual_route == "SC"
    assert drugs.code("99213") is None


def test_searches_work_by_scanning_before_the_index_is_built(db):
    db.execute("UPDATE meta SET value = 'older' WHERE key LIKE 'search_index_%'")
    assert not search_ready(db, "icd") and not search_ready(db, "drugs")
    assert "M54.50" in codes(IcdSearch(db).search("low back pain"))
    assert IcdSearch(db).search("pernicious anemia") == []          # inclusion terms need the index
    assert "J1885" in [c.hcpcs for c in DrugSearch(db).search("ketorolac")]
    build_search_index(db)
    assert search_ready(db, "icd") and codes(IcdSearch(db).search("pernicious anemia")) == ["D51.0"]


def test_a_new_database_gets_icd10cm_and_the_index_without_parsing_xml(tmp_path):
    script = ("import json, sys\nfrom app.store.db import connect\nfrom app.store.reference import ensure_icd\n"
              "from app.check import Checker\nfrom app.store.search_index import IcdSearch\n"
              "db = connect(sys.argv[1])\nensure_icd(db)\n"
              "found = [d.code for d in IcdSearch(db).search('pernicious anemia')]\n"
              "print(json.dumps({'found': found, 'imported': 'simple_icd_10_cm' in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "new.db")], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"found": ["D51.0"], "imported": False}


@pytest.mark.parametrize("typed", ['"', "*", "AND", "NEAR(", "()", "%", "_", "-", ".", "\x00", "中文", "a" * 300,
                                   " ".join(["pain"] * 40), "OR b12", "0-", "00409-3795-0", "d51."])
def test_odd_input_finds_nothing_or_something_never_fails(icd, drugs, typed):
    assert isinstance(icd.search(typed), list) and isinstance(drugs.search(typed), list)
    assert icd.no_match(typed).startswith("No match")
