"""The `walkthrough` widget: eight steps, word pickers, saved privately to the journal, never graded."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tests.conftest import TrainerFactory, deck_with
from trainer.services import journal, views
from trainer.ui.app import TrainerApp
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.widgets.anchor import Chip
from trainer.ui.widgets.walkthrough import FEELINGS, NEEDS, WalkthroughAnswer, WordPicker

DECK = deck_with('''
[[items]]
id = "w1"
kind = "walkthrough"
skill = "witness"
prompt = "Think of a small moment from today that is still with you."
explanation = "Walking through the steps slowly is how the process becomes yours."
''')
KEY = "test/w1"
SIZE = (80, 24)


async def start(app: TrainerApp, pilot: Pilot[None]) -> WalkthroughAnswer:
    await app.push_screen(DrillScreen(app.trainer, app.trainer.walkthrough_session()))
    await pilot.pause()
    assert isinstance(app.screen, DrillScreen)
    return app.screen.query_one(WalkthroughAnswer)


def journal_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "journal").glob("*.json"))


def step_title(app: TrainerApp) -> str:
    return str(app.screen.query_one("#wt-step", Static).render())


async def test_walkthrough_with_the_keyboard(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        w = await start(app, pilot)
        assert step_title(app) == "Step 1 of 8 · Widen the frame"
        await pilot.press(*"a quiet dinner", "enter")  # Enter in a one-line field goes on
        assert w.key == "anchor"
        await pilot.press("2", "ctrl+n")  # feet on the floor
        assert w.key == "observation"
        await pilot.press(*"Sam looked at the phone while I talked.", "ctrl+n")
        await pilot.press(*"tight throat", "enter")
        assert w.key == "feelings"
        assert isinstance(app.screen.focused, WordPicker)
        await pilot.press("1", "2", "9")  # 12 is disappointed, 9 is sad
        await pilot.press("1", "enter")  # a lone 1 waits for a second digit; Enter takes it
        await pilot.press("1", "enter")  # ...and picking again takes it back out
        assert app.screen.query_one("#field-feelings", Input).value == "disappointed, sad"
        await pilot.press("ctrl+b")  # back a step, and forward again: nothing is lost
        assert w.key == "sensations"
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+n")
        assert w.key == "needs"
        await pilot.press("1", "3", "tab", *", to matter", "ctrl+n")  # closeness, then free text
        await pilot.press(*"I'm telling myself I'm boring.", "ctrl+n")
        assert step_title(app).startswith("Step 8 of 8")
        await pilot.press(*"Ask for phones away at dinner.", "ctrl+n")  # the last step saves
        await pilot.pause()
        assert w.locked
        assert "Saved privately" in str(app.screen.query_one("#wt-saved", Static).render())
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.run.results[0].grade.correct
    # The practice is recorded; the private text is not in the review log.
    assert trainer.cards[KEY].reps == 1
    log = (data_dir / "reviews.jsonl").read_text()
    assert "walk-through completed" in log and "boring" not in log
    # One private file with what was written.
    (path,) = journal_files(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["item"] == KEY and record["created"] == "2026-03-02T09:00:00+00:00"
    assert record["steps"] == {
        "frame": "a quiet dinner",
        "anchor": "feet on the floor",
        "observation": "Sam looked at the phone while I talked.",
        "sensations": "tight throat",
        "feelings": "disappointed, sad",
        "needs": "closeness, to matter",
        "beliefs": "I'm telling myself I'm boring.",
        "request": "Ask for phones away at dinner.",
    }
    # It can be listed and deleted.
    (entry,) = journal.entries(trainer)
    assert entry.id == path.stem and entry.preview(4) == "Sam looked at the…"
    assert journal.delete_entry(trainer, entry.id)
    assert journal_files(data_dir) == [] and journal.entries(trainer) == []


async def test_walkthrough_with_the_mouse(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("anchors", ["the cool window glass", "breath"])
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        w = await start(app, pilot)

        async def click_chip(value: str, scope: str = "") -> None:
            chips = app.screen.query(f"{scope} Chip".strip()).results(Chip)
            target = next(c for c in chips if c.value == value and c.display)
            assert await pilot.click(target)
            await pilot.pause()

        await click_chip("next")
        await click_chip("word:1", "#picker-anchor")
        assert app.screen.query_one("#field-anchor", Input).value == "the cool window glass"
        await click_chip("next")
        assert await pilot.click("#field-observation")
        await pilot.press(*"The bus left as I ran up.")
        await click_chip("next")
        await click_chip("next")
        assert w.key == "feelings"
        await click_chip(f"word:{FEELINGS.index('frustrated') + 1}", "#picker-feelings")
        await click_chip(f"word:{FEELINGS.index('tired') + 1}", "#picker-feelings")
        assert app.screen.query_one("#field-feelings", Input).value == "frustrated, tired"
        picked = [c.value for c in app.screen.query("#picker-feelings Chip.-picked").results(Chip)]
        assert len(picked) == 2
        await click_chip("back")
        assert w.key == "sensations"
        await click_chip("next")
        await click_chip("next")
        await click_chip(f"word:{NEEDS.index('rest') + 1}", "#picker-needs")
        await click_chip("next")
        await click_chip("next")
        assert w.key == "request"
        await click_chip("next")  # "save ✓" on the last step
        assert w.locked
    (path,) = journal_files(data_dir)
    steps = json.loads(path.read_text(encoding="utf-8"))["steps"]
    assert steps == {"anchor": "the cool window glass", "observation": "The bus left as I ran up.",
                     "feelings": "frustrated, tired", "needs": "rest"}
    assert trainer.cards[KEY].reps == 1


async def test_nothing_written_saves_nothing_and_earns_nothing(make_trainer: TrainerFactory,
                                                               data_dir: Path) -> None:
    """Eight steps skipped with nothing typed: no entry, no XP, no milestone, no goal."""
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        for _ in range(8):
            await pilot.press("ctrl+n")
        await pilot.pause()
        assert "nothing was saved" in str(app.screen.query_one("#wt-saved", Static).render())
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "nothing to keep or count" in shown and "kept only for you" not in shown
        assert "XP" not in str(app.screen.query_one("#xp", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"  # no summary of an empty session
    assert journal_files(data_dir) == []
    assert KEY not in trainer.cards and trainer.store.history() == []
    assert trainer.book.xp == 0 and trainer.book.data["earned"] == {}
    assert views.goal_progress(trainer)[0] == 0


async def test_a_failed_save_keeps_the_text(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        w = await start(app, pilot)
        (data_dir / "journal").write_text("a file where the folder should be")
        await pilot.press(*"the moment", "ctrl+s")
        await pilot.pause()
        assert not w.locked and KEY not in trainer.cards
        assert app.screen.query_one("#field-frame", Input).value == "the moment"
        (data_dir / "journal").unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert w.locked
    assert len(journal_files(data_dir)) == 1


def test_snapshot_feelings_step(snap_compare: Any, make_trainer: TrainerFactory) -> None:
    async def to_feelings(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrainerApp)
        await start(app, pilot)
        for field in app.screen.query("Input, TextArea"):
            assert isinstance(field, Input | TextArea)
            field.cursor_blink = False
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.press("1", "1", "2", "0")  # hurt, relieved
        await pilot.pause()

    assert snap_compare(TrainerApp(make_trainer(DECK)), terminal_size=SIZE, run_before=to_feelings)


async def test_q_on_a_word_list_asks_before_leaving_unsaved_words(
        make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=SIZE) as pilot:
        w = await start(app, pilot)
        await pilot.press(*"quiet", "enter")  # q types into a text field
        assert app.screen.query_one("#field-frame", Input).value == "quiet"
        assert w.key == "anchor" and isinstance(app.screen.focused, WordPicker)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is None  # still here, with a kind reminder
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_a_walk_through_from_home_ends_in_a_summary_without_an_answers_table(
        make_trainer: TrainerFactory) -> None:
    from textual.widgets import DataTable

    from trainer.ui.screens.summary import SummaryScreen

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", *"the bus", *["ctrl+n"] * 8)
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen) and app.screen.answered
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        totals = str(app.screen.query_one("#totals", Static).render())
        assert totals.startswith("1 practice · "), totals
        assert not app.screen.query(DataTable)
