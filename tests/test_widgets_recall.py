"""The `recall` answer widget: type a word, Enter checks; digits and q go into the input."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import TrainerFactory, deck_with
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen

DECK = deck_with('''
[[items]]
id = "r1"
kind = "recall"
prompt = "Your friend cancels for the third time and your stomach sinks. Name one feeling."
answers = ["disappointed", "sad", "hurt", "let down [/]"]
explanation = "Disappointment and sadness are common when something we looked forward to falls away."
''')
KEY = "test/r1"


def screen_text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def test_right_with_the_keyboard_and_a_typo(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        await pilot.press(*"Disapointed")
        assert app.screen.query_one(Input).value == "Disapointed"
        await pilot.press("enter")
        grade = app.screen.run.results[0].grade
        assert grade.correct and grade.given == "Disapointed"
        assert "Accepted: disappointed, sad, hurt, let down [/]" in screen_text(app)
        assert app.screen.query_one(Input).disabled
        await pilot.press("enter")  # continues: the one-item session ends
        await pilot.pause()
        assert not isinstance(app.screen, DrillScreen)
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 1)


async def test_digits_q_and_space_go_into_the_input(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press(*"sad 1 q 2")
        assert isinstance(app.screen, DrillScreen)  # q did not quit, digits did not pick
        assert app.screen.query_one(Input).value == "sad 1 q 2"
        assert app.screen.run.results == []


async def test_a_digit_typed_after_focus_was_lost_still_lands_in_the_input(
        make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.screen.set_focus(None)
        await pilot.press("3", "x")
        box = app.screen.query_one(Input)
        assert box.has_focus and box.value == "3x"
        assert app.screen.run.results == []


async def test_wrong_shows_warm_feedback_and_the_accepted_answers(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"angry", "enter")
        grade = app.screen.run.results[0].grade
        assert not grade.correct and grade.given == "angry"
        text = screen_text(app)
        assert "Accepted: disappointed, sad, hurt, let down [/]" in text
        assert "Disappointment and sadness are common" in text
        assert "Not" in app.screen.query_one("#feedback .headline", Static).render().plain
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 0)


async def test_an_empty_enter_asks_once_before_showing_the_answer(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert app.screen.run.results == []
        assert "A guess is fine" in screen_text(app)
        await pilot.press("enter")
        assert not app.screen.run.results[0].grade.correct
    assert trainer.cards[KEY].correct == 0


async def test_mouse_click_then_type(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.screen.set_focus(None)
        await pilot.click(Input)
        await pilot.press(*"hurt", "enter")
        assert app.screen.run.results[0].grade.correct


def test_snapshot_after_a_wrong_answer(make_trainer: TrainerFactory, snap_compare: Any) -> None:
    app = TrainerApp(make_trainer(DECK))

    async def answer(pilot: Pilot[None]) -> None:
        await pilot.press("enter", *"angry", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)
