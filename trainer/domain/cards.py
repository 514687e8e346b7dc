"""A card's scheduling state, and how one answer moves it (FSRS for memory cards)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypedDict

from fsrs import Card, Rating, Scheduler, State

from trainer.domain.clock import day_end, study_day

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
    state: int = int(State.Learning)
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
    return Rating.Good if correct else Rating.Again


def card_number(key: str) -> int:
    """A stable integer id for fsrs, derived from the card key."""
    return zlib.crc32(key.encode("utf-8"))


def make_scheduler(fuzz: bool = True) -> Scheduler:
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
    lapsed = not correct and card.state == int(State.Review)
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
        state=int(State.Review),
        step=None,
        last_review=when,
        first_seen=card.first_seen or when,
        reps=card.reps + 1,
        correct=card.correct + 1,
    )
