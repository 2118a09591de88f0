"""Text the PDF's built-in fonts can print. (Exports are written whole or not at all through
`app.files.replace_file`.)"""

from __future__ import annotations


# The PDFs use the built-in Helvetica/Courier (Latin-1 only): no font file to ship, and the same
# output on every machine. Characters the messages use outside Latin-1 get a plain equivalent.
_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
                        "\u2265": ">=", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2026": "...", "\u2022": "*", "\u00a0": " ", "\u2212": "-", "\u2260": "!="})


def printable(text: object) -> str:
    """`text` as the PDF core fonts can draw it; anything else becomes '?'."""
    plain = str(text if text is not None else "").translate(_PLAIN)
    return plain.encode("latin-1", "replace").decode("latin-1")
