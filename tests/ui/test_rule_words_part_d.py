"""The rules table says who to bill instead for a Part D vaccine rule, and the rule form edits it."""

from __future__ import annotations

from app.store.payers import load_payer
from app.ui.rules_editor_form import RuleForm
from app.ui.rules_editor_model import rule_words


def part_d_rule(db, code="90750"):
    return next(r for r in load_payer(db, "medicare").rules if r.kind == "not_a_benefit" and r.get("code") == code)


def test_the_rule_reads_as_bill_the_part_d_plan(db):
    assert rule_words(part_d_rule(db)) == "Not a benefit 90750: bill the patient's Medicare Part D plan"
    assert "Z23; bill the patient's Medicare Part D plan" in rule_words(part_d_rule(db, "90715"))


def test_the_form_shows_and_saves_who_to_bill_instead(qtbot, db):
    form = RuleForm(db, "medicare", part_d_rule(db))
    qtbot.addWidget(form)
    assert form.inputs["bill_plan"].text() == "the patient's Medicare Part D plan"
    form.inputs["bill_plan"].setText("the patient's Part D plan (Acme Rx)")
    assert form.save()
    assert part_d_rule(db)["bill_plan"] == "the patient's Part D plan (Acme Rx)"
