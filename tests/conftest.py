"""Shared fixtures: every test gets its own data dir, a fixed clock and, if it asks, its own decks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.services.decks import DeckSet, load_decks
from trainer.services.practice import Trainer
from trainer.store.store import Store

ZONE = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning

TrainerFactory = Callable[..., Trainer]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START, ZONE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_trainer(data_dir: Path, clock: FixedClock) -> Iterator[TrainerFactory]:
    """make_trainer(deck_toml=None, welcomed=True, checkin=False): a Trainer over the temp data dir.

    With deck_toml, only that deck is loaded (as if it were the only deck); otherwise the
    built-in decks. Stores opened here are closed at the end of the test."""
    opened: list[Store] = []

    def factory(deck_toml: str | None = None, *, welcomed: bool = True,
                checkin: bool = False) -> Trainer:
        store = Store(data_dir)
        opened.append(store)
        if deck_toml is not None:
            decks = DeckSet(decks=[parse_deck(deck_toml.encode(), "test.toml")])
        else:
            decks = load_decks(store)
        trainer = Trainer(store, decks, clock, make_scheduler(fuzz=False))
        if welcomed:
            trainer.set_setting("welcomed", True)
        trainer.set_setting("checkin", checkin)  # tests opt in to the pre-session check-in
        return trainer

    yield factory
    for store in opened:
        if store.lock and store.lock.fd is not None:
            store.close()


def deck_with(items: str, *, categories: str = "") -> str:
    """A minimal valid deck around the given [[items]] TOML."""
    return (
        'id = "test"\ntitle = "Test deck"\nversion = 1\nskill = "feelings"\n'
        + (f"[categories]\n{categories}\n" if categories else "")
        + items
    )


def option_key(app: Any, index: int) -> str:
    """The number key that picks the deck's option `index` (0-based) as it is shown now:
    choice and multi options are shuffled at each showing."""
    from trainer.ui.widgets.answer import AnswerWidget

    widget = app.screen.query_one(AnswerWidget)
    shown = getattr(widget, "shown", None)
    return str((shown.index(index) if shown is not None else index) + 1)


def saved_snapshot(data_dir: Path) -> tuple[dict[str, Any], int]:
    """The card states saved in cards.json (by key) and the log offset they cover."""
    from trainer.store import snapshot

    snap = snapshot.read(data_dir / snapshot.SNAPSHOT_FILE)
    return (dict(snap.cards), snap.offset) if snap is not None else ({}, 0)
