"""Nothing practised is lost: full disks, damaged files, old formats, odd clocks, two windows."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import TrainerFactory, deck_with, option_key, saved_snapshot
from trainer import cli
from trainer.domain.cards import MAX_INTERVAL, CardState, card_or_none, make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.domain.kinds.anchor import AnchorResult
from trainer.services.decks import DeckSet
from trainer.services.practice import Trainer
from trainer.services.progress import ProgressBook
from trainer.store import atomic, backup, lock, migrate
from trainer.store import store as store_module
from trainer.store.atomic import StoreError
from trainer.store.lock import AlreadyOpen
from trainer.store.store import DataTooNew, Store

ROOT = Path(__file__).resolve().parent.parent
V1 = Path(__file__).parent / "data" / "v1"
CARDS_BIN = Path(__file__).parent / "data" / "cards-bin"
DISK_ERRORS = [errno.ENOSPC, errno.EDQUOT, errno.EIO]

DECK = deck_with("".join(f'''
[[items]]
id = "c{n}"
kind = "choice"
prompt = "Question {n}?"
options = ["wrong", "right", "also wrong"]
answer = 2
explanation = "Because."
''' for n in range(6)))


def answer(trainer: Trainer, n: int = 0, pick: int = 1) -> str:
    """Answer item n of the deck; returns the review id."""
    item = trainer.deckset.decks[0].items[n]
    trainer.answer(None, item, pick, 2.0)
    assert trainer._last is not None
    return trainer._last[0]


def full_replay(log: Path) -> dict[str, Any]:
    cards: dict[str, Any] = {}
    for line in log.read_bytes().splitlines():
        rec = json.loads(line)
        if rec["type"] == "review":
            cards[rec["card"]] = rec["after"]
        elif rec["type"] == "undo":
            if rec["state"] is None:
                cards.pop(rec["card"], None)
            else:
                cards[rec["card"]] = rec["state"]
    return {k: CardState.from_dict(v) for k, v in cards.items()}


def reopen(data_dir: Path) -> Store:
    return Store(data_dir, daily_backup=False)


@pytest.fixture
def fail_fd_writes(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """fail_fd_writes(fd, err, call="write"): make os.write or os.fsync fail for one file."""
    def install(fd: int, err: int, call: str = "write") -> None:
        real = getattr(os, call)

        def failing(target: int, *args: Any) -> Any:
            if target == fd:
                raise OSError(err, os.strerror(err))
            return real(target, *args)
        monkeypatch.setattr(os, call, failing)
    return install


# -- full disk: the answer path ----------------------------------------------------------------

@pytest.mark.parametrize("err", DISK_ERRORS)
@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_failed_answer_leaves_everything_as_it_was(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        fail_fd_writes: Callable[..., None], err: int, call: str) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    log = trainer.store.log.path
    before_bytes, before_cards = log.read_bytes(), dict(trainer.store.cards)
    assert trainer.store.log.fd is not None
    fail_fd_writes(trainer.store.log.fd, err, call)
    with pytest.raises(StoreError) as info:
        answer(trainer, 1)
    assert info.value.errno == err
    assert "could not save your answer" in str(info.value.strerror)
    assert log.read_bytes() == before_bytes
    assert trainer.store.cards == before_cards
    assert set(trainer.cards) == {"test/c0"}
    monkeypatch.undo()  # the disk has room again
    answer(trainer, 1)
    trainer.store.close()
    store = reopen(data_dir)
    assert len(store.history()) == 2 and store.skipped_lines == 0
    store.close()


def test_a_short_write_that_cannot_be_cut_back_is_cut_before_the_next_answer(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    log = trainer.store.log
    good = log.path.read_bytes()
    real_write, real_truncate = os.write, os.ftruncate

    def half(fd: int, data: bytes) -> int:
        if fd == log.fd:
            return real_write(fd, bytes(data)[: len(data) // 2])
        return real_write(fd, data)

    def broken_truncate(fd: int, size: int) -> None:
        if fd == log.fd:
            raise OSError(errno.EIO, "I/O error")
        real_truncate(fd, size)

    monkeypatch.setattr(os, "write", half)
    monkeypatch.setattr(os, "ftruncate", broken_truncate)
    with pytest.raises(StoreError):
        answer(trainer, 1)
    assert len(log.path.read_bytes()) > len(good)  # half a line is stuck on the end
    monkeypatch.undo()
    answer(trainer, 2)
    assert log.path.read_bytes().startswith(good)
    trainer.store.close()
    store = reopen(data_dir)
    assert [r["card"] for r in store.history()] == ["test/c0", "test/c2"]
    assert store.skipped_lines == 0 and store.notices == []
    store.close()


# -- full disk: snapshot, profile, closing -----------------------------------------------------

@pytest.fixture
def fail_state_writes(monkeypatch: pytest.MonkeyPatch) -> Callable[[int, str], None]:
    """Make atomic writes of state.json and cards.json fail at the given step."""
    def install(err: int, step: str) -> None:
        real_write_all, real_replace = atomic.write_all, os.replace

        def write_all(fd: int, data: bytes) -> None:
            if step == "write":
                raise OSError(err, os.strerror(err))
            real_write_all(fd, data)

        def replace(src: Any, dst: Any) -> None:
            if step == "replace" and Path(dst).name in ("state.json", "cards.json"):
                raise OSError(err, os.strerror(err))
            real_replace(src, dst)

        monkeypatch.setattr(atomic, "write_all", write_all)
        monkeypatch.setattr(os, "replace", replace)
    return install


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("err", DISK_ERRORS)
@pytest.mark.parametrize("step", ["write", "replace"])
def test_a_failed_snapshot_leaves_the_old_one(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        fail_state_writes: Callable[[int, str], None], err: int, step: str) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.store.save_snapshot()
    state = data_dir / "cards.json"
    saved = state.read_bytes()
    answer(trainer, 1)
    fail_state_writes(err, step)
    with pytest.raises(StoreError) as info:
        trainer.store.save_snapshot()
    assert info.value.errno == err
    assert state.read_bytes() == saved
    assert temp_files(data_dir) == []
    monkeypatch.undo()
    trainer.store.save_snapshot()  # still due: it is written once the disk has room
    assert saved_snapshot(data_dir)[1] == trainer.store.log.size


@pytest.mark.parametrize("err", DISK_ERRORS)
def test_a_failed_settings_write_changes_nothing(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        fail_state_writes: Callable[[int, str], None], err: int) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 12)
    state = data_dir / "state.json"
    saved = state.read_bytes()
    fail_state_writes(err, "write")
    with pytest.raises(StoreError):
        trainer.set_setting("session_size", 20)
    assert state.read_bytes() == saved
    assert trainer.setting("session_size") == 12
    monkeypatch.undo()
    trainer.set_setting("new_per_day", 5)
    trainer.store.close()
    store = reopen(data_dir)
    assert store.profile["session_size"] == 12 and store.profile["new_per_day"] == 5
    store.close()


def test_closing_on_a_full_disk_lets_go_of_the_lock_and_keeps_every_answer(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        fail_state_writes: Callable[[int, str], None]) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    answer(trainer, 1)
    cards = dict(trainer.store.cards)
    fail_state_writes(errno.ENOSPC, "write")
    with pytest.raises(StoreError):
        trainer.store.close()
    assert trainer.store.lock is not None and trainer.store.lock.fd is None
    monkeypatch.undo()
    store = reopen(data_dir)
    assert store.cards == cards
    store.close()


def test_the_command_line_says_so_when_the_last_save_fails(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        fail_state_writes: Callable[[int, str], None]) -> None:
    from trainer.ui.app import TrainerApp

    def run(app: TrainerApp) -> None:
        trainer = app.trainer
        item = trainer.deckset.decks[0].items[0]
        trainer.answer(None, item, 0)
        fail_state_writes(errno.ENOSPC, "write")

    monkeypatch.setattr(TrainerApp, "run", run)
    assert cli.main(["--data-dir", str(data_dir)]) == 0
    err = capsys.readouterr().err
    assert "safe in your review history" in err and "No space left" in err
    monkeypatch.undo()
    store = reopen(data_dir)
    assert len(store.history()) == 1
    store.close()


# -- full disk: in the app ---------------------------------------------------------------------

async def test_the_app_says_when_an_answer_cant_be_saved_and_takes_it_when_it_can(
        make_trainer: TrainerFactory, monkeypatch: pytest.MonkeyPatch,
        fail_fd_writes: Callable[..., None]) -> None:
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.drill import DrillScreen

    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    said: list[tuple[str, dict[str, Any]]] = []
    real_notify = app.notify

    def notify(message: str, **kw: Any) -> None:
        said.append((message, kw))
        real_notify(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DrillScreen)
        screen: DrillScreen = app.screen
        assert trainer.store.log.fd is not None
        fail_fd_writes(trainer.store.log.fd, errno.ENOSPC)
        await pilot.press(option_key(app, 1))
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert not screen.answered and screen.run.results == []
        message, kw = said[-1]
        assert kw.get("title") == "Couldn't save this answer" and kw.get("severity") == "error"
        assert "free some space" in message
        monkeypatch.undo()  # the disk has room again
        await pilot.press(option_key(app, 1))
        await pilot.pause()
        assert screen.answered and len(screen.run.results) == 1
        assert screen.query_one("#feedback")
    assert len(trainer.store.history()) == 1


async def test_quitting_when_the_snapshot_cant_be_saved_does_not_crash(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        fail_state_writes: Callable[[int, str], None]) -> None:
    from trainer.ui.app import TrainerApp

    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("2")
        await pilot.press("enter")
        fail_state_writes(errno.ENOSPC, "write")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    monkeypatch.undo()
    trainer.store.close()
    store = reopen(data_dir)
    assert len(store.history()) == 1
    store.close()


# -- damaged files -----------------------------------------------------------------------------

def practise_some(make_trainer: TrainerFactory) -> Trainer:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 7)
    for n in range(4):
        answer(trainer, n, pick=n % 2)
    trainer.store.save_snapshot()
    answer(trainer, 4)  # only in the log
    return trainer


DAMAGED = {
    "not json": b'{"profile": {"1": {"session_size": 7, "du',
    "not an object": b"[1, 2, 3]",
    "a table that is a list": b'{"cards": [], "profile": {"1": {"session_size": 7}}}',
    "a bad format note": b'{"meta": {"1": {"schema": "one", "log_offset": 0}}}',
    "empty": b"",
    "not utf-8": b"\xff\xfe{}",
}
DAMAGED_CARDS = {
    "not json": b'{"cards": {"1": {"key": "test/c0", "du',
    "not an object": b"[1, 2, 3]",
    "a table that is a list": b'{"cards": [], "meta": {"1": {"format": 1, "log_offset": 0}}}',
    "a card without a due date": b'{"meta": {"1": {"format": 1, "log_offset": 0}}, '
                                 b'"cards": {"1": {"key": "test/c0", "state": 1}}}',
    "a card with a naive date": b'{"meta": {"1": {"format": 1, "log_offset": 0}}, '
                                b'"cards": {"1": {"key": "test/c0", "due": "2026-03-02T09:00"}}}',
    "a count out of range": b'{"meta": {"1": {"format": 1, "log_offset": 0}}, "cards": {"1": '
                            b'{"key": "test/c0", "due": "2026-03-02T09:00:00+00:00", '
                            b'"reps": 9223372036854775808}}}',
    "an offset that is text": b'{"meta": {"1": {"format": 1, "log_offset": "0"}}}',
    "empty": b"",
    "not utf-8": b"\xff\xfe{}",
}


@pytest.mark.parametrize("name", list(DAMAGED_CARDS))
def test_a_damaged_card_table_is_moved_aside_and_rebuilt_from_the_log(
        make_trainer: TrainerFactory, data_dir: Path, name: str) -> None:
    practise_some(make_trainer).store.close()
    (data_dir / "cards.json").write_bytes(DAMAGED_CARDS[name])
    store = reopen(data_dir)
    try:
        aside = list(data_dir.glob("cards.json.corrupt-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == DAMAGED_CARDS[name]
        assert store.cards == full_replay(data_dir / "reviews.jsonl") and len(store.cards) == 5
        assert store.profile.get("session_size") == 7
        assert any(str(aside[0]) in n and "rebuilt from your review history" in n
                   for n in store.notices)
    finally:
        store.close()
    again = reopen(data_dir)
    assert again.notices == [] and len(again.cards) == 5
    again.close()


@pytest.mark.parametrize("name", list(DAMAGED))
def test_a_damaged_snapshot_is_moved_aside_and_rebuilt_from_the_log(
        make_trainer: TrainerFactory, data_dir: Path, name: str) -> None:
    trainer = practise_some(make_trainer)
    backup.make(data_dir, "manual")  # has the settings
    trainer.store.close()
    (data_dir / "state.json").write_bytes(DAMAGED[name])
    store = reopen(data_dir)
    try:
        aside = list(data_dir.glob("state.json.corrupt-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == DAMAGED[name]
        assert store.cards == full_replay(data_dir / "reviews.jsonl")
        assert len(store.cards) == 5
        assert store.profile.get("session_size") == 7
        assert any(str(aside[0]) in n and "nothing was deleted" in n for n in store.notices)
        # Repaired on disk straight away.
        saved = json.loads((data_dir / "state.json").read_bytes())
        assert saved["profile"]["1"]["session_size"] == 7
    finally:
        store.close()
    again = reopen(data_dir)
    assert again.notices == [] and len(again.cards) == 5
    again.close()


def test_a_readonly_open_of_a_damaged_snapshot_changes_nothing(
        make_trainer: TrainerFactory, data_dir: Path) -> None:
    practise_some(make_trainer).store.close()
    (data_dir / "state.json").write_bytes(b"{oops")
    store = Store(data_dir, writable=False)
    assert len(store.cards) == 5
    assert (data_dir / "state.json").read_bytes() == b"{oops"
    assert not list(data_dir.glob("state.json.corrupt-*"))
    assert any("Opening the app repairs it" in n for n in store.notices)


def test_a_snapshot_that_reaches_past_the_log_is_rebuilt_from_it(
        make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = practise_some(make_trainer)
    trainer.store.save_snapshot()
    trainer.store.close()
    log = data_dir / "reviews.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]))  # as if the log had been replaced by an older copy
    store = reopen(data_dir)
    try:
        assert store.cards == full_replay(log) and len(store.cards) == 2
        assert store.profile.get("session_size") == 7
        assert any("did not match your review history" in n for n in store.notices)
    finally:
        store.close()
    assert saved_snapshot(data_dir)[0] == full_replay(log)


def test_a_legacy_snapshot_that_reaches_past_the_log_is_rebuilt_after_a_backup(
        data_dir: Path) -> None:
    """state.json of the first release, describing a longer log than the one there."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copy(V1 / "state.json", data_dir / "state.json")
    lines = (V1 / "reviews.jsonl").read_bytes().splitlines(keepends=True)
    (data_dir / "reviews.jsonl").write_bytes(b"".join(lines[:2]))
    store = reopen(data_dir)
    try:
        assert store.cards == full_replay(data_dir / "reviews.jsonl")
        assert any("did not match your review history" in n for n in store.notices)
        saved = [b for b in backup.list_backups(data_dir) if b.reason == "migration"]
        assert (saved[0].path / "state.json").read_bytes() == (V1 / "state.json").read_bytes()
    finally:
        store.close()


def test_a_torn_last_line_is_set_aside_and_told(make_trainer: TrainerFactory,
                                                data_dir: Path) -> None:
    practise_some(make_trainer).store.close()
    log = data_dir / "reviews.jsonl"
    good = log.read_bytes()
    log.write_bytes(good + b'{"type":"review","v":1,"rid":"x')
    store = reopen(data_dir)
    try:
        torn = list(data_dir.glob("reviews.jsonl.torn-*"))
        assert len(torn) == 1 and torn[0].read_bytes() == b'{"type":"review","v":1,"rid":"x'
        assert log.read_bytes() == good
        assert any(str(torn[0]) in n and "cut off" in n for n in store.notices)
        assert stat.S_IMODE(torn[0].stat().st_mode) == 0o600
    finally:
        store.close()


def test_unreadable_lines_in_the_middle_are_skipped_counted_and_told(
        make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.store.close()
    log = data_dir / "reviews.jsonl"
    first = log.read_bytes()
    bad_card = json.loads(first)
    bad_card["rid"], bad_card["after"] = "bad", {"key": "test/c1", "due": "soon"}
    bad_card["card"] = "test/c1"
    other = {"type": "session", "v": 1, "at": "2026-03-02T09:05:00+00:00", "answered": 1}
    log.write_bytes(first + b"this is not json\n" + b"\0\0\0\0\n"
                    + json.dumps(bad_card).encode() + b"\n"
                    + json.dumps(other).encode() + b"\n")
    store = Store(data_dir, daily_backup=False)
    assert store.skipped_lines == 2  # the garbage line and the review with a broken state
    assert set(store.cards) == {"test/c0"}
    assert any("2 line(s)" in n and "doctor" in n for n in store.notices)
    deck = DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")])
    trainer = Trainer(store, deck, FixedClock(datetime(2026, 3, 2, 10, tzinfo=UTC)),
                      make_scheduler(fuzz=False))
    answer(trainer, 1)
    assert [r["card"] for r in store.history()] == ["test/c0", "test/c1"]
    store.close()


async def test_the_app_shows_the_notices_on_start(make_trainer: TrainerFactory,
                                                  data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.ui.app import TrainerApp

    practise_some(make_trainer).store.close()
    (data_dir / "state.json").write_bytes(b"[")
    store = reopen(data_dir)
    deck = DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")])
    trainer = Trainer(store, deck, FixedClock(datetime(2026, 3, 2, 10, tzinfo=UTC)))
    app = TrainerApp(trainer)
    said: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kw: Any) -> None:
        said.append(message)
        real_notify(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("state.json.corrupt-" in m for m in said)
    store.close()


# -- formats -----------------------------------------------------------------------------------

@pytest.fixture
def v1_dir(tmp_path: Path) -> Path:
    target = tmp_path / "v1"
    shutil.copytree(V1, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def test_data_in_the_first_released_format_opens_with_all_cards(v1_dir: Path) -> None:
    expected = full_replay(v1_dir / "reviews.jsonl")
    assert len(expected) == 8
    snapshot = json.loads((v1_dir / "state.json").read_bytes())
    assert len(snapshot["cards"]) < 8  # the fixture's last answers are only in its log
    store = Store(v1_dir)
    try:
        assert store.cards == expected
        assert len(store.notices) == 1 and "updated to format 2" in store.notices[0]
        assert store.profile == {"welcomed": True, "session_size": 6}
        assert len(store.history()) == 11
        deck = DeckSet(decks=[parse_deck(FIXTURE_DECK.encode(), "fixture.toml")])
        trainer = Trainer(store, deck, FixedClock(datetime(2026, 3, 4, 9, tzinfo=UTC)))
        assert len(trainer.cards) == 8
        trainer.answer(None, deck.decks[0].items[0], 1)
    finally:
        store.close()
    again = Store(v1_dir, writable=False)
    assert len(again.cards) == 8 and again.skipped_lines == 0
    # The card states moved from state.json to cards.json, which covers the whole log.
    state = json.loads((v1_dir / "state.json").read_bytes())
    assert "cards" not in state and "log_offset" not in state["meta"]["1"]
    cards, offset = saved_snapshot(v1_dir)
    assert offset == (v1_dir / "reviews.jsonl").stat().st_size
    assert cards == dict(again.cards)


@pytest.fixture
def cards_bin_dir(tmp_path: Path) -> Path:
    target = tmp_path / "cards-bin"
    shutil.copytree(CARDS_BIN, target, ignore=shutil.ignore_patterns("*.md", "*.txt"))
    (target / "deck-cache.bin").write_bytes(b"SETDECK4 an old deck cache")
    return target


def test_data_in_the_cards_bin_layout_moves_into_tinydb_after_a_backup(
        cards_bin_dir: Path) -> None:
    root = cards_bin_dir
    expected = full_replay(root / "reviews.jsonl")
    assert len(expected) == 8
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    store = Store(root)
    try:
        assert store.cards == expected
        assert store.profile == {"welcomed": True, "session_size": 6}
        assert any("updated to format 2" in n for n in store.notices)
        book = ProgressBook(store, UTC, 4)  # rebuilt from the log: nothing of progress lost
        assert book.data["answers"] == 11 and book.data["sessions"] == 1
    finally:
        store.close()
    # A backup first, holding the folder exactly as it was.
    saved = [b for b in backup.list_backups(root) if b.reason == "migration"]
    assert len(saved) == 1
    for name in ("state.json", "cards.bin", "progress.json", "reviews.jsonl"):
        assert (saved[0].path / name).read_bytes() == before[name], name
    # The old files are gone; card states and progress are TinyDB tables in cards.json.
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) == [
        "backups", "cards.json", "reviews.jsonl", "state.json"]
    db = json.loads((root / "cards.json").read_bytes())
    assert len(db["cards"]) == 8 and db["progress"]["1"]["answers"] == 11
    assert json.loads((root / "state.json").read_bytes())["meta"]["1"] == {"schema": 2}
    # And it runs once: the next start finds nothing to update.
    again = Store(root)
    try:
        assert again.cards == expected and again.notices == []
    finally:
        again.close()
    assert len([b for b in backup.list_backups(root) if b.reason == "migration"]) == 1


def test_a_readonly_open_of_old_data_changes_no_file(v1_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in v1_dir.iterdir()}
    store = Store(v1_dir, writable=False)
    assert len(store.cards) == 8
    assert {p.name: p.read_bytes() for p in v1_dir.iterdir()} == before


def test_a_format_update_runs_once_after_a_backup(v1_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def one_to_two(state: dict[str, Any]) -> dict[str, Any]:
        calls.append(1)
        state["profile"]["1"]["migrated"] = True
        return state

    monkeypatch.setattr(migrate, "SCHEMA", 3)
    monkeypatch.setattr(store_module, "SCHEMA", 3)
    monkeypatch.setitem(migrate.MIGRATIONS, 2, one_to_two)
    old_state = (v1_dir / "state.json").read_bytes()
    store = Store(v1_dir)
    try:
        assert calls == [1]
        assert store.profile["migrated"] is True and len(store.cards) == 8
        saved = [b for b in backup.list_backups(v1_dir) if b.reason == "migration"]
        assert len(saved) == 1 and (saved[0].path / "state.json").read_bytes() == old_state
        assert any("updated to format 3" in n and saved[0].name in n for n in store.notices)
        on_disk = json.loads((v1_dir / "state.json").read_bytes())
        assert on_disk["meta"]["1"]["schema"] == 3
    finally:
        store.close()
    Store(v1_dir).close()
    assert calls == [1]


def test_data_from_a_newer_version_is_refused_and_left_alone(v1_dir: Path) -> None:
    state = json.loads((v1_dir / "state.json").read_bytes())
    state["meta"]["1"]["schema"] = 99
    (v1_dir / "state.json").write_text(json.dumps(state))
    before = (v1_dir / "state.json").read_bytes()
    with pytest.raises(DataTooNew, match="newer version"):
        Store(v1_dir)
    assert (v1_dir / "state.json").read_bytes() == before
    with pytest.raises(DataTooNew):
        Store(v1_dir, writable=False)
    assert lock.status(v1_dir).held is False  # the lock was let go


def test_log_records_carry_the_format(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.undo()
    for _end, rec in trainer.store.log.records():
        assert rec["schema"] == migrate.SCHEMA and rec["v"] == 1


FIXTURE_DECK = 'id = "fixture"\ntitle = "Fixture deck"\nversion = 1\nskill = "feelings"\n' + "".join(
    f'\n[[items]]\nid = "c{n}"\nkind = "choice"\nprompt = "Question {n}?"\n'
    f'options = ["one", "two", "three"]\nanswer = 2\nexplanation = "Because."\n'
    for n in range(8))


# -- clocks ------------------------------------------------------------------------------------

ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Auckland"),
         ZoneInfo("America/Los_Angeles")]
CLOCK_DECK = DECK + '''
[[items]]
id = "anchor"
kind = "anchor"
skill = "anchors"
prompt = "Feel your feet on the floor."
explanation = "Grounding."
'''


def check_cards(trainer: Trainer, now: datetime) -> None:
    for card in trainer.cards.values():
        assert card.last_review is not None
        assert card.due >= card.last_review - timedelta(days=1)
        assert card.due <= now + MAX_INTERVAL + timedelta(days=3)
    trainer.skill_counts()
    trainer.start_session()


@pytest.fixture
def wandering() -> Iterator[FixedClock]:
    yield FixedClock(datetime(2026, 3, 20, 9, tzinfo=UTC), ZONES[0])


def anchor_item(trainer: Trainer) -> Any:
    return next((i for d in trainer.deckset.decks for i in d.items if i.kind == "anchor"), None)


def test_a_clock_that_goes_back_three_days_between_answers(
        data_dir: Path, wandering: FixedClock) -> None:
    store = Store(data_dir)
    deck = DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")])
    trainer = Trainer(store, deck, wandering, make_scheduler(fuzz=False))
    last: dict[str, datetime] = {}
    for n in range(12):
        item = deck.decks[0].items[n % 3]
        trainer.answer(None, item, n % 2)
        card = trainer.cards[item.key]
        assert card.last_review is not None
        assert card.last_review >= last.get(item.key, card.last_review)
        last[item.key] = card.last_review
        check_cards(trainer, max(last.values()))
        wandering.advance(days=-3 if n % 2 == 0 else 1)
    cards = dict(store.cards)
    store.close()
    again = reopen(data_dir)
    assert again.cards == cards
    again.close()


def test_time_zones_and_daylight_saving_changes_between_answers(
        data_dir: Path, wandering: FixedClock) -> None:
    store = Store(data_dir)
    deck = DeckSet(decks=[parse_deck(CLOCK_DECK.encode(), "t.toml")])
    trainer = Trainer(store, deck, wandering, make_scheduler(fuzz=False))
    items = [i for i in deck.decks[0].items if i.kind == "choice"]
    anchor = anchor_item(trainer)
    assert anchor is not None
    # Berlin springs forward on 29 March 2026 (02:00 -> 03:00), Los Angeles on 8 March,
    # Auckland falls back on 5 April (03:00 -> 02:00): walk across all of them hour by hour.
    wandering.moment = datetime(2026, 3, 7, 20, tzinfo=UTC)
    n = 0
    while wandering.moment < datetime(2026, 4, 6, tzinfo=UTC):
        wandering.zone = ZONES[n % 3]
        trainer.answer(None, items[n % len(items)], n % 3)
        if n % 5 == 0:
            trainer.answer(None, anchor, AnchorResult(returns=2, seconds=60))
            due = trainer.cards[anchor.key].due
            assert wandering.now() < due <= wandering.now() + timedelta(hours=26)
        check_cards(trainer, wandering.now())
        wandering.advance(hours=7)
        n += 1
    assert n > 90
    cards = dict(store.cards)
    store.close()
    again = reopen(data_dir)
    assert again.cards == cards
    for state in again.cards.values():
        assert CardState.from_dict(json.loads(json.dumps(state.to_dict()))) == state
    again.close()


# -- one writer --------------------------------------------------------------------------------

def test_a_second_store_says_who_and_where(make_trainer: TrainerFactory, data_dir: Path) -> None:
    make_trainer(DECK)
    with pytest.raises(AlreadyOpen) as info:
        Store(data_dir)
    message = str(info.value)
    assert f"process {os.getpid()}" in message and str(data_dir) in message


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_stale_lock_from_a_dead_process_is_taken_over(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    pid = dead_pid()
    (data_dir / ".lock").write_text(f"{pid} somehost\n")
    st = lock.status(data_dir)
    assert (st.held, st.pid, st.stale) == (False, pid, True)
    assert not lock.pid_alive(pid)
    store = Store(data_dir)
    assert lock.holder(data_dir / ".lock")[0] == os.getpid()
    assert lock.status(data_dir).held
    store.close()
    assert lock.status(data_dir) == lock.LockStatus(False, None, None, False)


def test_a_second_instance_exits_1_with_the_message(make_trainer: TrainerFactory,
                                                    data_dir: Path) -> None:
    make_trainer(DECK)
    done = subprocess.run([sys.executable, "-m", "trainer", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert "already open" in done.stderr and f"process {os.getpid()}" in done.stderr
    assert str(data_dir) in done.stderr
    assert "Traceback" not in done.stderr


# -- privacy -----------------------------------------------------------------------------------

def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode)
            for p in [root, *root.rglob("*")]
            if not {"journal", "decks"} & set(p.relative_to(root).parts)}


def test_every_file_is_owner_only_even_with_a_lax_umask(data_dir: Path,
                                                         clock: FixedClock) -> None:
    old = os.umask(0)
    try:
        store = Store(data_dir)
        deck = DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")])
        trainer = Trainer(store, deck, clock)
        trainer.set_setting("welcomed", True)
        answer(trainer, 0)
        trainer.end_session()
        backup.make(data_dir, "manual")
        store.close()
        (data_dir / "reviews.jsonl").open("ab").write(b"{torn")
        Store(data_dir).close()  # sets the torn line aside
    finally:
        os.umask(old)
    found = modes(data_dir)
    assert any(".torn-" in name for name in found)
    assert any(name.startswith("backups/") for name in found)
    for name, mode in found.items():
        is_dir = (data_dir / name).is_dir() if name != "." else True
        assert mode == (0o700 if is_dir else 0o600), name


def test_loose_permissions_are_tightened_at_open(make_trainer: TrainerFactory,
                                                 data_dir: Path) -> None:
    make_trainer(DECK).store.close()
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "state.json", 0o644)
    Store(data_dir).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "state.json").stat().st_mode) == 0o600


def test_card_states_read_from_disk_are_checked() -> None:
    good = CardState(key="k", due=datetime(2026, 3, 2, tzinfo=UTC)).to_dict()
    assert card_or_none(good, "k") == CardState.from_dict(good)
    for bad in ({**good, "state": 9}, {**good, "reps": -1}, {**good, "reps": 2**63},
                {**good, "correct": 2**31, "reps": 2**31}, {**good, "lapses": "3"},
                {**good, "step": 2**31}, {**good, "last_review": "yesterday"},
                {**good, "due": "2026-03-02T00:00:00"}, {**good, "stability": float("nan")},
                {**good, "difficulty": 1e308}, {**good, "due": "0001-01-01T00:00:00+00:00"},
                {**good, "correct": 1}, [good], None):
        assert card_or_none(bad) is None, bad
    assert card_or_none(good, "other") is None


def test_half_written_temp_files_are_swept_at_open(make_trainer: TrainerFactory,
                                                   data_dir: Path) -> None:
    make_trainer(DECK).store.close()
    for name in (".state.json.123.abcdef.tmp", ".progress.json.9.000000.tmp"):
        (data_dir / name).write_text("{half")
    (data_dir / "my.tmp").write_text("not ours")
    Store(data_dir).close()
    assert sorted(p.name for p in data_dir.glob("*.tmp")) == ["my.tmp"]
    assert not list(data_dir.glob(".*.tmp"))
