"""Payers, their settings and their rules, and the rule-pack file (`payer-rule-pack/1`).

A rule is data: its kind says which function evaluates it (app.core.rules.kinds), its fields
say what to look for, its dates say when it applies. `parse_rule_pack` validates a pack and
reports every problem with its JSON path; nothing half-valid gets through.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from app.core.validate import Problem, Reader, child

PACK_FORMAT = "payer-rule-pack/1"
PAYER_KINDS = ("medicare", "medicaid", "commercial", "other")
UNSUPERVISED = ("bill_99211", "not_billable")
MULTIPLE_STYLES = ("units", "separate_lines")
DISTINCT_MODIFIERS = ("59", "XU", "76", "XS", "XE", "XP")
VACCINE_ADMIN_CODES = ("cpt", "medicare")
DISTINCT_SERVICE_MODIFIERS = ("59", "X")  # X: XS for a separate site, XU for a separate service
SEVERITIES = ("error", "warning", "info")
STAFF = ("MD", "DO", "NP", "PA", "RN", "LPN", "MA")
# Bounds a real payer stays well inside; beyond them every later date on the claim would be wrong.
TIMELY_FILING_MOST = {"days": 3650, "years": 10}
MOST_INTERVAL_DAYS = 3650
FACILITY_POS = ["06", "08", "19", "21", "22", "23", "24", "26", "31", "34", "51", "52", "53", "56", "61"]

# kind -> (required fields, optional fields); each field's reader is in _FIELD_READERS
RULE_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "max_units": (("code", "max", "per"), ()),
    "bundled_pair": (("column1", "column2", "modifier_opens"), ()),
    "covered_diagnoses": (("code", "diagnoses"), ()),
    "prior_authorization": (("code",), ()),
    "min_interval": (("code", "days"), ()),
    "self_administered": (("code",), ("routes",)),
    "not_a_benefit": (("code",), ("diagnoses", "modifier", "bill_plan")),
}


class RulePackInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class Settings:
    timely_filing: dict = field(default_factory=lambda: {"years": 1})
    ndc_required: bool = False
    waste_modifiers_required_from: date | None = None
    virtual_supervision_allowed_from: date | None = None
    unsupervised_injection: str = "bill_99211"
    multiple_injections: dict = field(default_factory=lambda: {"style": "units"})
    facility_places_of_service: list[str] = field(default_factory=lambda: list(FACILITY_POS))
    staff_allowed: list[str] = field(default_factory=lambda: list(STAFF))
    vaccine_admin_codes: str = "cpt"
    distinct_service_modifier: str = "59"  # what the builder adds to open an NCCI pair (59, or X: XS/XU)
    x12_payer_id: str | None = None  # the payer's id in the 837P (2010BB NM109); optional

    def filing_deadline(self, date_of_service: date) -> date:
        """The last day a claim for `date_of_service` may be filed."""
        if "days" in self.timely_filing:
            return date_of_service + timedelta(days=int(self.timely_filing["days"]))
        year = date_of_service.year + int(self.timely_filing.get("years", 1))
        day = min(date_of_service.day, calendar.monthrange(year, date_of_service.month)[1])
        return date(year, date_of_service.month, day)

    def waste_modifiers_required(self, date_of_service: date) -> bool:
        start = self.waste_modifiers_required_from
        return start is not None and date_of_service >= start

    def virtual_supervision_allowed(self, date_of_service: date) -> bool:
        start = self.virtual_supervision_allowed_from
        return start is not None and date_of_service >= start


@dataclass
class Rule:
    kind: str
    fields: dict
    source: str
    effective_from: date | None = None
    effective_to: date | None = None
    severity: str | None = None
    note: str | None = None
    enabled: bool = True
    origin: str = "shipped"
    id: int | None = None

    def in_force(self, on: date) -> bool:
        return (self.enabled and (self.effective_from is None or self.effective_from <= on)
                and (self.effective_to is None or on <= self.effective_to))

    def __getitem__(self, name: str):
        return self.fields[name]

    def get(self, name: str, default=None):
        return self.fields.get(name, default)


@dataclass
class Payer:
    id: str
    name: str
    kind: str
    settings: Settings
    rules: list[Rule] = field(default_factory=list)

    def rules_in_force(self, on: date) -> "Payer":
        return replace(self, rules=[r for r in self.rules if r.in_force(on)])


# ---------------------------------------------------------------- rule-pack parsing


def parse_rule_pack(doc: object) -> Payer:
    r = Reader(doc)
    if not r.is_object(doc, ""):
        raise RulePackInvalid(r.problems)
    r.choice(doc, "format", "", (PACK_FORMAT,))
    payer = r.obj(doc, "payer", "", lambda o, p: _payer_head(r, o, p), required=True)
    settings = r.obj(doc, "settings", "", lambda o, p: _settings(r, o, p), required=False) or Settings()
    rules = r.list_of(doc, "rules", "", lambda o, p: _rule(r, o, p), required=False) or []
    if r.problems or payer is None:
        raise RulePackInvalid(r.problems or [Problem("payer", "is required")])
    payer.settings, payer.rules = settings, rules
    return payer


def _payer_head(r: Reader, obj: dict, path: str) -> Payer:
    pid = r.text(obj, "id", path, required=True, non_blank=True)
    if pid and not all(c.isalnum() or c in "-_." for c in pid):
        r.problem(child(path, "id"), "may hold only letters, digits, '-', '_' and '.'")
    elif pid and not pid.strip("."):
        r.problem(child(path, "id"), "needs a letter or digit (a name of dots only is not a payer id)")
    return Payer(
        id=pid or "",
        name=r.text(obj, "name", path, required=True, non_blank=True) or "",
        kind=r.choice(obj, "kind", path, PAYER_KINDS, required=False) or "other",
        settings=Settings(),
    )


def _settings(r: Reader, obj: dict, path: str) -> Settings:
    s = Settings()
    s.timely_filing = r.obj(obj, "timely_filing", path, lambda o, p: _timely(r, o, p)) or s.timely_filing
    s.ndc_required = _default(r.boolean(obj, "ndc_required", path), s.ndc_required)
    s.waste_modifiers_required_from = r.date(obj, "waste_modifiers_required_from", path)
    s.virtual_supervision_allowed_from = r.date(obj, "virtual_supervision_allowed_from", path)
    s.unsupervised_injection = r.choice(obj, "unsupervised_injection", path, UNSUPERVISED,
                                        required=False) or s.unsupervised_injection
    s.multiple_injections = r.obj(obj, "multiple_injections", path,
                                  lambda o, p: _multiple(r, o, p)) or s.multiple_injections
    facility = _codes(r, obj, "facility_places_of_service", path)
    s.facility_places_of_service = facility if facility is not None else s.facility_places_of_service
    staff = r.list_of(obj, "staff_allowed", path, lambda v, p: _one_of(r, v, p, STAFF), required=False)
    s.staff_allowed = staff if staff is not None else s.staff_allowed
    s.vaccine_admin_codes = r.choice(obj, "vaccine_admin_codes", path, VACCINE_ADMIN_CODES,
                                     required=False) or s.vaccine_admin_codes
    s.distinct_service_modifier = r.choice(obj, "distinct_service_modifier", path, DISTINCT_SERVICE_MODIFIERS,
                                           required=False) or s.distinct_service_modifier
    payer_id = r.text(obj, "x12_payer_id", path)
    s.x12_payer_id = payer_id.strip() if payer_id and payer_id.strip() else None
    return s


def _default(value, default):
    return default if value is None else value


def _timely(r: Reader, obj: dict, path: str) -> dict | None:
    keys = [k for k in ("days", "years") if obj.get(k) is not None]
    if len(keys) != 1:
        r.problem(path, "must give either days or years")
        return None
    value = r.integer(obj, keys[0], path)
    if value is None:
        return None
    if not 1 <= value <= TIMELY_FILING_MOST[keys[0]]:
        r.problem(child(path, keys[0]), f"must be a whole number from 1 to {TIMELY_FILING_MOST[keys[0]]:,}")
        return None
    return {keys[0]: value}


def _multiple(r: Reader, obj: dict, path: str) -> dict:
    style = r.choice(obj, "style", path, MULTIPLE_STYLES)
    if style == "separate_lines":
        return {"style": style, "modifier": r.choice(obj, "modifier", path, DISTINCT_MODIFIERS)}
    return {"style": style or "units"}


def _one_of(r: Reader, value, path: str, options) -> str | None:
    if value not in options:
        r.problem(path, f"must be one of {', '.join(options)} (found {value!r})")
        return None
    return value


def _codes(r: Reader, obj: dict, key: str, path: str, required: bool = False) -> list[str] | None:
    def one(value, p):
        text = r.expect_text(value, p)
        if text is not None and not text.strip():
            r.problem(p, "must not be blank")
        return text.strip().upper() if text else None

    return r.list_of(obj, key, path, one, required=required)


def _field(r: Reader, obj: dict, name: str, path: str, required: bool):
    if name in ("code", "column1", "column2", "modifier"):
        value = r.text(obj, name, path, required=required, non_blank=True)
        return value.strip().upper() if value else value
    if name in ("max", "days"):
        value = r.integer(obj, name, path, required=required)
        if value is not None and value < 0:
            r.problem(child(path, name), "must be a whole number >= 0")
        if name == "days" and value is not None and value > MOST_INTERVAL_DAYS:
            r.problem(child(path, name), f"must be at most {MOST_INTERVAL_DAYS:,} days (ten years)")
        return value
    if name == "per":
        return r.choice(obj, name, path, ("day", "line"), required=required)
    if name == "modifier_opens":
        return r.boolean(obj, name, path, required=required)
    if name == "bill_plan":  # who to bill instead, in the biller's words
        value = r.text(obj, name, path, required=required)
        return value.strip() if value and value.strip() else None
    if name == "routes":
        from app.core.encounter import ROUTES
        return r.list_of(obj, name, path, lambda v, p: _one_of(r, v, p, ROUTES), required=required)
    return _codes(r, obj, name, path, required) if required or obj.get(name) is not None else None


def _rule(r: Reader, obj: dict, path: str) -> Rule | None:
    if not r.is_object(obj, path):
        return None
    kind = r.text(obj, "kind", path, required=True)
    if kind is not None and kind not in RULE_KINDS:
        r.problem(child(path, "kind"), f"unknown rule kind {kind!r} (known: {', '.join(RULE_KINDS)})")
        return None
    if kind is None:
        return None
    required, optional = RULE_KINDS[kind]
    fields = {n: _field(r, obj, n, path, True) for n in required}
    fields.update({n: v for n in optional if (v := _field(r, obj, n, path, False)) is not None})
    start, end = r.date(obj, "effective_from", path), r.date(obj, "effective_to", path)
    if start and end and end < start:
        r.problem(child(path, "effective_to"), "is before effective_from")
    return Rule(
        kind=kind, fields=fields,
        source=r.text(obj, "source", path, required=True, non_blank=True) or "",
        effective_from=start, effective_to=end,
        severity=r.choice(obj, "severity", path, SEVERITIES, required=False),
        note=r.text(obj, "note", path),
        enabled=_default(r.boolean(obj, "enabled", path), True),
        origin=r.choice(obj, "origin", path, ("shipped", "biller"), required=False) or "biller",
    )


# ---------------------------------------------------------------- rule-pack writing


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def settings_to_json(s: Settings) -> dict:
    return {
        "timely_filing": dict(s.timely_filing),
        "ndc_required": s.ndc_required,
        "waste_modifiers_required_from": _iso(s.waste_modifiers_required_from),
        "virtual_supervision_allowed_from": _iso(s.virtual_supervision_allowed_from),
        "unsupervised_injection": s.unsupervised_injection,
        "multiple_injections": dict(s.multiple_injections),
        "facility_places_of_service": list(s.facility_places_of_service),
        "staff_allowed": list(s.staff_allowed),
        "vaccine_admin_codes": s.vaccine_admin_codes,
        "distinct_service_modifier": s.distinct_service_modifier,
        "x12_payer_id": s.x12_payer_id,
    }


def rule_to_json(rule: Rule) -> dict:
    doc = {"kind": rule.kind, **rule.fields,
           "effective_from": _iso(rule.effective_from), "effective_to": _iso(rule.effective_to),
           "source": rule.source}
    for name in ("severity", "note"):
        if getattr(rule, name):
            doc[name] = getattr(rule, name)
    if not rule.enabled:
        doc["enabled"] = False
    doc["origin"] = rule.origin
    return doc


def settings_from_json(doc: dict, problems: list[Problem] | None = None) -> Settings:
    """Settings as `settings_to_json` wrote them (the database keeps them so). A value that is not
    valid gives way to its default; `problems`, when given, collects what was wrong."""
    reader = Reader()
    settings = _settings(reader, doc, "settings")
    if problems is not None:
        problems.extend(reader.problems)
    return settings


def rule_pack_to_json(payer: Payer) -> dict:
    return {
        "format": PACK_FORMAT,
        "payer": {"id": payer.id, "name": payer.name, "kind": payer.kind},
        "settings": settings_to_json(payer.settings),
        "rules": [rule_to_json(r) for r in payer.rules],
    }
