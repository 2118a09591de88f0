"""Build the app's reference tables in data/ from the CMS and X12 copies in ../shared/data.

Run from the repository: ``python tools/build_data.py [--shared ../shared] [--out data]``.
Every output is a UTF-8 CSV with a header row, rows sorted by their key, dates as ISO
``YYYY-MM-DD`` (or empty). data/SOURCES.md is written last, with the row counts.

HCPCS ``kind`` for drug codes:

- ``antineoplastic``: J9000-J9999, except the hormonal ones below.
- ``hormonal_antineoplastic`` (chemotherapy administration 96402): every J9 code that
  names leuprolide, goserelin, fulvestrant, histrelin, degarelix or diethylstilbestrol
  (J9155, J9165, J9202, J9217, J9218, J9219, J9225, J9226, J9393, J9394, J9395); every
  code that names triptorelin (J3315, J3316, C9016); and J1952 (Camcevi) and J1954
  (Lutrate Depot), leuprolide products labelled for prostate cancer only.
  J1950 (leuprolide for depot suspension) stays ``drug`` with ``cancer_kind``
  hormonal_antineoplastic: it is hormonal anti-neoplastic only with a cancer diagnosis.
- ``vaccine``: HCPCS influenza, pneumococcal and hepatitis B vaccine products
  (Q2034-Q2039, S0195).
- ``drug``: the rest of J0000-J8999; Q, C, S and A codes whose descriptor begins with
  "Injection," (or "Inj,"); Q, C and S codes that name a drug with a mass or a number of
  units (not a volume: syringes, solutions and fillers are not drugs) or that are
  unclassified or compounded drugs (C9399, Q9977). Not drugs: the Q4 casting supplies and
  skin substitutes, and A codes that do not begin with "Injection," (wound fillers and
  matrices are sold by the milligram).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.billing_unit import has_sad_marker, parse_billing_unit  # noqa: E402
from tools.build_code_facts import build_age_bands, build_cms_codes, build_reference_tables  # noqa: E402
from tools.build_search_data import build_icd10cm, write_manifest  # noqa: E402

E_AND_M = [str(code) for code in (*range(99202, 99206), *range(99211, 99216))]
BILLED_CODES = {
    "96360", "96365", "96372", "96373", "96374", "96375", "96401", "96402", "90460", "90461",
    "90471", "90472", "90480", "95115", "95117", "G0008", "G0009", "G0010", *E_AND_M,
}
VACCINE_ADMIN_G_CODES = ("G0008", "G0009", "G0010")
DRUG_KINDS = ("drug", "antineoplastic", "hormonal_antineoplastic")
HORMONAL_J9_NAMES = ("leuprolide", "goserelin", "fulvestrant", "histrelin", "degarelix", "diethylstilbestrol")
HORMONAL_CODES = {"J1952", "J1954"}
CANCER_KIND = {"J1950": "hormonal_antineoplastic"}
NOC_CODES = {"J3490", "J3590", "J9999", "J7799", "J8499", "J8999", "C9399"}
NOC_WORDS = re.compile(r"not otherwise classified|unclassified|\bnoc\b", re.IGNORECASE)
HCPCS_VACCINE = re.compile(r"^(influenza virus|pneumococcal[\w ,]*|hepatitis b) vaccine(?:,|$)", re.IGNORECASE)
INJECTION = re.compile(r"^\s*inj(?:ection)?\s*,", re.IGNORECASE)
UNCLASSIFIED_DRUG = re.compile(r"^(?:unclassified|compounded) drugs?\b", re.IGNORECASE)

CARC_CODES = "4 5 6 11 16 18 29 50 58 96 97 119 146 151 167 171 181 182 185 189 197 204 206 207 236".split()
RARC_CODES = ("MA61 MA130 M15 M20 M51 M62 M76 M79 M86 M119 M123 N56 N95 N115 N290 N350 N362 N386 N425 N435 "
              "N657 N822 N823").split()

# Reference 3.3, "Deleted codes the engine must reject" (old code, replacement or "").
REFERENCE_REPLACEMENTS = (
    ("J0135", "J0139"), ("J0171", "J0165"), ("J1020", "J1010"), ("J1030", "J1010"), ("J1040", "J1010"),
    ("J1070", "J1071"), ("J1080", "J1071"), ("J1094", ""), ("J1170", "J1171"), ("J2505", "J2506"),
    ("J2780", ""), ("J2920", "J2919"), ("J2930", "J2919"), ("J3120", "J3121"), ("J3130", "J3121"),
)
REFERENCE_SOURCE = "InjectClaim domain reference 3.3 (deleted codes and their replacements)"
XREF_SOURCE = "CMS HCPCS 2026 Jan file, XREF"
PFS_BASIS = "Medicare PFS 2025 national non-facility amount (RVUs x conversion factor 32.3465)"
ASP_BASIS = "Medicare Part B ASP payment limit 2026 Q1 per billing unit"

# CPT codes the app knows, described in the project's own words (CPT descriptors are AMA
# copyright and are never copied). (code, description, kind, vaccine_group)
CPT_CODES = (
    ("99202", "Office visit, new patient, level 2 (simple decisions or 15+ minutes)", "visit", ""),
    ("99203", "Office visit, new patient, level 3 (low-complexity decisions or 30+ minutes)", "visit", ""),
    ("99204", "Office visit, new patient, level 4 (moderate-complexity decisions or 45+ minutes)", "visit", ""),
    ("99205", "Office visit, new patient, level 5 (high-complexity decisions or 60+ minutes)", "visit", ""),
    ("99211", "Office visit, established patient, level 1 (often a nurse visit; no practitioner needed)", "visit", ""),
    ("99212", "Office visit, established patient, level 2 (simple decisions or 10+ minutes)", "visit", ""),
    ("99213", "Office visit, established patient, level 3 (low-complexity decisions or 20+ minutes)", "visit", ""),
    ("99214", "Office visit, established patient, level 4 (moderate-complexity decisions or 30+ minutes)",
     "visit", ""),
    ("99215", "Office visit, established patient, level 5 (high-complexity decisions or 40+ minutes)", "visit", ""),
    ("96360", "IV hydration drip, first hour", "admin", ""),
    ("96361", "IV hydration drip, each extra hour (add-on)", "admin", ""),
    ("96365", "IV drip of a drug for treatment, prevention or diagnosis, first hour", "admin", ""),
    ("96366", "IV drip of the same drug, each extra hour (add-on)", "admin", ""),
    ("96367", "IV drip of a further drug, one after another, up to an hour (add-on)", "admin", ""),
    ("96368", "IV drip of a drug running at the same time as another (add-on)", "admin", ""),
    ("96369", "Drip under the skin, first hour, with pump set-up and sites", "admin", ""),
    ("96372", "Shot of a drug under the skin or into a muscle (SC/IM), for treatment, prevention or diagnosis",
     "admin", ""),
    ("96373", "Injection of a drug into an artery", "admin", ""),
    ("96374", "IV push of a drug, the first or only one", "admin", ""),
    ("96375", "IV push of a further, different drug (add-on)", "admin", ""),
    ("96376", "IV push of the same drug again after 30+ minutes, facility only (add-on)", "admin", ""),
    ("96379", "Drug injection or infusion service with no specific code", "admin", ""),
    ("96401", "Anti-cancer drug given under the skin or into a muscle, non-hormonal", "admin", ""),
    ("96402", "Anti-cancer drug given under the skin or into a muscle, hormonal", "admin", ""),
    ("96409", "Anti-cancer drug given by IV push, the first or only one", "admin", ""),
    ("90460", "Giving a vaccine to a patient 18 or younger, with counselling by the practitioner, first part",
     "admin", ""),
    ("90461", "Each further vaccine part given to a patient 18 or younger with counselling (add-on)", "admin", ""),
    ("90471", "Giving one vaccine by shot (into or under the skin, or into a muscle)", "admin", ""),
    ("90472", "Giving each further vaccine by shot the same day (add-on)", "admin", ""),
    ("90473", "Giving one vaccine by mouth or through the nose", "admin", ""),
    ("90474", "Giving each further vaccine by mouth or nose the same day (add-on)", "admin", ""),
    ("95115", "Allergy shot, one injection (extract billed separately)", "admin", ""),
    ("95117", "Allergy shots, two or more injections (extract billed separately)", "admin", ""),
    ("95144", "Allergy extract made up in single-dose vials for giving elsewhere, per vial", "allergen", ""),
    ("95145", "Allergy extract of one stinging-insect venom, made up and supplied, per dose", "allergen", ""),
    ("95146", "Allergy extract of two stinging-insect venoms, made up and supplied, per dose", "allergen", ""),
    ("95147", "Allergy extract of three stinging-insect venoms, made up and supplied, per dose", "allergen", ""),
    ("95148", "Allergy extract of four stinging-insect venoms, made up and supplied, per dose", "allergen", ""),
    ("95149", "Allergy extract of five stinging-insect venoms, made up and supplied, per dose", "allergen", ""),
    ("95165", "Allergy extract made up in multi-dose vials, one or more allergens, per dose", "allergen", ""),
    ("95170", "Allergy extract of whole biting insects or other arthropods, made up and supplied, per dose",
     "allergen", ""),
    ("90619", "Meningococcal vaccine for groups A, C, W and Y, tetanus-toxoid carrier, into a muscle",
     "vaccine", ""),
    ("90620", "Meningococcal group B vaccine, two-dose series (4-component), into a muscle", "vaccine", ""),
    ("90621", "Meningococcal group B vaccine, two- or three-dose series (FHbp), into a muscle", "vaccine", ""),
    ("90630", "Flu vaccine, four strains, split virus, into the skin", "vaccine", "flu"),
    ("90371", "Hepatitis B immune globulin, given into a muscle", "drug", ""),
    ("90375", "Rabies immune globulin, given into a muscle or under the skin", "drug", ""),
    ("90377", "Rabies immune globulin, heat-treated, given into a muscle or under the skin", "drug", ""),
    ("90586", "BCG live vaccine for bladder cancer, placed in the bladder", "antineoplastic", ""),
    ("90632", "Hepatitis A vaccine, adult dose, into a muscle", "vaccine", ""),
    ("90633", "Hepatitis A vaccine, child and teen dose, two-dose series, into a muscle", "vaccine", ""),
    ("90651", "HPV vaccine, nine types, two- or three-dose series, into a muscle", "vaccine", ""),
    ("90653", "Flu vaccine, three strains, with adjuvant, into a muscle", "vaccine", "flu"),
    ("90655", "Flu vaccine, three strains, split virus, no preservative, 0.25 mL, into a muscle", "vaccine", "flu"),
    ("90656", "Flu vaccine, three strains, split virus, no preservative, 0.5 mL, into a muscle", "vaccine", "flu"),
    ("90657", "Flu vaccine, three strains, split virus, 0.25 mL, into a muscle", "vaccine", "flu"),
    ("90658", "Flu vaccine, three strains, split virus, 0.5 mL, into a muscle", "vaccine", "flu"),
    ("90660", "Flu vaccine, three strains, live, nasal spray", "vaccine", "flu"),
    ("90661", "Flu vaccine, three strains, grown in cell culture, no preservative, into a muscle", "vaccine", "flu"),
    ("90662", "Flu vaccine, split virus, high dose (more antigen), no preservative, into a muscle",
     "vaccine", "flu"),
    ("90664", "Flu vaccine, pandemic strain, live, nasal spray", "vaccine", "flu"),
    ("90666", "Flu vaccine, pandemic strain, split virus, no preservative, into a muscle", "vaccine", "flu"),
    ("90667", "Flu vaccine, pandemic strain, split virus, with adjuvant, into a muscle", "vaccine", "flu"),
    ("90668", "Flu vaccine, pandemic strain, split virus, into a muscle", "vaccine", "flu"),
    ("90670", "Pneumococcal conjugate vaccine, 13 types, into a muscle", "vaccine", "pneumococcal"),
    ("90671", "Pneumococcal conjugate vaccine, 15 types, into a muscle", "vaccine", "pneumococcal"),
    ("90672", "Flu vaccine, four strains, live, nasal spray", "vaccine", "flu"),
    ("90673", "Flu vaccine, three strains, recombinant (no egg or virus), into a muscle", "vaccine", "flu"),
    ("90674", "Flu vaccine, four strains, grown in cell culture, no preservative, 0.5 mL, into a muscle",
     "vaccine", "flu"),
    ("90675", "Rabies vaccine, into a muscle", "vaccine", ""),
    ("90677", "Pneumococcal conjugate vaccine, 20 types, into a muscle", "vaccine", "pneumococcal"),
    ("90678", "RSV vaccine, prefusion F protein, bivalent, into a muscle", "vaccine", ""),
    ("90679", "RSV vaccine, prefusion F protein, recombinant, with adjuvant, into a muscle", "vaccine", ""),
    ("90683", "RSV vaccine, mRNA, into a muscle", "vaccine", ""),
    ("90682", "Flu vaccine, four strains, recombinant (no egg or virus), into a muscle", "vaccine", "flu"),
    ("90684", "Pneumococcal conjugate vaccine, 21 types, into a muscle", "vaccine", "pneumococcal"),
    ("90685", "Flu vaccine, four strains, split virus, no preservative, 0.25 mL, into a muscle", "vaccine", "flu"),
    ("90686", "Flu vaccine, four strains, split virus, no preservative, 0.5 mL, into a muscle", "vaccine", "flu"),
    ("90687", "Flu vaccine, four strains, split virus, 0.25 mL, into a muscle", "vaccine", "flu"),
    ("90688", "Flu vaccine, four strains, split virus, 0.5 mL, into a muscle", "vaccine", "flu"),
    ("90689", "Flu vaccine, four strains, with adjuvant, no preservative, 0.25 mL, into a muscle",
     "vaccine", "flu"),
    ("90694", "Flu vaccine, four strains, with adjuvant, no preservative, 0.5 mL, into a muscle", "vaccine", "flu"),
    ("90707", "Measles, mumps and rubella (MMR) vaccine, live, under the skin", "vaccine", ""),
    ("90714", "Tetanus and diphtheria (Td) vaccine, no preservative, age 7 and up, into a muscle", "vaccine", ""),
    ("90715", "Tetanus, diphtheria and acellular pertussis (Tdap) vaccine, age 7 and up, into a muscle",
     "vaccine", ""),
    ("90716", "Chickenpox (varicella) vaccine, live, under the skin", "vaccine", ""),
    ("90732", "Pneumococcal polysaccharide vaccine, 23 types, adult or high-risk dose, under the skin or "
              "into a muscle", "vaccine", "pneumococcal"),
    ("90734", "Meningococcal conjugate vaccine for groups A, C, W and Y (diphtheria or CRM carrier), "
              "into a muscle", "vaccine", ""),
    ("90739", "Hepatitis B vaccine, adult dose, two-dose series, into a muscle", "vaccine", "hepatitis_b"),
    ("90740", "Hepatitis B vaccine, dialysis or weak-immunity dose, three-dose series, into a muscle",
     "vaccine", "hepatitis_b"),
    ("90743", "Hepatitis B vaccine, teen dose, two-dose series, into a muscle", "vaccine", "hepatitis_b"),
    ("90744", "Hepatitis B vaccine, child and teen dose, three-dose series, into a muscle",
     "vaccine", "hepatitis_b"),
    ("90746", "Hepatitis B vaccine, adult dose, three-dose series, into a muscle", "vaccine", "hepatitis_b"),
    ("90747", "Hepatitis B vaccine, dialysis or weak-immunity dose, four-dose series, into a muscle",
     "vaccine", "hepatitis_b"),
    ("90750", "Shingles (zoster) vaccine, recombinant, with adjuvant, into a muscle", "vaccine", ""),
    ("90756", "Flu vaccine, four strains, grown in cell culture, no antibiotic, 0.5 mL, into a muscle",
     "vaccine", "flu"),
    ("90759", "Hepatitis B vaccine, three-antigen, 10 mcg, three-dose series, into a muscle",
     "vaccine", "hepatitis_b"),
    ("91304", "COVID-19 vaccine, protein nanoparticle with adjuvant, 5 mcg in 0.5 mL, into a muscle",
     "vaccine", "covid"),
    ("91318", "COVID-19 vaccine, mRNA, 3 mcg in 0.3 mL, into a muscle", "vaccine", "covid"),
    ("91319", "COVID-19 vaccine, mRNA, 10 mcg in 0.3 mL, into a muscle", "vaccine", "covid"),
    ("91320", "COVID-19 vaccine, mRNA, 30 mcg in 0.3 mL, into a muscle", "vaccine", "covid"),
    ("91321", "COVID-19 vaccine, mRNA, 25 mcg in 0.25 mL, into a muscle", "vaccine", "covid"),
    ("91322", "COVID-19 vaccine, mRNA, 50 mcg in 0.5 mL, into a muscle", "vaccine", "covid"),
    ("91323", "COVID-19 vaccine, 10 mcg dose, into a muscle", "vaccine", "covid"),
    ("90480", "Giving a COVID-19 vaccine by shot, any product, any age (from 2023-09-11)", "admin", ""),
    ("20550", "Injection into one tendon sheath, ligament or band of connective tissue", "procedure", ""),
    ("20551", "Injection where one tendon attaches to bone", "procedure", ""),
    ("20552", "Trigger point injections into one or two muscles", "procedure", ""),
    ("20553", "Trigger point injections into three or more muscles", "procedure", ""),
    ("20600", "Needle drainage or injection of a small joint or bursa (e.g. finger, toe), no ultrasound",
     "procedure", ""),
    ("20604", "Needle drainage or injection of a small joint or bursa, with ultrasound guidance", "procedure", ""),
    ("20605", "Needle drainage or injection of a mid-size joint or bursa (e.g. wrist, elbow, ankle), "
              "no ultrasound", "procedure", ""),
    ("20606", "Needle drainage or injection of a mid-size joint or bursa, with ultrasound guidance",
     "procedure", ""),
    ("20610", "Needle drainage or injection of a large joint or bursa (e.g. shoulder, hip, knee), no ultrasound",
     "procedure", ""),
    ("20611", "Needle drainage or injection of a large joint or bursa, with ultrasound guidance", "procedure", ""),
    ("11900", "Injection directly into skin lesions, one to seven lesions", "procedure", ""),
    ("11901", "Injection directly into skin lesions, more than seven lesions", "procedure", ""),
    ("64450", "Nerve block injection of another peripheral nerve or branch", "procedure", ""),
    ("86580", "Tuberculosis skin test placed into the skin", "procedure", ""),
    ("95024", "Allergy skin tests placed into the skin, quick reaction read, per test", "procedure", ""),
    ("95027", "Allergy skin tests into the skin at rising strengths, quick reaction read, per test",
     "procedure", ""),
    ("96523", "Flushing an implanted port or catheter used for drug delivery", "procedure", ""),
    ("36591", "Drawing blood from an implanted venous port, for lab tests", "procedure", ""),
    ("36592", "Drawing blood from a central or peripheral venous catheter, for lab tests", "procedure", ""),
    ("36415", "Drawing blood from a vein with a needle", "procedure", ""),
    ("99358", "Extra practitioner time without the patient present, first hour", "procedure", ""),
    ("99359", "Extra practitioner time without the patient present, each further 30 minutes (add-on)",
     "procedure", ""),
    ("99281", "Emergency department visit, level 1 (practitioner may not be needed)", "procedure", ""),
    ("99282", "Emergency department visit, level 2 (simple decisions)", "procedure", ""),
    ("99283", "Emergency department visit, level 3 (low-complexity decisions)", "procedure", ""),
    ("99284", "Emergency department visit, level 4 (moderate-complexity decisions)", "procedure", ""),
    ("99285", "Emergency department visit, level 5 (high-complexity decisions)", "procedure", ""),
)


# --- reading and writing -------------------------------------------------------------------------

def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, header: list[str], rows: Iterable[dict], key: Callable[[dict], object]) -> int:
    """Write rows sorted by `key`; returns the row count."""
    ordered = sorted(rows, key=key)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ordered)
    return len(ordered)


def iso_date(text: str) -> str:
    """YYYYMMDD or YYYY-MM-DD to YYYY-MM-DD; empty or "*" to ""."""
    digits = text.strip().replace("-", "")
    if not re.fullmatch(r"\d{8}", digits):
        return ""
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def clean(text: str) -> str:
    """Text with NBSPs turned to spaces and runs of whitespace collapsed."""
    return " ".join(text.replace("\xa0", " ").split())


def plain_amount(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def is_amount(text: str) -> bool:
    """True for a positive dollar amount ("13.91"); false for "", "0.00", "N/A"."""
    return re.fullmatch(r"\d+(?:\.\d+)?", text.strip()) is not None and Decimal(text) > 0


def to_mills(amount: str) -> int:
    return int((Decimal(amount) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def code_key(code: str) -> tuple:
    """Sort numeric codes ("4", "11") by value, others as text."""
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


# --- HCPCS ---------------------------------------------------------------------------------------

def drug_kind(code: str, descriptor: str) -> str:
    """The kind of a HCPCS Level II code ("" when it is not a drug or vaccine)."""
    if HCPCS_VACCINE.match(descriptor):
        return "vaccine"
    if _is_hormonal(code, descriptor):
        return "hormonal_antineoplastic"
    if code.startswith("J9"):
        return "antineoplastic"
    if code.startswith("J"):
        return "drug"
    if INJECTION.match(descriptor) and code[0] in "QCSA":
        return "drug"
    if code[0] in "QCS" and not code.startswith("Q4") and _names_a_drug(code, descriptor):
        return "drug"
    return ""


def _is_hormonal(code: str, descriptor: str) -> bool:
    text = descriptor.lower()
    if code.startswith("J9") and any(name in text for name in HORMONAL_J9_NAMES):
        return True
    return "triptorelin" in text or code in HORMONAL_CODES


def _names_a_drug(code: str, descriptor: str) -> bool:
    if code in NOC_CODES or UNCLASSIFIED_DRUG.match(descriptor):
        return True
    unit = parse_billing_unit(descriptor)
    return unit is not None and unit.measure in ("mg", "mcg", "g", "units")


def hcpcs_row(source: dict[str, str]) -> dict[str, str]:
    code, descriptor = source["HCPC"].strip(), source["LONG DESCRIPTION"]
    kind = drug_kind(code, descriptor)
    unit = parse_billing_unit(descriptor) if kind in DRUG_KINDS else None
    return {
        "code": code, "description": descriptor, "short_description": source["SHORT DESCRIPTION"].strip(),
        "add_date": iso_date(source["ADD DT"]), "term_date": iso_date(source["TERM DT"]), "kind": kind,
        "unit_amount": plain_amount(unit.amount) if unit else "",
        "unit_measure": unit.measure if unit else "",
        "unit_up_to": ("1" if unit.up_to else "0") if unit else "",
        "noc": "1" if kind and (code in NOC_CODES or NOC_WORDS.search(descriptor)) else "0",
        "sad_marker": "1" if has_sad_marker(descriptor) else "0",
        "cancer_kind": CANCER_KIND.get(code, ""),
        "vaccine_group": vaccine_group(descriptor) if kind == "vaccine" else "",
    }


def vaccine_group(descriptor: str) -> str:
    """flu, pneumococcal or hepatitis_b: the vaccines Medicare gives with G0008, G0009, G0010."""
    text = descriptor.lower()
    for words, group in (("influenza", "flu"), ("pneumococcal", "pneumococcal"), ("hepatitis b", "hepatitis_b")):
        if words in text:
            return group
    return ""


def build_hcpcs(hcpcs_source: list[dict], out: Path) -> list[dict]:
    rows = [hcpcs_row(r) for r in hcpcs_source if r["RECID"] == "3"]
    header = ["code", "description", "short_description", "add_date", "term_date", "kind", "unit_amount", "unit_measure",
              "unit_up_to", "noc", "sad_marker", "cancer_kind", "vaccine_group"]
    write_rows(out / "hcpcs.csv", header, rows, key=lambda r: r["code"])
    return rows


def build_hcpcs_modifiers(hcpcs_source: list[dict], out: Path) -> int:
    rows = [{"modifier": r["HCPC"].strip(), "description": r["LONG DESCRIPTION"].strip(),
             "add_date": iso_date(r["ADD DT"]), "term_date": iso_date(r["TERM DT"])}
            for r in hcpcs_source if r["RECID"] == "7"]
    return write_rows(out / "hcpcs_modifiers.csv", ["modifier", "description", "add_date", "term_date"],
                      rows, key=lambda r: r["modifier"])


def write_unit_parse_report(hcpcs: list[dict], out: Path) -> tuple[int, int, int]:
    """Which drug descriptors gave a billing unit; returns (parsed, total, unparsed)."""
    drugs = [r for r in hcpcs if r["kind"] in DRUG_KINDS]
    unparsed = [r for r in drugs if not r["unit_measure"]]
    parsed = len(drugs) - len(unparsed)
    lines = [
        "Billing units parsed from CMS HCPCS long descriptors (tools/build_data.py)",
        f"Drug codes (kind drug, antineoplastic, hormonal_antineoplastic): {len(drugs)}",
        f"Parsed: {parsed} ({parsed / len(drugs):.1%})",
        f"Not parsed: {len(unparsed)} (no dosage in the descriptor, or a measure the app does not bill in)",
        "",
        *(f"{r['code']}\t{r['description']}" for r in unparsed),
    ]
    (out / "unit_parse_report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parsed, len(drugs), len(unparsed)


def build_code_replacements(hcpcs_source: list[dict], out: Path) -> int:
    rows = {(old, new): REFERENCE_SOURCE for old, new in REFERENCE_REPLACEMENTS}
    terminated = {r["HCPC"].strip(): r for r in hcpcs_source if r["RECID"] == "3" and r["TERM DT"].strip()}
    for old, _new in REFERENCE_REPLACEMENTS:
        if old not in terminated:
            print(f"warning: {old} (reference 3.3) has no TERM DT in the HCPCS file")
    for code, source in terminated.items():
        for new in (source[f"XREF{i}"].strip() for i in range(1, 6)):
            if code[0] in "JQ" and new:
                rows.setdefault((code, new), XREF_SOURCE)
    records = [{"old_code": old, "new_code": new, "source": src} for (old, new), src in rows.items()]
    return write_rows(out / "code_replacements.csv", ["old_code", "new_code", "source"], records,
                      key=lambda r: (r["old_code"], r["new_code"]))


# --- CPT, crosswalk, NCCI ------------------------------------------------------------------------

def build_cpt_codes(out: Path) -> list[dict]:
    rows = [dict(zip(("code", "description", "kind", "vaccine_group"), entry)) for entry in CPT_CODES]
    write_rows(out / "cpt_codes.csv", ["code", "description", "kind", "vaccine_group"], rows, key=lambda r: r["code"])
    return rows


def ndc11(text: str) -> str | None:
    """The 11 digits of a 5-4-2 hyphenated NDC, or None for anything else."""
    match = re.fullmatch(r"(\d{5})-(\d{4})-(\d{2})", text.strip())
    return "".join(match.groups()) if match else None


def build_ndc_crosswalk(shared: Path, out: Path) -> int:
    rows = []
    for source in read_rows(shared / "asp_ndc_hcpcs_crosswalk_2026q1.csv"):
        ndc = ndc11(source["NDC2"])
        if ndc is None:
            print(f"warning: crosswalk NDC {source['NDC2']!r} ({source['_2026_CODE']}) is not 5-4-2; skipped")
            continue
        rows.append({
            "ndc": ndc, "hcpcs": clean(source["_2026_CODE"]), "drug_name": clean(source["Drug Name"]),
            "labeler": clean(source["LABELER NAME"]), "hcpcs_dosage": clean(source["HCPCS dosage"]),
            "pkg_size": clean(source["PKG SIZE"]), "pkg_qty": clean(source["PKG QTY"]),
            "bill_units": clean(source["BILLUNITS"]), "bill_units_pkg": clean(source["BILLUNITSPKG"]),
        })
    header = ["ndc", "hcpcs", "drug_name", "labeler", "hcpcs_dosage", "pkg_size", "pkg_qty", "bill_units",
              "bill_units_pkg"]
    return write_rows(out / "ndc_crosswalk.csv", header, rows, key=lambda r: (r["ndc"], r["hcpcs"]))


ADMIN_CODES = BILLED_CODES - set(E_AND_M)
OLDEST_DELETION_KEPT = "2023-01-01"  # an edit deleted before this cannot touch a claim still fileable


def _pair_matters(column1: str, column2: str, known: set[str]) -> bool:
    """Pairs with an administration code, and visit pairs with a code the app knows (cpt_codes.csv)."""
    if column1 in ADMIN_CODES or column2 in ADMIN_CODES:
        return True
    return (column1 in E_AND_M and column2 in known) or (column2 in E_AND_M and column1 in known)


def build_ncci_ptp(shared: Path, out: Path, cpt: list[dict]) -> int:
    files = ("ncci_ptp_practitioner_2024q3_target_codes.csv", "ncci_ptp_practitioner_2024q3_96372.csv")
    known = {r["code"] for r in cpt} | ADMIN_CODES
    unique = set()
    for name in files:
        for source in read_rows(shared / name):
            column1, column2, deleted, indicator, rationale = (clean(v) for v in source.values())
            deleted = iso_date(deleted)
            if deleted and deleted < OLDEST_DELETION_KEPT:
                continue
            if _pair_matters(column1, column2, known) and indicator != "9":
                unique.add((column1, column2, deleted, indicator, rationale))
    header = ["column1", "column2", "deletion_date", "modifier_indicator", "rationale"]
    rows = [dict(zip(header, values)) for values in unique]
    return write_rows(out / "ncci_ptp.csv", header, rows, key=lambda r: tuple(r.values()))


def build_mue(shared: Path, out: Path, hcpcs: list[dict], cpt: list[dict]) -> int:
    wanted = {r["code"] for r in hcpcs if r["kind"]} | {r["code"] for r in cpt} | set(VACCINE_ADMIN_G_CODES)
    rows = [{"code": s["HCPCS/CPT Code"].strip(), "mue": s["Practitioner Services MUE Values"].strip(),
             "mai": s["MUE Adjudication Indicator"].strip()[:1], "rationale": clean(s["MUE Rationale"])}
            for s in read_rows(shared / "ncci_mue_practitioner_2024q3.csv")
            if s["HCPCS/CPT Code"].strip() in wanted]
    return write_rows(out / "mue.csv", ["code", "mue", "mai", "rationale"], rows, key=lambda r: r["code"])


# --- place of service, CARC/RARC, fees -------------------------------------------------------------

def build_place_of_service(shared: Path, out: Path) -> int:
    rows = [{"code": s["pos_code"].strip(), "name": clean(s["pos_name"]),
             "facility": "1" if s["pos_type"] == "Facility" else "0"}
            for s in read_rows(shared / "place_of_service_codes.csv") if s["pos_type"] != "Unassigned"]
    return write_rows(out / "place_of_service.csv", ["code", "name", "facility"], rows, key=lambda r: r["code"])


def build_carc_rarc(shared: Path, out: Path) -> int:
    wanted = {("CARC", code) for code in CARC_CODES} | {("RARC", code) for code in RARC_CODES}
    sources = read_rows(shared / "x12_carc_rarc_codes_2024-06.csv")
    rows = [{"code": s["adj_code"], "type": s["adj_type"], "description": clean(s["adj_description"]),
             "end_date": iso_date(s["adj_end_date"])}
            for s in sources if s["adj_type"] == "Group" or (s["adj_type"], s["adj_code"]) in wanted]
    for code_type, code in sorted(wanted - {(r["type"], r["code"]) for r in rows}):
        print(f"warning: {code_type} {code} is not in the X12 source list")
    order = {"Group": 0, "CARC": 1, "RARC": 2}
    return write_rows(out / "carc_rarc.csv", ["code", "type", "description", "end_date"], rows,
                      key=lambda r: (order[r["type"]], code_key(r["code"])))


def build_fee_schedule(shared: Path, out: Path) -> int:
    rows = []
    for source in read_rows(shared / "pfs_rvu_national_2023_2025_target_codes.csv"):
        amount = source["computed_national_nonfacility_amount"].strip()
        if source["PFS_YEAR"] == "2025" and not source["MOD"].strip() and is_amount(amount):
            rows.append({"code": source["HCPCS"].strip(), "fee_mills": to_mills(amount), "per": "line",
                         "basis": PFS_BASIS})
    for source in read_rows(shared / "asp_payment_limits_2026q1.csv"):
        amount = source["Payment Limit"].strip()
        if is_amount(amount):
            rows.append({"code": source["HCPCS Code"].strip(), "fee_mills": to_mills(amount), "per": "unit",
                         "basis": ASP_BASIS})
    return write_rows(out / "fee_schedule.csv", ["code", "fee_mills", "per", "basis"], rows, key=lambda r: r["code"])


def write_fee_report(out: Path, hcpcs: list[dict], cpt: list[dict]) -> int:
    """Which codes the app bills have no default fee (neither file prices them); returns how many.

    A line with no fee goes out at 0.00, which the check reports as CHARGE_MISSING."""
    priced = {r["code"] for r in read_rows(out / "fee_schedule.csv")}
    groups = [
        ("Administration and visit codes (not in the shipped PFS 2025 file, or no amount there)",
         [r for r in cpt if r["kind"] in ("admin", "visit")] +
         [{"code": c, "description": "Medicare vaccine administration"} for c in VACCINE_ADMIN_G_CODES]),
        ("Vaccine products (not in the ASP 2026 Q1 payment-limit file)", [r for r in cpt if r["kind"] == "vaccine"]),
        ("Allergen extracts and procedures", [r for r in cpt if r["kind"] in ("allergen", "procedure")]),
        ("HCPCS drug and vaccine codes in force (no ASP 2026 Q1 payment limit)",
         [r for r in hcpcs if r["kind"] and not r["term_date"]]),
    ]
    lines = ["Codes the default fee schedule cannot price (tools/build_data.py)",
             "Set their fees in Practice > Settings > Fee schedule; without one a line goes out at 0.00",
             "(the finding CHARGE_MISSING). G0008-G0010 and 90480 are paid by Medicare at a national",
             "vaccine-administration rate that is not in the PFS relative value file the app ships.", ""]
    missing = 0
    for title, rows in groups:
        unpriced = sorted({r["code"]: r for r in rows if r["code"] not in priced}.values(), key=lambda r: r["code"])
        missing += len(unpriced)
        lines += [f"{title}: {len(unpriced)}", *(f"{r['code']}\t{r['description']}" for r in unpriced), ""]
    (out / "fee_schedule_report.txt").write_text("\n".join(lines), encoding="utf-8")
    return missing


# --- SOURCES.md -------------------------------------------------------------------------------------

SOURCES_TEMPLATE = """\
# data/: the reference tables the app ships

Every file here is generated by `python tools/build_data.py` (run from the repository, with the
shared reference copies at `../shared/data`; `--shared DIR` and `--out DIR` change the places).
Do not edit them by hand: change the script and run it again. The build only reads the shared
copies; the app reads nothing outside `data/` at run time. `data/payers/` (the shipped payer rule
packs) is not built by this script.

All files are UTF-8 CSV with a header row, rows sorted by their key, dates ISO `YYYY-MM-DD` or empty.
The original public source, version and licence of each shared copy are described in full in
`../shared/data/SOURCES.md`; the essentials are repeated here.

**ICD-10-CM** comes from the PyPI package `simple-icd-10-cm` 1.5.0 (pinned; FY2026 April 1 2026
update, from the public-domain CDC files; MIT wrapper), turned into `icd10cm.csv.gz` by this build
(`tools/build_search_data.py`), so the app never parses the package's XML at run time. A new
release is a version bump of the package and a rebuild.

`manifest.json` (a SHA-1 of every table here but `payers/`, and the ICD-10-CM package version) is
written last; opening a database compares it (and the payer packs) instead of hashing data/.
`drug_names.csv` is written by hand (see its row below); after editing it, rebuild so the
manifest changes.

**Licence notes.** HCPCS Level II, place of service: U.S. government work, public domain (CMS).
NCCI PTP/MUE, PFS RVU and ASP files are CMS public files that contain CPT code numbers (no CPT
descriptors are copied here); CMS distributes them under the AMA CPT licence, so the project owner
should confirm the app's use is covered. CARC/RARC are X12 external code lists and are not clearly
public domain: check X12's terms before redistributing. `cpt_codes.csv` holds CPT code numbers with
descriptions written in the project's own plain words; no AMA descriptor text is copied.

| file | rows | what it is | built from | trimmed |
|---|---|---|---|---|
| `hcpcs.csv` | {hcpcs} | Every HCPCS Level II procedure code (RECID 3): CMS long descriptor exactly, add and termination dates, and the app's own columns: `kind` (drug, vaccine, antineoplastic, hormonal_antineoplastic; see the script's docstring for the rules), the billing unit parsed from the descriptor (`unit_amount`, `unit_measure`, `unit_up_to`), `noc` (not otherwise classified), `sad_marker` (descriptor limits Medicare to physician-supervised use) and `cancer_kind` (J1950: hormonal anti-neoplastic only with a cancer diagnosis). | `hcpcs_2026_jan_anweb.csv`: CMS "January 2026 Alpha-Numeric HCPCS File" (`HCPC2026_JAN_ANWEB_01122026`, released 2026-01-12), via GitHub `jeglass/medicaid-claims-analysis` at `3cd7d231`. | Kept code, long descriptor, ADD DT, TERM DT; dropped the other 44 CMS columns. Terminated codes are kept. |
| `hcpcs_modifiers.csv` | {hcpcs_modifiers} | HCPCS modifiers (RECID 7) with descriptor and dates. | same HCPCS file | Leading spaces of the right-justified modifier removed. |
| `unit_parse_report.txt` | {parsed} of {drugs} parsed | Which drug descriptors gave a billing unit, and the {unparsed} that did not (code and descriptor). | `hcpcs.csv` | — |
| `code_replacements.csv` | {code_replacements} | Deleted HCPCS codes and the code that replaces them (`new_code` empty when there is none), for the CODE_NOT_EFFECTIVE fix. | Domain reference 3.3 ("Deleted codes the engine must reject"), plus the XREF columns of terminated J and Q codes in the HCPCS file (source `CMS HCPCS 2026 Jan file, XREF`). | — |
| `cpt_codes.csv` | {cpt_codes} | The CPT codes the app uses (visits, administration, allergen extract, vaccine products, procedures seen with injections), with the project's own plain-words description, a `kind` and the Medicare `vaccine_group` (flu, pneumococcal, hepatitis_b: administered with G0008, G0009, G0010). | Written for the project (`CPT_CODES` in the script). Every vaccine product code priced in the ASP 2026 Q1 payment-limit file is listed except 91323; codes not priced there (e.g. 90630, 90655, 90664-90668, 90707, 91318) come from the code set as commonly published and could not be checked against a 2026 CPT list here. | — |
| `ndc_crosswalk.csv` | {ndc_crosswalk} | NDC (11 digits, no hyphens) to HCPCS code, with drug name, labeler, HCPCS dosage, package size and quantity, billing units per item and per package. | `asp_ndc_hcpcs_crosswalk_2026q1.csv`: CMS "January 2026 ASP NDC-HCPCS Crosswalk" (section 508 CSV, effective 2026-01-01 to 2026-03-31), via GitHub `QuicksortRx/universal-med-ids` at `ac12e987`. | Short description dropped; NBSPs and extra spaces removed; rows whose NDC is not 5-4-2 skipped (one 12-digit value under J7331). |
| `ncci_ptp.csv` | {ncci_ptp} | NCCI procedure-to-procedure edits in which column 1 or column 2 is an administration code the app bills (96360, 96365, 96372-96375, 96401, 96402, 90460, 90461, 90471, 90472, 95115, 95117, G0008-G0010), or an office visit (99202-99205, 99211-99215) is paired with a code in `cpt_codes.csv`. Edits deleted before 2023-01-01 are dropped (no claim that old can still be filed); later deletions are kept with their `deletion_date`. | `ncci_ptp_practitioner_2024q3_target_codes.csv` and `ncci_ptp_practitioner_2024q3_96372.csv`: CMS practitioner PTP edits effective 2024-07-01 (2024 Q3), via GitHub `andrewallenbruce/northstar` at `a37fd498`. | Union of both files, exact duplicates removed, modifier indicator 9 dropped. The shared copy only holds edits that involve 96372-96374, 96401, 96402, 90471, 90472, 95115, 95117, the office E/M codes, 20550-20553, 20610 or 11900, so edits between two other codes (e.g. 96365 with 96360) are missing. The source has no effective dates. |
| `mue.csv` | {mue} | Practitioner Medically Unlikely Edits: maximum units per day, MAI digit (1 line, 2 date of service policy, 3 date of service clinical) and rationale, for every drug or vaccine code in `hcpcs.csv`, every code in `cpt_codes.csv` and G0008-G0010. | `ncci_mue_practitioner_2024q3.csv`: CMS `MCR_MUE_PractitionerServices_Eff_07-01-2024`, via `andrewallenbruce/northstar` at `a37fd498`. | Other codes dropped. |
| `place_of_service.csv` | {place_of_service} | CMS place of service codes, with `facility` 1 when the code takes the PFS facility rate. | `place_of_service_codes.csv`: CMS POS code set (database updated September 2023), via `andrewallenbruce/northstar` at `c3b5df3b`. The facility/non-facility split was added by that repository's author, not CMS. | Unassigned codes and the long descriptions dropped. |
| `carc_rarc.csv` | {carc_rarc} | Claim adjustment group codes and the CARC and RARC codes the findings use, with X12 wording and end date. | `x12_carc_rarc_codes_2024-06.csv`: X12 code lists 139 (CARC) and 411 (RARC) as published on x12.org about 2024-06-18, via `andrewallenbruce/northstar` at `40e548bd`. | Only the codes the app reports; usage notes and other dates dropped. |
| `fee_schedule.csv` | {fee_schedule} | Default charges: `fee_mills` in thousandths of a dollar. CPT and G codes: Medicare PFS 2025 national non-facility amount, `per` line. Drugs and vaccine products: ASP payment limit per billing unit, `per` unit. | `pfs_rvu_national_2023_2025_target_codes.csv` (CMS PPRRVU25_JAN, CY2025, via `jeglass/medicaid-claims-analysis` at `3cd7d231`) and `asp_payment_limits_2026q1.csv` (CMS January 2026 Medicare Part B payment limit file, via `QuicksortRx/universal-med-ids` at `ac12e987`). | Only 2025 rows without a modifier; codes with no or zero amount (e.g. G0008-G0010, 96376) skipped. |
| `icd10cm.csv.gz` | {icd10cm} | Every ICD-10-CM category and code (gzip-compressed CSV): `code` without the dot, `description`, `billable` (1 for a code at the end of its branch), `parent` (the category above), `terms` (the inclusion terms of the tabular list, joined with "; ", e.g. D51.0: "Pernicious (congenital) anemia"). Rows: the billable codes first, then the categories, each by code (the order search lists them in). The app loads it into the database and builds its search index from it. | `simple-icd-10-cm` 1.5.0 (its `icd10c-tabular-April-1-2026.xml` and code list), read with the package's own functions. | Chapters and blocks dropped; 39 codes the package lists twice kept once. The alphabetic index is not in the package, so only the tabular list's inclusion terms are searchable. |
| `drug_names.csv` | 37 | Names billers type for a drug code that the crosswalk's drug names lack: brand names (Toradol, Rocephin, Depo-Provera, Prolia ...) and common names ("B12", "Vitamin B12"), with the HCPCS code and the `usual_route` the app fills in when the drug is picked. Drug search also finds every `drug_name` of `ndc_crosswalk.csv` (Kenalog-40, Humalog ...). | Written by hand for the project: trade names as printed on the FDA-approved labels (DailyMed), the code from the HCPCS 2026 January descriptors in `hcpcs.csv` (current codes for ended ones: Depo-Medrol J1010, Solu-Medrol J2919, Dilaudid J1171), the route from the labels' usual use in an office. Compiled from general knowledge, not a downloaded list: check a row against DailyMed before relying on it. | — |
| `fee_schedule_report.txt` | {unpriced} codes | The codes the app bills that neither file prices (vaccine administration G0008-G0010 and 90480, vaccine products missing from the ASP file, such as 91318 and the Part D vaccines, drug codes with no ASP limit): a line with such a code goes out at 0.00 unless the practice sets a fee, which the check reports as `CHARGE_MISSING`. | `fee_schedule.csv`, `cpt_codes.csv`, `hcpcs.csv` | — |

## Sources the shipped rules and codes cite (not tables)

| what | source |
|---|---|
| COVID-19 vaccine administration 90480 (every payer, Medicare included, from 2023-09-11) and the product codes 91318-91322 (later 913xx codes are COVID-19 products too) | CPT 2024 code set; CMS MLN Connects, 2023-09-14 ("COVID-19 vaccines: new CPT codes"); domain reference 1.1.15. 90480 is described in the project's own words in `cpt_codes.csv`; its PFS amount is not in the 2025 RVU file shipped here. |
| Vaccines that Medicare covers under Part D, not Part B (zoster 90750 and RSV 90678/90679/90683 always; given as prevention, diagnosis Z23: Tdap/Td 90715/90714, hepatitis A 90632, HPV 90651, MMR 90707, varicella 90716, meningococcal 90619/90620/90621/90734, rabies before exposure 90675): `not_a_benefit` rules in `payers/medicare.json` whose fix sends the claim to the patient's Part D plan | Social Security Act §1861(s)(10); Medicare Benefit Policy Manual 100-02 ch. 15 §50.4.4.2; CMS MLN fact sheet "Medicare Part D Vaccines"; domain reference 1.1.16. |
| Self-administered drug exclusions: `self_administered` rules in `payers/medicare.json` (adalimumab J0135/J0139, etanercept, enoxaparin, dalteparin, fondaparinux, sumatriptan, teriparatide, insulin, glatiramer, interferon beta, somatropin, calcitonin, enfuvirtide, apomorphine, methylnaltrexone, icatibant, lanadelumab, C1 esterase inhibitor SC, octreotide SC, daily leuprolide, alprostadil, histrelin, ustekinumab SC, mecasermin, interferon gamma-1b, and the codes whose HCPCS descriptor carries the self-administration marker) | Each rule names its list: CGS Part B "Self-Administered Drugs List" (cgsmedicare.com/partb/medicalpolicy/sad/self_admin_list.html, read for this release); Noridian "Self-Administered Drug Exclusion List" A53033 (domain reference 2.7.2); Novitas A53127 and Palmetto A52571 "Self-Administered Drug Exclusion List" articles (article numbers as commonly cited, **to be verified** against the MCD before release); Medicare Benefit Policy Manual 100-02 ch. 15 §50.2 (insulin). A code replaced by a new one (`code_replacements.csv`, e.g. J0135 → J0139) keeps its exclusion. |
| Distinct-service modifier the builder adds when an NCCI pair allows one (indicator 1) and the facts show a separate injection | CMS NCCI PTP practitioner edits 2024 Q3; CMS MLN "Proper use of modifiers 59, XE, XP, XS, XU"; payer setting `distinct_service_modifier`; domain reference 2.3. |
| `cms_codes.csv` | {cms_codes} | Codes the CMS tables name that `hcpcs.csv` and `cpt_codes.csv` do not hold (preventive, home and hospital visits, chemotherapy infusion ...), with the tables that name them (`mue`, `ptp`, `aoc`, `pfs`). A code here is known (no CODE_UNKNOWN) and has no description in the app (CPT descriptors are AMA copyright). | The shared MUE 2024 Q3, NCCI PTP 2024 Q3, NCCI add-on code 2024-06 and PFS RVU CY2023-2025 copies (see their rows above and `../shared/data/SOURCES.md` sections 2-4 and 9). | Code numbers only. |
| `age_bands.csv` | {age_bands} | Codes whose definition holds an age band, for AGE_CODE_MISMATCH: `from_months` (inclusive) and `to_months` (exclusive, empty = no upper age) in whole months, the band in words, a `family` of codes that differ only by age (preventive visits) and the `source`. | CPT: preventive visits 99381-99387/99391-99397, 90460/90461 (through 18 years, reference 1.1.7) and the vaccine products whose CPT definition states an age (90696, 90700, 90702, 90714, 90715, 90732), written for the project (`CPT_AGE_BANDS` in `tools/build_code_facts.py`). HCPCS: parsed from the long descriptors of `hcpcs.csv` ("3 years of age and older", "(0-10 years)", "ages under 21", "from five years to nine years of age"). | CPT flu vaccine codes carry no age since CPT 2019 (a dose volume instead) and are not listed. |
| `reference_tables.csv` | {reference_tables} | The edition of each reference table the check uses (NCCI PTP, MUE, ASP, PFS), the first and last dates of service it covers, and when the check uses it (`always`, `ndc`, `fee:<basis>`), for REFERENCE_DATA_STALE. | The editions of the shared copies above (NCCI PTP/MUE effective 2024-07-01, quarter ending 2024-09-30; ASP January 2026, effective 2026-01-01 to 2026-03-31; PFS CY2025). | — |
"""


def write_sources(out: Path, counts: dict[str, int]) -> None:
    (out / "SOURCES.md").write_text(SOURCES_TEMPLATE.format(**counts), encoding="utf-8")


# --- main ------------------------------------------------------------------------------------------

def build(shared: Path, out: Path) -> dict[str, int]:
    """Write every data/ file into `out`; returns the row counts by file stem."""
    data = shared / "data"
    out.mkdir(parents=True, exist_ok=True)
    hcpcs_source = read_rows(data / "hcpcs_2026_jan_anweb.csv")
    hcpcs = build_hcpcs(hcpcs_source, out)
    cpt = build_cpt_codes(out)
    parsed, drugs, unparsed = write_unit_parse_report(hcpcs, out)
    counts = {
        "hcpcs": len(hcpcs), "cpt_codes": len(cpt), "parsed": parsed, "drugs": drugs, "unparsed": unparsed,
        "hcpcs_modifiers": build_hcpcs_modifiers(hcpcs_source, out),
        "code_replacements": build_code_replacements(hcpcs_source, out),
        "ndc_crosswalk": build_ndc_crosswalk(data, out),
        "ncci_ptp": build_ncci_ptp(data, out, cpt),
        "mue": build_mue(data, out, hcpcs, cpt),
        "place_of_service": build_place_of_service(data, out),
        "carc_rarc": build_carc_rarc(data, out),
        "fee_schedule": build_fee_schedule(data, out),
        "cms_codes": build_cms_codes(data, out, {r["code"] for r in hcpcs} | {r["code"] for r in cpt},
                                     read_rows, write_rows),
        "age_bands": build_age_bands(hcpcs, out, write_rows),
        "reference_tables": build_reference_tables(out, write_rows),
    }
    counts["icd10cm"] = build_icd10cm(out)
    counts["unpriced"] = write_fee_report(out, hcpcs, cpt)
    write_sources(out, counts)
    write_manifest(out)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared reference folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="where to write the tables")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        parser.error(f"no data/ folder in {args.shared}")
    counts = build(args.shared, args.out)
    print(f"wrote {args.out}:")
    for name, count in counts.items():
        if name not in ("parsed", "drugs", "unparsed", "unpriced"):
            print(f"  {name}: {count} rows")
    print(f"  billing units parsed for {counts['parsed']} of {counts['drugs']} drug codes "
          f"({counts['unparsed']} not parsed, see unit_parse_report.txt)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
