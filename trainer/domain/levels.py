"""Skill levels from real competence: how many of a skill's items are learned and how well
they are held, and recent accuracy. XP never enters into it.

Levels count items, not shares of the items there are: adding, switching or updating decks
never lowers a level (a share would fall each time a deck brought new items). And a level,
once reached, is kept: the progress fold remembers the highest one (`reached`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
LEVEL_ITEMS = 60  # a skill's items learned and well held for the whole of those parts


@dataclass(frozen=True, slots=True)
class SkillLevel:
    score: int  # 0-100
    level: int  # index into LEVELS
    name: str
    learned: int
    strong: int
    total: int  # the skill's memory items open now (for "learned N of M")
    accuracy: float | None  # recent, None until there are a few answers

    @property
    def to_next(self) -> int | None:
        """Score points to the next level, or None at the top."""
        nxt = self.level + 1
        return LEVELS[nxt][0] - self.score if nxt < len(LEVELS) else None


def held(cards: Iterable[CardState | None]) -> tuple[int, int]:
    """(learned, strong) among these cards (None for items not yet met): learned is in
    long-term review, strong is held for STRONG_DAYS or more."""
    learned = strong = 0
    for card in cards:
        if card is None or card.reps == 0 or card.state != REVIEW:
            continue
        learned += 1
        if (card.stability or 0.0) >= STRONG_DAYS:
            strong += 1
    return learned, strong


def level_of(score: int) -> int:
    return max(n for n, (floor, _) in enumerate(LEVELS) if score >= floor)


def level_from(learned: int, strong: int, total: int, recent: Sequence[int],
               reached: int = 0) -> SkillLevel:
    """A skill's level from how many of its items are learned and held strongly (out of
    LEVEL_ITEMS, whatever the decks hold), its recent answers (1 right, 0 not), and the
    highest level it has reached before, which it never falls below."""
    accuracy = sum(recent) / len(recent) if len(recent) >= 5 else None
    score = 55 * min(1.0, learned / LEVEL_ITEMS) + 30 * min(1.0, strong / LEVEL_ITEMS) \
        + 15 * (accuracy or 0)
    reached = max(0, min(reached, len(LEVELS) - 1))
    score_i = max(LEVELS[reached][0], min(100, int(score)))
    level = level_of(score_i)
    return SkillLevel(score_i, level, LEVELS[level][1], learned, strong, total, accuracy)


def skill_level(cards: Iterable[CardState | None], total: int, recent: Sequence[int],
                reached: int = 0) -> SkillLevel:
    learned, strong = held(cards)
    return level_from(learned, strong, total, recent, reached)


def levels_reached(levels: Mapping[str, SkillLevel], before: Mapping[str, int]) -> dict[str, int]:
    """Skills whose level is now above the highest recorded: skill -> the new level."""
    return {s: lv.level for s, lv in levels.items() if lv.level > int(before.get(s, 0))}
