"""The practice's fee schedule: the charge per code that a claim line gets when the encounter
gives none (per billing unit).

It starts from the shipped Medicare amounts (data/fee_schedule.csv). A charge the biller sets is
kept with origin 'biller' and survives app updates; setting a code back to the shipped amount
makes it shipped again. Money is held in mills (thousandths of a dollar: ASP limits have them).

CSV in and out is `code,charge` with the charge in dollars. A file with any bad row is refused
whole, every problem named by its row; a good file is written in one transaction.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

import sqlite_utils

from app.store.seed import read_csv
from app.store.db import writing

PRACTICE_BASIS = "practice fee schedule"
LARGEST_MILLS = 1_000_000 * 1000          # no charge for one unit of an office injection comes near a million
CSV_HEADER = ["code", "charge"]


class FeeCsvInvalid(ValueError):
    """A fee CSV refused whole; `problems` are sentences that start with the row ("row 3: ...")."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def list_fees(db: sqlite_utils.Database) -> list[dict]:
    """Every charge with the code's description, in code order."""
    return list(db.query("SELECT f.code, coalesce(c.description, '') AS description, f.fee_mills, f.per, "
                         "f.basis, f.origin FROM fees f LEFT JOIN codes c ON c.code = f.code ORDER BY f.code"))


def shipped_fees() -> dict[str, dict]:
    return {row["code"]: {**row, "fee_mills": int(row["fee_mills"])} for row in read_csv("fee_schedule.csv")}


def set_fee(db: sqlite_utils.Database, code: str, fee_mills: int) -> None:
    """The practice's charge for `code` (the shipped amount again makes it shipped)."""
    with writing(db):
        _put_fee(db, code.strip().upper(), fee_mills, shipped_fees())


def reset_fee(db: sqlite_utils.Database, code: str) -> None:
    """Back to the shipped amount; a code the app does not ship a charge for loses its charge."""
    shipped = shipped_fees().get(code)
    with writing(db):
        db.execute("DELETE FROM fees WHERE code = ?", [code])
        if shipped:
            _put_fee(db, code, shipped["fee_mills"], {code: shipped})


def _put_fee(db: sqlite_utils.Database, code: str, fee_mills: int, shipped: dict[str, dict]) -> None:
    ours = shipped.get(code)
    if ours and ours["fee_mills"] == fee_mills:
        row = {"code": code, "fee_mills": fee_mills, "per": ours["per"], "basis": ours["basis"], "origin": "shipped"}
    else:
        old = db.execute("SELECT per FROM fees WHERE code = ?", [code]).fetchone()
        per = old[0] if old else (ours["per"] if ours else "unit")
        row = {"code": code, "fee_mills": fee_mills, "per": per, "basis": PRACTICE_BASIS, "origin": "biller"}
    db.execute("INSERT OR REPLACE INTO fees (code, fee_mills, per, basis, origin) VALUES (?, ?, ?, ?, ?)",
               [row["code"], row["fee_mills"], row["per"], row["basis"], row["origin"]])


# ---------------------------------------------------------------- dollars


def dollars_text(fee_mills: int) -> str:
    """12340 → "12.34", 638 → "0.638" (cents always, a third decimal only when there is one)."""
    text = f"{Decimal(fee_mills) / 1000:.3f}"
    return text[:-1] if text.endswith("0") else text


def parse_dollars(text: str) -> int:
    """"$1,234.50" → 1234500 mills; ValueError in the biller's words when it is not a charge."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not an amount in dollars (like 25.00)") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("must be an amount of 0 or more dollars")
    mills = amount * 1000
    if mills != mills.to_integral_value():
        raise ValueError("has more than three decimal places")
    if mills > LARGEST_MILLS:
        raise ValueError("is more than a million dollars")
    return int(mills)


# ---------------------------------------------------------------- CSV


def fees_csv(db: sqlite_utils.Database) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows([row["code"], dollars_text(row["fee_mills"])] for row in list_fees(db))
    return out.getvalue()


def import_fees_csv(db: sqlite_utils.Database, text: str) -> int:
    """Set every charge in the CSV, or none (FeeCsvInvalid). Returns how many rows were set."""
    charges = _read_fee_rows(db, text)
    shipped = shipped_fees()
    with writing(db):
        for code, mills in charges.items():
            _put_fee(db, code, mills, shipped)
    return len(charges)


def _read_fee_rows(db: sqlite_utils.Database, text: str) -> dict[str, int]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != CSV_HEADER:
        raise FeeCsvInvalid(["row 1: the first row must be the column names: code,charge"])
    known = {r[0] for r in db.execute("SELECT code FROM codes UNION SELECT code FROM fees").fetchall()}
    charges, problems = {}, []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, known, charges)
        if problem:
            problems.append(f"row {number}: {problem}")
        else:
            charges[row[0].strip().upper()] = parse_dollars(row[1])
    if problems:
        raise FeeCsvInvalid(problems)
    return charges


def _row_problem(row: list[str], known: set[str], seen: dict[str, int]) -> str | None:
    if len(row) < 2:
        return "needs a code and a charge"
    code = row[0].strip().upper()
    if code not in known:
        return f"{code or '(blank)'} is not a CPT or HCPCS code InjectClaim knows"
    if code in seen:
        return f"{code} is in the file twice"
    try:
        parse_dollars(row[1])
    except ValueError as error:
        return f"the charge for {code} {error}"
    return None
