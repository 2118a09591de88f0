"""Findings: one reason a claim may be rejected, denied, cut or recouped (spec/findings.md).

Each code's severity, adjustment reason (CARC with group) and remark (RARC) live in one table
here; every finding is made through `make_finding` so those never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# code: (severity, carc, rarc)
CATALOG: dict[str, tuple[str, str | None, str | None]] = {
    "FIELD_MISSING": ("error", "CO-16", "MA130"),
    "NPI_INVALID": ("error", "CO-207", "N290"),
    "DATE_IMPLAUSIBLE": ("error", "CO-16", None),
    "DIAGNOSIS_INVALID": ("error", "CO-146", "M76"),
    "DIAGNOSIS_POINTER_INVALID": ("error", "CO-16", "M76"),
    "CODE_NOT_EFFECTIVE": ("error", "CO-181", "M20"),
    "CODE_UNKNOWN": ("error", "CO-16", "M51"),
    "MEMBER_ID_INVALID": ("error", "CO-16", "MA61"),
    "AGE_CODE_MISMATCH": ("error", "CO-6", None),
    "ROUTE_NOT_SC_IM": ("error", "CO-16", "N56"),
    "VACCINE_ADMIN_CODE": ("error", "CO-16", "N657"),
    "ALLERGEN_ADMIN_CODE": ("error", "CO-16", "N657"),
    "CHEMO_ADMIN_CODE": ("error", "CO-16", "N657"),
    "ADMIN_UNITS_MISMATCH": ("error", None, None),
    "ADMIN_UNITS_OVER_MAX": ("error", "CO-151", "N362"),
    "DRUG_LINE_MISSING": ("warning", "CO-16", "M123"),
    "DRUG_UNITS_MISMATCH": ("error", "CO-16", "M123"),
    "DRUG_UNITS_OVER_MAX": ("error", "CO-151", "N362"),
    "NDC_MISSING": ("error", "CO-16", "M119"),
    "NDC_INVALID": ("error", "CO-16", "M119"),
    "NDC_NOT_FOR_CODE": ("warning", "CO-16", "M119"),
    "NOC_CODE_SPECIFIC_EXISTS": ("warning", "CO-189", "N657"),
    "NOC_DESCRIPTION_MISSING": ("error", "CO-16", "N350"),
    "WASTE_MODIFIER_MISSING": ("error", "CO-16", "N822"),
    "WASTE_MODIFIER_INVALID": ("error", "CO-4", "N823"),
    "SELF_ADMINISTERED_DRUG": ("warning", "CO-96", "N425"),
    "NOT_A_BENEFIT": ("warning", "PR-96", "N425"),
    "VISIT_NOT_PAYABLE_WITH_INJECTION": ("error", "CO-97", "M15"),
    "VISIT_MODIFIER_25_MISSING": ("error", "CO-97", "N822"),
    "VISIT_NOT_SEPARATE": ("warning", "CO-97", None),
    "VISIT_NOT_BILLED": ("warning", None, None),
    "MODIFIER_25_ON_INJECTION": ("error", "CO-4", "N823"),
    "BUNDLED_WITH_PROCEDURE": ("error", "CO-97", "M15"),
    "DISTINCT_MODIFIER_NEEDED": ("warning", "CO-97", "N822"),
    "DISTINCT_MODIFIER_ADDED": ("info", None, None),
    "CHARGE_MISSING": ("warning", "CO-16", "M79"),
    "FACILITY_PLACE_OF_SERVICE": ("error", "CO-58", None),
    "TELEHEALTH_PLACE_OF_SERVICE": ("error", "CO-58", None),
    "SUPERVISION_MISSING": ("error", "CO-185", None),
    "SUPERVISION_VIRTUAL_NOT_ALLOWED": ("error", "CO-185", None),
    "STAFF_NOT_ALLOWED": ("warning", "CO-185", "N95"),
    "DIAGNOSIS_NOT_COVERED": ("error", "CO-50", "N115"),
    "ABN_MODIFIER": ("info", "CO-50", None),
    "DOCUMENTATION_MISSING": ("error", "CO-50", None),
    "PRIOR_AUTH_MISSING": ("error", "CO-197", "M62"),
    "FREQUENCY_TOO_SOON": ("error", "CO-119", "M86"),
    "DUPLICATE_SERVICE": ("warning", "OA-18", None),
    "INCIDENT_TO_NOT_ESTABLISHED": ("warning", "CO-185", None),
    "REFERENCE_DATA_STALE": ("info", None, None),
    "TIMELY_FILING_EXPIRED": ("error", "CO-29", None),
    "TIMELY_FILING_SOON": ("warning", None, None),
}


@dataclass
class FixAction:
    """A mechanical fix the app can apply in one click (see app.core.fixes)."""

    kind: str          # add_modifier, set_units, replace_code, remove_line, pad_ndc, remove_modifier,
                       # bill_visit (mark the visit separately identifiable: billed with 25)
    line: int | None = None
    value: str | None = None
    label: str = ""

    def to_json(self) -> dict:
        return {"kind": self.kind, "line": self.line, "value": self.value, "label": self.label}


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    fix: str
    source: str
    line: int | None = None
    carc: str | None = None
    rarc: str | None = None
    note: str | None = None
    action: FixAction | None = None
    carc_text: str | None = None     # the X12 wording of the CARC and RARC, for the biller
    rarc_text: str | None = None
    field: str | None = None         # JSON path of the encounter field that fixes it, where one does

    def to_json(self) -> dict:
        doc = {"code": self.code, "severity": self.severity, "line": self.line, "carc": self.carc,
               "rarc": self.rarc, "message": self.message, "fix": self.fix, "source": self.source}
        if self.note:
            doc["note"] = self.note
        for name in ("carc_text", "rarc_text"):
            if getattr(self, name):
                doc[name] = getattr(self, name)
        if self.action:
            doc["action"] = self.action.to_json()
        if self.field:
            doc["field"] = self.field
        return doc


def make_finding(code: str, message: str, fix: str, source: str, line: int | None = None,
                 severity: str | None = None, note: str | None = None,
                 action: FixAction | None = None, carc: str | None = None, field: str | None = None) -> Finding:
    default_severity, default_carc, rarc = CATALOG[code]
    return Finding(code=code, severity=severity or default_severity, message=message, fix=fix,
                   source=source, line=line, carc=carc or default_carc, rarc=rarc, note=note,
                   action=action, field=field)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0, f.code))
