"""The study day: it starts at 04:00 local, also on the days the clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trainer.domain.clock import FixedClock, SystemClock, day_end, day_start, study_day

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_0359_local_is_the_previous_study_day_and_0400_the_new_one() -> None:
    # Tuesday 2026-03-03 in Berlin (CET, UTC+1).
    assert study_day(utc(2026, 3, 3, 2, 59), BERLIN) == date(2026, 3, 2)
    assert study_day(utc(2026, 3, 3, 2, 59, 59), BERLIN) == date(2026, 3, 2)
    assert study_day(utc(2026, 3, 3, 3, 0), BERLIN) == date(2026, 3, 3)
    assert study_day(utc(2026, 3, 2, 23, 30), BERLIN) == date(2026, 3, 2)  # 00:30 Tuesday
    # The same moment in another zone is another study day.
    assert study_day(utc(2026, 3, 3, 3, 30), BERLIN) == date(2026, 3, 3)  # 04:30 in Berlin
    assert study_day(utc(2026, 3, 3, 3, 30), UTC) == date(2026, 3, 2)  # 03:30 in London
    assert study_day(utc(2026, 3, 3, 4, 0), UTC) == date(2026, 3, 3)


def test_local_moments_and_start_hours() -> None:
    local = datetime(2026, 7, 1, 3, 59, tzinfo=BERLIN)
    assert study_day(local, BERLIN) == date(2026, 6, 30)
    assert study_day(local + timedelta(minutes=1), BERLIN) == date(2026, 7, 1)
    assert study_day(local, BERLIN, start_hour=0) == date(2026, 7, 1)
    assert study_day(local, BERLIN, start_hour=5) == date(2026, 6, 30)


def test_day_start_and_end_on_an_ordinary_day() -> None:
    assert day_start(date(2026, 3, 2), BERLIN) == utc(2026, 3, 2, 3, 0)
    assert day_end(date(2026, 3, 2), BERLIN) == utc(2026, 3, 3, 3, 0)
    assert day_start(date(2026, 7, 1), BERLIN) == utc(2026, 7, 1, 2, 0)  # summer time
    assert day_start(date(2026, 3, 2), BERLIN).tzinfo is UTC
    assert day_start(date(2026, 3, 2), BERLIN, start_hour=0) == utc(2026, 3, 1, 23, 0)


def test_spring_forward_2026_03_29() -> None:
    # Clocks jump from 02:00 CET to 03:00 CEST; 04:00 on the 29th is already CEST (UTC+2).
    assert day_start(date(2026, 3, 29), BERLIN) == utc(2026, 3, 29, 2, 0)
    assert day_end(date(2026, 3, 29), BERLIN) == utc(2026, 3, 30, 2, 0)
    # The study day before it is one hour short.
    assert day_start(date(2026, 3, 28), BERLIN) == utc(2026, 3, 28, 3, 0)
    assert day_end(date(2026, 3, 28), BERLIN) == utc(2026, 3, 29, 2, 0)
    assert day_end(date(2026, 3, 28), BERLIN) - day_start(date(2026, 3, 28), BERLIN) == timedelta(hours=23)
    # 03:59 CEST is still the 28th; 04:00 CEST is the 29th.
    assert study_day(utc(2026, 3, 29, 1, 59), BERLIN) == date(2026, 3, 28)
    assert study_day(utc(2026, 3, 29, 2, 0), BERLIN) == date(2026, 3, 29)
    # 01:30 CET, before the jump, is the 28th as well.
    assert study_day(utc(2026, 3, 29, 0, 30), BERLIN) == date(2026, 3, 28)


def test_fall_back_2026_10_25() -> None:
    # Clocks go back from 03:00 CEST to 02:00 CET; 04:00 on the 25th is CET (UTC+1).
    assert day_start(date(2026, 10, 25), BERLIN) == utc(2026, 10, 25, 3, 0)
    assert day_end(date(2026, 10, 25), BERLIN) == utc(2026, 10, 26, 3, 0)
    # The study day before it is one hour long.
    assert day_start(date(2026, 10, 24), BERLIN) == utc(2026, 10, 24, 2, 0)
    assert day_end(date(2026, 10, 24), BERLIN) == utc(2026, 10, 25, 3, 0)
    assert day_end(date(2026, 10, 24), BERLIN) - day_start(date(2026, 10, 24), BERLIN) == timedelta(hours=25)
    # 02:30 happens twice that night (00:30 and 01:30 UTC): both are still the 24th.
    assert study_day(utc(2026, 10, 25, 0, 30), BERLIN) == date(2026, 10, 24)
    assert study_day(utc(2026, 10, 25, 1, 30), BERLIN) == date(2026, 10, 24)
    assert study_day(utc(2026, 10, 25, 2, 59), BERLIN) == date(2026, 10, 24)
    assert study_day(utc(2026, 10, 25, 3, 0), BERLIN) == date(2026, 10, 25)


@pytest.mark.parametrize("day", [date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 24),
                                 date(2026, 10, 25), date(2026, 12, 31)])
def test_day_boundaries_agree_with_study_day(day: date) -> None:
    start, end = day_start(day, BERLIN), day_end(day, BERLIN)
    assert study_day(start, BERLIN) == day
    assert study_day(start - timedelta(seconds=1), BERLIN) == day - timedelta(days=1)
    assert study_day(end - timedelta(seconds=1), BERLIN) == day
    assert study_day(end, BERLIN) == day + timedelta(days=1)


def test_fixed_clock() -> None:
    clock = FixedClock(datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN), BERLIN)
    assert clock.now() == utc(2026, 3, 2, 9, 0)
    assert clock.now().tzinfo is UTC
    assert clock.tz() is BERLIN
    clock.advance(hours=18, minutes=30)
    assert clock.now() == utc(2026, 3, 3, 3, 30)
    clock.advance(days=-1)
    assert clock.now() == utc(2026, 3, 2, 3, 30)
    assert FixedClock(utc(2026, 1, 1)).tz() is UTC


def test_system_clock() -> None:
    clock = SystemClock()
    now = clock.now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert clock.tz().utcoffset(now) == now.astimezone().utcoffset()
