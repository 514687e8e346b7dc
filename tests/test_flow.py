"""Pilot tests: a whole session from home to summary with the keyboard, and quitting midway."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.conftest import TrainerFactory, deck_with, option_key
from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.services.decks import DeckSet
from trainer.services.practice import Trainer
from trainer.store.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.summary import SummaryScreen

ITEMS = "".join(
    f'''
[[items]]
id = "c{n}"
kind = "choice"
skill = "{skill}"
prompt = "Question {n}?"
options = ["wrong one", "right one", "also wrong"]
option_tags = ["advice", "self-empathy", "minimising"]
answer = 2
explanation = "Because it names a feeling and a need."
'''
    for n, skill in enumerate(["distinguish", "needs", "feelings", "witness"] * 3)
) + '''
[[items]]
id = "k1"
kind = "classify"
prompt = "My shoulders are tight."
categories = ["feeling", "sensation", "thought"]
answer = "sensation"
explanation = "Tightness is something felt in the body."
'''
DECK = deck_with(ITEMS)


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_whole_session_with_the_keyboard(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        run = app.screen.run
        assert len(run.queue) == 10
        for n in range(10):
            item = run.current
            assert item is not None
            if item.kind == "choice":  # options are shuffled: pick the right one or a wrong one
                await pilot.press(option_key(app, 1 if n % 2 == 0 else 0))
            else:
                await pilot.press("2" if n % 2 == 0 else "1")
            feedback = app.screen.query_one("#feedback")
            assert "Because it names" in str(feedback.query(".explanation").first().render()) \
                or item.kind == "classify"
            await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        totals = text_of(app, "#totals")
        assert "10 answered" in totals
        right = sum(r.grade.correct for r in run.results)
        assert f"{right} right" in totals
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert sum(c.reps for c in trainer.cards.values()) == 10
    # Every answer is in the log on disk.
    reviews = [r for _, r in trainer.store.log.records() if r["type"] == "review"]
    assert len(reviews) == 10


async def test_quit_midway_keeps_answers_and_tomorrow_shows_reviews(
    make_trainer: TrainerFactory, data_dir: Path, clock: FixedClock
) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for index in (1, None, 0, None, 1):  # right, wrong, right
            await pilot.press("enter" if index is None else option_key(app, index))
        await pilot.press("q")
    assert app.return_code in (0, None)
    trainer.store.close()

    # Reopen the data dir the next day: the three answers are there and some are due.
    clock.advance(days=1)
    store = Store(data_dir)
    try:
        again = Trainer(store, DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")]), clock,
                        make_scheduler(fuzz=False))
        assert sum(c.reps for c in again.cards.values()) == 3
        # The one answered wrong comes back the next day, first in the session.
        wrong = [k for k, c in again.cards.items() if c.correct == 0]
        assert len(wrong) == 1
        assert sum(due for due, _ in again.skill_counts().values()) == 1
        assert again.start_session().queue[0].key == wrong[0]
        # The two answered right wait a few days, then all three are due.
        clock.advance(days=7)
        assert sum(due for due, _ in again.skill_counts().values()) == 3
    finally:
        store.close()


async def test_mouse_click_answers(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        rows = app.screen.query(".option")
        await pilot.click(rows[1])
        await pilot.pause()
        assert app.screen.run.results[0].grade.correct


async def test_first_start_shows_the_practice_not_therapy_note(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK, welcomed=False)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "practice, not therapy" in text
        assert "emergency" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert trainer.setting("welcomed") is True


async def test_u_takes_back_the_last_answer_durably(make_trainer: TrainerFactory,
                                                    data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        first = app.screen.run.current
        shown_before = list(app.screen.query_one("#answer").shown)
        await pilot.press(option_key(app, 0))  # wrong
        assert trainer.cards[first.key].reps == 1
        await pilot.press("u")
        await pilot.pause()
        # The same item is back, unanswered, and its card is as it was (never seen).
        assert app.screen.run.current == first
        assert not app.screen.query("#feedback")
        assert first.key not in trainer.cards
        assert app.screen.query_one("#answer").shown == shown_before  # the same order again
        await pilot.press(option_key(app, 1))  # right, this time
        assert trainer.cards[first.key].correct == 1
    trainer.store.close()
    again = Store(data_dir)
    try:
        history = again.history()
        assert [r["correct"] for r in history if r["card"] == first.key] == [True]
    finally:
        again.close()
