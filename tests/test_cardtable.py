"""The card table (card states by column) behaves exactly like a dict of CardStates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.domain.cards import (
    CardState,
    CardTable,
    as_table,
    from_us,
    make_scheduler,
    review,
)
from trainer.domain.clock import FixedClock, study_day
from trainer.domain.deck import Deck, Item
from trainer.domain.levels import skill_level
from trainer.domain.session import new_seen_today, overview
from trainer.domain.stats import forecast

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEYS = [f"d/{n}" for n in range(6)]

times = st.builds(lambda s, us: T0 + timedelta(seconds=s, microseconds=us),
                  st.integers(-10**8, 10**9), st.integers(0, 999_999))
cards = st.builds(
    CardState, key=st.sampled_from(KEYS), due=times, state=st.integers(1, 3),
    step=st.none() | st.integers(0, 3),
    stability=st.none() | st.floats(0.001, 1e5, allow_nan=False),
    difficulty=st.none() | st.floats(1, 10, allow_nan=False),
    last_review=st.none() | times, first_seen=st.none() | times,
    reps=st.integers(0, 10**6), correct=st.integers(0, 10**6), lapses=st.integers(0, 10**4))
ops = st.lists(st.one_of(st.tuples(st.just("set"), cards),
                         st.tuples(st.just("del"), st.sampled_from(KEYS))), max_size=40)


@settings(max_examples=200)
@given(ops)
def test_the_table_matches_a_dict_through_any_sets_and_deletes(steps: list[tuple[str, object]]
                                                              ) -> None:
    table, model = CardTable(), {}
    for op, arg in steps:
        if op == "set":
            assert isinstance(arg, CardState)
            table[arg.key] = model[arg.key] = arg
        else:
            assert isinstance(arg, str)
            assert table.pop(arg, None) == model.pop(arg, None)
        assert dict(table) == model and len(table) == len(model)
    again = CardTable.from_plain(table.to_plain())
    assert dict(again) == model
    for key in KEYS:
        expected = model[key].due if key in model else None
        got = again.due_us(key)
        assert (got is None) == (expected is None)
        assert expected is None or (got is not None and from_us(got) == expected)


def test_reviewed_states_keep_every_field_exactly() -> None:
    scheduler = make_scheduler(fuzz=False)
    clock = FixedClock(T0)
    card = None
    table = CardTable()
    for n in range(30):
        card = review(card, "d/x", n % 4 != 0, clock.now(), scheduler)
        table["d/x"] = card
        assert table["d/x"] == card
        clock.advance(days=n + 0.37)


def test_counts_read_from_columns_agree_with_the_states() -> None:
    states = [CardState(key=f"d/{n}", due=T0 + timedelta(hours=n), state=2 if n % 2 else 1,
                        stability=float(n), reps=n % 3, first_seen=T0 + timedelta(hours=n))
              for n in range(48)]
    table = as_table({c.key: c for c in states})
    deck = Deck("d", "D", 1, tuple(Item("d", str(n), "needs", "recall", "?", ".", None)
                                   for n in range(48)))
    view = overview([deck], table, T0, UTC, 4, 21.0)["needs"]
    assert view.learned == sum(1 for c in states if c.reps and c.state == 2)
    assert view.strong == sum(1 for c in states if c.reps and c.state == 2 and c.stability >= 21)
    # the same rule as the level of a skill read from card states
    by_states = skill_level(states, 48, [])
    assert (view.learned, view.strong) == (by_states.learned, by_states.strong)
    tz = FixedClock(T0).tz()
    assert new_seen_today(table, T0.date(), tz, 4) == new_seen_today(
        {c.key: c for c in states}, T0.date(), tz, 4)
    practices = {"d/2", "d/3", "d/40", "d/99"}  # two met today, one later, one never
    assert new_seen_today(table, T0.date(), tz, 4, practices) == new_seen_today(
        table, T0.date(), tz, 4) - 2


def test_a_damaged_plain_table_is_refused() -> None:
    table = CardTable([CardState(key="d/1", due=T0)])
    keys, *cols = table.to_plain()
    for bad in [(keys, *cols[:-1]), (("d/1", "d/1"), *cols), ((1,), *cols),
                (keys, cols[0][:-1], *cols[1:])]:
        try:
            CardTable.from_plain(bad)
        except (ValueError, TypeError):
            continue
        raise AssertionError(f"accepted {bad!r}")


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(-3 * 24 * 60, 20 * 24 * 60), st.integers(0, 3)),
                max_size=60),
       st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]),
       st.integers(0, 23))
def test_the_forecast_puts_each_card_on_its_study_day(
        cards: list[tuple[int, int]], zone: str, start_hour: int) -> None:
    """Against a per-card reading (the card's local study day), across time zones with
    daylight-saving changes (Lord Howe's is 30 minutes) in the coming fortnight."""
    tz = ZoneInfo(zone)
    now = datetime(2026, 3, 25, 9, tzinfo=UTC)  # Europe and Lord Howe change clocks soon
    today = study_day(now, tz, start_hour)
    states = {f"d/{n}": CardState(key=f"d/{n}", due=now + timedelta(minutes=m), reps=r)
              for n, (m, r) in enumerate(cards)}
    skip = {"d/0", "d/5"}
    expected = [0] * 14
    for key, card in states.items():
        if card.reps and key not in skip:
            day = max(0, (study_day(card.due, tz, start_hour) - today).days)
            if day < 14:
                expected[day] += 1
    assert forecast(states, today, tz, start_hour, skip=skip) == expected
