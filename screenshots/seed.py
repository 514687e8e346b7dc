"""A lived-in data dir for the screenshots: three weeks of simulated practice through the core.

Everything is driven by a FixedClock and a seeded random.Random, so the history (and every
screen drawn from it) is the same on every run."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deck import Item
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.domain.kinds.match import MatchData
from trainer.domain.kinds.multi import MultiData
from trainer.domain.kinds.order import OrderData
from trainer.domain.kinds.recall import RecallData
from trainer.services import journal
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.store import Store

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning: today, in every screenshot
DAYS = 21  # of simulated history before today
REST_DAYS = (6, 15)  # days (counted from the first) with no practice
WALKTHROUGH_DAYS = (4, 11, 18)  # days a walk-through was written to the journal
SEED = 20260302

# What was written, by walk-through item (each fits its prompt); others get the first.
WALKTHROUGHS: dict[str, dict[str, str]] = {
    "witness/wit-043": {
        "frame": "A queue, on an ordinary morning",
        "anchor": "feet on the floor",
        "observation": "In the bakery queue a man stepped in front of me and I said nothing.",
        "sensations": "hot face, tight jaw",
        "feelings": "irritated, disappointed",
        "needs": "consideration, to be seen",
        "request": "Next time I'll say, \"Excuse me, I was here first,\" and see how it feels."},
    "witness/wit-044": {
        "frame": "One evening in a long, mostly kind week",
        "anchor": "breath",
        "observation": "At dinner my partner looked at their phone three times while I was telling "
                       "them about my day.",
        "sensations": "tight throat, warm cheeks",
        "feelings": "hurt, lonely",
        "needs": "to be heard, closeness",
        "beliefs": "I'm telling myself that what I say is boring.",
        "request": "I'll ask if we can leave our phones in the hall during dinner this week."},
    "witness/wit-045": {
        "frame": "An ordinary Friday at work, one of hundreds",
        "anchor": "hand on heart",
        "observation": "My manager moved the deadline to Friday in an email and didn't ask me.",
        "sensations": "heavy shoulders",
        "feelings": "frustrated, worried",
        "needs": "consideration, choice",
        "request": "I'll ask for ten minutes tomorrow to plan the week together."},
}


def wrong_answer(item: Item, rng: random.Random) -> Any:
    """A plausible mistake, in the item kind's own answer type."""
    data = item.data
    if isinstance(data, ChoiceData | ClassifyData):
        n = len(data.options if isinstance(data, ChoiceData) else data.categories)
        return rng.choice([i for i in range(n) if i != data.answer])
    if isinstance(data, MultiData):
        flip = rng.randrange(len(data.options))
        return data.answer ^ {flip}
    if isinstance(data, MatchData | OrderData):
        n = len(data.left if isinstance(data, MatchData) else data.steps)
        swapped = list(range(n))
        i = rng.randrange(n - 1)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        return tuple(swapped)
    assert isinstance(data, RecallData)
    return rng.choice(("not sure", "it depends", "fine"))


def right_answer(item: Item) -> Any:
    data = item.data
    if isinstance(data, ChoiceData | ClassifyData | MultiData):
        return data.answer
    if isinstance(data, MatchData):
        return tuple(range(len(data.left)))
    if isinstance(data, OrderData):
        return tuple(range(len(data.steps)))
    assert isinstance(data, RecallData)
    return data.answers[0]


def practise_session(trainer: Trainer, clock: FixedClock, rng: random.Random, skill: float) -> None:
    """One session through the core: each answer takes a few seconds; `skill` is the chance
    of a first answer being right (reviews go a little better)."""
    run = trainer.start_session()
    for item in run.queue:
        if item.kind == "anchor":
            practice = rng.choice((60, 90, 120, 120))
            before = rng.randint(3, 7)
            clock.advance(seconds=practice + 20)
            result = AnchorResult(returns=rng.randint(1, 5), seconds=practice, before=before,
                                  after=max(0, before - rng.randint(0, 3)))
            trainer.answer(run, item, result, practice + 20)
            continue
        seconds = rng.uniform(6, 35)
        clock.advance(seconds=seconds)
        chance = skill + (0.1 if item.key in trainer.cards else 0.0)
        answer = right_answer(item) if rng.random() < chance else wrong_answer(item, rng)
        trainer.answer(run, item, answer, seconds)
    trainer.finish_session(run)


def write_walkthrough(trainer: Trainer, clock: FixedClock) -> None:
    """A walk-through session, saved to the journal like the app does."""
    run = trainer.walkthrough_session()
    if not run.queue:
        return
    item = run.queue[0]
    steps = WALKTHROUGHS.get(item.key) or next(iter(WALKTHROUGHS.values()))
    clock.advance(minutes=9)
    entry = journal.save_entry(trainer, steps, item)
    trainer.answer(run, item, entry.id, 540)
    trainer.finish_session(run)


def local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def seed_history(trainer: Trainer, clock: FixedClock, rng: random.Random) -> None:
    """DAYS days of practice up to yesterday, then the clock is set to NOW."""
    first = (NOW - timedelta(days=DAYS)).astimezone(ZONE).date()
    for n in range(DAYS):
        day = first + timedelta(days=n)
        if n in REST_DAYS:
            continue
        clock.moment = local(day, rng.choice((7, 8, 12, 18, 20)), rng.randrange(0, 60, 5))
        skill = 0.6 + 0.3 * n / DAYS
        practise_session(trainer, clock, rng, skill)
        if rng.random() < 0.25:  # now and then a second session later in the day
            clock.advance(hours=3)
            practise_session(trainer, clock, rng, skill)
        if n in WALKTHROUGH_DAYS:
            clock.advance(hours=1)
            write_walkthrough(trainer, clock)
    clock.moment = NOW
    trainer.end_session()


def build(data_dir: Path) -> tuple[Trainer, FixedClock]:
    """A Trainer over `data_dir` (built-in decks, fixed clock, no fuzz) with a seeded history.
    The caller closes `trainer.store`."""
    store = Store(data_dir)
    clock = FixedClock(NOW, ZONE)
    trainer = Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))
    trainer.set_setting("welcomed", True)
    trainer.set_setting("anchors", ["breath", "feet on the floor", "hand on heart",
                                    "the sound of rain"])
    seed_history(trainer, clock, random.Random(SEED))
    return trainer, clock
