"""A card's scheduling state, and how one answer moves it (FSRS for memory cards)."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from math import isnan, nan
from typing import TYPE_CHECKING, Any, TypedDict

from trainer.domain.clock import day_end, study_day

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

# fsrs's card states, as stored (fsrs itself is imported at the first answer, not at start).
LEARNING, REVIEW, RELEARNING = 1, 2, 3

# The longest interval we will ever schedule, so a confused clock can't push cards out of reach.
MAX_INTERVAL = timedelta(days=3650)


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


@dataclass(frozen=True, slots=True)
class CardState:
    """Scheduling state of one item for this trainee. Never mutated: review() returns a new one."""

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
    def from_dict(d: CardDict | dict[str, Any]) -> CardState:
        def dt(v: str | None) -> datetime | None:
            return datetime.fromisoformat(v) if v else None

        due = dt(d["due"])
        assert due is not None
        return CardState(
            key=d["key"],
            due=due,
            state=int(d.get("state", 1)),
            step=d.get("step"),
            stability=d.get("stability"),
            difficulty=d.get("difficulty"),
            last_review=dt(d.get("last_review")),
            first_seen=dt(d.get("first_seen")),
            reps=int(d.get("reps", 0)),
            correct=int(d.get("correct", 0)),
            lapses=int(d.get("lapses", 0)),
        )


def rating_for(correct: bool) -> Rating:
    """Right is Good, not right is Again. Partial credit (multi, match, order) counts as not right."""
    from fsrs import Rating

    return Rating.Good if correct else Rating.Again


def card_number(key: str) -> int:
    """A stable integer id for fsrs, derived from the card key."""
    return zlib.crc32(key.encode("utf-8"))


def make_scheduler(fuzz: bool = True) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=0.9,
        learning_steps=(timedelta(minutes=10),),
        relearning_steps=(timedelta(minutes=10),),
        maximum_interval=MAX_INTERVAL.days,
        enable_fuzzing=fuzz,
    )


def review(card: CardState | None, key: str, correct: bool, now: datetime,
           scheduler: Scheduler) -> CardState:
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
    new, _log = scheduler.review_card(fs, rating_for(correct), review_datetime=when)
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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NONE = -(2**63)  # a missing time
_US = timedelta(microseconds=1)


def to_us(when: datetime) -> int:
    """Microseconds since the epoch (exact, unlike a float timestamp)."""
    return (when - EPOCH) // _US


def from_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _opt_us(when: datetime | None) -> int:
    return _NONE if when is None else to_us(when)


def _opt_dt(us: int) -> datetime | None:
    return None if us == _NONE else from_us(us)


_COLUMNS = (("due", "q"), ("last", "q"), ("first", "q"), ("stability", "d"),
            ("difficulty", "d"), ("state", "b"), ("step", "h"), ("reps", "i"), ("correct", "i"),
            ("lapses", "i"))


class CardTable(MutableMapping[str, CardState]):
    """Every card's state, kept by column: a key and about 50 bytes a card, where 10,000
    `CardState`s with their datetimes would take 4 MiB. Reading a card makes a `CardState`;
    the counts the home screen needs read the columns directly."""

    def __init__(self, states: Iterable[CardState] = ()) -> None:
        self.keys_: list[str] = []
        self.rows: dict[str, int] = {}
        self.cols: dict[str, array[Any]] = {name: array(code) for name, code in _COLUMNS}
        for card in states:
            self[card.key] = card

    # -- mapping -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.keys_)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.keys_))

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def __getitem__(self, key: str) -> CardState:
        n = self.rows[key]
        c = self.cols
        stability, difficulty, step = c["stability"][n], c["difficulty"][n], c["step"][n]
        return CardState(
            key=key, due=from_us(c["due"][n]), state=c["state"][n],
            step=None if step < 0 else step,
            stability=None if isnan(stability) else stability,
            difficulty=None if isnan(difficulty) else difficulty,
            last_review=_opt_dt(c["last"][n]), first_seen=_opt_dt(c["first"][n]),
            reps=c["reps"][n], correct=c["correct"][n], lapses=c["lapses"][n])

    def __setitem__(self, key: str, card: CardState) -> None:
        values = (to_us(card.due), _opt_us(card.last_review), _opt_us(card.first_seen),
                  nan if card.stability is None else card.stability,
                  nan if card.difficulty is None else card.difficulty, card.state,
                  -1 if card.step is None else card.step, card.reps, card.correct, card.lapses)
        n = self.rows.get(key)
        if n is None:
            self.rows[key] = len(self.keys_)
            self.keys_.append(key)
            for (name, _), value in zip(_COLUMNS, values, strict=True):
                self.cols[name].append(value)
        else:
            for (name, _), value in zip(_COLUMNS, values, strict=True):
                self.cols[name][n] = value

    def __delitem__(self, key: str) -> None:
        n = self.rows.pop(key)
        last = len(self.keys_) - 1
        if n != last:  # the last row moves into the gap
            moved = self.keys_[last]
            self.keys_[n] = moved
            self.rows[moved] = n
            for col in self.cols.values():
                col[n] = col[last]
        self.keys_.pop()
        for col in self.cols.values():
            col.pop()

    def copy(self) -> CardTable:
        out = CardTable()
        out.keys_ = list(self.keys_)
        out.rows = dict(self.rows)
        out.cols = {name: array(col.typecode, col) for name, col in self.cols.items()}
        return out

    # -- column reads for counts over every card -----------------------------------------

    def due_us(self, key: str) -> int | None:
        n = self.rows.get(key)
        return None if n is None else self.cols["due"][n]

    def first_seen_between(self, start: datetime, end: datetime) -> int:
        lo, hi = to_us(start), to_us(end)
        return sum(1 for us in self.cols["first"] if lo <= us < hi)

    # -- saving ------------------------------------------------------------------------

    def to_plain(self) -> tuple[Any, ...]:
        return (tuple(self.keys_), *(self.cols[name].tobytes() for name, _ in _COLUMNS))

    @staticmethod
    def from_plain(plain: tuple[Any, ...]) -> CardTable:
        """Raises ValueError or TypeError if `plain` isn't what `to_plain` makes."""
        keys, *raw = plain
        if not isinstance(keys, tuple) or len(raw) != len(_COLUMNS):
            raise ValueError("not a card table")
        out = CardTable()
        for (name, code), data in zip(_COLUMNS, raw, strict=True):
            col = array(code)
            col.frombytes(data)
            if len(col) != len(keys):
                raise ValueError("a column of the wrong length")
            out.cols[name] = col
        if not all(type(k) is str for k in keys):
            raise TypeError("card keys must be text")
        out.keys_ = list(keys)
        out.rows = {k: n for n, k in enumerate(keys)}
        if len(out.rows) != len(keys):
            raise ValueError("a card listed twice")
        return out


def as_table(cards: Mapping[str, CardState]) -> CardTable:
    return cards if isinstance(cards, CardTable) else CardTable(cards.values())
