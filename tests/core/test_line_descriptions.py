"""Each claim line says what it is: the HCPCS short descriptor, or the project's own words for a
CPT code (never AMA text); a code known only from the CMS tables has none."""

from support import clean_encounter


def test_lines_carry_their_description(check):
    result = check(clean_encounter())
    described = dict(zip((line.code for line in result.lines), result.descriptions))
    assert described["J3420"] == "Vitamin b12 injection"
    assert described["96372"].startswith("Shot of a drug under the skin or into a muscle")
    assert described["99213"]
    lines = result.to_json()["claim"]["lines"]
    assert [line["description"] for line in lines] == result.descriptions


def test_a_code_known_only_from_the_cms_tables_has_no_description(check):
    document = clean_encounter(procedures=[{"code": "99396"}])          # a preventive visit: in the MUE table
    result = check(document)
    number = next(i for i, line in enumerate(result.lines) if line.code == "99396")
    assert result.description(number) == ""
    assert "description" not in result.to_json()["claim"]["lines"][number]
