"""Time: an injectable clock and the study-day boundary (the day starts at 04:00 local)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...

    def tz(self) -> tzinfo:
        """The user's local timezone."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def tz(self) -> tzinfo:
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC


@dataclass
class FixedClock:
    """A clock for tests and screenshots: it moves only when told to."""

    moment: datetime
    zone: tzinfo = field(default=UTC)

    def now(self) -> datetime:
        return self.moment.astimezone(UTC)

    def tz(self) -> tzinfo:
        return self.zone

    def advance(self, **kwargs: float) -> None:
        self.moment = self.moment + timedelta(**kwargs)


def study_day(moment: datetime, tz: tzinfo, start_hour: int = 4) -> date:
    """The study day a moment belongs to: 02:00 on Tuesday still counts as Monday."""
    return (moment.astimezone(tz) - timedelta(hours=start_hour)).date()


def day_start(day: date, tz: tzinfo, start_hour: int = 4) -> datetime:
    """The UTC moment a study day begins."""
    return datetime.combine(day, time(start_hour), tzinfo=tz).astimezone(UTC)


def day_end(day: date, tz: tzinfo, start_hour: int = 4) -> datetime:
    """The UTC moment a study day ends (the next one begins)."""
    return day_start(day + timedelta(days=1), tz, start_hour)
