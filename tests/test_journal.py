"""The private journal: its files (store), the service over them, and the journal screen."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.conftest import TrainerFactory, deck_with
from trainer.domain.clock import FixedClock
from trainer.services import journal
from trainer.services.practice import Trainer
from trainer.store.atomic import StoreError
from trainer.store.journal import Journal, new_entry_id
from trainer.ui.app import TrainerApp
from trainer.ui.screens.journal import ConfirmDelete, JournalScreen

DECK = deck_with('''
[[items]]
id = "w1"
kind = "walkthrough"
skill = "witness"
prompt = "Think of a small moment from today that is still with you."
explanation = "Walking through the steps slowly is how the process becomes yours."
''')
SIZE = (80, 24)


def add_entries(trainer: Trainer, clock: FixedClock) -> list[journal.Entry]:
    item = trainer.deckset.decks[0].items[0]
    first = journal.save_entry(trainer, {
        "observation": "My brother said he couldn't come to my birthday after all.",
        "feelings": "disappointed, sad", "needs": "closeness", "request": "Call him on Sunday.",
    }, item)
    clock.advance(days=1, hours=3)
    second = journal.save_entry(trainer, {
        "frame": "a hard week at work",
        "observation": "In the meeting, my idea was [red]passed over[/] without a word.",
        "sensations": "hot face", "feelings": "embarrassed", "needs": "to be heard, respect",
        "beliefs": "I'm telling myself nobody values me.",
    }, item)
    return [second, first]  # newest first


# -- the store and the service ------------------------------------------------------------------


def test_entries_are_private_files_listed_newest_first(make_trainer: TrainerFactory,
                                                        clock: FixedClock, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    old_umask = os.umask(0o022)
    try:
        newest, oldest = add_entries(trainer, clock)
    finally:
        os.umask(old_umask)
    folder = data_dir / "journal"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for entry in (newest, oldest):
        path = folder / f"{entry.id}.json"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in folder.iterdir() if p.suffix != ".json"]  # no temp files left
    listed = journal.entries(trainer)
    assert [e.id for e in listed] == [newest.id, oldest.id]
    assert listed[1].steps == {"observation": oldest.steps["observation"],
                               "feelings": "disappointed, sad", "needs": "closeness",
                               "request": "Call him on Sunday."}
    assert listed[1].when(clock.tz()) == "Mon 2 Mar 2026, 10:00"  # Berlin time
    assert listed[0].preview(5) == "In the meeting, my idea…"
    assert journal.load_entry(trainer, oldest.id) == listed[1]


def test_unreadable_or_foreign_files_are_skipped(make_trainer: TrainerFactory, clock: FixedClock,
                                                 data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    newest, oldest = add_entries(trainer, clock)
    folder = data_dir / "journal"
    (folder / f"{new_entry_id(clock.now())}.json").write_text("{ not json")
    (folder / "notes.json").write_text("{}")
    (folder / f"{oldest.id}.json").write_text(json.dumps({
        "created": "2026-03-01T08:00:00+00:00",
        "steps": {"observation": "edited \x1b[31mby hand\x1b[0m", "bogus": "x", "needs": 3}}))
    listed = journal.entries(trainer)
    assert [e.id for e in listed] == [newest.id, oldest.id]
    assert listed[1].steps == {"observation": "edited by hand"}


def test_ids_cannot_reach_outside_the_folder(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    for bad in ("../state", "../../etc/passwd", "x.json", ""):
        with pytest.raises(ValueError):
            j.path(bad)
    assert j.read("../state") is None


def test_a_read_only_journal_refuses_to_write(tmp_path: Path, clock: FixedClock) -> None:
    j = Journal(tmp_path, writable=False)
    with pytest.raises(StoreError):
        j.save(new_entry_id(clock.now()), {"steps": {}})
    assert not (tmp_path / "journal").exists()


def test_delete_removes_the_file(make_trainer: TrainerFactory, clock: FixedClock,
                                 data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    newest, oldest = add_entries(trainer, clock)
    assert journal.delete_entry(trainer, newest.id)
    assert not journal.delete_entry(trainer, newest.id)  # already gone
    assert [p.stem for p in (data_dir / "journal").glob("*.json")] == [oldest.id]


# -- the journal screen ------------------------------------------------------------------------


async def open_journal(app: TrainerApp, pilot: Pilot[None]) -> JournalScreen:
    screen = JournalScreen(app.trainer)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def shown(screen: JournalScreen) -> str:
    return "\n".join(str(s.render()) for s in screen.query("#entry Static").results(Static))


async def test_journal_screen_with_the_keyboard(make_trainer: TrainerFactory, clock: FixedClock,
                                                data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    newest, oldest = add_entries(trainer, clock)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(app, pilot)
        assert screen.query_one("#entries", OptionList).option_count == 2
        assert "[red]passed over[/]" in shown(screen)  # newest first, shown literally
        assert "Tue 3 Mar 2026, 13:00" in shown(screen)
        await pilot.press("down")
        assert "couldn't come to my birthday" in shown(screen)
        assert "Call him on Sunday." in shown(screen)
        # Asked first; "n" keeps it.
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")
        assert isinstance(app.screen, JournalScreen) and len(journal.entries(trainer)) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [e.id for e in journal.entries(trainer)] == [newest.id]
        assert not (data_dir / "journal" / f"{oldest.id}.json").exists()
        assert screen.query_one("#entries", OptionList).option_count == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert journal.entries(trainer) == []
        assert screen.query_one("#journal-empty").display
        await pilot.press("escape")
        assert not isinstance(app.screen, JournalScreen)


async def test_journal_screen_with_the_mouse(make_trainer: TrainerFactory,
                                             clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    newest, _oldest = add_entries(trainer, clock)
    app = TrainerApp(trainer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(app, pilot)
        assert await pilot.click("#entries", offset=(4, 3))  # the second entry (two lines each)
        await pilot.pause()
        assert "couldn't come to my birthday" in shown(screen)
        assert await pilot.click("#delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        assert await pilot.click("#keep")
        await pilot.pause()
        assert len(journal.entries(trainer)) == 2
        assert await pilot.click("#delete")
        await pilot.pause()
        assert await pilot.click("#delete")  # the modal's Delete button
        await pilot.pause()
        assert [e.id for e in journal.entries(trainer)] == [newest.id]


async def test_an_empty_journal_says_so_kindly(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(app, pilot)
        text = str(screen.query_one("#journal-empty", Static).render())
        assert "empty for now" in text
        assert not screen.check_action("delete", ())


def test_snapshot_journal_list(snap_compare: Any, make_trainer: TrainerFactory,
                               clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    add_entries(trainer, clock)

    async def open_it(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrainerApp)
        await open_journal(app, pilot)

    assert snap_compare(TrainerApp(trainer), terminal_size=SIZE, run_before=open_it)
