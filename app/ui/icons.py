"""The app's own icons (resources/icons/*.svg), loaded once each."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from app.paths import resources_dir

SEVERITY_ICONS = {"error": "error", "warning": "warning", "info": "info"}


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))
