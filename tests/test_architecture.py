"""Imports run one way: the core knows nothing of Qt, SQL, files or the faces (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
FORBIDDEN = {
    "core": ("PySide6", "app.store", "app.ui", "app.cli", "app.check", "app.export", "app.files", "sqlite3",
             "sqlite_utils", "os", "pathlib", "shutil", "tempfile"),
    "store": ("PySide6", "app.ui", "app.cli"),
    "export": ("PySide6", "app.ui"),
}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_inward(package):
    offenders = []
    for path in (APP / package).rglob("*.py"):
        for name in imports_of(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package]):
                offenders.append(f"{path.relative_to(APP)} imports {name}")
    assert offenders == []


def test_checking_loads_no_qt():
    code = ("import sys, app.check, app.core.checker; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
