"""Dose → HCPCS billing units (reference 3.2): dose ÷ the descriptor's unit, rounded up.

Every answer carries its arithmetic in words ("60 mg ÷ 15 mg per unit = 4 units") so the
biller can see why, and the finding can quote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from app.core.billing_unit import BillingUnit, format_amount
from app.core.encounter import Dose

_MASS_IN_MCG = {"mcg": Decimal(1), "mg": Decimal(1000), "g": Decimal(1000000)}


@dataclass(frozen=True)
class DrugUnits:
    units: int | None
    arithmetic: str
    problem: str | None = None


def fmt(number: Decimal | int | float) -> str:
    """A number as billers write it: no trailing zeros, thousands grouped from 10,000 up."""
    return format_amount(Decimal(str(number)))


def _plural(n: int, word: str = "unit") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def convert(amount: Decimal, measure: str, to: str) -> Decimal | None:
    """`amount` in `measure` expressed in `to`, or None when the two do not convert."""
    if measure == to:
        return amount
    if measure in _MASS_IN_MCG and to in _MASS_IN_MCG:
        return amount * _MASS_IN_MCG[measure] / _MASS_IN_MCG[to]
    return None


def amount_given(dose: Dose, to: str) -> tuple[Decimal | None, list[str], str | None]:
    """The dose in the billing unit's measure, the steps taken, and the problem if it cannot be."""
    steps: list[str] = []
    amount, measure = dose.amount, dose.unit
    if measure == "mL" and to != "mL":
        if dose.concentration is None:
            return None, steps, f"the dose is in mL; enter the concentration (amount per mL) to bill per {to}"
        conc = dose.concentration
        amount, measure = amount * conc.amount, conc.unit
        steps.append(f"{fmt(dose.amount)} mL × {fmt(conc.amount)} {conc.unit}/mL = {fmt(amount)} {measure}")
    converted = convert(amount, measure, to)
    if converted is None:
        return None, steps, f"a dose in {measure} cannot be billed per {to}"
    if measure != to:
        steps.append(f"{fmt(amount)} {measure} = {fmt(converted)} {to}")
    return converted, steps, None


def drug_units(dose: Dose, unit: BillingUnit) -> DrugUnits:
    """How many HCPCS units `dose` is for a code billed per `unit`."""
    if unit.measure == "dose":
        return DrugUnits(1, "billed per dose = 1 unit")
    amount, steps, problem = amount_given(dose, unit.measure)
    if amount is None:
        return DrugUnits(None, "; ".join(steps), problem)
    exact = amount / unit.amount
    units = max(1, int(exact.to_integral_value(rounding=ROUND_CEILING)))
    per = f"{unit.describe()} per unit"
    if exact == units:
        steps.append(f"{fmt(amount)} {unit.measure} ÷ {per} = {_plural(units)}")
    else:
        steps.append(f"{fmt(amount)} {unit.measure} ÷ {per} = {fmt(exact.quantize(Decimal('0.01')))}, "
                     f"rounded up to {_plural(units)}")
    return DrugUnits(units, "; ".join(steps))
