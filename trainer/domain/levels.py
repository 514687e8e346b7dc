"""Skill levels from real competence: how many items are learned, how well they are held,
and recent accuracy. XP never enters into it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.domain.cards import REVIEW, CardState

LEVELS: tuple[tuple[int, str], ...] = (
    (0, "Seed"),
    (10, "Sprouting"),
    (25, "Taking root"),
    (45, "Growing"),
    (65, "Flowering"),
    (85, "Deep roots"),
)
STRONG_DAYS = 21.0  # stability (days) at which an item counts as well held


@dataclass(frozen=True, slots=True)
class SkillLevel:
    score: int  # 0-100
    level: int  # index into LEVELS
    name: str
    learned: int
    strong: int
    total: int
    accuracy: float | None  # recent, None until there are a few answers

    @property
    def to_next(self) -> int | None:
        """Score points to the next level, or None at the top."""
        nxt = self.level + 1
        return LEVELS[nxt][0] - self.score if nxt < len(LEVELS) else None


def skill_level(cards: Iterable[CardState | None], total: int, recent: Sequence[int]) -> SkillLevel:
    """A skill's level from its memory items' cards (None for items not yet met)."""
    learned = strong = 0
    for card in cards:
        if card is None or card.reps == 0:
            continue
        if card.state == REVIEW:
            learned += 1
            if (card.stability or 0) >= STRONG_DAYS:
                strong += 1
    return level_from(learned, strong, total, recent)


def level_from(learned: int, strong: int, total: int, recent: Sequence[int]) -> SkillLevel:
    """A skill's level from how many of its `total` memory items are learned (in long-term
    review) and held strongly, and its recent answers (1 right, 0 not)."""
    accuracy = sum(recent) / len(recent) if len(recent) >= 5 else None
    score = 0.0
    if total:
        score = 55 * learned / total + 30 * strong / total + 15 * (accuracy or 0)
    score_i = max(0, min(100, int(score)))
    level = max(n for n, (floor, _) in enumerate(LEVELS) if score_i >= floor)
    return SkillLevel(score_i, level, LEVELS[level][1], learned, strong, total, accuracy)
