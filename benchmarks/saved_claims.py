"""N saved claims with varied documents, for the history, backup and export benchmarks.

A few dozen encounters (drugs, visits, payers, places and documentation varied) are checked
for real; each of the N rows then takes one of them with its own invented patient (name, date
of birth, sex, member id, account number), date of service, injection site, saved time and sent
mark, so no two documents are alike (what a backup copies and the search indexes), while the
stored status, codes and findings are the ones the check gave that encounter. Rows go straight
into the `encounters` table: saving one by one is not what these benchmarks measure.

    from saved_claims import fill
    fill(db, 100_000)
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date, timedelta

from support import CLEAN

LAST = ["Byron", "Turing", "Hopper", "Lovelace", "Noether", "Curie", "Franklin", "Johnson", "Garcia", "Nguyen",
        "Smith", "Okafor", "Kowalski", "Rossi", "Haddad", "Tanaka", "Murphy", "Schmidt", "Silva", "Cohen",
        "Montgomery-Smith", "O'Brien", "Van der Berg", "Abernathy", "Quintero", "Yilmaz", "Petrov", "Dubois"]
FIRST = ["Ada", "Alan", "Grace", "Emmy", "Marie", "Rosalind", "Katherine", "Maria", "Linh", "John", "Chidi",
         "Priya", "Mateo", "Fatima", "Olga", "Kenji", "Amara", "Lucas", "Ines", "Tomasz"]
DRUGS = [  # (drug, dose): invented examples in the shape of the shared scenarios
    ({"hcpcs": "J3420", "name": "cyanocobalamin", "ndc": "0143-9621-25", "ndc_quantity": 1, "ndc_unit": "ML",
      "single_dose_container": False}, {"amount": 1000, "unit": "mcg"}),
    ({"hcpcs": "J1885", "name": "ketorolac tromethamine", "ndc": "00409-3795-01", "ndc_quantity": 2.0,
      "ndc_unit": "ML", "single_dose_container": True}, {"amount": 60, "unit": "mg"}),
    ({"hcpcs": "J0897", "name": "denosumab (Prolia)", "ndc": "55513-0710-01", "ndc_quantity": 1, "ndc_unit": "ML",
      "single_dose_container": True}, {"amount": 60, "unit": "mg"}),
    ({"hcpcs": "J1050", "name": "medroxyprogesterone acetate", "single_dose_container": True},
     {"amount": 150, "unit": "mg"}),
    ({"hcpcs": "J1885", "name": "ketorolac tromethamine", "single_dose_container": True}, {"amount": 30, "unit": "mg"}),
]
VISITS = [None, {"code": "99213", "separately_identifiable": True}, {"code": "99214", "separately_identifiable": True},
          {"code": "99211", "separately_identifiable": False}]
PAYERS = ["medicare", "medicaid", "commercial"]
SITES = ["left deltoid", "right deltoid", "left gluteus", "right gluteus", "left thigh"]
DAYS = 800
FIRST_DAY = date(2024, 1, 1)


def variants() -> list[dict]:
    """The encounters the rows are made from: every drug with every visit and payer."""
    made = []
    for number, ((drug, dose), visit, payer) in enumerate(
            (d, v, p) for d in DRUGS for v in VISITS for p in PAYERS):
        doc = copy.deepcopy(CLEAN)
        doc.update(payer=payer, visit=visit, place_of_service="22" if number % 11 == 0 else "11")
        doc["injections"][0].update(drug=copy.deepcopy(drug), dose=copy.deepcopy(dose))
        if number % 7 == 0:
            doc["documentation"]["order"] = False
        made.append(doc)
    return made


def checked_variants(db) -> list[tuple[dict, dict]]:
    """Each variant with the stored columns its check gives (status, counts, codes, findings)."""
    from app.check import Checker
    from app.store.history import _codes_of, status_of

    checker, found = Checker(db), []
    for doc in variants():
        result = checker.check(doc).result
        found.append((doc, {"status": status_of(result), "errors": result.count("error"),
                            "warnings": result.count("warning"), "infos": result.count("info"),
                            "codes": " ".join(_codes_of(doc, result)),
                            "findings": " ".join(dict.fromkeys(f.code for f in result.findings)),
                            "result": json.dumps(result.to_json())}))
    return found


def one_claim(rng: random.Random, number: int, doc: dict, columns: dict) -> tuple:
    """A row of `encounters`: the variant given its own patient, day and marks."""
    doc = copy.deepcopy(doc)
    served = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    member = f"{rng.randrange(16**10):010X}"
    doc["patient"].update(first_name=rng.choice(FIRST), last_name=rng.choice(LAST), member_id=member,
                          date_of_birth=(date(1930, 1, 1) + timedelta(days=rng.randrange(30000))).isoformat(),
                          sex=rng.choice("FM"), account_number=f"A{number:07d}")
    doc.update(date_of_service=served.isoformat(), submitted_on=(served + timedelta(days=2)).isoformat())
    doc["injections"][0]["site"] = rng.choice(SITES)
    sent = (served + timedelta(days=rng.randint(1, 9))).isoformat() if rng.random() < 0.4 else None
    patient = f"{doc['patient']['last_name']}, {doc['patient']['first_name']}"
    saved = f"{served + timedelta(days=1)}T{9 + number % 8:02d}:{number % 60:02d}:00+00:00"
    result = columns["result"].replace(CLEAN["date_of_service"], served.isoformat())
    return (saved, doc["payer"], f"{doc['payer']}:{member.lower()}", patient, served.isoformat(), columns["codes"],
            columns["status"], columns["errors"], columns["warnings"], columns["infos"], f"{number:040x}",
            json.dumps(doc), result, sent, member, columns["findings"])


INSERT = ("INSERT INTO encounters (saved_at, payer, member_key, patient, date_of_service, codes, status, errors, "
          "warnings, infos, fingerprint, document, result, sent_on, member_id, findings) VALUES "
          "(" + ", ".join("?" * 16) + ")")


def fill(db, n: int, seed: int = 20260312, batch: int = 5000) -> None:
    """Insert `n` varied saved claims into `db` (in batches, each one transaction)."""
    rng = random.Random(seed)
    made = checked_variants(db)
    for start in range(0, n, batch):
        rows = [one_claim(rng, number, *rng.choice(made)) for number in range(start, min(n, start + batch))]
        with db.atomic():
            db.conn.executemany(INSERT, rows)
