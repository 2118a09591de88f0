"""Writing an export: the whole file or nothing, and text the PDF's built-in fonts can print.

Every export is written to a temporary file beside the target and moved over it with
`os.replace`, so a cancelled or failed export never leaves half a claim file behind (and an
older file of the same name stays as it was).
"""

from __future__ import annotations

from app.files import replace_file  # noqa: F401  (the exports write through it)

# The PDFs use the built-in Helvetica/Courier (Latin-1 only): no font file to ship, and the same
# output on every machine. Characters the messages use outside Latin-1 get a plain equivalent.
_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
                        "\u2265": ">=", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2026": "...", "\u2022": "*", "\u00a0": " ", "\u2212": "-", "\u2260": "!="})


def printable(text: object) -> str:
    """`text` as the PDF core fonts can draw it; anything else becomes '?'."""
    plain = str(text if text is not None else "").translate(_PLAIN)
    return plain.encode("latin-1", "replace").decode("latin-1")
