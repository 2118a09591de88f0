"""One-click fixes: apply a finding's mechanical `FixAction` to the encounter document.

A fix to a line the builder made from the facts changes the facts where it can (a drug's code,
a visit's separate-service flag); otherwise the claim's lines are written out as billed
(`claim_lines`) and the fix is made there, so the biller sees exactly what will go out.
"""

from __future__ import annotations

import copy

from app.core.claim import CheckResult, ClaimLine, units_json
from app.core.findings import FixAction


def lines_as_billed(result: CheckResult) -> list[dict]:
    """The result's claim lines in the encounter file's `claim_lines` shape."""
    return [_billed(line) for line in result.lines]


def _billed(line: ClaimLine) -> dict:
    doc = {"code": line.code, "modifiers": list(line.modifiers), "units": units_json(line.units),
           "diagnosis_pointers": list(line.diagnosis_pointers)}
    if line.injection:
        doc["injection"] = line.injection
    if line.ndc:
        doc.update(ndc=line.ndc, ndc_quantity=None if line.ndc_quantity is None else units_json(line.ndc_quantity),
                   ndc_unit=line.ndc_unit)
    if line.charge_cents is not None:
        doc["charge"] = f"{line.charge_cents / 100:.2f}"
    return doc


def _on_facts(document: dict, result: CheckResult, action: FixAction) -> bool:
    """Make the fix on the facts when that is what the biller means; True when done."""
    line = result.lines[action.line - 1] if action.line and action.line <= len(result.lines) else None
    if line is None:
        return False
    if action.kind == "replace_code" and line.role in ("drug", "waste") and line.injection:
        document["injections"][line.injection - 1]["drug"]["hcpcs"] = action.value
        return True
    if action.kind == "replace_code" and line.role == "visit" and isinstance(document.get("visit"), dict):
        document["visit"]["code"] = action.value
        return True
    if action.kind == "pad_ndc" and line.injection:
        document["injections"][line.injection - 1]["drug"]["ndc"] = action.value
        return True
    return False


def _on_line(line: dict, action: FixAction) -> None:
    modifiers = line.setdefault("modifiers", [])
    if action.kind == "add_modifier" and action.value not in modifiers:
        modifiers.append(action.value)
    elif action.kind == "remove_modifier":
        line["modifiers"] = [m for m in modifiers if m != action.value]
    elif action.kind == "set_units":
        line["units"] = int(action.value) if action.value.isdigit() else float(action.value)
    elif action.kind == "replace_code":
        line["code"] = action.value
        line["modifiers"] = [m for m in modifiers if m not in ("59", "XU", "XS", "76")] if action.value != "96372" else modifiers
    elif action.kind == "pad_ndc":
        line["ndc"] = action.value


def apply_fix(document: dict, result: CheckResult, action: FixAction) -> dict:
    """A new encounter document with `action` applied; the original is left as it was."""
    fixed = copy.deepcopy(document)
    if action.kind == "bill_visit":
        if isinstance(fixed.get("visit"), dict):
            fixed["visit"]["separately_identifiable"] = True
        return fixed
    if not fixed.get("claim_lines") and _on_facts(fixed, result, action):
        return fixed
    if not fixed.get("claim_lines"):
        fixed["claim_lines"] = lines_as_billed(result)
    lines = fixed["claim_lines"]
    index = (action.line or 0) - 1
    if not 0 <= index < len(lines):
        return fixed
    if action.kind == "remove_line":
        del lines[index]
    else:
        _on_line(lines[index], action)
    return fixed
