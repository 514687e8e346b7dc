"""The `match` answer widget: pair numbered entries with lettered partners, Enter to check."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.shuffle import shown_order
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.widgets.match import LETTERS, MatchAnswer, MatchRow

DECK = deck_with('''
[[items]]
id = "x1"
kind = "match"
prompt = "Jo's partner came home late without calling. Match each feeling to a need."
left = ["worried", "lonely", "irritated [/]"]
right = ["safety", "connection", "consideration [b]"]
explanation = "Worry often points to safety, loneliness to connection, irritation to consideration."
''')
KEY = "test/x1"
SHOWN = shown_order(KEY, 3, never_written=True)  # SHOWN[k]: the index into `right` shown under letter k


def letter_for(right_index: int) -> str:
    return LETTERS[SHOWN.index(right_index)]


def screen_text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def test_shuffle_is_stable_and_never_the_deck_order() -> None:
    assert shown_order(KEY, 3, never_written=True) == SHOWN
    assert sorted(SHOWN) == [0, 1, 2]
    for n in range(3, 7):
        for key in ("a/1", "b/2", "c/3", "d/4", "e/5"):
            assert shown_order(key, n, never_written=True) != list(range(n))


async def test_right_with_the_keyboard(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        widget = app.screen.query_one(MatchAnswer)
        # Entry 1 is chosen from the start; a wrong partner first, then undo and redo it.
        await pilot.press(letter_for(1))
        assert widget.pairs == {0: 1}
        await pilot.press("1")  # picking a paired entry again undoes its pair
        assert widget.pairs == {} and widget.current == 0
        await pilot.press(letter_for(0))
        await pilot.press("3", letter_for(2))
        await pilot.press("enter")  # one still unpaired: nothing is submitted
        assert app.screen.run.results == []
        assert "1 still to pair" in screen_text(app)
        await pilot.press("2", letter_for(1))
        assert widget.pairs == {0: 0, 1: 1, 2: 2}
        await pilot.press("enter")
        grade = app.screen.run.results[0].grade
        assert grade.correct and grade.score == 1.0
        assert "3 of 3 pairs right" in screen_text(app)
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 1)


async def test_wrong_shows_the_right_partners(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        # worried-connection, lonely-safety, irritated-consideration: one of three right.
        await pilot.press(letter_for(1), letter_for(0), letter_for(2), "enter")
        grade = app.screen.run.results[0].grade
        assert not grade.correct and round(grade.score, 2) == 0.33
        text = screen_text(app)
        assert "Partly there" in text
        assert "1 of 3 pairs right" in text
        assert "Worry often points to safety" in text
        rows = list(app.screen.query(MatchRow).filter(".-left"))
        first = str(rows[0].cell_text.render())
        assert "worried → safety" in first and "you paired connection" in first
        assert rows[0].has_class("-picked") and rows[2].has_class("-right")
        assert "irritated [/] → consideration [b]" in str(rows[2].cell_text.render())
    card = trainer.cards[KEY]
    assert (card.reps, card.correct) == (1, 0)


async def test_mouse_pairs_and_checks(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        lefts = list(app.screen.query(MatchRow).filter(".-left"))
        rights = list(app.screen.query(MatchRow).filter(".-right-entry"))
        for i in (2, 0, 1):
            await pilot.click(lefts[i])
            await pilot.click(rights[SHOWN.index(i)])
        await pilot.click("#check")
        await pilot.pause()
        assert app.screen.run.results[0].grade.correct
        # A stray click on the answered item must not swallow Enter: it still continues.
        await pilot.click(lefts[0])
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DrillScreen)
    assert trainer.cards[KEY].correct == 1


def test_snapshot_after_a_wrong_answer(make_trainer: TrainerFactory, snap_compare: Any) -> None:
    app = TrainerApp(make_trainer(DECK))

    async def answer(pilot: Pilot[None]) -> None:
        await pilot.press("enter", letter_for(1), letter_for(0), letter_for(2), "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


async def test_arrows_move_in_and_between_the_columns(make_trainer: TrainerFactory) -> None:
    """Up and down in a column, right and left between the two, space pairs, Enter checks."""
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        widget = app.screen.query_one(MatchAnswer)
        for left in range(3):
            while widget.current != left:
                await pilot.press("down")
            await pilot.press("right")
            while SHOWN[widget.cursor] != left:
                await pilot.press("down")
            highlighted = [r for r in widget.query(MatchRow).filter(".-right-entry")
                           if r.has_class("-current")]
            assert [r.value for r in highlighted] == [widget.cursor]
            await pilot.press("space", "left")
        assert widget.pairs == {0: 0, 1: 1, 2: 2}
        await pilot.press("enter")
        assert app.screen.run.results[0].grade.correct
