"""Scheduling one card: right is Good, wrong is Again, counters, and a clock that misbehaves."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fsrs import Rating, Scheduler, State

from trainer.domain.cards import (
    MAX_INTERVAL,
    CardState,
    card_number,
    make_scheduler,
    practise,
    rating_for,
    review,
)
from trainer.domain.clock import day_end, study_day

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
KEY = "test/a"


def sched() -> Scheduler:
    return make_scheduler(fuzz=False)


def test_rating_for() -> None:
    assert rating_for(True) is Rating.Good
    assert rating_for(False) is Rating.Again


def test_card_number_is_stable_and_distinct() -> None:
    assert card_number(KEY) == card_number("test/a")
    assert card_number("test/a") != card_number("test/b")
    assert card_number(KEY) == zlib.crc32(b"test/a")


def test_a_wrong_answer_is_again_and_comes_back_within_the_day() -> None:
    card = review(None, KEY, False, NOW, sched())
    assert card.due == NOW + timedelta(minutes=10)
    assert card.due < day_end(study_day(NOW, ZONE), ZONE)
    assert card.state == int(State.Learning)
    assert (card.reps, card.correct, card.lapses) == (1, 0, 0)
    assert card.last_review == NOW
    assert card.first_seen == NOW


def test_a_right_answer_is_good_and_waits_days() -> None:
    card = review(None, KEY, True, NOW, sched())
    assert card.due == NOW + timedelta(days=2)
    assert card.state == int(State.Review)
    assert (card.reps, card.correct, card.lapses) == (1, 1, 0)
    assert card.stability is not None and card.stability > 1


def test_intervals_grow_and_a_lapse_is_counted() -> None:
    s = sched()
    card = review(None, KEY, True, NOW, s)
    first_gap = card.due - card.last_review
    card = review(card, KEY, True, card.due, s)
    second_gap = card.due - card.last_review
    assert second_gap > first_gap
    assert (card.reps, card.correct, card.lapses) == (2, 2, 0)
    when = card.due
    card = review(card, KEY, False, when, s)  # forgotten after learning it: a lapse
    assert card.due == when + timedelta(minutes=10)
    assert card.state == int(State.Relearning)
    assert (card.reps, card.correct, card.lapses) == (3, 2, 1)
    assert card.first_seen == NOW
    # Wrong again while relearning is not a second lapse.
    card = review(card, KEY, False, card.due, s)
    assert (card.reps, card.correct, card.lapses) == (4, 2, 1)


def test_wrong_while_still_learning_is_not_a_lapse() -> None:
    s = sched()
    card = review(None, KEY, False, NOW, s)
    card = review(card, KEY, False, card.due, s)
    assert card.lapses == 0


def test_a_clock_that_went_backwards_never_schedules_before_the_last_review() -> None:
    s = sched()
    card = review(None, KEY, True, NOW, s)
    for back in (timedelta(minutes=5), timedelta(days=3), timedelta(days=400)):
        again = review(card, KEY, False, NOW - back, s)
        assert again.last_review == NOW
        assert again.due >= NOW
        assert again.due == NOW + timedelta(minutes=10)
        right = review(card, KEY, True, NOW - back, s)
        assert right.last_review == NOW
        assert right.due > NOW


def test_due_is_never_more_than_max_interval_ahead() -> None:
    # A very stable card under a scheduler that would allow far longer: our cap still holds.
    long = Scheduler(maximum_interval=100_000, enable_fuzzing=False)
    card = CardState(key=KEY, due=NOW, state=int(State.Review), step=None, stability=50_000.0,
                     difficulty=1.0, last_review=NOW - timedelta(days=3000), reps=20, correct=20)
    after = review(card, KEY, True, NOW, long)
    assert after.due == NOW + MAX_INTERVAL
    # And with our own scheduler.
    assert review(card, KEY, True, NOW, sched()).due <= NOW + MAX_INTERVAL


def test_round_trip_through_a_dict() -> None:
    card = review(review(None, KEY, True, NOW, sched()), KEY, False, NOW + timedelta(days=2), sched())
    d = card.to_dict()
    assert d["key"] == KEY
    assert d["due"] == card.due.isoformat()
    assert CardState.from_dict(d) == card
    # A fresh card with no review yet.
    fresh = CardState(key=KEY, due=NOW)
    assert CardState.from_dict(fresh.to_dict()) == fresh


def test_practise_is_due_at_the_next_4am_local() -> None:
    card = practise(None, "test/anchor", NOW, ZONE, 4)  # 10:00 Berlin, Monday
    assert card.due == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 04:00 Berlin, Tuesday
    assert card.state == int(State.Review)
    assert (card.reps, card.correct, card.lapses) == (1, 1, 0)
    assert card.first_seen == NOW == card.last_review
    # At 03:30 on Tuesday it is still Monday's study day: due in half an hour.
    early = datetime(2026, 3, 3, 2, 30, tzinfo=UTC)
    again = practise(card, "test/anchor", early, ZONE, 4)
    assert again.due == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    assert (again.reps, again.correct) == (2, 2)
    assert again.first_seen == NOW
    # At 04:00 Tuesday it belongs to Tuesday: due Wednesday 04:00.
    assert practise(card, "test/anchor", datetime(2026, 3, 3, 3, 0, tzinfo=UTC), ZONE, 4).due == \
        datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


def test_practise_across_the_spring_dst_change() -> None:
    # Saturday 2026-03-28, 13:00 Berlin (CET); the next 04:00 is Sunday in CEST, 02:00 UTC.
    card = practise(None, "test/anchor", datetime(2026, 3, 28, 12, 0, tzinfo=UTC), ZONE, 4)
    assert card.due == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


def test_practise_with_a_clock_that_went_backwards() -> None:
    card = practise(None, "test/anchor", NOW, ZONE, 4)
    again = practise(card, "test/anchor", NOW - timedelta(days=2), ZONE, 4)
    assert again.last_review == NOW
    assert again.due == card.due


def test_practise_with_another_start_hour() -> None:
    card = practise(None, "test/anchor", NOW, ZONE, 0)
    assert card.due == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # midnight in Berlin


def test_stored_state_numbers_are_fsrs_states() -> None:
    from trainer.domain.cards import LEARNING, RELEARNING, REVIEW

    assert (int(State.Learning), int(State.Review),
                                             int(State.Relearning)) == (LEARNING, REVIEW, RELEARNING)


# -- FSRS the way its users expect it ------------------------------------------------------------

def test_desired_retention_is_a_setting_and_fuzz_is_on(make_trainer: Any) -> None:
    from trainer.domain.cards import make_scheduler

    assert make_scheduler().enable_fuzzing is True
    assert make_scheduler().desired_retention == 0.9
    trainer = make_trainer(None)
    trainer._scheduler = None  # the factory's is fuzz-free for the tests: the app's own
    assert trainer.scheduler.desired_retention == 0.9 and trainer.scheduler.enable_fuzzing
    trainer.set_setting("desired_retention", 0.85)
    assert trainer.scheduler.desired_retention == 0.85
    assert make_scheduler(0.5).desired_retention == 0.8  # kept inside 0.80-0.97


def test_the_parameters_kept_with_the_cards_are_the_ones_used(make_trainer: Any) -> None:
    """A later fsrs with other default parameters must not reschedule old cards."""
    from trainer.domain.cards import scheduler_defaults

    trainer = make_trainer(None)
    saved = {**scheduler_defaults(), "parameters": [p * 1.01 for p in
                                                      scheduler_defaults()["parameters"]]}
    trainer.store.scheduler_params = saved
    trainer._scheduler = None
    assert list(trainer.scheduler.parameters) == saved["parameters"]
    assert list(trainer.scheduler.parameters) != scheduler_defaults()["parameters"]


async def test_the_settings_screen_explains_retention_and_saves_it(make_trainer: Any) -> None:
    from textual.widgets import Static

    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.settings import SettingRow

    trainer = make_trainer(None)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        row = app.screen.query_one("#set-desired_retention", SettingRow)
        assert "90%" in str(row.render())
        help_text = " ".join(str(s.render()) for s in app.screen.query(".setting-help"))
        assert "come back sooner" in help_text
        row.focus()
        await pilot.press("enter")
        assert trainer.setting("desired_retention") == 0.95
        assert isinstance(row, Static)
