"""A trainee's history replayed week by week for their own page: the levels it finds are the
trainer's own, and a level once reached is never taken back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from screenshots.seed import build
from tests import test_report
from tests.test_report import ana
from trainer.domain.skills import SKILL_IDS
from trainer.services import report
from trainer.services.practice import Trainer
from trainer.services.report_journey import week_ends, weekly_levels

trainees = test_report.trainees  # a fixture


def the_trail(trainer: Trainer) -> report.Journey:
    return report.trainer_journey(trainer, trainer.store.history(), trainer.store.events("level"))


def test_the_last_week_is_todays_levels(trainees: Any) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    trail = the_trail(trainer)
    now = trainer.levels()
    for sid in SKILL_IDS:
        last = trail.levels[sid][-1]
        assert (last.score, last.level, last.learned, last.strong) == \
            (now[sid].score, now[sid].level, now[sid].learned, now[sid].strong), sid
    # Ana began 40 days ago: seven weeks, the last one ending today.
    assert trail.weeks[-1] == trainer.today() == date(2026, 3, 4)
    assert len(trail.weeks) == 7 and all(d.weekday() == 6 for d in trail.weeks[:-1])
    # Before her first answer there was nothing learned.
    assert trail.levels["distinguish"][0].learned == 0
    assert trail.levels["distinguish"][-1].learned == 2


def test_three_weeks_of_real_practice_replay_to_the_same_levels(tmp_path: Path) -> None:
    trainer, _clock = build(tmp_path / "data")
    try:
        trail = the_trail(trainer)
        now = trainer.levels()
        assert {s: (trail.levels[s][-1].score, trail.levels[s][-1].level) for s in SKILL_IDS} == \
            {s: (now[s].score, now[s].level) for s in SKILL_IDS}
        learned = [sum(trail.levels[s][w].learned for s in SKILL_IDS)
                   for w in range(len(trail.weeks))]
        assert learned == sorted(learned) and learned[-1] > 0
        # The year: a square per day, today the last one, practice days counted.
        days = trainer.book.data["days"]
        assert sum(1 for row in trail.year for c in row if c > 0) == \
            sum(1 for v in days.values() if v["answers"] or v["practices"])
        assert trail.year_start.weekday() == 0
    finally:
        trainer.store.close()


def test_a_level_reached_is_kept_in_every_later_week() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    today = date(2026, 3, 4)
    reached = [{"type": "level", "skill": "feelings", "level": 2, "at": "2026-02-20T10:00:00+00:00"}]
    ends, levels = weekly_levels([], reached, keys=None, tz=zone, start_hour=4, today=today)
    assert ends == [date(2026, 2, 15), date(2026, 2, 22), date(2026, 3, 1), today]
    # Reached on 20 Feb: from that week on, never below, with nothing learned at all.
    assert [lv.level for lv in levels["feelings"]] == [0, 2, 2, 2]
    assert [lv.score for lv in levels["feelings"]] == [0, 25, 25, 25]
    assert all(lv.level == 0 for lv in levels["needs"])


def test_week_ends() -> None:
    today = date(2026, 3, 4)  # a Wednesday
    assert week_ends(today, today) == [date(2026, 2, 15), date(2026, 2, 22), date(2026, 3, 1),
                                       today]
    long = week_ends(today - timedelta(days=400), today)
    assert len(long) == 26 and long[-1] == today
