"""The `order` answer widget: press the steps' numbers in order; Backspace takes one back."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.shuffle import shown_order
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.widgets.order import OrderAnswer, StepRow, ordinal

DECK = deck_with('''
[[items]]
id = "o1"
kind = "order"
skill = "witness"
prompt = "Put the steps of self-empathy in order."
steps = ["Widen the frame", "Find an anchor", "Observe [/]", "Notice sensations", "Name feelings"]
explanation = "We steady ourselves first, then move from what happened to what matters."
''')
KEY = "test/o1"
SHOWN = shown_order(KEY, 5, never_written=True)  # SHOWN[k]: the step shown with number k + 1


def key_for(step: int) -> str:
    return str(SHOWN.index(step) + 1)


def screen_text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def test_shuffle_is_stable_and_never_already_right() -> None:
    assert shown_order(KEY, 5, never_written=True) == SHOWN and sorted(SHOWN) == list(range(5))
    for n in range(3, 8):
        for key in ("a/1", "b/2", "c/3", "d/4", "e/5", "f/6"):
            assert shown_order(key, n, never_written=True) != list(range(n))
    assert [ordinal(n) for n in (1, 2, 3, 4, 7)] == ["1st", "2nd", "3rd", "4th", "7th"]


async def test_right_with_the_keyboard(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        widget = app.screen.query_one(OrderAnswer)
        await pilot.press(key_for(0), key_for(2))
        await pilot.press("backspace")  # takes back "Observe"
        assert [SHOWN[k] for k in widget.sequence] == [0]
        for step in (1, 2, 3):
            await pilot.press(key_for(step))
        await pilot.press("enter")  # one still to place: nothing is submitted
        assert app.screen.run.results == []
        assert "1 still to place" in screen_text(app)
        await pilot.press(key_for(4), "enter")
        grade = app.screen.run.results[0].grade
        assert grade.correct and grade.score == 1.0
        assert "5 of 5 in the right place" in screen_text(app)
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 1)


async def test_wrong_shows_the_right_order(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        # Observe and Find an anchor swapped: three of five in place.
        for step in (0, 2, 1, 3, 4):
            await pilot.press(key_for(step))
        await pilot.press("enter")
        grade = app.screen.run.results[0].grade
        assert not grade.correct and grade.score == 0.6
        text = screen_text(app)
        assert "Partly there" in text
        assert "The right order" in text
        assert "3 of 5 in the right place" in text
        rows = list(app.screen.query(StepRow).filter(".-place"))
        assert [str(r.cell_gutter.render()).strip() for r in rows] == [
            "✓ 1st", "2nd", "3rd", "✓ 4th", "✓ 5th"]
        assert "Find an anchor  (you had it 3rd)" in str(rows[1].cell_text.render())
        assert "Observe [/]  (you had it 2nd)" in str(rows[2].cell_text.render())
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 0)


async def test_mouse_places_takes_back_and_checks(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        pool = list(app.screen.query(StepRow).filter(".-step"))
        await pilot.click(pool[SHOWN.index(3)])
        placed = list(app.screen.query(StepRow).filter(".-place"))
        await pilot.click(placed[0])  # clicking a placed step takes it back
        assert app.screen.query_one(OrderAnswer).sequence == []
        for step in range(5):
            await pilot.click(pool[SHOWN.index(step)])
        await pilot.click("#check")
        await pilot.pause()
        assert app.screen.run.results[0].grade.correct
        # A stray click on the answered item must not swallow Enter: it still continues.
        await pilot.click(pool[0])
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DrillScreen)
    assert trainer.cards[KEY].correct == 1


def test_snapshot_after_a_wrong_answer(make_trainer: TrainerFactory, snap_compare: Any) -> None:
    app = TrainerApp(make_trainer(DECK))

    async def answer(pilot: Pilot[None]) -> None:
        await pilot.press("enter", *(key_for(s) for s in (0, 2, 1, 3, 4)), "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


async def test_arrows_and_space_place_the_steps(make_trainer: TrainerFactory) -> None:
    """Up and down move through the steps still to place (the one highlighted is marked);
    space places it next; Enter checks."""
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        widget = app.screen.query_one(OrderAnswer)
        for step in range(5):  # walk the cursor to each step in turn, then place it
            while SHOWN[widget.cursor] != step:
                await pilot.press("down")
            marked = [r for r in widget.query(StepRow).filter(".-step") if r.has_class("-cursor")]
            assert len(marked) == 1 and str(marked[0].cell_gutter.render()).startswith("▸")
            await pilot.press("space")
        await pilot.press("enter")
        assert app.screen.run.results[0].grade.correct
