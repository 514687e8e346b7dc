"""Cleaning untrusted text from decks: no control codes, escapes or bidi overrides survive."""

from __future__ import annotations

import re
import unicodedata

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
# and other invisible format characters that can disguise text. A zero-width joiner is kept
# where it joins two emoji (a family, a profession): there it is part of one picture.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Emoji, with the variation selector and skin tones that may follow one before a joiner.
_EMOJI = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff"
_JOINER = re.compile(f"(?<![{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff])\u200d|\u200d(?![{_EMOJI}])")


def clean(text: str) -> str:
    """Remove terminal escape sequences, control characters (not tab or newline), bidi controls
    and stray joiners, and normalise to NFC, so text that looks the same compares the same."""
    if text.isascii() and text.isprintable():
        return text  # most deck text: nothing to remove, nothing to normalise
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQ.sub("", text)
    text = _JOINER.sub("", _BAD_CHARS.sub("", text))
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def plural(n: float, word: str, many: str | None = None) -> str:
    """'1 item', '3 items', '2.5 hours'; `many` for a plural that isn't word + 's'."""
    shown = str(int(n)) if float(n).is_integer() else f"{n:.1f}"
    return f"{shown} {word if n == 1 else (many or word + 's')}"


def sentence(text: object, *, capital: bool = False) -> str:
    """Text (often an error's) ended as a sentence, with no doubled stop: 'No space left on
    device.', 'is the folder writable?'; with `capital`, its first letter a capital too."""
    out = str(text).strip()
    if capital:
        out = out[:1].upper() + out[1:]
    return out if not out or out.endswith((".", "!", "?", ".)", "?)")) else f"{out}."


def times(n: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def cells(text: str) -> int:
    """How many terminal columns text takes: wide characters (CJK, most emoji) take two,
    combining marks and joiners none. Deck limits count these, so what fits the limit fits
    the screen."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        code = ord(ch)
        if unicodedata.combining(ch) or code in (0x200D, 0xFE0E, 0xFE0F) \
                or 0x1F3FB <= code <= 0x1F3FF:
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F") or 0x1F300 <= code <= 0x1FAFF:
            width += 2
        else:
            width += 1
    return width
