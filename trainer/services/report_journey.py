"""A trainee's practice over time, for their own HTML page: the year's practice days, and
each skill's level week by week, found by replaying the review history (levels are not kept
per week anywhere, so they are computed again the way the trainer computes them now)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any

from trainer.domain.cards import CardState, card_or_none
from trainer.domain.levels import LEVELS, SkillLevel, held, level_from
from trainer.domain.progress import WINDOW
from trainer.domain.skills import SKILL_IDS
from trainer.domain.stats import heatmap_weeks
from trainer.services.report_base import UNGRADED, record_day

YEAR_WEEKS = 53
MIN_WEEKS = 4  # a short history still draws a line, not a dot
MAX_WEEKS = 26  # half a year of weekly levels


@dataclass(frozen=True)
class Journey:
    today: date
    year: list[list[int]]  # rows Monday..Sunday, columns oldest..newest week; -1 after today
    year_start: date  # the Monday of the first column
    weeks: list[date]  # the last study day each weekly level counts (a Sunday, or today)
    levels: dict[str, list[SkillLevel]]  # skill -> its level at the end of each week


def week_ends(first: date, today: date, *, least: int = MIN_WEEKS, most: int = MAX_WEEKS
              ) -> list[date]:
    """The Sundays closing each week from `first`'s week to today's (today for the last),
    at least `least` and at most `most` of them."""
    monday = today - timedelta(days=today.weekday())
    span = (monday - (first - timedelta(days=first.weekday()))).days // 7 + 1
    n = max(least, min(most, span))
    ends = [monday - timedelta(weeks=n - 1 - w) + timedelta(days=6) for w in range(n)]
    ends[-1] = today
    return ends


def weekly_levels(records: Iterable[Mapping[str, Any]],
                  level_records: Iterable[Mapping[str, Any]], *, keys: Collection[str] | None,
                  tz: tzinfo, start_hour: int, today: date
                  ) -> tuple[list[date], dict[str, list[SkillLevel]]]:
    """Each skill's level at the end of each week, replaying reviews (not undone, oldest
    first) and the levels recorded as reached. `keys`: the memory items whose cards count
    (those of the decks loaded, as `Trainer.levels` counts); None counts every card."""
    reviews: list[tuple[date, int, Mapping[str, Any]]] = []
    for n, rec in enumerate(records):
        day = record_day(rec, tz, start_hour)
        if rec.get("type", "review") == "review" and day is not None and day <= today:
            reviews.append((day, n, rec))
    reviews.sort(key=lambda r: (r[0], r[1]))
    reached_at: list[tuple[date, str, int]] = []
    for rec in level_records:
        day, skill, level = record_day(rec, tz, start_hour), rec.get("skill"), rec.get("level")
        if day is not None and isinstance(skill, str) and type(level) is int \
                and 0 <= level < len(LEVELS):
            reached_at.append((day, skill, level))
    reached_at.sort()
    ends = week_ends(reviews[0][0] if reviews else today, today)
    cards: dict[str, tuple[str, CardState]] = {}  # key -> (skill, its state now)
    recent: defaultdict[str, list[int]] = defaultdict(list)
    reached: defaultdict[str, int] = defaultdict(int)
    out: dict[str, list[SkillLevel]] = {s: [] for s in SKILL_IDS}
    r = lv = 0
    for end in ends:
        while r < len(reviews) and reviews[r][0] <= end:
            rec = reviews[r][2]
            r += 1
            key, skill, kind = rec.get("card"), rec.get("skill"), rec.get("kind")
            if not isinstance(key, str) or not isinstance(skill, str) or kind in UNGRADED:
                continue
            recent[skill] = [*recent[skill], 1 if rec.get("correct") else 0][-WINDOW:]
            card = card_or_none(rec.get("after"), key)
            if card is not None and (keys is None or key in keys):
                cards[key] = (skill, card)
        while lv < len(reached_at) and reached_at[lv][0] <= end:
            _day_reached, skill, level = reached_at[lv]
            reached[skill] = max(reached[skill], level)
            lv += 1
        by_skill: defaultdict[str, list[CardState]] = defaultdict(list)
        for skill, card in cards.values():
            by_skill[skill].append(card)
        for s in SKILL_IDS:
            learned, strong = held(by_skill[s])
            out[s].append(level_from(learned, strong, len(by_skill[s]), recent[s], reached[s]))
    return ends, out


def journey(records: Iterable[Mapping[str, Any]], level_records: Iterable[Mapping[str, Any]],
            day_log: Mapping[str, Mapping[str, Any]], *, keys: Collection[str] | None,
            tz: tzinfo, start_hour: int, today: date) -> Journey:
    """The year's practice (from progress's per-day totals) and the weekly levels."""
    ends, levels = weekly_levels(records, level_records, keys=keys, tz=tz,
                                 start_hour=start_hour, today=today)
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=YEAR_WEEKS - 1)
    return Journey(today=today, year=heatmap_weeks(day_log, today, YEAR_WEEKS), year_start=start,
                   weeks=ends, levels=levels)
