"""Code facts the checks need beside the code lists, built from the shared CMS copies by
tools/build_data.py:

- ``cms_codes.csv``: every code the CMS NCCI (PTP, add-on) and MUE tables and the PFS relative
  value file name that neither ``hcpcs.csv`` nor ``cpt_codes.csv`` holds. Such a code is a real
  code (CODE_UNKNOWN stays quiet); the app has no description of its own for it.
- ``age_bands.csv``: codes whose definition holds an age band (AGE_CODE_MISMATCH). CPT codes from
  the table below (ages as CPT defines them, in our words); HCPCS codes parsed from the CMS long
  descriptor ("3 years of age and older", "(0-10 years)", "ages under 21" ...).
- ``reference_tables.csv``: the edition of each reference table the check uses and the last date
  of service it covers (REFERENCE_DATA_STALE).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

PREVENTIVE_SOURCE = ("CPT preventive medicine services 99381-99387 (new patient) and 99391-99397 (established "
                     "patient): the age band is part of each code's definition (paraphrased)")
COUNSELLED_SOURCE = ("CPT immunization administration with counselling 90460/90461: patients through 18 years "
                     "of age (domain reference 1.1.7)")
VACCINE_SOURCE = "CPT vaccine product code definition: the age range is part of the descriptor (paraphrased)"
HCPCS_SOURCE = "CMS HCPCS Level II file, January 2026: age range in the long descriptor"

YEAR = 12
# (low, high) in whole months, high exclusive (None: no upper bound), with the band in words
PREVENTIVE_BANDS = ((0, YEAR, "under 1 year"), (YEAR, 5 * YEAR, "1 through 4 years"),
                    (5 * YEAR, 12 * YEAR, "5 through 11 years"), (12 * YEAR, 18 * YEAR, "12 through 17 years"),
                    (18 * YEAR, 40 * YEAR, "18 through 39 years"), (40 * YEAR, 65 * YEAR, "40 through 64 years"),
                    (65 * YEAR, None, "65 years and older"))
# CPT codes with an age in their definition: (code, low, high, words, family, source)
CPT_AGE_BANDS = (
    *((str(99381 + i), low, high, words, "preventive_new", PREVENTIVE_SOURCE)
      for i, (low, high, words) in enumerate(PREVENTIVE_BANDS)),
    *((str(99391 + i), low, high, words, "preventive_established", PREVENTIVE_SOURCE)
      for i, (low, high, words) in enumerate(PREVENTIVE_BANDS)),
    ("90460", 0, 19 * YEAR, "through 18 years", "", COUNSELLED_SOURCE),
    ("90461", 0, 19 * YEAR, "through 18 years", "", COUNSELLED_SOURCE),
    ("90696", 4 * YEAR, 7 * YEAR, "4 through 6 years", "", VACCINE_SOURCE),
    ("90700", 0, 7 * YEAR, "younger than 7 years", "", VACCINE_SOURCE),
    ("90702", 0, 7 * YEAR, "younger than 7 years", "", VACCINE_SOURCE),
    ("90714", 7 * YEAR, None, "7 years and older", "", VACCINE_SOURCE),
    ("90715", 7 * YEAR, None, "7 years and older", "", VACCINE_SOURCE),
    ("90732", 2 * YEAR, None, "2 years and older", "", VACCINE_SOURCE),
)

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_N = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
# HCPCS descriptor phrases: (pattern, months per unit, kind): kind 'from' (N and older), 'range' (N-M),
# 'under' (younger than N)
AGE_PHRASES = (
    (re.compile(_N + r" years? (?:of age )?(?:and|or) (?:older|above)"), YEAR, "from"),
    (re.compile(r"\(" + _N + r" years? ?\+\)"), YEAR, "from"),
    (re.compile(r"\(" + _N + r"-" + _N + r" years\)"), YEAR, "range"),
    (re.compile(_N + r"-" + _N + r" months of age"), 1, "range"),
    (re.compile(r"from " + _N + r" years? to " + _N + r" years of age"), YEAR, "range"),
    (re.compile(r"ages? under " + _N + r"\b"), YEAR, "under"),
)

# The reference tables the check reads, the edition shipped and the last date of service it covers.
REFERENCE_TABLES = (
    ("ncci_ptp", "NCCI procedure-to-procedure edits (practitioner)", "2024 Q3", "2024-07-01", "2024-09-30",
     "always"),
    ("mue", "NCCI medically unlikely edits (practitioner)", "2024 Q3", "2024-07-01", "2024-09-30", "always"),
    ("asp", "ASP payment limits and NDC-HCPCS crosswalk", "2026 Q1", "2026-01-01", "2026-03-31",
     "ndc or fee:Medicare Part B ASP"),
    ("pfs", "Medicare physician fee schedule", "CY2025", "2025-01-01", "2025-12-31", "fee:Medicare PFS"),
)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def parse_age_band(descriptor: str) -> tuple[int, int | None, str] | None:
    """(low, high exclusive, words) in months from a descriptor's age phrase, or None."""
    text = descriptor.lower()
    for pattern, unit, kind in AGE_PHRASES:
        match = pattern.search(text)
        if not match:
            continue
        numbers = [_number(n) for n in match.groups()]
        if kind == "from":
            return numbers[0] * unit, None, match.group(0)
        if kind == "under":
            return 0, numbers[0] * unit, match.group(0)
        return numbers[0] * unit, (numbers[1] + 1) * unit, match.group(0)
    return None


def build_age_bands(hcpcs: list[dict], out: Path, write_rows: Callable) -> int:
    rows = [{"code": code, "from_months": low, "to_months": "" if high is None else high, "ages": words,
             "family": family, "source": source} for code, low, high, words, family, source in CPT_AGE_BANDS]
    for row in hcpcs:
        band = parse_age_band(row["description"])
        if band:
            low, high, words = band
            rows.append({"code": row["code"], "from_months": low, "to_months": "" if high is None else high,
                         "ages": words, "family": "", "source": HCPCS_SOURCE})
    header = ["code", "from_months", "to_months", "ages", "family", "source"]
    return write_rows(out / "age_bands.csv", header, rows, key=lambda r: r["code"])


def _codes_in(rows: Iterable[dict], *columns: str) -> set[str]:
    return {row[c].strip().upper() for row in rows for c in columns if row.get(c, "").strip()}


def build_cms_codes(data: Path, out: Path, own: set[str], read_rows: Callable, write_rows: Callable) -> int:
    """Codes named by the CMS tables that `own` (hcpcs.csv and cpt_codes.csv) does not hold."""
    tables = {
        "mue": _codes_in(read_rows(data / "ncci_mue_practitioner_2024q3.csv"), "HCPCS/CPT Code"),
        "ptp": _codes_in(read_rows(data / "ncci_ptp_practitioner_2024q3_target_codes.csv"), "Column 1", "Column 2")
        | _codes_in(read_rows(data / "ncci_ptp_practitioner_2024q3_96372.csv"), "Column 1", "Column 2"),
        "aoc": _codes_in(read_rows(data / "ncci_aoc_2024-06_target_codes.csv"), "primary_code", "add_on_code"),
        "pfs": _codes_in(read_rows(data / "pfs_rvu_national_2023_2025_target_codes.csv"), "HCPCS"),
    }
    codes = set().union(*tables.values()) - own
    rows = [{"code": code, "tables": " ".join(name for name, found in tables.items() if code in found)}
            for code in codes if re.fullmatch(r"[0-9A-Z]{5}", code)]
    return write_rows(out / "cms_codes.csv", ["code", "tables"], rows, key=lambda r: r["code"])


def build_reference_tables(out: Path, write_rows: Callable) -> int:
    header = ["table", "name", "edition", "covers_from", "covers_through", "used_when"]
    rows = [dict(zip(header, entry)) for entry in REFERENCE_TABLES]
    return write_rows(out / "reference_tables.csv", header, rows, key=lambda r: r["table"])
