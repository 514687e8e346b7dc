"""Pilot and snapshot tests for the gamification and stats screens, settings, palette, themes."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from tests.conftest import TrainerFactory
from tests.test_flow import DECK
from tests.test_progress import answer_for
from trainer.domain.clock import FixedClock
from trainer.services.practice import Trainer
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.milestones import MilestonesScreen
from trainer.ui.screens.settings import SettingsScreen
from trainer.ui.screens.stats import StatsScreen

ANCHOR_DECK = DECK + '''
[[items]]
id = "a1"
kind = "anchor"
skill = "anchors"
prompt = "Rest with your anchor."
minutes = 1
explanation = "Each return is the practice."
'''


def screen_text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def practise_days(trainer: Trainer, clock: FixedClock, n: int) -> None:
    """n days of a session each, everything right but one, through the core."""
    for _ in range(n):
        run = trainer.start_session()
        for k, item in enumerate(run.queue):
            if item.kind in ("anchor", "walkthrough"):
                continue
            trainer.answer(run, item, answer_for(item, k != 0))
        trainer.finish_session(run)
        clock.advance(days=1)


async def test_stats_opens_from_home_and_shows_practice(make_trainer: TrainerFactory,
                                                        clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    practise_days(trainer, clock, 3)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "3 days of practice" in text
        assert "You mixed up" in text  # the confusion map names a look-alike in plain words
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_home_footer_shows_the_keys_that_matter_first_even_at_60_columns(
        make_trainer: TrainerFactory) -> None:
    """Textual's Footer (keys drawn by one widget), the commands in the order that keeps Quit
    and Help in view; a click on a key presses it."""
    from textual.widgets import Footer

    from trainer.ui.widgets.footer import FooterKeys

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = footer.query_one(FooterKeys)
        line = keys.render().plain
        assert line.startswith("enter Start q Quit ? Help t Stats ")
        assert "Anchors" not in line  # commands kept off the footer stay off
        assert "palette" not in line  # no room at 60 columns: ctrl+p still opens it
        start, _end, _key = next(span for span in keys._spans if span[2].description == "Stats")
        await pilot.click(FooterKeys, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_footer_shows_the_palette_key_where_there_is_room(
        make_trainer: TrainerFactory) -> None:
    from trainer.ui.widgets.footer import FooterKeys

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(FooterKeys).render().plain.rstrip().endswith("^p palette")


def test_stats_snapshot_80x24(snap_compare: Any, make_trainer: TrainerFactory,
                              clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    practise_days(trainer, clock, 4)
    assert snap_compare(TrainerApp(trainer), terminal_size=(80, 24), press=["t"])


def test_stats_snapshot_120x40(snap_compare: Any, make_trainer: TrainerFactory,
                               clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    practise_days(trainer, clock, 4)
    assert snap_compare(TrainerApp(trainer), terminal_size=(120, 40), press=["t"])


def test_home_with_progress_snapshot(snap_compare: Any, make_trainer: TrainerFactory,
                                     clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    practise_days(trainer, clock, 6)
    assert snap_compare(TrainerApp(trainer), terminal_size=(80, 24))


async def test_milestones_screen_lists_earned_and_ahead(make_trainer: TrainerFactory,
                                                        clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    practise_days(trainer, clock, 2)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, MilestonesScreen)
        rows = [" ".join(str(s.render()) for s in row.query(Static))
                for row in app.screen.query(".milestone")]
        assert "✓ Met your first ten items  (2026-03-02)" in rows
        assert "· Named 50 different feelings" in rows


async def test_settings_cycle_and_persist(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("enter")  # the daily goal is focused first
        assert trainer.setting("daily_goal") == "5 min"
        await pilot.click("#set-reduced_motion")
        assert trainer.setting("reduced_motion") is True
    assert trainer.store.profile["daily_goal"] == "5 min"


async def test_high_check_in_offers_an_anchor_first(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(ANCHOR_DECK, checkin=True)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "8", "y")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.run.queue[0].kind == "anchor"
        assert app.screen.run.checkin == 8


async def test_low_check_in_goes_straight_to_the_session(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(ANCHOR_DECK, checkin=True)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "3")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.run.queue[0].kind != "anchor"


async def test_palette_offers_app_commands(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Start", "Stats", "Milestones", "Settings", "Walk-through"):
            assert title in titles


async def test_theme_is_remembered(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "high-contrast"
        await pilot.pause()
    assert trainer.setting("theme") == "high-contrast"
    again = TrainerApp(trainer)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "high-contrast"


async def test_xp_shows_as_it_is_earned(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("reduced_motion", True)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2")
        assert "+5 XP" in str(app.screen.query_one("#xp", Static).render())




def test_the_summary_counts_in_words_that_agree() -> None:
    from datetime import UTC, datetime

    from trainer.domain.deck import Item
    from trainer.domain.kinds.base import Grade
    from trainer.services.run import Result, SessionRun
    from trainer.ui.screens.summary import went_well

    one = Item("t", "a", "feelings", "choice", "?", ".", None)
    run = SessionRun([one], datetime(2026, 3, 2, tzinfo=UTC))
    run.results.append(Result(one, Grade(True, 1.0, "x", "x"), 3.0))
    assert went_well(run) == "Every answer landed. You practised 1 item with care."
    run.results.append(Result(one, Grade(False, 0.0, "y", "x"), 3.0))
    assert "You practised 2 items and stayed with it." in went_well(run)


async def test_the_cycle_collector_paused_for_start_up_is_back_on_once_home_is_shown(
        make_trainer: TrainerFactory) -> None:
    """run_app pauses the collector while starting; home on screen turns it back on."""
    import gc

    gc.disable()
    try:
        app = TrainerApp(make_trainer(DECK))
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up made is left out of its passes
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.parametrize(("size", "shown"), [((60, 20), False), ((80, 24), True)])
async def test_home_note_gives_way_to_the_skill_map_on_a_short_screen(
        make_trainer: TrainerFactory, size: tuple[int, int], shown: bool) -> None:
    """On 20 rows the practice-not-therapy note (also on the welcome and in help) was drawn
    half under the footer; it is hidden there, and whole where there is room."""
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        note = app.screen.query_one("#note")
        assert note.display is shown
        if shown:
            assert note.region.bottom <= size[1] - 1  # above the footer


async def test_enter_is_written_the_same_on_every_footer(make_trainer: TrainerFactory) -> None:
    """Home said "enter Start" and a multi item "⏎ Check" (found at 60x20)."""
    from textual.binding import Binding

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test():
        assert app.get_key_display(Binding("enter", "check", "Check")) == "enter"
        assert app.get_key_display(Binding("enter,space", "next", "Go", key_display="⏎")) == "⏎"
        assert app.get_key_display(Binding("escape", "leave", "Home")) != "enter"
