"""The documentation in docs/ keeps up with the code: every finding code with its severity and
adjustment codes, every rule kind and payer setting, every command and option; and the README
and docs stand alone (nothing points outside the repository)."""

from __future__ import annotations

import argparse
import re

import pytest
from support import ROOT

from app.cli import build_parser
from app.core.findings import CATALOG
from app.core.payer import RULE_KINDS, Settings, settings_to_json

DOCS = ROOT / "docs"
NONE = "—"


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _table_rows(text: str) -> dict[str, list[str]]:
    """Markdown table rows whose first cell is a `code`, by that code: their cells, stripped."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def _commands(parser: argparse.ArgumentParser, prefix: str = "injectclaim"):
    """(command line, its parser) for every subcommand, nested ones included (`rules export`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub
                yield from _commands(sub, f"{prefix} {name}")


def test_every_finding_code_is_documented_with_its_severity_and_adjustment_codes():
    rows = _table_rows(_text("findings.md"))
    wrong = []
    for code, (severity, carc, rarc) in CATALOG.items():
        cells = rows.get(code)
        expected = [severity, carc or NONE, rarc or NONE]
        if cells is None or cells[:3] != expected:
            wrong.append(f"{code}: docs say {cells[:3] if cells else 'nothing'}, the catalog {expected}")
    assert not wrong, "docs/findings.md disagrees with app/core/findings.py:\n" + "\n".join(wrong)


def test_findings_doc_lists_no_code_the_catalog_lacks():
    rows = _table_rows(_text("findings.md"))
    invented = [code for code in rows if code.isupper() and code not in CATALOG]
    assert not invented


def test_every_rule_kind_and_its_fields_are_documented():
    rows = _table_rows(_text("rule-packs.md"))
    missing = []
    for kind, (required, optional) in RULE_KINDS.items():
        if kind not in rows:
            missing.append(kind)
            continue
        missing += [f"{kind}.{name}" for name in required + optional if f"`{name}`" not in rows[kind][0]]
    assert not missing, f"docs/rule-packs.md lacks: {', '.join(missing)}"


def test_every_payer_setting_is_documented():
    rows = _table_rows(_text("rule-packs.md"))
    assert sorted(set(settings_to_json(Settings())) - set(rows)) == []


def test_every_command_and_option_is_documented():
    text = _text("command-line.md")
    missing = []
    top = build_parser()
    for command, parser in [("injectclaim", top), *_commands(top)]:
        if f"`{command}" not in text:
            missing.append(command)
        for action in parser._actions:
            missing += [f"{command} {flag}" for flag in action.option_strings
                        if flag not in ("-h", "--help") and flag not in text]
    assert not missing, f"docs/command-line.md lacks: {', '.join(missing)}"


def test_the_command_documentation_names_the_environment_and_exit_statuses():
    text = _text("command-line.md")
    for needed in ("INJECTCLAIM_DB", "INJECTCLAIM_LOG_DIR", "INJECTCLAIM_KEY", "--overwrite", "| 0 |", "| 1 |", "| 2 |"):
        assert needed in text, needed


@pytest.mark.parametrize("name", ["README.md", *sorted(p.name for p in DOCS.glob("*.md"))])
def test_readme_and_docs_stand_alone(name):
    path = ROOT / name if name == "README.md" else DOCS / name
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text
    assert not re.search(r"shared/(spec|domain)/", text)


@pytest.mark.parametrize("name", ["README.md", *sorted(p.name for p in DOCS.glob("*.md"))])
def test_links_between_documents_lead_somewhere(name):
    path = ROOT / name if name == "README.md" else DOCS / name
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    broken = [t for t in targets if "://" not in t and not (path.parent / t).exists()]
    assert not broken


def test_the_documents_the_readme_promises_exist():
    for name in ("encounter-file.md", "findings.md", "rule-packs.md", "command-line.md", "billing-rules.md"):
        assert (DOCS / name).is_file(), name
