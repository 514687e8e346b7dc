"""Building a session: due reviews first, then new items within the daily limit, skills mixed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.cards import CardState
from trainer.domain.clock import FixedClock
from trainer.domain.deck import Deck, Item
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.session import (
    SessionPolicy,
    SkillOverview,
    build_session,
    daily_practice,
    interleave,
    is_available,
    new_seen_today,
    overview,
)

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 10:00 in Berlin; the study day ends 03:00 UTC
DAY_END = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


def item(id_: str, skill: str = "feelings", kind: str = "choice",
         available_from: date | None = None) -> Item:
    return Item("t", id_, skill, kind, f"Prompt {id_}?", "Because.", None, 0, available_from)


def card(it: Item, due: datetime, first_seen: datetime | None = None) -> CardState:
    seen = first_seen or due - timedelta(days=7)
    return CardState(key=it.key, due=due, last_review=seen, first_seen=seen, reps=1)


def ids(items: list[Item]) -> list[str]:
    return [i.id for i in items]


def test_interleave_round_robins_skills_keeping_each_skills_order() -> None:
    items = [item("a1", "a"), item("a2", "a"), item("a3", "a"), item("b1", "b"), item("b2", "b"),
             item("c1", "c")]
    assert ids(interleave(items)) == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert interleave([]) == []


def test_due_reviews_come_first_oldest_due_first_then_new_items() -> None:
    items = [item(f"i{n}") for n in range(6)]
    cards = {
        items[0].key: card(items[0], NOW - timedelta(hours=1)),
        items[1].key: card(items[1], NOW - timedelta(days=3)),
        items[2].key: card(items[2], NOW - timedelta(days=1)),
        items[3].key: card(items[3], DAY_END + timedelta(minutes=1)),  # tomorrow: not due
    }
    queue = build_session(items, cards, NOW, ZONE, SessionPolicy(size=10, new_per_day=10))
    assert ids(queue) == ["i1", "i2", "i0", "i4", "i5"]


def test_a_card_due_later_today_is_included_and_one_due_tomorrow_is_not() -> None:
    a, b, c = item("a"), item("b"), item("c")
    cards = {a.key: card(a, NOW + timedelta(hours=5)), b.key: card(b, DAY_END),
             c.key: card(c, DAY_END + timedelta(seconds=1))}
    queue = build_session([a, b, c], cards, NOW, ZONE, SessionPolicy(new_per_day=0))
    assert ids(queue) == ["a", "b"]


def test_new_items_up_to_the_daily_limit_minus_those_seen_today() -> None:
    items = [item(f"n{n}") for n in range(10)]
    seen_today = item("seen-today")
    seen_yesterday = item("seen-yesterday")
    cards = {
        # First seen this morning (05:00 Berlin), due next week: counts against today's new limit.
        seen_today.key: card(seen_today, NOW + timedelta(days=7),
                             first_seen=datetime(2026, 3, 2, 4, tzinfo=UTC)),
        # First seen 03:30 Berlin today, which still belongs to yesterday's study day.
        seen_yesterday.key: card(seen_yesterday, NOW + timedelta(days=7),
                                 first_seen=datetime(2026, 3, 2, 2, 30, tzinfo=UTC)),
    }
    assert new_seen_today(cards, date(2026, 3, 2), ZONE, 4) == 1
    queue = build_session([*items, seen_today, seen_yesterday], cards, NOW, ZONE,
                          SessionPolicy(size=10, new_per_day=4))
    assert ids(queue) == ["n0", "n1", "n2"]
    # The limit already used up: no new items at all, even with room in the session.
    queue = build_session(items, cards, NOW, ZONE, SessionPolicy(size=10, new_per_day=1))
    assert queue == []


def test_the_session_size_caps_reviews_and_new_items() -> None:
    due_items = [item(f"d{n:02}") for n in range(15)]
    cards = {it.key: card(it, NOW - timedelta(hours=n)) for n, it in enumerate(due_items)}
    fresh = [item(f"n{n}") for n in range(5)]
    queue = build_session([*due_items, *fresh], cards, NOW, ZONE, SessionPolicy(size=10, new_per_day=10))
    # The seven most overdue, oldest first, and three new ones: 30% of a session stays for new
    # items while any are allowed today, so a course's new material keeps arriving.
    assert ids(queue) == [*(f"d{n:02}" for n in range(14, 7, -1)), "n0", "n1", "n2"]
    # With today's new items used up, reviews fill the session.
    queue = build_session([*due_items, *fresh], cards, NOW, ZONE, SessionPolicy(size=10, new_per_day=0))
    assert ids(queue) == [f"d{n:02}" for n in range(14, 4, -1)]
    # Few reviews: the rest of the session is new items.
    queue = build_session([*due_items[:4], *fresh], cards, NOW, ZONE, SessionPolicy(size=7, new_per_day=10))
    assert ids(queue) == ["d03", "d02", "d01", "d00", "n0", "n1", "n2"]


def test_skills_are_interleaved_in_reviews_and_new_items() -> None:
    f1, f2, n1 = item("f1", "feelings"), item("f2", "feelings"), item("n1", "needs")
    new = [item("nf1", "feelings"), item("nf2", "feelings"), item("nn1", "needs"), item("nw1", "witness")]
    cards = {f1.key: card(f1, NOW - timedelta(days=3)), f2.key: card(f2, NOW - timedelta(days=2)),
             n1.key: card(n1, NOW - timedelta(days=1))}
    queue = build_session([f1, f2, n1, *new], cards, NOW, ZONE, SessionPolicy(size=10, new_per_day=10))
    assert ids(queue) == ["f1", "n1", "f2", "nf1", "nn1", "nw1", "nf2"]


def test_is_available() -> None:
    today = date(2026, 3, 2)
    assert is_available(item("a"), None, today)
    assert is_available(item("a", available_from=today), None, today)
    assert not is_available(item("a", available_from=date(2026, 3, 3)), None, today)
    assert not is_available(item("a"), date(2026, 3, 3), today)
    assert is_available(item("a"), date(2026, 3, 1), today)
    assert not is_available(item("a", available_from=date(2026, 4, 1)), date(2026, 3, 1), today)


def test_overview_counts_due_new_locked_and_learned_in_one_pass() -> None:
    f1, f2, f3 = item("f1", "feelings"), item("f2", "feelings"), item("f3", "feelings")
    n1, n2 = item("n1", "needs"), item("n2", "needs", available_from=date(2026, 3, 9))
    a1 = item("a1", "anchors", "anchor")  # a daily practice: not a memory item
    held = CardState(key=f2.key, due=NOW + timedelta(days=30), state=2, stability=40.0, reps=3)
    cards = {f1.key: card(f1, NOW - timedelta(days=1)), f2.key: held,
             a1.key: card(a1, NOW - timedelta(days=1))}
    decks = [Deck("t", "T", 1, (f1, f2, f3, n1, n2, a1)),
             Deck("later", "L", 1, (item("x", "needs"),), available_from=date(2026, 4, 1))]
    view = overview(decks, cards, NOW, ZONE, 4, 21.0)
    assert view == {
        "feelings": SkillOverview(due=1, new=1, total=3, learned=1, strong=1),
        "needs": SkillOverview(new=1, locked=2, total=1)}


def test_daily_practice_takes_turns_once_a_day() -> None:
    a, b = item("a1", "anchors", "anchor"), item("a2", "anchors", "anchor")
    choice = item("c", "feelings", "choice")
    assert daily_practice([choice, a, b], {}, NOW) == a
    done_a = {a.key: CardState(key=a.key, due=DAY_END, last_review=NOW)}
    # One practice a day: having done a1, nothing more is offered until the next study day,
    assert daily_practice([choice, a, b], done_a, NOW) is None
    # when the one never done comes first,
    assert daily_practice([choice, a, b], done_a, DAY_END) == b
    # and once both have been done, the one done longest ago.
    both = {**done_a, b.key: CardState(key=b.key, due=DAY_END, last_review=NOW + timedelta(minutes=1))}
    assert daily_practice([choice, a, b], both, DAY_END) == a


# -- through the Trainer ------------------------------------------------------------------------

LOCKED = deck_with('''[[items]]
id = "open"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 2
explanation = "Because."

[[items]]
id = "later"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 2
explanation = "Because."
available_from = "2026-03-03"

[[items]]
id = "breathe"
kind = "anchor"
skill = "anchors"
prompt = "Rest on your anchor."
explanation = "Because."
''')


def test_locked_items_stay_out_until_their_day(make_trainer: TrainerFactory, clock: FixedClock) -> None:
    trainer = make_trainer(LOCKED)
    assert [i.id for i in trainer.available_items()] == ["open"]
    assert [i.id for i in trainer.start_session().queue] == ["open", "breathe"]
    assert trainer.skill_counts()["feelings"] == (0, 1)
    clock.advance(hours=18)  # Tuesday 05:00 in Berlin
    assert [i.id for i in trainer.available_items()] == ["open", "later"]
    assert trainer.skill_counts()["feelings"] == (0, 2)


def test_a_locked_deck_stays_out(make_trainer: TrainerFactory, clock: FixedClock) -> None:
    trainer = make_trainer(LOCKED.replace('version = 1\n', 'version = 1\navailable_from = 2026-03-10\n'))
    assert trainer.available_items() == []
    assert trainer.start_session().queue == []
    clock.advance(days=8)
    assert [i.id for i in trainer.start_session().queue] == ["open", "later", "breathe"]


MANY = deck_with("".join(f'''[[items]]
id = "c{n}"
kind = "choice"
prompt = "Question {n}?"
options = ["x", "y"]
answer = 2
explanation = "Because."
''' for n in range(12)) + '''[[items]]
id = "breathe"
kind = "anchor"
skill = "anchors"
prompt = "Rest on your anchor."
explanation = "Because."
''')


def test_new_items_seen_in_an_earlier_session_today_count(make_trainer: TrainerFactory,
                                                         clock: FixedClock) -> None:
    trainer = make_trainer(MANY)
    trainer.set_setting("session_size", 3)
    trainer.set_setting("new_per_day", 5)
    run = trainer.start_session()
    assert [i.id for i in run.queue] == ["c0", "c1", "c2", "breathe"]
    for it in run.queue[:3]:
        trainer.answer(run, it, 1)  # right: due in two days
    # Two of today's five new items are left; the anchor, not yet done, closes the session.
    assert [i.id for i in trainer.start_session().queue] == ["c3", "c4", "breathe"]
    clock.advance(days=1)
    assert [i.id for i in trainer.start_session().queue] == ["c3", "c4", "c5", "breathe"]


def test_the_daily_practice_does_not_use_up_the_new_item_limit(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(MANY)
    trainer.set_setting("session_size", 3)
    trainer.set_setting("new_per_day", 5)
    run = trainer.start_session()
    for it in run.queue:
        trainer.answer(run, it, AnchorResult(2, 60) if it.kind == "anchor" else 1)
    assert run.done
    # 5 new a day, 3 seen: 2 left. The anchor done today is not a new item.
    assert trainer.new_left_today() == (2, 0)
    assert ids(trainer.start_session().queue) == ["c3", "c4"]


def test_new_items_take_turns_by_kind_within_a_skill() -> None:
    from trainer.domain.session import mix_new

    items = [item(f"c{n}", "needs", "choice") for n in range(3)] + \
        [item(f"k{n}", "needs", "classify") for n in range(2)] + [item("r0", "needs", "recall")]
    assert [i.id for i in mix_new(items)] == ["c0", "k0", "r0", "c1", "k1", "c2"]
