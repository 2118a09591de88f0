"""Where the shipped files are: inside the installed package, beside it in a source checkout, or
inside a desktop bundle (PyInstaller puts them under `sys._MEIPASS/app`, as the wheel does under
`app/`; tools/build_bundle.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _package_folder() -> Path:
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "app"
    return _PACKAGE


def _shipped(name: str) -> Path:
    inside = _package_folder() / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def data_dir() -> Path:
    return _shipped("data")


def resources_dir() -> Path:
    return _shipped("resources")
