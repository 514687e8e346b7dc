"""The `anchor` practice (ratings, an anchor, the pacer, returns) and the personal anchors screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.kinds.anchor import AnchorResult
from trainer.services.practice import Trainer
from trainer.ui.app import TrainerApp
from trainer.ui.screens.anchors import AnchorsScreen
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.widgets.anchor import AnchorAnswer, Chip

DECK = deck_with('''
[[items]]
id = "a1"
kind = "anchor"
skill = "anchors"
prompt = "Rest your attention on your anchor. Each time you notice you drifted, press r."
minutes = 1
inhale = 4
exhale = 6
explanation = "Noticing that you drifted is the practice itself: each return strengthens the anchor."
''')
KEY = "test/a1"
SIZE = (80, 24)


class FakeTime:
    """Stands in for time.monotonic in the widget, so a minute passes instantly."""

    def __init__(self) -> None:
        self.t = 1000.0


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(AnchorAnswer, "now", lambda self: fake.t)
    return fake


def widget(app: TrainerApp) -> AnchorAnswer:
    return app.screen.query_one(AnchorAnswer)


def text(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def reviews(trainer: Trainer) -> list[dict[str, Any]]:
    return [r for _, r in trainer.store.log.records() if r["type"] == "review"]


def chip(app: TrainerApp, phase: str, value: str) -> Chip:
    return next(c for c in app.screen.query(f"#{phase} Chip").results(Chip) if c.value == value)


async def test_practice_with_the_keyboard(make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        w = widget(app)
        assert w.phase == "before"
        await pilot.press("7")
        assert (w.phase, w.before) == ("choose", 7)
        await pilot.press("2")
        assert w.phase == "practice" and w.chosen == "feet on the floor"
        assert "feet on the floor" in text(app, "#anchor-now")
        fake_time.t += 20
        await pilot.press("r")
        assert "1 return" in text(app, "#returns")
        await pilot.press("space")
        assert "2 returns" in text(app, "#returns")
        assert "repetition that counts" in text(app, "#returns")
        fake_time.t += 10
        await pilot.press("enter")  # finishes early
        assert w.phase == "after"
        await pilot.press("3")
        await pilot.pause()
        assert w.phase == "done" and w.locked
        summary = text(app, "#anchor-summary")
        assert "2 times in 0:30" in summary
        assert "7 before, 3 after" in summary
        assert app.screen.run.results[0].grade.given == "2 returns to your anchor"
    assert trainer.cards[KEY].reps == 1
    (log,) = reviews(trainer)
    assert log["card"] == KEY and log["kind"] == "anchor"
    assert log["given"] == "2 returns to your anchor" and log["correct"] is True


async def test_a_practice_ended_at_once_is_not_counted_and_says_so_kindly(
        make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    """Enter right after choosing an anchor: no rating asked after, nothing in the log, no
    XP, and the anchor practice is still there to do today."""
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "4", "1")
        w = widget(app)
        assert w.phase == "practice"
        fake_time.t += 3
        await pilot.press("r", "enter")
        await pilot.pause()
        assert w.phase == "done"
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.run.xp == 0
        assert "nothing to count yet" in text(app, "#feedback .headline")
        assert "Thank you for taking this time" not in text(app, "#anchor-summary")
    assert reviews(trainer) == []
    assert KEY not in trainer.cards
    assert trainer.book.xp == 0


async def test_reduced_motion_counts_in_plain_text_and_time_runs_out(
        make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("reduced_motion", True)
    trainer.set_setting("anchors", ["the kettle's hum", "[b]warm[/b] mug"])
    app = TrainerApp(trainer)
    submitted: list[AnchorResult] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        w = widget(app)
        original = w.submit

        def spy(answer: AnchorResult) -> None:
            submitted.append(answer)
            original(answer)

        w.submit = spy  # type: ignore[method-assign]
        await pilot.press("s")  # no rating before: that's fine
        assert w.phase == "choose"
        assert "[b]warm[/b] mug" in str(app.screen.query_one("#choose").query(Chip)[1].render())
        await pilot.press("2")
        assert w.chosen == "[b]warm[/b] mug"
        assert text(app, "#breath-label") == "Breathe in... 1"
        assert text(app, "#pacer") == ""  # no moving bar
        fake_time.t += 2.5
        w.tick()
        assert text(app, "#breath-label") == "Breathe in... 3"
        fake_time.t += 3  # 5.5 s: one and a half seconds into the out-breath
        w.tick()
        assert text(app, "#breath-label") == "Breathe out... 2"
        assert text(app, "#pacer") == ""
        assert text(app, "#time-left") == "0:55 left"
        await pilot.press("r")
        fake_time.t += 60  # the minute is up
        await pilot.pause(0.6)  # the interval notices by itself
        assert w.phase == "after"
        await pilot.press("t")  # 10
        await pilot.pause()
    assert submitted == [AnchorResult(returns=1, seconds=60, before=None, after=10)]
    assert trainer.cards[KEY].reps == 1
    assert reviews(trainer)[0]["given"] == "1 return to your anchor"


async def test_animated_pacer_grows_on_the_in_breath_and_shrinks_on_the_out_breath(
        make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "5", "1")
        w = widget(app)
        widths = []
        for t in (0.5, 2.0, 3.9, 5.0, 7.0, 9.5):
            fake_time.t = 1000.0 + t
            w.tick()
            widths.append(len(text(app, "#pacer")))
        assert widths[0] < widths[1] < widths[2]  # breathing in (4 s)
        assert widths[2] > widths[3] > widths[4] > widths[5]  # breathing out (6 s)
        assert text(app, "#breath-label") == "breathe out"


async def test_practice_with_the_mouse(make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        w = widget(app)
        assert await pilot.click(chip(app, "before", "rate:6"))
        assert w.before == 6
        assert await pilot.click(chip(app, "choose", "anchor:3"))
        assert w.chosen == "hand on heart"
        for _ in range(3):
            assert await pilot.click(chip(app, "practice", "return"))
        assert "3 returns" in text(app, "#returns")
        fake_time.t += 45
        assert await pilot.click(chip(app, "practice", "finish"))
        assert w.phase == "after"
        assert await pilot.click(chip(app, "after", "skip"))
        await pilot.pause()
        assert "3 times in 0:45" in text(app, "#anchor-summary")
    assert trainer.cards[KEY].reps == 1
    assert reviews(trainer)[0]["given"] == "3 returns to your anchor"


async def test_no_anchors_of_ones_own_offers_suggestions(
        make_trainer: TrainerFactory, fake_time: FakeTime) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("anchors", [])
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        lead = str(app.screen.query_one("#choose .question", Static).render())
        assert "haven't named your own anchors yet" in lead
        await pilot.press("1")
        assert widget(app).chosen == "breath"


def test_snapshot_pacer_mid_practice(snap_compare: Any, make_trainer: TrainerFactory,
                                     fake_time: FakeTime) -> None:
    async def mid_practice(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "6", "1")
        fake_time.t += 3.0  # three seconds into the first in-breath
        await pilot.press("r")
        widget(pilot.app).tick()  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=SIZE,
                        run_before=mid_practice)


# -- the personal anchors screen ---------------------------------------------------------------


async def open_anchors(app: TrainerApp, pilot: Pilot[None]) -> AnchorsScreen:
    screen = AnchorsScreen(app.trainer)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_anchors_screen_with_the_keyboard(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anchors(app, pilot)
        assert screen.query_one("#mine", OptionList).option_count == 3
        # Name a new one.
        await pilot.press("a", *"the smell of [red]tea[/]", "enter")
        assert trainer.setting("anchors")[-1] == "the smell of [red]tea[/]"
        # Adopt a suggestion: Tab to the ideas, Enter on the first one not already mine.
        ideas = screen.ideas
        assert "breath" not in ideas and "a sound nearby" in ideas
        screen.query_one("#suggested", OptionList).focus()
        await pilot.press("enter")
        assert trainer.setting("anchors")[-1] == ideas[0]
        # Rename the second anchor.
        screen.query_one("#mine", OptionList).focus()
        await pilot.press("home", "down", "e")
        field = screen.query_one("#anchor-input", Input)
        assert field.value == "feet on the floor" and field.has_focus
        await pilot.press(*["backspace"] * 5, *"ground", "enter")
        assert trainer.setting("anchors")[1] == "feet on the ground"
        # Remove the first one.
        await pilot.press("home", "d")
        assert trainer.setting("anchors") == [
            "feet on the ground", "hand on heart", "the smell of [red]tea[/]", ideas[0]]
        # A duplicate is not added twice, and Esc leaves.
        await pilot.press("a", *"Hand on heart", "enter")
        assert len(trainer.setting("anchors")) == 4
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, AnchorsScreen)


async def test_anchors_screen_with_the_mouse(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_anchors(app, pilot)
        first_idea = screen.ideas[0]
        assert await pilot.click("#suggested", offset=(3, 1))  # the first option
        await pilot.pause()
        assert trainer.setting("anchors")[-1] == first_idea
        assert await pilot.click("#mine", offset=(4, 1))  # highlights and starts editing "breath"
        await pilot.pause()
        field = screen.query_one("#anchor-input", Input)
        assert field.value == "breath" and screen.editing == 0
        assert await pilot.click("#remove-btn")
        await pilot.pause()
        assert trainer.setting("anchors") == ["feet on the floor", "hand on heart", first_idea]
        assert screen.editing is None and field.value == ""
        assert await pilot.click("#anchor-input")
        await pilot.press(*"a smooth stone")
        assert await pilot.click("#add-btn")
        await pilot.pause()
        assert trainer.setting("anchors")[-1] == "a smooth stone"


def test_snapshot_anchors_screen(snap_compare: Any, make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("anchors", ["breath", "feet on the floor", "my dog's warm weight"])

    async def open_it(pilot: Pilot[None]) -> None:
        await open_anchors(pilot.app, pilot)  # type: ignore[arg-type]
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(TrainerApp(trainer), terminal_size=SIZE, run_before=open_it)


async def test_the_rating_row_is_whole_at_60_columns(make_trainer: TrainerFactory) -> None:
    """At 60x20 "skip" was cut to "s": 0-10 and skip must all fit the screen."""
    from trainer.ui.widgets.anchor import RatingRow

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        row = app.screen.query_one("#before RatingRow", RatingRow)
        chips = list(row.query(Chip))
        assert [str(c.render()).strip() for c in chips][-1] == "skip"
        assert all(c.region.right <= 60 and c.region.width >= len(str(c.render()).strip())
                   for c in chips)
