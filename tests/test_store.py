"""The store: answers survive reopening and crashes, one writer at a time, failed writes change nothing."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TrainerFactory, deck_with, saved_snapshot
from trainer.domain.cards import CardState, make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.services.decks import DeckSet
from trainer.services.practice import Trainer
from trainer.store import atomic, migrate, reviewlog
from trainer.store.atomic import StoreError
from trainer.store.lock import AlreadyOpen
from trainer.store.settings_file import STATE_FILE
from trainer.store.store import LOG_FILE, SNAPSHOT_FILE, Store

DECK = deck_with("".join(f'''[[items]]
id = "c{n}"
kind = "choice"
skill = "{skill}"
prompt = "Question {n}?"
options = ["wrong", "right"]
answer = 2
explanation = "Because."
''' for n, skill in enumerate(["feelings", "needs", "witness", "feelings", "needs"])))


def reopen(data_dir: Path, clock: FixedClock, *, writable: bool = True) -> Trainer:
    store = Store(data_dir, writable=writable)
    return Trainer(store, DeckSet(decks=[parse_deck(DECK.encode(), "t.toml")]), clock,
                   make_scheduler(fuzz=False))


def crash(store: Store) -> None:
    """What the OS does when the process dies: files closed, lock dropped, nothing saved."""
    store.log.close()
    assert store.lock is not None
    store.lock.release()


def answer_some(trainer: Trainer, picks: list[int]) -> None:
    run = trainer.start_session()
    for pick in picks:
        item = run.current
        assert item is not None
        trainer.answer(run, item, pick, seconds=2.5)


def snapshot_cards(data_dir: Path) -> dict[str, CardState]:
    """The card states saved in the snapshot (cards.json), by key."""
    return saved_snapshot(data_dir)[0]


# -- reopening ----------------------------------------------------------------------------------


def test_reopen_after_a_crash_without_a_snapshot(make_trainer: TrainerFactory, data_dir: Path,
                                                 clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0, 1])
    cards = dict(trainer.cards)
    history = trainer.store.history()
    assert len(cards) == 3
    crash(trainer.store)
    assert snapshot_cards(data_dir) == {}  # only the profile was ever saved

    again = reopen(data_dir, clock)
    try:
        assert again.cards == cards
        assert again.store.history() == history
        assert [r["correct"] for r in history] == [True, False, True]
        assert again.setting("welcomed") is True
        assert sum(c.reps for c in again.cards.values()) == 3
    finally:
        again.store.close()


def test_reopen_with_a_snapshot_and_answers_after_it(make_trainer: TrainerFactory, data_dir: Path,
                                                     clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 1])
    trainer.end_session()  # saves the snapshot
    assert len(snapshot_cards(data_dir)) == 2
    clock.advance(minutes=5)
    answer_some(trainer, [0])  # after the snapshot: only in the log
    cards = dict(trainer.cards)
    assert len(cards) == 3
    crash(trainer.store)

    again = reopen(data_dir, clock)
    try:
        assert again.cards == cards
        assert len(again.store.history()) == 3
    finally:
        again.store.close()
    # A clean close saves a snapshot covering everything; reopening reads it back.
    assert len(snapshot_cards(data_dir)) == 3
    third = reopen(data_dir, clock, writable=False)
    assert third.cards == cards
    third.store.close()


def test_a_snapshot_ahead_of_the_log_is_not_trusted(make_trainer: TrainerFactory, data_dir: Path,
                                                    clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 1])
    trainer.store.close()
    # The log is replaced by a shorter one (say, restored from an older backup).
    log = data_dir / LOG_FILE
    first = log.read_bytes().split(b"\n")[0] + b"\n"
    log.write_bytes(first)
    again = reopen(data_dir, clock)
    try:
        assert list(again.cards) == [json.loads(first)["card"]]
    finally:
        again.store.close()


# -- a crash in the middle of an append ---------------------------------------------------------


@pytest.mark.parametrize("torn", [b'{"type":"review","v":1,"rid":"abc', b'{"x":"' + b"y" * 9000],
                         ids=["short", "longer-than-a-read-chunk"])
def test_a_torn_last_line_is_set_aside(make_trainer: TrainerFactory, data_dir: Path,
                                       clock: FixedClock, torn: bytes) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0])
    cards = dict(trainer.cards)
    trainer.store.close()
    log = data_dir / LOG_FILE
    good = log.read_bytes()
    with open(log, "ab") as f:
        f.write(torn)

    again = reopen(data_dir, clock)
    try:
        aside = sorted(data_dir.glob(f"{LOG_FILE}.torn-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes() == torn
        assert again.store.log.torn == aside[0]
        assert stat.S_IMODE(aside[0].stat().st_mode) == 0o600
        assert log.read_bytes() == good
        assert again.cards == cards
        assert len(again.store.history()) == 2
        # The next append goes on a fresh line and everything reads back.
        answer_some(again, [1])
        assert len(again.store.history()) == 3
        lines = log.read_bytes().split(b"\n")
        assert lines[-1] == b""
        assert all(isinstance(json.loads(line), dict) for line in lines[:-1])
    finally:
        again.store.close()


def test_a_log_that_is_only_a_torn_line(data_dir: Path, clock: FixedClock) -> None:
    data_dir.mkdir()
    (data_dir / LOG_FILE).write_bytes(b'{"type":"rev')
    trainer = reopen(data_dir, clock)
    try:
        assert trainer.cards == {}
        assert (data_dir / LOG_FILE).read_bytes() == b""
        assert [p.read_bytes() for p in data_dir.glob(f"{LOG_FILE}.torn-*")] == [b'{"type":"rev']
    finally:
        trainer.store.close()


def test_a_reader_skips_a_torn_tail_without_touching_it(make_trainer: TrainerFactory, data_dir: Path,
                                                        clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1])
    trainer.store.close()
    with open(data_dir / LOG_FILE, "ab") as f:
        f.write(b'{"type":"review"')
    before = (data_dir / LOG_FILE).read_bytes()
    reader = reopen(data_dir, clock, writable=False)
    assert len(reader.cards) == 1
    assert len(reader.store.history()) == 1
    reader.store.close()
    assert (data_dir / LOG_FILE).read_bytes() == before
    assert list(data_dir.glob(f"{LOG_FILE}.torn-*")) == []


# -- one writer at a time -----------------------------------------------------------------------


def test_a_second_writer_is_refused_until_the_first_closes(data_dir: Path) -> None:
    first = Store(data_dir)
    with pytest.raises(AlreadyOpen) as e:
        Store(data_dir)
    assert str(data_dir) in str(e.value)
    assert f"process {os.getpid()}" in str(e.value)
    assert e.value.pid == os.getpid()
    first.close()
    second = Store(data_dir)
    assert second.lock is not None and second.lock.fd is not None
    second.close()


def test_a_reader_works_while_a_writer_holds_the_lock(make_trainer: TrainerFactory, data_dir: Path,
                                                      clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0])
    reader = reopen(data_dir, clock, writable=False)
    assert reader.store.lock is None
    assert reader.cards == trainer.cards
    assert reader.setting("welcomed") is True
    with pytest.raises(PermissionError):
        reader.store.set_profile(x=1)
    reader.store.close()
    # Closing the reader did not release the writer's lock.
    with pytest.raises(AlreadyOpen):
        Store(data_dir)
    # And the writer goes on writing.
    answer_some(trainer, [1])
    assert len(trainer.store.history()) == 3


def test_a_reader_of_a_missing_dir_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "nowhere", writable=False)
    assert store.cards == {} and store.profile == {} and store.history() == []
    store.close()
    assert not (tmp_path / "nowhere").exists()


# -- undo -------------------------------------------------------------------------------------


@pytest.mark.parametrize("snapshot_between", [False, True])
def test_undo_is_durable(make_trainer: TrainerFactory, data_dir: Path, clock: FixedClock,
                         snapshot_between: bool) -> None:
    trainer = make_trainer(DECK)
    run = trainer.start_session()
    first = run.queue[0]
    trainer.answer(run, first, 1)
    after_first = trainer.cards[first.key]
    if snapshot_between:
        trainer.end_session()
    clock.advance(days=3)
    run2 = trainer.start_session()
    assert run2.queue[0] == first  # due again
    trainer.answer(run2, first, 0)
    assert trainer.cards[first.key].reps == 2
    rid = trainer.store.history()[-1]["rid"]

    assert trainer.undo() == first
    assert trainer.can_undo() is False
    assert trainer.cards[first.key] == after_first
    assert run2.results == []
    history = trainer.store.history()
    assert rid not in [r["rid"] for r in history]
    assert len(history) == 1
    crash(trainer.store)

    again = reopen(data_dir, clock)
    try:
        assert again.cards == {first.key: after_first}
        assert [r["rid"] for r in again.store.history()] == [h["rid"] for h in history]
    finally:
        again.store.close()


def test_undo_of_a_first_answer_forgets_the_card(make_trainer: TrainerFactory, data_dir: Path,
                                                 clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    run = trainer.start_session()
    item = run.queue[0]
    trainer.answer(run, item, 0)
    assert trainer.undo() == item
    assert trainer.cards == {}
    assert trainer.store.history() == []
    assert trainer.undo() is None  # only one step back
    trainer.store.close()
    again = reopen(data_dir, clock)
    try:
        assert again.cards == {}
        assert again.store.cards == {}
        assert again.start_session().queue[0] == item  # new again
    finally:
        again.store.close()


# -- a write that fails --------------------------------------------------------------------------


@pytest.mark.parametrize("fail", ["write", "partial-write", "fsync"])
def test_a_failed_append_changes_nothing(make_trainer: TrainerFactory, data_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch, fail: str) -> None:
    trainer = make_trainer(DECK)
    run = trainer.start_session()
    trainer.answer(run, run.queue[0], 1)
    log_fd = trainer.store.log.fd
    log = data_dir / LOG_FILE
    before_bytes = log.read_bytes()
    before_cards = dict(trainer.cards)
    before_store = dict(trainer.store.cards)
    before_size = trainer.store.log.size
    real_write, real_fsync = os.write, os.fsync

    def bad_write(fd: int, data: Any) -> int:
        if fd != log_fd:
            return real_write(fd, data)
        if fail == "partial-write":
            real_write(fd, bytes(data[:7]))
        raise OSError(errno.ENOSPC, "No space left on device")

    def bad_fsync(fd: int) -> None:
        if fd != log_fd:
            return real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail == "fsync":
        monkeypatch.setattr(reviewlog.os, "fsync", bad_fsync)
    else:
        monkeypatch.setattr(reviewlog.os, "write", bad_write)
    item = run.current
    assert item is not None
    with pytest.raises(StoreError) as e:
        trainer.answer(run, item, 1)
    assert e.value.errno == errno.ENOSPC
    assert "could not save your answer" in str(e.value)
    monkeypatch.undo()

    assert log.read_bytes() == before_bytes
    assert trainer.cards == before_cards
    assert trainer.store.cards == before_store
    assert trainer.store.log.size == before_size
    assert len(run.results) == 1
    assert run.current == item
    assert len(trainer.store.history()) == 1
    # The undo still takes back the answer that was saved.
    assert trainer.can_undo()
    # Once there is room again, the same answer saves normally.
    trainer.answer(run, item, 1)
    assert len(trainer.store.history()) == 2
    assert item.key in trainer.cards
    assert all(json.loads(x) for x in log.read_bytes().splitlines())


def test_a_failed_snapshot_leaves_the_old_one(make_trainer: TrainerFactory, data_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1])
    trainer.end_session()
    state = data_dir / SNAPSHOT_FILE
    before = state.read_bytes()
    answer_some(trainer, [1])

    def no_replace(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", no_replace)
    with pytest.raises(StoreError) as e:
        trainer.end_session()
    assert e.value.errno == errno.EIO
    assert "could not save cards.json" in str(e.value)
    monkeypatch.undo()
    assert state.read_bytes() == before
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []
    trainer.end_session()  # and it works again
    assert len(snapshot_cards(data_dir)) == 2


# -- permissions --------------------------------------------------------------------------------


def test_files_are_private(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1])
    trainer.end_session()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for name in (STATE_FILE, LOG_FILE, ".lock"):
        assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o600, name


def test_files_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = Store(tmp_path / "open")
        store.set_profile(a=1)
        store.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "open").stat().st_mode) == 0o700
    for name in (STATE_FILE, LOG_FILE, ".lock"):
        assert stat.S_IMODE((tmp_path / "open" / name).stat().st_mode) == 0o600, name


# -- damage and failures at open -------------------------------------------------------------


def test_a_damaged_snapshot_is_set_aside_and_rebuilt_from_the_log(
        make_trainer: TrainerFactory, data_dir: Path, clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0])
    cards = dict(trainer.cards)
    trainer.store.close()
    damaged = b'{"cards": {"1": {"key": "te'
    (data_dir / STATE_FILE).write_bytes(damaged)
    again = reopen(data_dir, clock)
    try:
        assert again.cards == cards
        (aside,) = data_dir.glob(f"{STATE_FILE}.corrupt-*")
        assert aside.read_bytes() == damaged
        assert any(str(aside) in note for note in again.store.notices)
        answer_some(again, [1])  # and it goes on working
        cards = dict(again.cards)
    finally:
        again.store.close()
    reader = reopen(data_dir, clock, writable=False)
    assert reader.cards == cards
    assert sum(c.reps for c in reader.cards.values()) == 3
    assert reader.store.notices == []  # the snapshot written at close is sound
    reader.store.close()


def test_a_store_that_fails_to_open_releases_the_lock(data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: reviewlog.ReviewLog) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr(reviewlog.ReviewLog, "open_for_append", broken)
        with pytest.raises(OSError) as e:
            Store(data_dir)
        assert e.value.errno == errno.EACCES
    store = Store(data_dir)  # not AlreadyOpen: the failed open let go of the lock
    store.close()


def test_card_state_survives_json(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1])
    (key, card), = trainer.cards.items()
    assert CardState.from_dict(json.loads(json.dumps(trainer.store.cards[key].to_dict()))) == card


def test_state_json_notes_its_format_and_holds_no_cards(make_trainer: TrainerFactory,
                                                         data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0])
    trainer.end_session()
    state = json.loads((data_dir / STATE_FILE).read_bytes())
    assert state["meta"]["1"] == {"schema": migrate.SCHEMA}
    assert set(state) == {"meta", "profile"}
    assert len(snapshot_cards(data_dir)) == 2


def test_card_states_are_tinydb_documents(make_trainer: TrainerFactory, data_dir: Path) -> None:
    """cards.json is a TinyDB database: one document per card, read back through TinyDB."""
    from tinydb import Query, TinyDB

    trainer = make_trainer(DECK)
    answer_some(trainer, [1, 0])
    trainer.end_session()
    db = TinyDB(data_dir / SNAPSHOT_FILE, access_mode="r")
    try:
        docs = db.table("cards").all()
        assert sorted(d["key"] for d in docs) == sorted(trainer.cards)
        one = db.table("cards").get(Query().key == "test/c0")
        assert one is not None and one["reps"] == 1 and one["due"].endswith("+00:00")
        assert CardState.from_dict(one) == trainer.cards["test/c0"]
        meta = db.table("meta").all()
        assert meta == [{"format": 1, "log_offset": trainer.store.log.size}]
        scheduler = db.table("scheduler").all()[0]
        assert len(scheduler["parameters"]) >= 17 and scheduler["maximum_interval"] == 3650
        assert db.table("progress").all()[0]["answers"] == 2
    finally:
        db.close()


def test_settings_alone_also_note_the_format(data_dir: Path) -> None:
    store = Store(data_dir)
    store.set_profile(session_size=15)
    store.close()
    state = json.loads((data_dir / STATE_FILE).read_bytes())
    assert state["meta"]["1"] == {"schema": migrate.SCHEMA}
    assert state["profile"]["1"] == {"session_size": 15}
