"""Bad input never crashes: mutated encounter files and rule packs give either a result or a
clear list of problems (exit 2 on the command line), never a traceback."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.encounter import EncounterInvalid
from app.core.payer import RulePackInvalid
from app.store.payers import import_pack
from support import ROOT, TODAY, clean_encounter, paths_of
from test_findings import CASES

ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                       st.text(max_size=12), st.lists(st.integers(-3, 20), max_size=5),
                       st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                       st.sampled_from(["", " ", "2026-02-30", "J3420", "96372", "IM", "mL", "0143-9621-25"]))


@st.composite
def mutated(draw, base):
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in paths_of(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(ODD_VALUES)
    return doc


PACK = json.loads((ROOT / "data" / "payers" / "commercial.json").read_text())
PACK["rules"] += [{"kind": "max_units", "code": "96372", "max": 4, "per": "day", "source": "CMS MUE"},
                  {"kind": "bundled_pair", "column1": "96372", "column2": "99211", "modifier_opens": False,
                   "effective_from": "2005-10-01", "effective_to": None, "source": "CMS NCCI"},
                  {"kind": "covered_diagnoses", "code": "J3420", "diagnoses": ["D51.*"], "source": "LCD"}]

BASES = [clean_encounter()] + [CASES[c] for c in ("DRUG_UNITS_MISMATCH", "WASTE_MODIFIER_MISSING",
                                                   "VACCINE_ADMIN_CODE", "DISTINCT_MODIFIER_NEEDED")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_encounters_never_crash(checker, data):
    doc = data.draw(mutated(data.draw(st.sampled_from(BASES))))
    try:
        result = checker.check(doc, today=TODAY).result
    except EncounterInvalid as invalid:
        assert invalid.problems and all(str(p) for p in invalid.problems)
        return
    json.dumps(result.to_json())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_rule_packs_import_whole_or_not_at_all(db, data):
    pack = data.draw(mutated(PACK))
    before = db.execute("SELECT count(*), group_concat(fields) FROM rules WHERE payer_id = 'medicaid'").fetchone()
    try:
        import_pack(db, pack)
    except RulePackInvalid as invalid:
        assert invalid.problems
        after = db.execute("SELECT count(*), group_concat(fields) FROM rules WHERE payer_id = 'medicaid'").fetchone()
        assert after == before
