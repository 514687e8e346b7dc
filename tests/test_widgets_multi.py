"""The `multi` answer widget: tick options by number key or click, Enter or Check to check."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.shuffle import shown_order
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.widgets.multi import MultiAnswer, MultiRow

DECK = deck_with('''
[[items]]
id = "m1"
kind = "multi"
prompt = "Which of these are feelings?"
options = ["relieved", "ignored", "anxious", "manipulated", "content [/]"]
answer = [1, 3, 5]
explanation = "Ignored and manipulated describe what we think someone did to us."
''')
KEY = "test/m1"
SHOWN = shown_order(KEY, 5)  # SHOWN[k]: the deck's index of the option on row k + 1


def key(index: int) -> str:
    """The number key of the deck's option `index` (0-based) as shown."""
    return str(SHOWN.index(index) + 1)


def screen_text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def test_right_with_the_keyboard(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        # Tick the deck's options 1, 2, 3, 5, then untick 2 again.
        for index in (0, 1, 2, 4, 1):
            await pilot.press(key(index))
        widget = app.screen.query_one(MultiAnswer)
        assert widget.chosen() == frozenset({0, 2, 4})
        rows = list(app.screen.query(MultiRow))
        assert [str(r.cell_box.render())[1:] for r in rows] == [
            f"[{'x' if SHOWN[k] in (0, 2, 4) else ' '}] {k + 1}" for k in range(5)]
        await pilot.press("enter")
        result = app.screen.run.results[0]
        assert result.grade.correct
        assert result.grade.score == 1.0
        assert "5 of 5 calls right" in screen_text(app)
        # Enter now continues past the feedback: the one-item session ends.
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DrillScreen)
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 1)


async def test_partly_right_shows_warm_feedback_and_marks(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press(key(0), key(1), "enter")
        grade = app.screen.run.results[0].grade
        assert not grade.correct
        assert grade.score == 0.4
        text = screen_text(app)
        assert "Partly there" in text
        assert "2 of 5 calls right" in text
        assert "Ignored and manipulated describe" in text
        rows = [row for _, row in sorted(
            (SHOWN[r.number - 1], r) for r in app.screen.query(MultiRow))]  # in deck order
        marks = [str(r.cell_mark.render()) for r in rows]
        assert marks == ["✓ applies", "doesn't apply", "applies too", "", "applies too"]
        assert rows[0].has_class("-right") and rows[1].has_class("-picked")
        assert rows[2].has_class("-missed") and rows[3].has_class("-dim")
        # Locked: a number key no longer changes the ticks.
        await pilot.press(key(3))
        assert not rows[3].checked
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 0)


async def test_mouse_ticks_and_checks(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        rows = list(app.screen.query(MultiRow))
        for i in (0, 2, 4):
            await pilot.click(rows[SHOWN.index(i)])
        await pilot.click("#check")
        await pilot.pause()
        assert app.screen.run.results[0].grade.correct
        # A stray click on the answered item must not swallow Enter: it still continues.
        await pilot.click(rows[0])
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DrillScreen)
    assert trainer.cards[KEY].correct == 1


async def test_checking_with_nothing_ticked_asks_for_a_tick(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert app.screen.run.results == []
        assert "Tick at least one first" in screen_text(app)
        await pilot.press(key(3), "enter")
        grade = app.screen.run.results[0].grade
        assert not grade.correct and grade.given == "manipulated"
        assert "1 of 5 calls right" in screen_text(app)
    assert trainer.cards[KEY].correct == 0


def test_snapshot_after_a_partly_right_answer(make_trainer: TrainerFactory, snap_compare: Any) -> None:
    app = TrainerApp(make_trainer(DECK))

    async def answer(pilot: Pilot[None]) -> None:
        await pilot.press("enter", key(0), key(1), "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


async def test_arrows_move_and_space_ticks(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        widget = app.screen.query_one(MultiAnswer)
        assert app.screen.focused is widget
        rows = list(app.screen.query(MultiRow))
        assert rows[0].has_class("-current") and str(rows[0].cell_box.render())[0] == "▸"
        await pilot.press("down", "down", "space", "up", "space", "space")
        assert widget.cursor == 1
        assert widget.chosen() == frozenset({SHOWN[2]})
        assert rows[2].checked and rows[1].has_class("-current")
        await pilot.press("up", "up")  # wraps round to the last row
        assert widget.cursor == 4
