"""Progress as a pure fold over the review log: XP, practice days, accuracy, confusions.

Every rule here rewards practice and growing competence; nothing is ever taken away for
an absence or a mistake. The state is plain JSON so it can be cached beside the card
snapshot and brought up to date from the log's tail at start."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from trainer.domain.clock import study_day
from trainer.domain.kinds.recall import normalise

# XP: practice earns, mistakes never cost.
XP_ANSWER = 2
XP_RIGHT = 3
XP_SESSION = 10
XP_RETURN = 2
XP_ANCHOR = 10
XP_WALKTHROUGH = 20

WINDOW = 10  # answers remembered per skill and per look-alike, for "9 times in 10"
PRACTICES = ("anchor", "walkthrough")  # kinds of practice: never right or wrong

Progress = dict[str, Any]


VERSION = 2  # of the fold's shape: a cached fold of another version is rebuilt from the log


def empty() -> Progress:
    """An answer is a response to a scored item, right or not; anchor practices and
    walk-throughs are practices, never right or wrong, counted apart. Every screen, command
    and report uses these counts."""
    return {
        "v": VERSION,
        "xp": 0,
        # study day (ISO) -> {"answers", "right", "practices", "seconds", "sessions"}
        "days": {},
        "skills": {},  # skill -> recent results, newest last (1 right, 0 not)
        "totals": {},  # skill -> [answers, right, practices], all time
        "tags": {},  # look-alike tag -> recent results on items that contain it
        "confusions": {},  # "expected>given" -> count
        "feelings": [],  # distinct feeling words named (normalised)
        "needs": [],  # distinct need words named (normalised)
        "anchor_seconds": 0,
        "anchor_returns": 0,
        "walkthroughs": 0,
        "answers": 0,
        "practices": 0,
        "sessions": 0,
        "earned": {},  # milestone id -> ISO date earned
        "reached": {},  # skill -> the highest level reached (levels are never taken back)
        "_undo": None,  # the state before the last review, so an undo can restore it
    }


MAX_TOTAL = 10**9  # any count or XP above this is a damaged file, not practice
_COUNTS = ("xp", "anchor_seconds", "anchor_returns", "walkthroughs", "answers", "practices",
           "sessions")
_DAY_FIELDS = ("answers", "right", "practices", "seconds", "sessions")


def _count(v: object) -> bool:
    return type(v) is int and 0 <= v <= MAX_TOTAL


def _window(v: object) -> bool:
    return isinstance(v, list) and len(v) <= WINDOW and all(x in (0, 1) and type(x) is int
                                                             for x in v)


def _iso_day(v: object) -> bool:
    if not isinstance(v, str) or len(v) != 10:
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


def check_progress(p: object) -> Progress | None:
    """A progress fold read from disk, every field checked for type and range; None if any
    is wrong (it is a cache of the review log, so it is then rebuilt from it)."""
    if not isinstance(p, dict) or p.get("v") != VERSION:
        return None
    ok = (all(_count(p.get(k)) for k in _COUNTS)
          and isinstance(p.get("days"), dict) and len(p["days"]) <= 100_000
          and all(_iso_day(d) and isinstance(v, dict)
                  and all(type(v.get(f, 0)) in (int, float) and 0 <= v.get(f, 0) <= MAX_TOTAL
                          for f in _DAY_FIELDS)
                  for d, v in p["days"].items())
          and all(isinstance(p.get(k), dict) and all(isinstance(t, str) and _window(w)
                                                     for t, w in p[k].items())
                  for k in ("skills", "tags"))
          and isinstance(p.get("totals"), dict)
          and all(isinstance(t, str) and isinstance(v, list) and len(v) == 3
                  and all(_count(n) for n in v) and v[1] <= v[0] for t, v in p["totals"].items())
          and isinstance(p.get("confusions"), dict)
          and all(isinstance(k, str) and ">" in k and _count(n) for k, n in p["confusions"].items())
          and all(isinstance(p.get(k), list) and all(isinstance(w, str) and len(w) <= 200
                                                     for w in p[k]) for k in ("feelings", "needs"))
          and isinstance(p.get("earned"), dict)
          and all(isinstance(k, str) and _iso_day(v) for k, v in p["earned"].items())
          and isinstance(p.get("reached"), dict)
          and all(isinstance(k, str) and type(v) is int and 0 <= v <= 5
                  for k, v in p["reached"].items()))
    if not ok:
        return None
    out = {k: p[k] for k in empty() if k != "_undo"}
    out["days"] = {d: {f: v.get(f, 0) for f in _DAY_FIELDS} for d, v in p["days"].items()}
    out["_undo"] = None  # an undo never crosses a restart
    return out


def _push(window: list[int], value: int) -> list[int]:
    return [*window, value][-WINDOW:]


def confusion(correct: bool, expected: object, given: object) -> str | None:
    """The confusion a wrong answer shows, as "expected>given" (the look-alike taken for the
    right one), or None when there is none to record."""
    if correct or not expected or not given or expected == given:
        return None
    return f"{expected}>{given}"


def whole(value: object, high: int) -> int:
    """A count from a log record: a whole number from 0 to `high`, else 0 (a damaged or
    hand-edited line must not break the fold)."""
    return value if type(value) is int and 0 <= value <= high else 0


def xp_for(rec: Mapping[str, Any]) -> int:
    """The XP one log record earns."""
    kind = rec.get("type")
    if kind == "session":
        return XP_SESSION
    if kind != "review":
        return 0
    if rec.get("kind") == "anchor":
        return XP_ANCHOR + XP_RETURN * whole(rec.get("returns"), 1000)
    if rec.get("kind") == "walkthrough":
        return XP_WALKTHROUGH
    return XP_ANSWER + (XP_RIGHT if rec.get("correct") else 0)


def apply(p: Progress, rec: Mapping[str, Any], tz: tzinfo, start_hour: int) -> Progress:
    """Fold one log record into progress (returns a new dict; `p` is left as it was)."""
    kind = rec.get("type")
    if kind == "undo":
        before = p.get("_undo")
        return dict(before) if isinstance(before, dict) else p
    if kind == "level":
        skill, level = rec.get("skill"), rec.get("level")
        if not isinstance(skill, str) or type(level) is not int or not 0 <= level <= 5 \
                or level <= p["reached"].get(skill, 0):
            return p
        return {**p, "reached": {**p["reached"], skill: level}}
    if kind == "milestone":
        mid = rec.get("id")
        if not isinstance(mid, str) or mid in p["earned"]:
            return p
        try:
            when = study_day(datetime.fromisoformat(str(rec["at"])[:40]), tz, start_hour)
        except (KeyError, ValueError, OverflowError):
            return p
        return {**p, "earned": {**p["earned"], mid: when.isoformat()}}
    if kind not in ("review", "session"):
        return p
    try:
        at = datetime.fromisoformat(str(rec["at"])[:40])
        day_key = study_day(at, tz, start_hour).isoformat()
    except (KeyError, ValueError, OverflowError):
        return p
    q: Progress = {k: v for k, v in p.items() if k != "_undo"}
    # Copy only what changes: the day touched, not the years of days before it.
    q["days"] = dict(p["days"])
    q["days"][day_key] = dict(p["days"].get(day_key) or dict.fromkeys(_DAY_FIELDS, 0))
    day = q["days"][day_key]
    q["xp"] = p["xp"] + xp_for(rec)
    if kind == "session":
        day["sessions"] += 1
        q["sessions"] = p["sessions"] + 1
        q["_undo"] = None
        return q
    q["_undo"] = {k: v for k, v in p.items() if k != "_undo"}
    day["seconds"] += min(whole(rec.get("ms"), MAX_TOTAL), 600_000) / 1000
    skill = rec.get("skill") if isinstance(rec.get("skill"), str) else ""
    item_kind = rec.get("kind")
    answers, rights, practices = p["totals"].get(skill, (0, 0, 0))
    if item_kind in PRACTICES:  # never right or wrong: not an answer
        day["practices"] += 1
        q["practices"] = p["practices"] + 1
        q["totals"] = {**p["totals"], skill: [answers, rights, practices + 1]}
        if item_kind == "anchor":
            q["anchor_seconds"] = p["anchor_seconds"] + whole(rec.get("practice_seconds"), 3600)
            q["anchor_returns"] = p["anchor_returns"] + whole(rec.get("returns"), 1000)
        else:
            q["walkthroughs"] = p["walkthroughs"] + 1
        return q
    right = 1 if rec.get("correct") else 0
    day["answers"] += 1
    day["right"] += right
    q["answers"] = p["answers"] + 1
    q["totals"] = {**p["totals"], skill: [answers + 1, rights + right, practices]}
    q["skills"] = {**p["skills"], skill: _push(p["skills"].get(skill, []), right)}
    raw_tags = rec.get("tags")
    tags = [t for t in raw_tags[:50] if isinstance(t, str)] if isinstance(raw_tags, list) else []
    if tags:
        q["tags"] = dict(p["tags"])
        for tag in set(tags):
            q["tags"][tag] = _push(p["tags"].get(tag, []), right)
    expected, given = rec.get("expected_tag"), rec.get("given_tag")
    pair = confusion(bool(right), expected, given) \
        if isinstance(expected, str) and isinstance(given, str) else None
    if pair is not None:
        q["confusions"] = {**p["confusions"], pair: p["confusions"].get(pair, 0) + 1}
    if right and item_kind == "recall" and skill in ("feelings", "needs"):
        word = normalise(str(rec.get("given", "")))
        key = "feelings" if skill == "feelings" else "needs"
        if word and word not in p[key]:
            q[key] = [*p[key], word]
    return q


def fold(records: Iterable[Mapping[str, Any]], tz: tzinfo, start_hour: int,
         start: Progress | None = None) -> Progress:
    p = start if start is not None else empty()
    for rec in records:
        p = apply(p, rec, tz, start_hour)
    return p


# -- rhythm and rest days -------------------------------------------------------------

REST_EVERY = 5  # practice days that earn one rest day
REST_MAX = 3


def practice_days(p: Progress) -> set[date]:
    return {date.fromisoformat(d) for d, v in p["days"].items()
            if v.get("answers") or v.get("practices")}


def rhythm(days: set[date], today: date, span: int = 7) -> int:
    """On how many of the last `span` days (today included) there was practice."""
    return sum(1 for n in range(span) if today - timedelta(days=n) in days)


def streak(days: set[date], today: date) -> tuple[int, int]:
    """(streak length in practice days, rest days banked).

    Every REST_EVERY practice days bank a rest day (up to REST_MAX). A missed day uses one
    automatically, so the streak goes on; today never counts as missed, since it isn't over.
    A clock set back (days after today) is ignored rather than counted."""
    if not days:
        return 0, 0
    length = bank = earned_towards = 0
    day = min(days)
    while day <= today:
        if day in days:
            length += 1
            earned_towards += 1
            if earned_towards == REST_EVERY:
                bank = min(REST_MAX, bank + 1)
                earned_towards = 0
        elif day != today:
            if bank:
                bank -= 1
            else:
                length = earned_towards = 0
        day += timedelta(days=1)
    return length, bank


def days_away(days: set[date], today: date) -> int:
    """Whole days since the last practice before today (0 if practised yesterday or today)."""
    before = [d for d in days if d < today]
    if not before:
        return 0
    return max(0, (today - max(before)).days - 1)


WELCOME_BACK_AFTER = 3  # days away before the app offers a gentle restart
GENTLE_DAYS = 3  # practice days with a capped backlog after returning
GENTLE_REVIEWS = 15
GENTLE_NEW = 3


def returning(days: set[date], today: date) -> bool:
    """True during the first GENTLE_DAYS practice days after an absence of at least
    WELCOME_BACK_AFTER days (today counts as one of them): the backlog is capped then."""
    later = today
    for back, day in enumerate(sorted((d for d in days if d < today), reverse=True)):
        if (later - day).days - 1 >= WELCOME_BACK_AFTER:
            return back < GENTLE_DAYS
        if back + 1 >= GENTLE_DAYS:
            return False
        later = day
    return False


def daily_caps(days: set[date], today: date, reviews_done_today: int,
               new_per_day: int) -> tuple[int | None, int]:
    """(reviews still allowed today or None for no cap, new items allowed per day)."""
    if returning(days, today):
        return max(0, GENTLE_REVIEWS - reviews_done_today), min(new_per_day, GENTLE_NEW)
    return None, new_per_day
