"""What a typed query means (app.core.search): words, code prefixes, the FTS5 questions asked
best first, and the crosswalk's numbers in words. The searches over the real data are in
tests/store/test_search_index.py; speed per keystroke: benchmarks/bench_search.py."""

from __future__ import annotations

from decimal import Decimal

from app.core.search import (DrugChoice, code_prefix, index_words, match_tiers, ndc_keys, ndc_quantity,
                             no_match_hint, package_facts, plain_drug_name, query_words, route_from_description,
                             words_of)


def test_words_drop_dots_split_punctuation_and_join_a_letter_with_its_number():
    assert words_of("D51.0 Vitamin B-12, deficiency") == ["d510", "vitamin", "b12", "deficiency"]
    assert words_of("vit b 12") == ["vit", "b12"]
    assert words_of("Ménière") == ["meniere"]


def test_an_entry_is_found_by_its_words_and_the_joined_form():
    assert index_words("vitamin b-12 cyanocobalamin") == "vitamin b 12 cyanocobalamin vitamin b12 cyanocobalamin"
    assert index_words("Ketorolac") == "ketorolac"


def test_filler_words_are_dropped_unless_nothing_else_is_typed():
    assert query_words("pain in the left knee") == ["pain", "left", "knee"]
    assert query_words("of") == ["of"]


def test_a_code_typed_with_or_without_its_dot():
    assert code_prefix("M54.5") == code_prefix("m545") == "M545"
    assert code_prefix("b12") == "B12"              # shaped like a code; the words are searched as well
    assert code_prefix("low back pain") is None


def test_questions_whole_words_first_then_the_last_word_as_typed_then_every_prefix():
    assert match_tiers(["low", "back", "pa"]) == ['"low" AND "back" AND "pa"', '"low" AND "back" AND "pa"*',
                                                  '"low"* AND "back"* AND "pa"*']
    assert match_tiers(["b12"]) == ['"b12"', '"b12"*']
    expand = {"unsp": ["unspecified"], "hypothyroidism": ["hypothyroidism"], "with": ["with", "without"],
              "migraine": ["migraine"], "zzzz": []}.get
    assert match_tiers(["hypothyroidism", "unsp"], expand) == ['"hypothyroidism" AND "unspecified"']
    assert match_tiers(["migraine", "with"], expand) == ['"migraine" AND "with"',
                                                         '"migraine" AND ("with" OR "without")']
    assert match_tiers(["vit", "zzzz"], expand) == []          # nothing starts with zzzz
    assert match_tiers([]) == []


def test_package_strength_and_size_in_words():
    words, item_ml, per_ml, measure = package_facts("1000 MCG", "30", "30", "1")
    assert words == "30,000 mcg in 30 mL, 1 per package"
    assert (item_ml, per_ml, measure) == (Decimal(30), Decimal(1000), "mcg")
    assert package_facts("15 MG", "2", "1", "25")[0] == "30 mg each, 25 per package"
    assert package_facts("PER VIAL", "1", "1", "1")[0] == "1 mL, 1 per package"


def test_single_or_multi_dose_from_the_package_size():
    vial = DrugChoice("J3420", "", "drug", None, ndc="00143961901", item_ml=Decimal(30), per_ml=Decimal(1000),
                      measure="mcg")
    assert vial.single_dose is False
    assert ndc_quantity(vial, Decimal(1000), "mcg") == Decimal(1)
    assert ndc_quantity(vial, Decimal(1000), "mg") is None          # another measure: left to the biller
    one = DrugChoice("J1885", "", "drug", None, ndc="00409379501", item_ml=Decimal(1))
    assert one.single_dose is True and ndc_quantity(one, None, None) == Decimal(1)
    assert DrugChoice("J1885", "", "drug", None).single_dose is None


def test_plain_drug_names_and_routes_from_descriptors():
    assert plain_drug_name("Injection, ketorolac tromethamine, per 15 mg") == "ketorolac tromethamine"
    assert plain_drug_name("Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg") == "vitamin b-12 cyanocobalamin"
    assert route_from_description("Injection, immune globulin, subcutaneous, 100 mg") == "SC"
    assert route_from_description("Injection, ketorolac tromethamine, per 15 mg") is None


def test_ndc_keys_cover_the_printed_forms():
    assert ndc_keys("00409379501") == ["00409379501", "0409379501", "0040937951"]     # 4-4-2 and 5-4-1
    assert ndc_keys("12345678911") == ["12345678911"]


def test_no_match_says_so_and_suggests():
    assert "Did you mean: anemia?" in no_match_hint("anemai", ["anemia"])
    assert no_match_hint("xqz", []).startswith("No match for \u201cxqz\u201d. Try fewer words")
