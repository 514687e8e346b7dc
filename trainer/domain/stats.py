"""Views of progress for the stats screen, from the progress fold and card states only
(no history parsing): a year's heatmap, a 14-day forecast, weekly accuracy."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Mapping
from datetime import date, timedelta, tzinfo
from typing import Any

from trainer.domain.cards import CardState
from trainer.domain.clock import day_end

SHADES = " ░▒▓█"


def accuracy(right: int, answers: int) -> float | None:
    """Right answers over answers (to 3 places), or None when there are none."""
    return round(right / answers, 3) if answers else None


def heatmap_weeks(days: Mapping[str, Mapping[str, Any]], today: date, weeks: int = 53
                  ) -> list[list[int]]:
    """Rows Monday..Sunday, columns oldest..newest week; each cell the answers and practices
    that day, -1 for days after today."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    grid = [[0] * weeks for _ in range(7)]
    for w in range(weeks):
        for d in range(7):
            day = start + timedelta(weeks=w, days=d)
            if day > today:
                grid[d][w] = -1
            else:
                rec = days.get(day.isoformat(), {})
                grid[d][w] = int(rec.get("answers", 0)) + int(rec.get("practices", 0))
    return grid


def shade(count: int, peak: int) -> str:
    if count < 0:
        return " "
    if count == 0:
        return "·"
    level = 1 + min(3, (count - 1) * 4 // max(1, peak))
    return SHADES[level]


def forecast(cards: Mapping[str, CardState], today: date, tz: tzinfo, start_hour: int,
             days: int = 14, skip: Collection[str] = ()) -> list[int]:
    """Reviews falling due on each of the next `days` study days (overdue ones count today),
    leaving out the cards in `skip` (daily practices): one comparison a card against the days'
    ends, not a time-zone conversion."""
    ends = [day_end(today + timedelta(days=k), tz, start_hour) for k in range(days)]
    skipped = set(skip)
    out = [0] * days
    for key, card in cards.items():
        if card.reps and key not in skipped:
            day = bisect_right(ends, card.due)
            if day < days:
                out[day] += 1
    return out


def weekly_accuracy(days: Mapping[str, Mapping[str, Any]], today: date, weeks: int = 12
                    ) -> list[float | None]:
    """Share of right answers per week, oldest first; None for a week without practice."""
    out: list[float | None] = []
    monday = today - timedelta(days=today.weekday())
    for w in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=w)
        answers = right = 0
        for d in range(7):
            rec = days.get((start + timedelta(days=d)).isoformat(), {})
            answers += int(rec.get("answers", 0))
            right += int(rec.get("right", 0))
        out.append(right / answers if answers else None)
    return out


def sparkline(values: list[float | None]) -> str:
    bars = "▁▂▃▄▅▆▇█"
    return "".join(" " if v is None else bars[min(7, int(v * 8))] for v in values)
