"""Milestones that name competence, not grind. Each is a pure check over progress and levels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from trainer.domain.levels import SkillLevel
from trainer.domain.progress import Progress, practice_days, rhythm


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str
    title: str
    check: Callable[[Progress, Mapping[str, SkillLevel], date], bool]


def _nine_in_ten(tag: str) -> Callable[[Progress, Mapping[str, SkillLevel], date], bool]:
    def check(p: Progress, _levels: Mapping[str, SkillLevel], _today: date) -> bool:
        window = p["tags"].get(tag, [])
        return len(window) >= 10 and sum(window[-10:]) >= 9
    return check


def _count(key: str, n: int) -> Callable[[Progress, Mapping[str, SkillLevel], date], bool]:
    def check(p: Progress, _levels: Mapping[str, SkillLevel], _today: date) -> bool:
        value = p[key]
        return (len(value) if isinstance(value, list) else int(value)) >= n
    return check


def _any_level(n: int) -> Callable[[Progress, Mapping[str, SkillLevel], date], bool]:
    return lambda _p, levels, _t: any(lv.level >= n for lv in levels.values())


def _all_levels(n: int) -> Callable[[Progress, Mapping[str, SkillLevel], date], bool]:
    return lambda _p, levels, _t: bool(levels) and all(lv.level >= n for lv in levels.values())


def _all_skills(p: Progress, _levels: Mapping[str, SkillLevel], _today: date) -> bool:
    return sum(1 for window in p["skills"].values() if window) >= 6


def _rhythm(p: Progress, _levels: Mapping[str, SkillLevel], today: date) -> bool:
    return rhythm(practice_days(p), today) >= 5


def _learned(n: int) -> Callable[[Progress, Mapping[str, SkillLevel], date], bool]:
    return lambda _p, levels, _t: sum(lv.learned for lv in levels.values()) >= n


MILESTONES: tuple[Milestone, ...] = (
    Milestone("first-steps", "Met your first ten items", _count("answers", 10)),
    Milestone("all-six", "Practised all six skills", _all_skills),
    Milestone("advice-vs-empathy", "Can tell advice from empathy 9 times in 10",
              _nine_in_ten("advice")),
    Milestone("criticism-vs-empathy", "Can hear self-criticism for what it is 9 times in 10",
              _nine_in_ten("self-criticism")),
    Milestone("minimising", "Spots minimising 9 times in 10", _nine_in_ten("minimising")),
    Milestone("shared-humanity", "Tells shared humanity from comparison 9 times in 10",
              _nine_in_ten("comparison")),
    Milestone("observation", "Tells an observation from an evaluation 9 times in 10",
              _nine_in_ten("evaluation")),
    Milestone("request", "Tells a request from a demand 9 times in 10", _nine_in_ten("demand")),
    Milestone("settle-or-energise", "Knows when to settle and when to energise, 9 times in 10",
              _nine_in_ten("energising")),
    Milestone("faux-feelings", "Finds the feeling under a faux feeling 9 times in 10",
              _nine_in_ten("faux-feeling")),
    Milestone("feelings-10", "Named 10 different feelings", _count("feelings", 10)),
    Milestone("feelings-50", "Named 50 different feelings", _count("feelings", 50)),
    Milestone("needs-10", "Named 10 different needs", _count("needs", 10)),
    Milestone("first-anchor-minute", "First minute with an anchor", _count("anchor_seconds", 60)),
    Milestone("ten-returns", "Noticed and came back to your anchor 10 times",
              _count("anchor_returns", 10)),
    Milestone("anchor-half-hour", "Half an hour with your anchors, all told",
              _count("anchor_seconds", 1800)),
    Milestone("first-walkthrough", "Walked through the whole process once", _count("walkthroughs", 1)),
    Milestone("five-walkthroughs", "Five walk-throughs: the process is becoming yours",
              _count("walkthroughs", 5)),
    Milestone("rhythm", "Practised on 5 of 7 days", _rhythm),
    Milestone("learned-25", "25 items held well in memory", _learned(25)),
    Milestone("taking-root", "A skill has taken root", _any_level(2)),
    Milestone("all-rooted", "Every skill has taken root", _all_levels(2)),
    Milestone("flowering", "A skill is flowering", _any_level(4)),
)
MILESTONES_BY_ID = {m.id: m for m in MILESTONES}


def newly_earned(p: Progress, levels: Mapping[str, SkillLevel], today: date) -> list[Milestone]:
    """Milestones reached now that were not earned before (earned ones are never taken back)."""
    earned: dict[str, Any] = p["earned"]
    return [m for m in MILESTONES if m.id not in earned and m.check(p, levels, today)]
