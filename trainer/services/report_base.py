"""What every part of the reports shares: the format's names and limits, the error a report
that can't be merged raises, and helpers for untrusted text and for dates and numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from trainer.domain.clock import study_day
from trainer.domain.text import clean

FORMAT = "self-empathy-report"
CLASS_FORMAT = "self-empathy-class-summary"
VERSION = 2  # 2: item analytics ("items") and flags ("flags"); 1 still merges without them
OLDEST_VERSION = 1
DEFAULT_DAYS = 30
MAX_DAYS = 3660
MAX_NAME = 80  # characters of a name kept in a report or a class summary
MAX_TAG = 40  # as decks allow for option tags
MAX_NOTE = 280  # characters of a flag's note, as the flag dialog allows
MAX_REPORT_BYTES = 5 * 1024 * 1024
MAX_CONFUSIONS = 10_000
MAX_LIST = 100_000  # practice days or milestones in a report; far above any real one
MAX_ITEMS = 20_000  # items answered in one report's period: two decks' limit
MAX_FLAGS = 10_000
MAX_COUNT = 10**9  # any count above this is a damaged or made-up file, not practice
UNGRADED = ("anchor", "walkthrough")  # practices: never right or wrong, so not in accuracy
MAX_SECONDS_PER_ANSWER = 600  # as progress counts time: a card left open doesn't inflate it
TOP_CONFUSIONS_SHOWN = 3

# Why a trainee flagged an item (the flag dialog's choices), in a facilitator's words.
REASONS: dict[str, str] = {
    "wrong": "the answer seems wrong",
    "unclear": "unclear",
    "upset": "upsetting",
    "other": "something else",
}

Report = dict[str, Any]


class ReportError(ValueError):
    """A report that can't be merged, with the reason in plain words."""


def period(today: date, days: int) -> tuple[date, date]:
    """The first and last study day of the `days` days ending today (today included)."""
    if days < 1:
        raise ValueError("a report covers at least one day")
    return today - timedelta(days=days - 1), today


def iso_day(v: object) -> date | None:
    """A "YYYY-MM-DD" date, or None for anything else."""
    if not isinstance(v, str) or len(v) != 10:
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def record_day(rec: Mapping[str, Any], tz: tzinfo, start_hour: int) -> date | None:
    """The study day of a log record's "at", or None if it has no usable one."""
    try:
        return study_day(datetime.fromisoformat(str(rec["at"])[:40]), tz, start_hour)
    except (KeyError, ValueError, TypeError, OverflowError):
        return None


def known(value: object, table: Mapping[str, Any]) -> bool:
    """Whether an untrusted value is one of a table's keys (a list or a dict is no key: `in`
    on it would raise TypeError)."""
    return isinstance(value, str) and value in table


def split_key(key: str) -> tuple[str, str]:
    """A card key "deck/item" as (deck id, item id)."""
    deck, _, item = key.partition("/")
    return deck, item


# -- untrusted text -------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&@$]|(?<=[A-Za-z]):(?=//))")
_MD_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)


def tidy(text: str, limit: int) -> str:
    """Untrusted text for one line: control characters gone, whitespace collapsed, capped."""
    return _SPACES.sub(" ", clean(text)).strip()[:limit].strip()


def md(text: str, limit: int = MAX_NAME) -> str:
    """Untrusted text as literal Markdown: everything that could start markup, an HTML tag,
    a table cell or a link is backslash-escaped, so it always shows as typed."""
    out = _MD_INLINE.sub(r"\\\1", tidy(text, limit))
    out = _WWW.sub(r"\1\\.", out)
    m = _MD_LINE_START.match(out)
    if m:
        if m.group(0).isdigit():
            cut = m.end()
            out = f"{out[:cut]}\\{out[cut:]}"
        else:
            out = "\\" + out
    return out


# -- numbers and dates in words ---------------------------------------------------------------

def pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def day_words(d: date, *, year: bool = True) -> str:
    """'Wed 4 Mar 2026' (or 'Wed 4 Mar')."""
    return f"{d:%a} {d.day} {d:%b}" + (f" {d.year}" if year else "")


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
