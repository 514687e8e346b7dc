"""Gamification rules (pure, clock injected) and a simulated month of use through the core."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import TrainerFactory
from trainer.domain import progress as prog
from trainer.domain.cards import CardState
from trainer.domain.clock import FixedClock
from trainer.domain.deck import Item
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.levels import LEVELS, skill_level
from trainer.domain.milestones import MILESTONES, newly_earned
from trainer.services import views
from trainer.services.practice import Trainer

D0 = date(2026, 3, 2)


def days(*offsets: int) -> set[date]:
    return {D0 + timedelta(days=n) for n in offsets}


# -- rhythm, streak and rest days ------------------------------------------------------

def test_rhythm_counts_practice_in_the_last_seven_days() -> None:
    assert prog.rhythm(days(0, 1, 2, 8), D0 + timedelta(days=8)) == 2  # days 2 and 8
    assert prog.rhythm(days(1, 3, 5, 8), D0 + timedelta(days=8)) == 3
    assert prog.rhythm(set(), D0) == 0


def test_a_rest_day_is_earned_every_five_days_and_used_automatically() -> None:
    practised = days(*range(5), 6, 7)  # day 5 missed, after earning one rest day
    assert prog.streak(practised, D0 + timedelta(days=7)) == (7, 0)


def test_without_a_rest_day_the_streak_quietly_starts_again() -> None:
    practised = days(0, 1, 2, 4, 5)  # day 3 missed with nothing banked
    assert prog.streak(practised, D0 + timedelta(days=5)) == (2, 0)


def test_at_most_three_rest_days_are_banked() -> None:
    assert prog.streak(days(*range(25)), D0 + timedelta(days=24)) == (25, 3)


def test_today_is_never_counted_as_missed() -> None:
    assert prog.streak(days(0, 1, 2), D0 + timedelta(days=3)) == (3, 0)


def test_a_clock_set_back_does_not_break_anything() -> None:
    practised = days(0, 1, 2, 3)
    assert prog.streak(practised, D0 + timedelta(days=1)) == (2, 0)
    assert prog.rhythm(practised, D0 - timedelta(days=30)) == 0


# -- welcome back ------------------------------------------------------------------------

@pytest.mark.parametrize(("practised", "today", "expected"), [
    ((0, 1, 2), 3, False),  # no absence
    ((0, 1), 6, True),  # back after 4 days away: first day
    ((0, 1, 6), 7, True),  # second day back
    ((0, 1, 6, 7), 8, True),  # third day back
    ((0, 1, 6, 7, 8), 9, False),  # the gentle days are over
    ((0, 1), 4, False),  # two days away is no absence
    ((), 0, False),  # a newcomer
])
def test_returning_after_an_absence(practised: tuple[int, ...], today: int, expected: bool) -> None:
    assert prog.returning(days(*practised), D0 + timedelta(days=today)) is expected


def test_the_backlog_is_capped_while_returning() -> None:
    back = days(0, 1)
    today = D0 + timedelta(days=10)
    assert prog.daily_caps(back, today, 0, 10) == (prog.GENTLE_REVIEWS, prog.GENTLE_NEW)
    assert prog.daily_caps(back, today, 12, 10) == (prog.GENTLE_REVIEWS - 12, prog.GENTLE_NEW)
    assert prog.daily_caps(days(8, 9), today, 0, 10) == (None, 10)


# -- XP and the fold -----------------------------------------------------------------------

def review(day: int, correct: bool, **extra: object) -> dict[str, object]:
    at = f"{D0 + timedelta(days=day)}T10:00:00+00:00"
    return {"type": "review", "at": at, "skill": "needs", "kind": "choice", "correct": correct,
            "ms": 4000, **extra}


def test_xp_rewards_practice_and_never_takes_away() -> None:
    from datetime import UTC

    p = prog.fold([review(0, True), review(0, False), review(0, False)], UTC, 4)
    assert p["xp"] == 5 + 2 + 2
    anchor = review(0, True, kind="anchor", returns=3, practice_seconds=120)
    assert prog.xp_for(anchor) == prog.XP_ANCHOR + 3 * prog.XP_RETURN
    assert prog.xp_for({"type": "session"}) == prog.XP_SESSION
    assert min(prog.xp_for(review(0, c)) for c in (True, False)) > 0


def test_undo_restores_progress_before_the_last_review() -> None:
    from datetime import UTC

    p = prog.fold([review(0, True)], UTC, 4)
    q = prog.fold([review(0, False, expected_tag="need", given_tag="strategy"), {"type": "undo"}],
                  UTC, 4, p)
    assert q["xp"] == p["xp"]
    assert q["confusions"] == {}
    assert q["days"] == p["days"]


def test_confusions_are_counted_by_pair() -> None:
    from datetime import UTC

    recs = [review(0, False, expected_tag="self-empathy", given_tag="advice")] * 3 + [
        review(0, False, expected_tag="need", given_tag="strategy")]
    p = prog.fold(recs, UTC, 4)
    assert p["confusions"] == {"self-empathy>advice": 3, "need>strategy": 1}


# -- levels and milestones -------------------------------------------------------------------

def learned(n: int, stability: float) -> list[CardState | None]:
    from datetime import UTC, datetime

    when = datetime(2026, 3, 2, tzinfo=UTC)
    return [CardState(f"k{i}", when, state=2, stability=stability, reps=3, correct=3,
                      last_review=when) for i in range(n)]


def test_levels_come_from_learning_not_from_xp() -> None:
    assert skill_level([None] * 40, 40, []).name == LEVELS[0][1]
    # 20 of the 60 items a level counts learned, 9 in 10 right: 55/3 + 13.5 = 31.
    assert skill_level(learned(20, 3.0) + [None] * 20, 40, [1] * 9 + [0]).name == "Taking root"
    assert skill_level(learned(20, 3.0) + [None] * 20, 40, [0] * 10).name == "Sprouting"
    deep = skill_level(learned(60, 60.0), 90, [1] * 10)
    assert deep.name == "Deep roots" and deep.to_next is None
    # Recent accuracy matters, but answering a lot without learning doesn't climb alone.
    assert skill_level([None] * 40, 40, [1] * 10).level == 1
    assert skill_level([None] * 40, 40, [0] * 10).level == 0


def test_adding_items_never_lowers_a_level_and_a_level_reached_is_kept() -> None:
    """A level counts what is learned, not a share of what the decks hold."""
    before = skill_level(learned(30, 30.0), 40, [1] * 10)
    after = skill_level(learned(30, 30.0) + [None] * 400, 440, [1] * 10)  # a big deck more
    assert (after.level, after.score) == (before.level, before.score) and after.level >= 3
    # Forgetting (items lapsing out of review) never takes a level back once reached.
    lapsed = skill_level(learned(5, 3.0), 40, [0] * 10, reached=before.level)
    assert lapsed.level == before.level and lapsed.name == before.name


def test_at_least_fifteen_milestones_with_unique_ids() -> None:
    assert len(MILESTONES) >= 15
    assert len({m.id for m in MILESTONES}) == len(MILESTONES)


def test_nine_in_ten_milestone() -> None:
    from datetime import UTC

    recs = [review(0, n != 3, tags=["advice", "self-empathy"]) for n in range(10)]
    p = prog.fold(recs, UTC, 4)
    earned = {m.id for m in newly_earned(p, {}, D0)}
    assert "advice-vs-empathy" in earned
    worse = prog.fold([review(0, n % 3 != 0, tags=["advice"]) for n in range(10)], UTC, 4)
    assert "advice-vs-empathy" not in {m.id for m in newly_earned(worse, {}, D0)}


# -- a simulated month ---------------------------------------------------------------------

def answer_for(item: Item, good: bool) -> Any:
    """A right answer, or a plausible wrong one, in the item kind's own answer type."""
    data = item.data
    if item.kind in ("choice", "classify"):
        n = len(data.options if item.kind == "choice" else data.categories)
        return data.answer if good else (data.answer + 1) % n
    if item.kind == "multi":
        return data.answer if good else frozenset()
    if item.kind in ("match", "order"):
        n = len(data.left if item.kind == "match" else data.steps)
        return tuple(range(n)) if good else tuple(reversed(range(n)))
    assert item.kind == "recall"
    return data.answers[0] if good else "zzz"


def practise_day(trainer: Trainer, met: set[str]) -> tuple[int, int, int]:
    """One session. A new item whose id ends in an odd digit is missed the first time and
    learned after; every other answer is right. Returns (answers, right, anchor practices)."""
    run = trainer.start_session()
    answers = right = anchors = 0
    for item in list(run.queue):
        if item.kind == "anchor":
            trainer.answer(run, item, AnchorResult(returns=2, seconds=90, before=5, after=3))
            anchors += 1
            continue
        good = item.key in met or not item.id[-1].isdigit() or int(item.id[-1]) % 2 == 0
        met.add(item.key)
        grade = trainer.answer(run, item, answer_for(item, good))
        answers += 1
        right += grade.correct
    trainer.finish_session(run)
    return answers, right, anchors


def test_a_simulated_month(make_trainer: TrainerFactory, clock: FixedClock) -> None:
    trainer = make_trainer()  # the built-in decks
    plan = [*range(10), *range(12, 20), *range(26, 30)]  # away on days 10-11 and 20-25
    xp = 0
    start = clock.moment
    gentle_new: list[int] = []
    met: set[str] = set()
    for day in plan:
        clock.moment = start + timedelta(days=day)
        if day in (26, 27, 28):
            assert views.rhythm(trainer)["returning"], day
            gentle_new.append(trainer.policy.new_per_day)
        answers, right, anchors = practise_day(trainer, met)
        assert answers <= trainer.policy.size
        xp += 2 * answers + 3 * right + prog.XP_SESSION + anchors * (prog.XP_ANCHOR + 2 * 2)
    assert gentle_new == [prog.GENTLE_NEW] * 3
    stats = views.stats(trainer)
    assert stats["xp"] == xp == trainer.book.xp
    today = trainer.today()
    assert today == (start + timedelta(days=29)).date()
    # Days 26-29 in the last 7; the 6-day absence used the one banked rest day, then the streak
    # began again, without any fuss.
    assert stats["rhythm_7d"] == 4
    assert stats["streak_days"] == 4
    assert stats["rest_days_banked"] == 0
    for mid in ("first-steps", "first-anchor-minute", "ten-returns", "rhythm", "all-six"):
        assert mid in stats["milestones"], mid
    levels = trainer.levels()
    assert any(lv.level >= 1 for lv in levels.values()), levels
    assert all(s["level"] == levels[k].level for k, s in stats["skills"].items())

    # Everything is rebuilt the same from disk.
    trainer.end_session()
    trainer.store.close()
    from trainer.services.decks import load_decks
    from trainer.store.store import Store

    store = Store(trainer.store.root)
    again = Trainer(store, load_decks(store), clock)
    assert again.book.data["xp"] == xp
    assert views.stats(again)["milestones"] == stats["milestones"]
    store.close()


def test_the_anchor_practice_is_offered_once_a_day_whichever_item(make_trainer: TrainerFactory,
                                                                   clock: FixedClock) -> None:
    trainer = make_trainer()  # the built-in anchors deck has several anchor items
    run = trainer.start_session()
    assert run.queue[-1].kind == "anchor"
    trainer.answer(run, run.queue[-1], AnchorResult(returns=1, seconds=60))
    assert all(i.kind != "anchor" for i in trainer.start_session().queue)
    clock.advance(days=1)
    following = trainer.start_session().queue
    assert following[-1].kind == "anchor" and following[-1].key != run.queue[-1].key
