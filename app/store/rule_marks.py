"""Where each of a payer's rules came from, as the rules editor marks it: shipped with the app,
shipped and then changed (or switched off) by the biller, or the biller's own.

(`load_payer` gives each rule's origin but not whether a shipped rule was edited.)
"""

from __future__ import annotations

import sqlite_utils

SHIPPED, EDITED, YOURS = "shipped", "shipped, edited", "yours"


def rule_marks(db: sqlite_utils.Database, payer_id: str) -> dict[int, str]:
    """rule id → "shipped", "shipped, edited" or "yours"."""
    rows = db.execute("SELECT id, origin, edited FROM rules WHERE payer_id = ?", [payer_id]).fetchall()
    return {rule_id: (EDITED if edited else SHIPPED) if origin == "shipped" else YOURS
            for rule_id, origin, edited in rows}
