"""Data folders from earlier versions, brought up to date once, after a backup.

Two older layouts are known:
  format 1, first release  state.json held the card states (table `cards`) and the log
                           offset they covered.
  format 1, cards.bin      card states in cards.bin (a marshal of columns), progress in
                           progress.json, parsed decks in deck-cache.bin.
Both are caches of the review log, so nothing of them needs to be read but the first
layout's card states (plain JSON): cards come from them plus the log's tail, or from the
whole log, and progress is rebuilt from the log. The old files are then removed."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.domain.cards import Cards, card_or_none
from trainer.store import backup, migrate, snapshot
from trainer.store.atomic import StoreError, fsync_dir
from trainer.store.replay import replay
from trainer.store.reviewlog import ReviewLog
from trainer.store.settings_file import write_state_json

OLD_FILES = ("cards.bin", "progress.json", "deck-cache.bin")


def layout(root: Path, state: dict[str, Any]) -> str | None:
    """Which older layout the folder has, or None if it is current (or new)."""
    version = migrate.schema_of(state) if state else migrate.SCHEMA
    if "cards" in state:
        return "state-cards"
    if any((root / name).exists() for name in OLD_FILES[:2]) or version < migrate.SCHEMA:
        return "cards-bin"
    return None


@dataclass
class Upgraded:
    """What an older folder holds, in the current form."""

    cards: Cards
    log_offset: int  # how much of the log the cards cover
    skipped_lines: int
    state: dict[str, Any]  # state.json in the current format ({} if there was none)
    saved: bool  # written to disk (a writable store): nothing more to save yet
    notices: list[str] = field(default_factory=list)


def _from_state(state: dict[str, Any], log: ReviewLog) -> tuple[Cards, int] | None:
    """The first release's card states and offset, if every one of them is usable."""
    cards: Cards = {}
    for doc in state.get("cards", {}).values():
        card = card_or_none(doc)
        if card is None:
            return None
        cards[card.key] = card
    offset = state.get("meta", {}).get("1", {}).get("log_offset", 0)
    size = log.path.stat().st_size if log.path.exists() else 0
    if offset > size or not log.ends_line_at(offset):
        return None
    return cards, offset


def upgrade(root: Path, log: ReviewLog, state: dict[str, Any], old: str, *,
            writable: bool) -> Upgraded:
    """The folder's cards from the older layout `old`; when `writable`, back up first, then
    write the current layout and remove the old files."""
    notices: list[str] = []
    start = _from_state(state, log) if old == "state-cards" else None
    if old == "state-cards" and start is None:
        notices.append("The card states saved by an earlier version did not match your review "
                       "history, so they were rebuilt from it.")
    cards, offset = start if start is not None else ({}, 0)
    cards, end, skipped = replay(log, offset, cards)
    new_state = migrate.migrate_state(dict(state)) if state else {}
    if not writable:
        return Upgraded(cards, end, skipped, new_state, False, notices)
    try:
        saved = backup.make(root, "migration")
    except StoreError as e:
        raise StoreError(e.errno, f"Your data needs updating to a new format, but a backup "
                         f"could not be made first ({e.strerror}). Nothing was changed; free "
                         "some disk space and start again.") from e
    snapshot.write(root / snapshot.SNAPSHOT_FILE, snapshot.Snapshot(cards, end, None, None))
    if new_state:
        write_state_json(root, new_state)
    for name in OLD_FILES:
        with contextlib.suppress(FileNotFoundError):
            (root / name).unlink()
    fsync_dir(root)
    notices.append(f"Your data was updated to format {migrate.SCHEMA}: card states are now kept "
                   f"in {snapshot.SNAPSHOT_FILE}. A copy of it as it was is in {saved}.")
    return Upgraded(cards, end, skipped, new_state, True, notices)
