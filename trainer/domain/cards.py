"""A card's scheduling state, and how one answer moves it (FSRS for memory cards).

On disk a card is one TinyDB document (`CardState.to_dict`); in memory the trainee's cards are
a plain dict of `CardState`s by card key."""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TypedDict, cast

from trainer.domain.clock import day_end, study_day

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

# fsrs's card states, as stored (fsrs itself is imported at the first answer, not at start).
LEARNING, REVIEW, RELEARNING = 1, 2, 3
CARD_STATES = (LEARNING, REVIEW, RELEARNING)

# The longest interval we will ever schedule, so a confused clock can't push cards out of reach.
MAX_INTERVAL = timedelta(days=3650)
MAX_COUNT = 10_000_000  # answers to one card: far above any real one, far below any overflow
MAX_STEP = 100
MAX_STABILITY = 100_000.0  # days
RETENTION = (0.80, 0.97)  # the desired-retention setting's range
DEFAULT_RETENTION = 0.90

Cards = dict[str, "CardState"]


class CardDict(TypedDict):
    key: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    first_seen: str | None
    reps: int
    correct: int
    lapses: int


def _when(value: object, name: str, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    if type(value) is not str or len(value) > 40:
        raise ValueError(f"{name} is not a time")
    when = datetime.fromisoformat(value)  # ValueError if it isn't one
    if when.tzinfo is None:  # (fromisoformat's zones are fixed offsets: never a None offset)
        raise ValueError(f"{name} has no time zone")
    if not 1970 <= when.year <= 9000:
        raise ValueError(f"{name} is out of range")
    return when


def _count(value: object, name: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise ValueError(f"{name} should be a whole number from 0 to {MAX_COUNT:,}")
    return value


def _real(value: object, name: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if type(value) is float and low <= value <= high:  # the usual case (NaN fails the range)
        return value
    if not isinstance(value, int | float) or isinstance(value, bool) \
            or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} should be a number from {low} to {high}")
    return float(value)


@dataclass(slots=True)
class CardState:
    """Scheduling state of one item for this trainee. Treated as a value: review() and
    practise() return a new one, nothing changes one in place."""

    key: str
    due: datetime
    state: int = LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    first_seen: datetime | None = None
    reps: int = 0
    correct: int = 0
    lapses: int = 0

    def to_dict(self) -> CardDict:
        return {
            "key": self.key,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "reps": self.reps,
            "correct": self.correct,
            "lapses": self.lapses,
        }

    @staticmethod
    def from_dict(d: Mapping[str, Any], key: str | None = None) -> CardState:
        """A card from its stored document, every field checked for type and range (it may
        come from a damaged or hand-edited file). Raises ValueError saying what is wrong;
        `key` is the card the document must belong to, if known."""
        if not isinstance(d, Mapping):
            raise ValueError("a card state should be a table of fields")
        get = d.get  # (10,000 of these are read at start: kept lean)
        card_key = get("key")
        if not isinstance(card_key, str) or not card_key or len(card_key) > 200:
            raise ValueError("the card has no key")
        if key is not None and card_key != key:
            raise ValueError("the card's key doesn't match its record")
        state = get("state", LEARNING)
        if type(state) is not int or state not in CARD_STATES:
            raise ValueError("state should be 1, 2 or 3")
        step = get("step")
        if step is not None and (type(step) is not int or not 0 <= step <= MAX_STEP):
            raise ValueError(f"step should be empty or a whole number up to {MAX_STEP}")
        due = _when(get("due"), "due")
        assert due is not None
        correct, reps = _count(get("correct", 0), "correct"), _count(get("reps", 0), "reps")
        if correct > reps:
            raise ValueError("more right answers than answers")
        return CardState(  # positional: the fields' order
            card_key, due, state, step,
            _real(get("stability"), "stability", 0.0, MAX_STABILITY),
            _real(get("difficulty"), "difficulty", 0.0, 11.0),
            _when(get("last_review"), "last_review", optional=True),
            _when(get("first_seen"), "first_seen", optional=True),
            reps, correct, _count(get("lapses", 0), "lapses"))


def card_or_none(d: object, key: str | None = None) -> CardState | None:
    """`CardState.from_dict`, or None where the document isn't a usable card state."""
    try:
        return CardState.from_dict(d, key)  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError):
        return None


def rating_for(correct: bool, score: float = 0.0) -> Rating:
    """Right is Good. Partly right (half or more of a multi, match or order item) is Hard:
    it comes back sooner than a right answer, later than a miss. Anything else is Again."""
    from fsrs import Rating

    if correct:
        return Rating.Good
    return Rating.Hard if score >= 0.5 else Rating.Again


def card_number(key: str) -> int:
    """A stable integer id for fsrs, derived from the card key."""
    return zlib.crc32(key.encode("utf-8"))


def scheduler_defaults() -> dict[str, Any]:
    """The scheduler this app starts a card table with (fsrs's own parameters; our steps and
    longest interval). Saved with the card table, so a later fsrs with other defaults
    doesn't silently reschedule the cards already learned."""
    from fsrs import Scheduler

    return {**Scheduler().to_dict(), "learning_steps": [600], "relearning_steps": [600],
            "maximum_interval": MAX_INTERVAL.days, "enable_fuzzing": True}


def make_scheduler(retention: float = DEFAULT_RETENTION, saved: Mapping[str, Any] | None = None,
                   *, fuzz: bool = True) -> Scheduler:
    """The scheduler from the parameters saved with the card table (or today's defaults),
    with the trainee's desired retention. Fuzz spreads out items learned together."""
    from fsrs import Scheduler

    params = dict(saved) if saved else scheduler_defaults()
    params.update(desired_retention=min(max(retention, RETENTION[0]), RETENTION[1]),
                  enable_fuzzing=fuzz)
    try:
        return Scheduler.from_dict(cast(Any, params))
    except (KeyError, TypeError, ValueError):
        params = {**scheduler_defaults(), "desired_retention": params["desired_retention"],
                  "enable_fuzzing": fuzz}
        return Scheduler.from_dict(cast(Any, params))


def saved_scheduler(d: object) -> dict[str, Any] | None:
    """Scheduler parameters read from disk, if they are usable; None otherwise. (Checked
    field by field: fsrs itself is not imported before the first answer.)"""
    if not isinstance(d, dict):
        return None
    try:
        params = d["parameters"]
        if not (isinstance(params, list) and 17 <= len(params) <= 40 and all(
                type(p) in (int, float) and math.isfinite(p) and abs(p) < 1000 for p in params)):
            return None
        steps = [d["learning_steps"], d["relearning_steps"]]
        if not all(isinstance(s, list) and len(s) <= 10 and all(
                type(x) in (int, float) and 0 < x <= 86_400 * 7 for x in s) for s in steps):
            return None
        if type(d["maximum_interval"]) is not int or not 1 <= d["maximum_interval"] <= 36_500:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return dict(d)


def review(card: CardState | None, key: str, correct: bool, now: datetime,
           scheduler: Scheduler, score: float = 0.0) -> CardState:
    """Schedule a memory card after an answer. A clock that went backwards is treated as 'no time passed'."""
    from fsrs import Card, State

    if card is None:
        card = CardState(key=key, due=now)
    when = max(now, card.last_review) if card.last_review else now
    fs = Card(
        card_id=card_number(key),
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
    new, _log = scheduler.review_card(fs, rating_for(correct, score), review_datetime=when)
    due = min(max(new.due, when), when + MAX_INTERVAL)
    lapsed = not correct and card.state == REVIEW
    return replace(
        card,
        due=due,
        state=int(new.state),
        step=new.step,
        stability=new.stability,
        difficulty=new.difficulty,
        last_review=when,
        first_seen=card.first_seen or when,
        reps=card.reps + 1,
        correct=card.correct + (1 if correct else 0),
        lapses=card.lapses + (1 if lapsed else 0),
    )


def practise(card: CardState | None, key: str, now: datetime, tz: tzinfo,
             start_hour: int) -> CardState:
    """Record a daily practice (anchor, walk-through): it is offered again from the next study day."""
    if card is None:
        card = CardState(key=key, due=now)
    when = max(now, card.last_review) if card.last_review else now
    return replace(
        card,
        due=day_end(study_day(when, tz, start_hour), tz, start_hour),
        state=REVIEW,
        step=None,
        last_review=when,
        first_seen=card.first_seen or when,
        reps=card.reps + 1,
        correct=card.correct + 1,
    )
