"""The six skills of self-empathy, by the ids used everywhere (decks, stats, reports)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    short: str
    blurb: str


SKILLS: tuple[Skill, ...] = (
    Skill(
        "distinguish",
        "Telling self-empathy apart",
        "Distinguish",
        "Hearing the difference between self-empathy and criticism, advice or minimising.",
    ),
    Skill(
        "anchors",
        "Anchors and regulation",
        "Anchors",
        "Finding what steadies you, and settling or gently energising when you need to.",
    ),
    Skill(
        "shared-humanity",
        "Remembering shared humanity",
        "Shared humanity",
        "Remembering that other people feel this too.",
    ),
    Skill(
        "feelings",
        "Naming feelings and sensations",
        "Feelings",
        "Finding the words for what you feel and where it lives in your body.",
    ),
    Skill(
        "needs",
        "Connecting feelings to needs",
        "Needs",
        "Hearing the universal needs under what you feel.",
    ),
    Skill(
        "witness",
        "Staying with the compassionate witness",
        "Witness",
        "Holding your experience with warmth while you sort through it.",
    ),
)

SKILL_IDS: tuple[str, ...] = tuple(s.id for s in SKILLS)
SKILLS_BY_ID: dict[str, Skill] = {s.id: s for s in SKILLS}
