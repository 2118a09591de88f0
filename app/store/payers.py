"""Payers, their settings and rules in the database; rule-pack import and export."""

from __future__ import annotations

import json
import logging
from datetime import date

import sqlite_utils

from app.core.payer import (MOST_INTERVAL_DAYS, Payer, Rule, RulePackInvalid, parse_rule_pack, rule_pack_to_json,
                            rule_to_json, settings_from_json)
from app.store import activity
from app.store.db import writing
from app.store.seed import SHIPPED_PAYERS, rule_row, shipped_key


log = logging.getLogger(__name__)


class UnknownPayer(KeyError):
    def __init__(self, payer_id: str):
        super().__init__(payer_id)
        self.payer_id = payer_id


def list_payers(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute("SELECT p.id, p.name, p.kind, p.origin, (SELECT count(*) FROM rules r WHERE r.payer_id = p.id) "
                      "FROM payers p ORDER BY p.name").fetchall()
    return [{"id": i, "name": n, "kind": k, "origin": o, "rules": c} for i, n, k, o, c in rows]


def payer_names(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(id, name) of every payer, by name: what the wizard's payer list needs (no rule counts)."""
    return [(i, n) for i, n in db.execute("SELECT id, name FROM payers ORDER BY name")]


def payer_ids(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM payers")}


def _settings(payer_id: str, text: str):
    """The payer's stored settings; a stored value that is unreadable or out of bounds (an older
    version let it in) gives way to its default, and is logged, so checks on the payer still run."""
    try:
        doc = json.loads(text) if text else {}
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        log.warning("payer %s: stored settings unreadable; defaults used", payer_id)
        doc = {}
    problems = []
    settings = settings_from_json(doc, problems)
    for problem in problems:
        log.warning("payer %s: stored setting %s; its default used", payer_id, problem)
    return settings


def _stored_date(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)


def rule_from_row(row: dict) -> Rule:
    """The stored rule; ValueError when it cannot be one (unreadable fields or dates, days out of bounds)."""
    fields = json.loads(row["fields"])
    if not isinstance(fields, dict) or not 0 <= int(fields.get("days") or 0) <= MOST_INTERVAL_DAYS:
        raise ValueError(f"fields out of bounds: {row['fields'][:80]}")
    return Rule(kind=row["kind"], fields=fields, source=row["source"] or "",
                effective_from=_stored_date(row["effective_from"]), effective_to=_stored_date(row["effective_to"]),
                severity=row["severity"], note=row["note"], enabled=bool(row["enabled"]), origin=row["origin"],
                id=row["id"])


def _readable_rules(payer_id: str, rows: list[dict]) -> list[Rule]:
    """The rules of `rows`; one unreadable stored rule is logged and left out, never fatal to the others."""
    rules = []
    for row in rows:
        try:
            rules.append(rule_from_row(row))
        except (ValueError, TypeError, KeyError) as error:
            log.warning("payer %s: stored rule #%s unreadable (%s); left out", payer_id, row.get("id"), error)
    return rules


def _rows(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    return list(db.query(sql, params))


def load_payer(db: sqlite_utils.Database, payer_id: str, on: date | None = None,
               codes: set[str] | None = None) -> Payer:
    """The payer with its rules: those in force on `on`, touching `codes` (all of them when None)."""
    head = _rows(db, "SELECT * FROM payers WHERE id = ?", [payer_id])
    if not head:
        raise UnknownPayer(payer_id)
    where, params = "payer_id = ?", [payer_id]
    if on is not None:
        where += " AND enabled = 1 AND (effective_from IS NULL OR effective_from <= ?) " \
                 "AND (effective_to IS NULL OR effective_to >= ?)"
        params += [on.isoformat(), on.isoformat()]
    if codes is None:
        rows = _rows(db, f"SELECT * FROM rules WHERE {where} ORDER BY id", params)
    else:  # two indexed lookups instead of one OR that SQLite cannot index
        marks = ", ".join("?" * len(codes))
        rows = _rows(db, f"SELECT * FROM rules WHERE {where} AND code IN ({marks}) UNION ALL "
                         f"SELECT * FROM rules WHERE {where} AND column1 IN ({marks}) AND column2 IN ({marks}) "
                         "ORDER BY id", [*params, *codes, *params, *codes, *codes])
    p = head[0]
    return Payer(id=p["id"], name=p["name"], kind=p["kind"], settings=_settings(p["id"], p["settings"]),
                 rules=_readable_rules(p["id"], rows))


def export_pack(db: sqlite_utils.Database, payer_id: str) -> dict:
    return rule_pack_to_json(load_payer(db, payer_id))


def import_pack(db: sqlite_utils.Database, doc: object) -> Payer:
    """Validate the pack whole, then replace (or add) its payer in one transaction."""
    payer = parse_rule_pack(doc)
    shipped = _shipped_json_by_key(db, payer.id) if payer.id in SHIPPED_PAYERS else {}
    rows = [_imported_row(payer.id, rule, shipped) for rule in payer.rules]
    settings = json.dumps(rule_pack_to_json(payer)["settings"])
    with writing(db):
        old = db.execute("SELECT shipped_settings FROM payers WHERE id = ?", [payer.id]).fetchone()
        db.execute("DELETE FROM rules WHERE payer_id = ?", [payer.id])
        db.execute("DELETE FROM payers WHERE id = ?", [payer.id])
        origin = "shipped" if payer.id in SHIPPED_PAYERS else "biller"
        shipped_settings = old[0] if old else None
        db.execute("INSERT INTO payers (id, name, kind, settings, origin, settings_edited, shipped_settings) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [payer.id, payer.name, payer.kind, settings, origin, int(settings != shipped_settings),
                    shipped_settings])
        if rows:
            columns = list(rows[0])
            db.conn.executemany(f"INSERT INTO rules ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                [[r[c] for c in columns] for r in rows])
        activity.record(db, "rules", f"Imported the rule pack of {payer.name} ({payer.id}): {len(rows):,} rules")
    return payer


def _shipped_json_by_key(db: sqlite_utils.Database, payer_id: str) -> dict[str, str]:
    return dict(db.execute("SELECT shipped_key, shipped_json FROM rules WHERE payer_id = ? AND origin = 'shipped'",
                           [payer_id]).fetchall())


def _imported_row(payer_id: str, rule: Rule, shipped: dict[str, str]) -> dict:
    key = shipped_key(rule)
    if rule.origin == "shipped" and key in shipped:
        row = rule_row(payer_id, rule, "shipped")
        row["shipped_json"] = shipped[key]
        row["edited"] = int(json.loads(shipped[key]) != {**rule_to_json(rule), "origin": "shipped"})
        return row
    return rule_row(payer_id, rule, "biller")


__all__ = ["UnknownPayer", "RulePackInvalid", "list_payers", "payer_ids", "load_payer", "export_pack",
           "import_pack"]


# ---------------------------------------------------------------- the biller's edits


def _validated(rule_doc: dict) -> Rule:
    """One rule checked exactly as a rule pack would check it."""
    pack = {"format": "payer-rule-pack/1", "payer": {"id": "x", "name": "x"}, "rules": [rule_doc]}
    try:
        return parse_rule_pack(pack).rules[0]
    except RulePackInvalid as invalid:
        problems = [type(p)(p.path.replace("rules[0].", ""), p.message) for p in invalid.problems]
        raise RulePackInvalid(problems) from None


def add_rule(db: sqlite_utils.Database, payer_id: str, rule_doc: dict) -> int:
    rule = _validated({**rule_doc, "origin": "biller"})
    with writing(db):
        rule_id = db["rules"].insert(rule_row(payer_id, rule, "biller")).last_pk
        activity.record(db, "rules", f"Added rule #{rule_id} to {payer_id}: {_rule_words(rule)}")
    return rule_id


def update_rule(db: sqlite_utils.Database, rule_id: int, rule_doc: dict) -> None:
    """Replace a rule's fields; a shipped rule is marked edited so app updates leave it alone."""
    old = _rows(db, "SELECT origin, shipped_key, shipped_json FROM rules WHERE id = ?", [rule_id])[0]
    rule = _validated(rule_doc)
    row = rule_row("", rule, old["origin"])
    row.pop("payer_id")
    row.update(shipped_key=old["shipped_key"], shipped_json=old["shipped_json"],
               edited=int(old["origin"] == "shipped"))
    with writing(db):
        db["rules"].update(rule_id, row)
        activity.record(db, "rules", f"Changed rule #{rule_id}: {_rule_words(rule)}")


def delete_rule(db: sqlite_utils.Database, rule_id: int) -> None:
    """Delete a biller's rule; a shipped rule is disabled instead, so an update does not bring it back."""
    origin = db.execute("SELECT origin FROM rules WHERE id = ?", [rule_id]).fetchone()[0]
    with writing(db):
        if origin == "shipped":
            db.execute("UPDATE rules SET enabled = 0, edited = 1 WHERE id = ?", [rule_id])
        else:
            db.execute("DELETE FROM rules WHERE id = ?", [rule_id])
        activity.record(db, "rules", f"{'Turned off shipped' if origin == 'shipped' else 'Deleted'} rule #{rule_id}")


def _rule_words(rule: Rule) -> str:
    """A rule in a few words for the activity log: its kind and what it is about."""
    about = rule.fields.get("code") or "/".join(str(rule.fields.get(c, "")) for c in ("column1", "column2"))
    return f"{rule.kind.replace('_', ' ')} {about}".strip()


def restore_shipped_rule(db: sqlite_utils.Database, rule_id: int) -> None:
    shipped = db.execute("SELECT shipped_json FROM rules WHERE id = ? AND origin = 'shipped'", [rule_id]).fetchone()
    if shipped is None:
        raise ValueError("only a shipped rule can be restored")
    update_rule(db, rule_id, json.loads(shipped[0]))
    db.execute("UPDATE rules SET edited = 0 WHERE id = ?", [rule_id])
