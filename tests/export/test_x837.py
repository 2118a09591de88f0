"""The 837P: valid to pyx12, values read back equal to the claim, envelopes and control
numbers right, refusals that say what is missing, and no half-written file."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.claim import dollars
from app.export import x837, x837_claim
from app.export.x837 import ExportRefused, MissingClaimData, write_837
from app.store.settings import next_control_number, set_settings
from export_fixtures import *  # noqa: F403 - fixtures and readers

NOW = datetime(2026, 3, 12, 9, 30)


def transactions(segs: list[list[str]]) -> list[list[list[str]]]:
    """The segments of each ST..SE, ST and SE included."""
    found, current = [], None
    for seg in segs:
        if seg[0] == "ST":
            current = []
        if current is not None:
            current.append(seg)
        if seg[0] == "SE":
            found.append(current)
            current = None
    return found


def first(segs, tag, *qualifiers):
    return next(s for s in segs if s[0] == tag and s[1:1 + len(qualifiers)] == list(qualifiers))


def assert_matches_claim(st: list[list[str]], checked, billing_npi: str) -> None:
    result = checked.result
    assert int(st[-1][1]) == len(st) and st[-1][2] == st[0][2]                  # SE01 counts ST..SE
    assert first(st, "NM1", "85")[9] == billing_npi
    assert first(st, "NM1", "IL")[9] == checked.encounter.patient.member_id
    clm = first(st, "CLM")
    assert float(clm[2]) == float(dollars(result.total_cents))
    assert clm[5] == f"{result.place_of_service}:B:1"
    hi = first(st, "HI")[1:]
    assert [h.split(":")[1] for h in hi] == [d["code"].replace(".", "") for d in result.diagnoses]
    assert [h.split(":")[0] for h in hi] == ["ABK"] + ["ABF"] * (len(hi) - 1)
    services = [s for s in st if s[0] == "SV1"]
    assert len(services) == len(result.lines)
    for sv1, line, cents in zip(services, result.lines, result.charges):
        assert sv1[1].split(":") == ["HC", line.code, *line.modifiers]
        assert float(sv1[2]) == cents / 100 and sv1[3] == "UN" and float(sv1[4]) == float(line.units)
        assert sv1[7].split(":") == [str(p) for p in line.diagnosis_pointers]
    ndcs = [(s[3]) for s in st if s[0] == "LIN"]
    assert ndcs == [line.ndc for line in result.lines if line.ndc]
    quantities = [(float(s[4]), s[5]) for s in st if s[0] == "CTP"]
    assert quantities == [(float(line.ndc_quantity), line.ndc_unit) for line in result.lines if line.ndc]
    day = checked.encounter.date_of_service.strftime("%Y%m%d")
    assert [s[3] for s in st if s[0] == "DTP"] == [day] * len(result.lines)


def export(db, checked_list, path, **options):
    result = write_837(db, checked_list, path, now=NOW, **options)
    ok, errors = pyx12_verdict(path)
    assert ok, errors
    return result, segments(path)


def test_clean_claim_is_valid_and_reads_back_as_the_claim(practice_db, check_doc, tmp_path):
    checked = check_doc(clean_with_address())
    result, segs = export(practice_db, [checked], tmp_path / "claim.837")
    assert not checked.result.has_errors
    assert_matches_claim(transactions(segs)[0], checked, PRACTICE["practice.npi"])
    assert first(segs, "REF", "EI")[2] == "123456789"
    assert first(segs, "N4")[3] == "627041234"
    assert first(segs, "SBR")[1:3] == ["P", "18"] and first(segs, "SBR")[9] == "MB"
    assert first(segs, "NM1", "82")[9] == checked.encounter.rendering_provider.npi     # 2310B: not the biller
    assert first(segs, "NM1", "PR")[9] == PAYER_837_IDS["medicare"]
    assert result.warnings == []


def test_envelopes_and_control_numbers(practice_db, check_doc, tmp_path):
    checked = check_doc(clean_with_address())
    _, segs = export(practice_db, [checked, checked], tmp_path / "a.837")
    _, again = export(practice_db, [checked], tmp_path / "b.837")
    isa, gs, ge, iea = first(segs, "ISA"), first(segs, "GS"), first(segs, "GE"), first(segs, "IEA")
    assert len(isa[6]) == len(isa[8]) == 15 and isa[9:11] == ["260312", "0930"] and isa[15] == "T"
    assert iea[2] == isa[13] and ge[2] == gs[6] and ge[1] == "2"
    assert gs[4:6] == ["20260312", "0930"] and gs[8] == "005010X222A1"
    numbers = [st[0][2] for st in transactions(segs) + transactions(again)]
    assert len(set(numbers)) == 3
    assert int(first(again, "ISA")[13]) == int(isa[13]) + 1
    assert next_control_number(practice_db, "interchange") == int(isa[13]) + 2


def test_several_encounters_in_one_file(practice_db, check_doc, tmp_path):
    other = clean_with_address(prior_authorization="PA-2026-0042",
                               supervising_provider={"first_name": "Alan", "last_name": "Turing",
                                                     "npi": "1558598797"})
    other["patient"].update(first_name="Charles", last_name="Babbage", member_id="2FG5TE6MK84", sex="M")
    checked = [check_doc(clean_with_address()), check_doc(other)]
    _, segs = export(practice_db, checked, tmp_path / "two.837")
    sts = transactions(segs)
    assert len(sts) == 2
    for st, one in zip(sts, checked):
        assert_matches_claim(st, one, PRACTICE["practice.npi"])
    assert first(sts[1], "REF", "G1")[2] == "PA-2026-0042"
    assert first(sts[1], "NM1", "DQ")[3:5] == ["TURING", "ALAN"]
    assert not any(s[0] == "REF" and s[1] == "G1" for s in sts[0])


def test_billing_provider_falls_back_to_the_rendering_provider(practice_db, check_doc, tmp_path):
    set_settings(practice_db, {"practice.name": "", "practice.npi": ""})
    checked = check_doc(clean_with_address())
    _, segs = export(practice_db, [checked], tmp_path / "solo.837")
    assert first(segs, "NM1", "85")[2:5] == ["1", "HOPPER", "GRACE"]
    assert first(segs, "NM1", "85")[9] == "1234567893"
    assert not any(s[0] == "NM1" and s[1] == "82" for s in segs)                    # same as billing: no 2310B


def test_the_encounters_billing_provider_comes_first(practice_db, check_doc, tmp_path):
    billing = {"name": "Analytical Engines PC", "npi": "1234567893", "tax_id": "987654321",
               "address": {"line1": "9 Mill Road", "city": "Chicago", "state": "IL", "zip": "606011234"}}
    checked = check_doc(clean_with_address(billing_provider=billing))
    _, segs = export(practice_db, [checked], tmp_path / "own.837")
    assert first(segs, "NM1", "85")[3] == "ANALYTICAL ENGINES PC"
    assert first(segs, "REF", "EI")[2] == "987654321"
    assert first(segs, "N3")[1] == "9 MILL ROAD"


def scenario_params():
    found = scenario_documents()
    return [pytest.param(doc, id=name) for name, doc in found] or [
        pytest.param(None, marks=pytest.mark.skip(reason="shared scenarios are not available"))]


@pytest.mark.parametrize("document", scenario_params())
def test_every_usable_scenario_exports_valid(document, practice_db, check_doc, tmp_path):
    checked = check_doc(document)
    result, segs = export(practice_db, [checked], tmp_path / "scenario.837", force=True)
    assert result.claims == 1
    assert_matches_claim(transactions(segs)[0], checked, PRACTICE["practice.npi"])


def test_error_findings_are_refused_unless_forced(practice_db, check_doc, tmp_path):
    checked = check_doc(clean_with_address(place_of_service="22"))
    assert checked.result.has_errors
    with pytest.raises(ExportRefused) as refused:
        write_837(practice_db, [checked], tmp_path / "x.837", labels=["facility.json"], now=NOW)
    assert refused.value.refusals[0][0] == "facility.json"
    assert "FACILITY_PLACE_OF_SERVICE" in str(refused.value)
    assert not (tmp_path / "x.837").exists()
    assert next_control_number(practice_db, "interchange") == 1                      # nothing taken
    export(practice_db, [checked], tmp_path / "x.837", force=True)


@pytest.mark.parametrize("settings, document_change, expected", [
    ({"practice.tax_id": ""}, {}, "billing provider tax id, 9 digits (practice.tax_id)"),
    ({"practice.address.zip": "62704"}, {}, "billing provider ZIP code with all 9 digits (practice.address.zip)"),
    ({"practice.address.line1": ""}, {}, "billing provider address (practice.address)"),
    ({"x12.sender_id": ""}, {}, "submitter id (x12.sender_id)"),
    ({"practice.phone": ""}, {}, "submitter phone (practice.phone)"),
    ({}, {"patient": "no address"}, "patient address (patient.address)"),
])
def test_missing_data_is_named(settings, document_change, expected, practice_db, check_doc, tmp_path):
    set_settings(practice_db, settings)
    document = clean_with_address()
    if document_change:
        del document["patient"]["address"]
    with pytest.raises(MissingClaimData) as missing:
        write_837(practice_db, [check_doc(document)], tmp_path / "m.837", labels=["ada.json"], now=NOW)
    assert expected in [what for _, what in missing.value.missing]
    assert f"missing {expected}" in str(missing.value)
    assert not (tmp_path / "m.837").exists()
    assert next_control_number(practice_db, "interchange") == 1


def test_an_export_failing_half_way_leaves_the_old_file_and_no_part(practice_db, check_doc, tmp_path, monkeypatch):
    target = tmp_path / "claims.837"
    target.write_text("the file from yesterday")
    calls = []

    def fail_on_second(claim):
        calls.append(claim)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real(claim)

    real = x837_claim.claim_segments
    monkeypatch.setattr(x837, "claim_segments", fail_on_second)
    checked = check_doc(clean_with_address())
    with pytest.raises(RuntimeError):
        write_837(practice_db, [checked, checked], target, now=NOW)
    assert target.read_text() == "the file from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.837"]


def test_a_failing_move_leaves_no_temporary_file(practice_db, check_doc, tmp_path, monkeypatch):
    def refuse(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.files.os.replace", refuse)
    with pytest.raises(OSError):
        write_837(practice_db, [check_doc(clean_with_address())], tmp_path / "full.837", now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_the_validator_is_not_a_rubber_stamp(practice_db, check_doc, tmp_path):
    path = tmp_path / "claim.837"
    write_837(practice_db, [check_doc(clean_with_address())], path, now=NOW)
    tampered = tmp_path / "tampered.837"
    tampered.write_text(path.read_text().replace("HI*ABK:", "HI*ABQ:"))
    ok, errors = pyx12_verdict(tampered)
    assert not ok and any("HI" in e for e in errors)


def test_separators_and_long_text_never_break_the_file(practice_db, check_doc, tmp_path):
    document = clean_with_address()
    document["patient"].update(last_name="O'Hara*Smith~" + "x" * 80, first_name="Zo\u00eb:Ann^")
    document["patient"]["address"]["line1"] = "12 Main St #5 * Apt ~ 3 " + "y" * 70
    checked = check_doc(document)
    _, segs = export(practice_db, [checked], tmp_path / "odd.837")
    patient = first(segs, "NM1", "IL")
    assert patient[3].startswith("O'HARA SMITH X") and len(patient[3]) == 60
    assert patient[4] == "ZOE ANN"
    assert first(segs, "N3")[1] == "12 ANALYTICAL WAY"


@pytest.mark.parametrize("ndc, quantity, expected", [
    ("12345", 1, "an 11-digit NDC on line 2, not '12345' (claim_lines[1].ndc)"),
    ("00143962125", None, "NDC quantity and unit (ML, UN, GR, F2, ME) on line 2 "
                          "(claim_lines[1].ndc_quantity, claim_lines[1].ndc_unit)"),
])
def test_a_forced_export_still_needs_a_whole_ndc(ndc, quantity, expected, practice_db, check_doc, tmp_path):
    drug_line = {"code": "J3420", "units": 1, "diagnosis_pointers": [1], "injection": 1, "ndc": ndc,
                 "ndc_quantity": quantity, "ndc_unit": "ML"}
    document = clean_with_address(visit=None, claim_lines=[
        {"code": "96372", "units": 1, "diagnosis_pointers": [1], "injection": 1}, drug_line])
    with pytest.raises(MissingClaimData) as missing:
        write_837(practice_db, [check_doc(document)], tmp_path / "n.837", force=True, now=NOW)
    assert expected in [what for _, what in missing.value.missing]


def test_payer_837_id_comes_from_the_payer_settings(practice_db, check_doc, tmp_path):
    from app.store.payers import export_pack, import_pack
    pack = export_pack(practice_db, "medicare")
    pack["settings"]["x12_payer_id"] = "04412"
    import_pack(practice_db, pack)
    result, segs = export(practice_db, [check_doc(clean_with_address())], tmp_path / "id.837")
    assert result.warnings == []
    assert first(segs, "NM1", "PR")[9] == "04412"
