"""The one check both faces call: an encounter document in, its claim and findings out.

Loads what the core needs from the store (the payer's rules in force on the date of service,
the patient's saved history, the reference data) and hands it to `app.core.checker`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from app.core.catalog import ADMIN_CODES
from app.core.checker import check_claim
from app.core.claim import CheckResult
from app.core.encounter import Encounter, EncounterInvalid, parse_encounter
from app.core.facts import CheckContext
from app.core.ndc import normalize_ndc
from app.core.validate import Problem
from app.store import history
from app.store.payers import load_payer, payer_ids
from app.store.reference import StoreReference


@dataclass
class Checked:
    document: dict
    encounter: Encounter
    result: CheckResult


def _codes_involved(encounter: Encounter) -> set[str]:
    codes = set(ADMIN_CODES) | {i.drug.hcpcs.strip().upper() for i in encounter.injections}
    if encounter.visit:
        codes.add(encounter.visit.code.strip())
    codes |= {p.code.strip() for p in encounter.procedures}
    codes |= {b.code.strip().upper() for b in encounter.claim_lines or []}
    return codes


class Checker:
    """Checks encounters against one database; keeps its reference caches warm between checks."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.reference = StoreReference(db)
        self._predecessors: dict[str, set[str]] | None = None

    def parse(self, document: object) -> Encounter:
        problems: list[Problem] = []
        try:
            encounter = parse_encounter(document)
        except EncounterInvalid as invalid:
            problems, encounter = invalid.problems, None
        payer = document.get("payer") if isinstance(document, dict) else None
        if isinstance(payer, str) and payer.strip() and payer not in payer_ids(self.db):
            known = ", ".join(sorted(payer_ids(self.db)))
            problems.append(Problem("payer", f"unknown payer {payer!r} (known: {known})"))
        if problems:
            raise EncounterInvalid(problems)
        return encounter

    def _replaced_by(self, codes: set[str]) -> set[str]:
        """Codes that `codes` replaced, at any remove (their rules follow the new code)."""
        if self._predecessors is None:  # a few dozen rows, read once: the codes table changes only at start-up
            self._predecessors = {}
            for old, new in self.db.execute("SELECT code, replacement FROM codes WHERE replacement IS NOT NULL"):
                self._predecessors.setdefault(new, set()).add(old)
        found, new = set(), set(codes)
        while new:
            new = {old for code in new for old in self._predecessors.get(code, ())} - found - codes
            found |= new
        return found

    def _fill_defaults(self, encounter: Encounter) -> None:
        for injection in encounter.injections:
            drug = injection.drug
            ndc11 = normalize_ndc(drug.ndc)
            if drug.single_dose_container is None:
                drug.single_dose_container = bool(ndc11 and history.single_dose_preference(self.db, ndc11))

    def check(self, document: object, encounter_id: int | None = None, today: date | None = None) -> Checked:
        encounter = self.parse(document)
        self._fill_defaults(encounter)
        codes = _codes_involved(encounter)
        payer = load_payer(self.db, encounter.payer, on=encounter.date_of_service,
                           codes=codes | self._replaced_by(codes))
        saved = history.services_for(self.db, encounter.payer, encounter.patient.member_id, encounter_id,
                                     units_on=encounter.date_of_service)
        ctx = CheckContext(payer=payer, reference=self.reference, history=saved, today=today or date.today())
        return Checked(document, encounter, check_claim(encounter, ctx))

    def save(self, document: dict, encounter_id: int | None = None) -> tuple[int, Checked]:
        checked = self.check(document, encounter_id)
        for injection in checked.encounter.injections:
            ndc11 = normalize_ndc(injection.drug.ndc)
            if ndc11 and _explicit_single_dose(document, injection) is not None:
                history.remember_single_dose(self.db, ndc11, bool(injection.drug.single_dose_container))
        return history.save_encounter(self.db, document, checked.result, encounter_id), checked


def _explicit_single_dose(document: dict, injection) -> bool | None:
    for raw in document.get("injections") or []:
        drug = raw.get("drug") if isinstance(raw, dict) else None
        if isinstance(drug, dict) and drug.get("hcpcs") == injection.drug.hcpcs and drug.get("ndc") == injection.drug.ndc:
            return drug.get("single_dose_container")
    return None
