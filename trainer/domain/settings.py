"""The trainee's settings: each one's default and what a stored value may be.

Settings are read from a file that may be damaged or hand-edited, so every value is checked
here, where it is read; a value that doesn't pass is set aside for its default, and the
trainee is told which and where."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trainer.domain.cards import DEFAULT_RETENTION, RETENTION

GOALS = ("1 session", "5 min", "10 min", "15 min")
SESSION_SIZES = (5, 10, 15, 20)
NEW_PER_DAY = (0, 3, 5, 10, 15, 20)
RETENTIONS = (0.80, 0.85, 0.90, 0.95, 0.97)
MAX_ANCHORS = 12
MAX_ANCHOR_LEN = 60
MAX_LISTED = 10_000  # decks switched off, items set aside


def _whole(low: int, high: int) -> Callable[[object], bool]:
    return lambda v: type(v) is int and low <= v <= high


def _flag(v: object) -> bool:
    return isinstance(v, bool)


def _texts(most: int, longest: int) -> Callable[[object], bool]:
    return lambda v: isinstance(v, list) and len(v) <= most and all(
        isinstance(x, str) and 0 < len(x) <= longest for x in v)


def _retention(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) \
        and RETENTION[0] <= v <= RETENTION[1]


def _folder(v: object) -> bool:
    return v is None or (isinstance(v, str) and 0 < len(v) <= 4096 and "\0" not in v)


@dataclass(frozen=True, slots=True)
class Setting:
    default: Any
    valid: Callable[[object], bool]
    shown: str  # what a valid value looks like, for the message about a bad one


SETTINGS: dict[str, Setting] = {
    "session_size": Setting(10, _whole(1, 50), "a number of items from 1 to 50"),
    "new_per_day": Setting(10, _whole(0, 100), "a number of new items from 0 to 100"),
    "day_start_hour": Setting(4, _whole(0, 12), "an hour from 0 to 12"),
    "reduced_motion": Setting(False, _flag, "true or false"),
    "anchor_minutes": Setting(2, _whole(1, 5), "a number of minutes from 1 to 5"),
    "welcomed": Setting(False, _flag, "true or false"),
    "disabled_decks": Setting([], _texts(MAX_LISTED, 64), "a list of deck ids"),
    "anchors": Setting(["breath", "feet on the floor", "hand on heart"],
                       _texts(MAX_ANCHORS, MAX_ANCHOR_LEN), "a list of short anchor names"),
    "daily_goal": Setting("1 session", lambda v: v in GOALS, "one of " + ", ".join(GOALS)),
    "checkin": Setting(True, _flag, "true or false"),
    "theme": Setting("textual-dark", lambda v: isinstance(v, str) and 0 < len(v) <= 60,
                     "a theme name"),
    "class_folder": Setting(None, _folder, "a folder, or nothing"),
    "desired_retention": Setting(DEFAULT_RETENTION, _retention,
                                 f"a number from {RETENTION[0]} to {RETENTION[1]}"),
    "set_aside": Setting([], _texts(MAX_LISTED, 200), "a list of item keys"),
    "flag_notes_in_reports": Setting(False, _flag, "true or false"),
}
DEFAULTS: dict[str, Any] = {name: s.default for name, s in SETTINGS.items()}


def check_profile(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(the settings that are usable, a sentence for each one set aside). Unknown names are
    kept as they are: a newer version of the app may have written them."""
    good: dict[str, Any] = {}
    bad: list[str] = []
    for name, value in raw.items():
        spec = SETTINGS.get(name)
        if spec is None or spec.valid(value):
            good[name] = value
        else:
            shown = repr(value)
            shown = shown if len(shown) <= 40 else shown[:40] + "..."
            bad.append(f"the setting {name!r} was {shown}, not {spec.shown}; the default "
                       f"({spec.default!r}) is used instead")
    return good, bad
