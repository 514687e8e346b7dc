"""Snapshot tests of the core screens at 80x24 and at 60x20 (every screen stays readable and
complete down to that), with a fixed clock and a fixed deck."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import TrainerFactory
from tests.test_flow import DECK
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen

SIZE = (80, 24)
SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])


@SIZES
def test_home(snap_compare: Any, make_trainer: TrainerFactory, size: tuple[int, int]) -> None:
    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=size)


def test_welcome_on_first_start(snap_compare: Any, make_trainer: TrainerFactory) -> None:
    assert snap_compare(TrainerApp(make_trainer(DECK, welcomed=False)), terminal_size=SIZE)


@SIZES
def test_drill_feedback_after_a_wrong_answer(snap_compare: Any, make_trainer: TrainerFactory,
                                             size: tuple[int, int]) -> None:
    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=size, press=["enter", "1"])


@SIZES
def test_drill_classify_before_answering(snap_compare: Any, make_trainer: TrainerFactory,
                                         size: tuple[int, int]) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 13)
    trainer.set_setting("new_per_day", 13)

    async def to_classify(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, DrillScreen)
        while screen.run.current is not None and screen.run.current.kind != "classify":
            await pilot.press("2", "enter")

    assert snap_compare(TrainerApp(trainer), terminal_size=size, run_before=to_classify)


@SIZES
def test_summary(snap_compare: Any, make_trainer: TrainerFactory, size: tuple[int, int]) -> None:
    async def play(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        for n in range(10):
            await pilot.press("2" if n % 3 else "3", "enter")
        await pilot.pause()

    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=size, run_before=play)


@SIZES
def test_help(snap_compare: Any, make_trainer: TrainerFactory, size: tuple[int, int]) -> None:
    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("key", ["t", "a", "d", "m", "comma"])
def test_the_other_screens_at_60x20(snap_compare: Any, make_trainer: TrainerFactory,
                                    key: str) -> None:
    """Stats, anchors, decks, milestones and settings at the smallest size."""
    assert snap_compare(TrainerApp(make_trainer(None)), terminal_size=(60, 20), press=[key])
