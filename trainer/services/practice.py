"""The trainer: decks, card states and settings together; sessions, answers, undo, stats."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fsrs import Scheduler

from trainer.domain.cards import CardState, make_scheduler, practise, review
from trainer.domain.clock import Clock, study_day
from trainer.domain.deck import Deck, Item
from trainer.domain.kinds import KINDS
from trainer.domain.kinds.base import Grade
from trainer.domain.session import (
    SessionPolicy,
    build_session,
    counts_by_skill,
    daily_practice,
    is_available,
    new_seen_today,
)
from trainer.domain.skills import SKILL_IDS
from trainer.services.decks import DeckSet
from trainer.store.store import Store

DEFAULTS: dict[str, Any] = {
    "session_size": 10,
    "new_per_day": 10,
    "day_start_hour": 4,
    "reduced_motion": False,
    "anchor_minutes": 2,
    "welcomed": False,
    "disabled_decks": [],
    "anchors": ["breath", "feet on the floor", "hand on heart"],
}


@dataclass
class Result:
    item: Item
    grade: Grade
    seconds: float


@dataclass
class SessionRun:
    """One session's queue and results so far (plain state the UI renders)."""

    queue: list[Item]
    started: datetime
    results: list[Result] = field(default_factory=list)
    finished_at: datetime | None = None

    @property
    def position(self) -> int:
        return len(self.results)

    @property
    def current(self) -> Item | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.position >= len(self.queue)

    @property
    def seconds(self) -> float:
        """Time from start to the last answer (by the trainer's clock)."""
        end = self.finished_at if self.finished_at is not None else self.started
        return max(0.0, (end - self.started).total_seconds())

    def by_skill(self) -> dict[str, tuple[int, int]]:
        """skill -> (answered, right), in the order of SKILL_IDS."""
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            tally[r.item.skill][0] += 1
            tally[r.item.skill][1] += int(r.grade.correct)
        return {s: (tally[s][0], tally[s][1]) for s in SKILL_IDS if s in tally}


class Trainer:
    def __init__(self, store: Store, decks: DeckSet, clock: Clock,
                 scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.deckset = decks
        self.clock = clock
        self.scheduler = scheduler or make_scheduler()
        self.cards: dict[str, CardState] = {
            k: CardState.from_dict(v) for k, v in store.cards.items()
        }
        # What undo needs of the last answer: its review id, card key, earlier state and run.
        self._last: tuple[str, str, CardState | None, SessionRun | None] | None = None

    # -- settings ----------------------------------------------------------------------

    def setting(self, name: str) -> Any:
        return self.store.profile.get(name, DEFAULTS[name])

    def set_setting(self, name: str, value: Any) -> None:
        self.store.set_profile(**{name: value})

    @property
    def policy(self) -> SessionPolicy:
        return SessionPolicy(
            size=int(self.setting("session_size")),
            new_per_day=int(self.setting("new_per_day")),
            day_start_hour=int(self.setting("day_start_hour")),
        )

    # -- items -------------------------------------------------------------------------

    @property
    def decks(self) -> list[Deck]:
        off = set(self.setting("disabled_decks"))
        return [d for d in self.deckset.decks if d.id not in off]

    def available_items(self, *, memory_only: bool = True) -> list[Item]:
        today = self.today()
        return [
            i for d in self.decks for i in d.items
            if is_available(i, d.available_from, today) and (i.scheduled or not memory_only)
        ]

    def today(self) -> Any:
        return study_day(self.clock.now(), self.clock.tz(), self.policy.day_start_hour)

    def skill_counts(self) -> dict[str, tuple[int, int]]:
        """skill -> (due today, new), for every skill."""
        counts = counts_by_skill(self.available_items(), self.cards, self.clock.now(),
                                 self.clock.tz(), self.policy.day_start_hour)
        return {s: (counts[s].due, counts[s].new) if s in counts else (0, 0) for s in SKILL_IDS}

    def new_left_today(self) -> int:
        """How many new items today's limit still allows."""
        p = self.policy
        seen = new_seen_today(self.cards, self.today(), self.clock.tz(), p.day_start_hour)
        return max(0, p.new_per_day - seen)

    def start_session(self) -> SessionRun:
        """Due reviews, then new items; today's anchor practice, if not yet done, closes it."""
        now = self.clock.now()
        queue = build_session(self.available_items(), self.cards, now, self.clock.tz(), self.policy)
        practice = daily_practice(self.available_items(memory_only=False), self.cards, now)
        if practice is not None:
            queue.append(practice)
        return SessionRun(queue, now)

    def walkthrough_session(self) -> SessionRun:
        """A session of one guided walk-through (never graded), least recently used first."""
        items = self.available_items(memory_only=False)
        walk = daily_practice(items, self.cards, datetime.max.replace(tzinfo=UTC), "walkthrough")
        return SessionRun([walk] if walk else [], self.clock.now())

    # -- answering ---------------------------------------------------------------------

    def answer(self, run: SessionRun | None, item: Item, answer: Any,
               seconds: float = 0.0) -> Grade:
        """Grade, schedule and durably record one answer. Raises StoreError if it can't be saved,
        leaving everything as it was."""
        grade = KINDS[item.kind].grade(item.data, answer)
        now = self.clock.now()
        before = self.cards.get(item.key)
        if item.scheduled:
            after = review(before, item.key, grade.correct, now, self.scheduler)
        else:
            after = practise(before, item.key, now, self.clock.tz(), self.policy.day_start_hour)
        rid = uuid.uuid4().hex
        self.store.append({
            "type": "review",
            "v": 1,
            "rid": rid,
            "card": item.key,
            "at": now.isoformat(),
            "skill": item.skill,
            "kind": item.kind,
            "correct": grade.correct,
            "score": round(grade.score, 3),
            "given": grade.given,
            "given_tag": grade.given_tag,
            "expected_tag": grade.expected_tag,
            "ms": int(seconds * 1000),
            "before": before.to_dict() if before else None,
            "after": after.to_dict(),
        })
        self.cards[item.key] = after
        if run is not None:
            run.results.append(Result(item, grade, seconds))
            run.finished_at = now
        self._last = (rid, item.key, before, run)
        return grade

    def can_undo(self) -> bool:
        return self._last is not None

    def undo(self) -> Item | None:
        """Take back the last answer: the review leaves the history, the card's state returns."""
        if self._last is None:
            return None
        rid, key, before, run = self._last
        self.store.append({"type": "undo", "v": 1, "rid": rid, "card": key,
                           "at": self.clock.now().isoformat(),
                           "state": before.to_dict() if before else None})
        if before is None:
            self.cards.pop(key, None)
        else:
            self.cards[key] = before
        self._last = None
        if run is not None and run.results:
            return run.results.pop().item
        return None

    def end_session(self) -> None:
        self.store.save_snapshot()

    # -- stats -------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        counts = self.skill_counts()
        skill_of = {i.key: i.skill for d in self.deckset.decks for i in d.items}
        reviews: dict[str, int] = defaultdict(int)
        correct: dict[str, int] = defaultdict(int)
        for key, card in self.cards.items():
            skill = skill_of.get(key)
            if skill is None:
                continue
            reviews[skill] += card.reps
            correct[skill] += card.correct
        return {
            "reviews_total": sum(c.reps for c in self.cards.values()),
            "skills": {
                s: {"reviews": reviews[s], "correct": correct[s], "due": counts[s][0],
                    "new": counts[s][1]}
                for s in SKILL_IDS
            },
        }

    def now(self) -> datetime:
        return self.clock.now()
