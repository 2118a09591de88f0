"""The search parts of data/, called by tools/build_data.py:

- `icd10cm.csv.gz`: every ICD-10-CM category and code (key without the dot, description,
  billable, the category above it, the inclusion terms joined with "; "), turned into rows here,
  at build time, from the pinned `simple-icd-10-cm` package, so the app never parses its 9.7 MB
  XML file at run time. A new ICD-10-CM release is a version bump of that package and a rebuild.
- `manifest.json`: a SHA-1 of every table in data/ (but `payers/`, which is hand-edited and read
  whole at run time), so opening the database compares one small file instead of hashing data/.

`drug_names.csv` (brand and common names billers type, with the usual route) is written by
hand; see data/SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from importlib.metadata import version
from pathlib import Path

ICD_FILE = "icd10cm.csv.gz"
MANIFEST = "manifest.json"
ICD_HEADER = ["code", "description", "billable", "parent", "terms"]


def icd_package() -> str:
    return f"simple-icd-10-cm {version('simple-icd-10-cm')}"


def icd_rows() -> list[list[str]]:
    """[key, description, billable, parent key, inclusion terms] for every category and code: the
    billable codes first, then the categories, each by key (the order search lists them in, so
    the database's row numbers are that order)."""
    import simple_icd_10_cm as icd

    rows: dict[str, list[str]] = {}
    for code in icd.get_all_codes(with_dots=False):
        if code in rows or not icd.is_category_or_subcategory(code):
            continue
        parent = icd.get_parent(code)
        parent = parent if parent and icd.is_category_or_subcategory(parent) else ""
        terms = "; ".join(t.strip() for t in icd.get_inclusion_term(code) if t.strip())
        rows[code] = [code, icd.get_description(code), str(int(icd.is_leaf(code))), parent, terms]
    return sorted(rows.values(), key=lambda row: (row[2] != "1", row[0]))


def build_icd10cm(out: Path) -> int:
    """Write icd10cm.csv.gz (byte for byte the same on every build: no time stamp in the gzip header)."""
    rows = icd_rows()
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(ICD_HEADER)
    writer.writerows(rows)
    with open(out / ICD_FILE, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed:
        packed.write(text.getvalue().encode("utf-8"))
    return len(rows)


def manifest(out: Path) -> dict:
    """A hash of each table the database is loaded from (not payers/, read whole at run time; not
    SOURCES.md or the reports, which the app does not load)."""
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name.endswith((".csv", ".csv.gz"))
                   and "payers" not in p.parts)
    return {"icd10cm": icd_package(),
            "files": {p.relative_to(out).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest() for p in files}}


def write_manifest(out: Path) -> None:
    (out / MANIFEST).write_text(json.dumps(manifest(out), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":     # just these two files: python tools/build_search_data.py [OUT]
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data"
    print(f"icd10cm.csv.gz: {build_icd10cm(target)} rows")
    write_manifest(target)
