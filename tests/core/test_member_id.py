"""Medicare member ids are Medicare Beneficiary Identifiers (MBI): CMS's 11-character format
(MEMBER_ID_INVALID); other payers' ids are their own business."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.rules.member_id import ALLOWED, POSITIONS, mbi_problem
from support import clean_encounter, finding_codes

VALID = ["1EG4TE5MK73", "9AA0AA0AA00", "2CD4E56FG78", "1eg4te5mk73", " 1EG4TE5MK73 "]
INVALID = {
    "0EG4TE5MK73": "position 1",        # 1 is a digit 1-9
    "11G4TE5MK73": "position 2",        # 2 is a letter
    "1E*4TE5MK73": "position 3",
    "1EGATE5MK73": "position 4",        # 4 is a digit
    "1EG4SE5MK73": "position 5",        # S is never used
    "1EG4TL5MK73": "position 6",        # L is never used
    "1EG4TEAMK73": "position 7",
    "1EG4TE5OK73": "position 8",        # O is never used
    "1EG4TE5MI73": "position 9",        # I is never used
    "1EG4TE5MKB3": "position 10",
    "1EG4TE5MK7Z": "position 11",
    "1EG4TE5MK7": "has 10",
    "1EG4TE5MK733": "has 12",
    "123456789A": "has 10",             # an old HICN
    "1EG4-TE5-MK73": "1EG4TE5MK73",     # dashes as printed on the card never go on a claim
    "1EG4 TE5 MK73": "1EG4TE5MK73",
}


def with_member_id(member_id: str, payer: str = "medicare") -> dict:
    doc = clean_encounter(payer=payer)
    doc["patient"]["member_id"] = member_id
    return doc


@pytest.mark.parametrize("member_id", VALID)
def test_a_valid_mbi_passes(member_id):
    assert mbi_problem(member_id) is None


@pytest.mark.parametrize("member_id,problem", INVALID.items())
def test_an_invalid_mbi_says_what_is_wrong(member_id, problem):
    assert problem in (mbi_problem(member_id) or "")


MBI_CHARS = st.tuples(*(st.sampled_from(sorted(ALLOWED[kind])) for kind in POSITIONS)).map("".join)


@given(MBI_CHARS, st.integers(0, 10), st.sampled_from(list("SLOIBZ*-")))
def test_every_mbi_in_the_cms_format_passes_and_a_wrong_character_anywhere_fails(mbi, position, wrong):
    assert mbi_problem(mbi) is None and mbi_problem(mbi.lower()) is None
    broken = mbi[:position] + wrong + mbi[position + 1:]
    assert mbi_problem(broken) is not None


@pytest.mark.parametrize("member_id", ["1EG4TE5MK7O", "1EG4-TE5-MK73", "W123456789"])
def test_medicare_claim_with_a_bad_member_id_is_an_error(check, member_id):
    result = check(with_member_id(member_id))
    found = [f for f in result.findings if f.code == "MEMBER_ID_INVALID"]
    assert found and found[0].severity == "error" and (found[0].carc, found[0].rarc) == ("CO-16", "MA61")
    assert member_id in found[0].message and "reference 7.1" in found[0].source


def test_medicare_claim_with_a_good_member_id_is_quiet(check):
    assert "MEMBER_ID_INVALID" not in finding_codes(check(with_member_id("1eg4te5mk73")))


@pytest.mark.parametrize("payer", ["medicaid", "commercial"])
def test_other_payers_member_ids_are_not_mbis(check, payer):
    assert "MEMBER_ID_INVALID" not in finding_codes(check(with_member_id("XKJ889120301", payer)))


def test_a_blank_member_id_is_field_missing_only(check):
    codes = finding_codes(check(with_member_id("   ")))
    assert "FIELD_MISSING" in codes and "MEMBER_ID_INVALID" not in codes
