"""A session as plain state the UI renders: its queue, and what each answer came to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from trainer.domain.deck import Item
from trainer.domain.kinds.base import Grade
from trainer.domain.milestones import Milestone
from trainer.domain.skills import SKILL_IDS


@dataclass
class Result:
    item: Item
    grade: Grade
    seconds: float
    kept: bool = True  # False: nothing to keep (a walk-through with nothing written)


@dataclass
class SessionRun:
    """One session's queue and results so far (plain state the UI renders)."""

    queue: list[Item]
    started: datetime
    results: list[Result] = field(default_factory=list)
    finished_at: datetime | None = None
    xp: int = 0
    milestones: list[Milestone] = field(default_factory=list)
    recorded: bool = False  # the session's own record is in the log
    checkin: int | None = None  # activation 0-10 before the session, if given

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

    @property
    def scored(self) -> list[Result]:
        """Answers: results of memory items (practices are never right or wrong)."""
        return [r for r in self.results if r.item.scheduled]

    @property
    def practices(self) -> list[Result]:
        """Anchor practices and walk-throughs that were done (an empty one is not)."""
        return [r for r in self.results if not r.item.scheduled and r.kept]

    @property
    def practised(self) -> bool:
        """Whether anything in it was real practice (an answer, or a practice done)."""
        return bool(self.scored or self.practices)

    def by_skill(self) -> dict[str, tuple[int, int]]:
        """skill -> (answered, right) over scored items, in the order of SKILL_IDS."""
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.scored:
            tally[r.item.skill][0] += 1
            tally[r.item.skill][1] += int(r.grade.correct)
        return {s: (tally[s][0], tally[s][1]) for s in SKILL_IDS if s in tally}
