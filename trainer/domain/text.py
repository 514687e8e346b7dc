"""Cleaning untrusted text from decks: no control codes, escapes or bidi overrides survive."""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and other
# two-byte escapes. Removed whole so their parameters don't show as stray text.
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or cut off)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other Fe escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
)
# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and other invisible format characters that can disguise text.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean(text: str) -> str:
    """Remove terminal escape sequences, control characters (not tab or newline) and bidi controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQ.sub("", text)
    return _BAD_CHARS.sub("", text)


def plural(n: float, word: str, many: str | None = None) -> str:
    """'1 item', '3 items', '2.5 hours'; `many` for a plural that isn't word + 's'."""
    shown = str(int(n)) if float(n).is_integer() else f"{n:.1f}"
    return f"{shown} {word if n == 1 else (many or word + 's')}"
