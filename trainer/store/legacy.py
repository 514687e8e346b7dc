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
from typing import TYPE_CHECKING, Any

from trainer.domain.cards import Cards, card_or_none
from trainer.store import backup, migrate, snapshot
from trainer.store.atomic import StoreError, fsync_dir
from trainer.store.settings_file import check_state

if TYPE_CHECKING:
    from pathlib import Path

    from trainer.store.store import Store

OLD_FILES = ("cards.bin", "progress.json", "deck-cache.bin")


def layout(root: Path, state: dict[str, Any]) -> str | None:
    """Which older layout the folder has, or None if it is current (or new)."""
    version = migrate.schema_of(state) if state else migrate.SCHEMA
    if "cards" in state:
        return "state-cards"
    if any((root / name).exists() for name in OLD_FILES[:2]) or version < migrate.SCHEMA:
        return "cards-bin"
    return None


def _from_state(store: Store) -> tuple[Cards, int] | None:
    """The first release's card states and offset, if every one of them is usable."""
    cards: Cards = {}
    for doc in store._state.get("cards", {}).values():
        card = card_or_none(doc)
        if card is None:
            return None
        cards[card.key] = card
    offset = store._state.get("meta", {}).get("1", {}).get("log_offset", 0)
    size = store.log.path.stat().st_size if store.log.path.exists() else 0
    if offset > size or not store.log.ends_line_at(offset):
        return None
    return cards, offset


def upgrade(store: Store, old: str) -> None:
    """Load the folder's cards from the older layout `old`; in a writable store, back up,
    then write the current layout and remove the old files."""
    from trainer.store.store import replay, write_state_json

    start = _from_state(store) if old == "state-cards" else None
    if old == "state-cards" and start is None:
        store.notices.append("The card states saved by an earlier version did not match your "
                             "review history, so they were rebuilt from it.")
    cards, offset = start if start is not None else ({}, 0)
    store.cards, end, store.skipped_lines = replay(store.log, offset, cards)
    store._log_offset, store._dirty = end, True
    if not store.writable:
        return
    root = store.root
    try:
        saved = backup.make(root, "migration")
    except StoreError as e:
        raise StoreError(e.errno, f"Your data needs updating to a new format, but a backup "
                         f"could not be made first ({e.strerror}). Nothing was changed; free "
                         "some disk space and start again.") from e
    snapshot.write(root / snapshot.SNAPSHOT_FILE,
                   snapshot.Snapshot(store.cards, end, None, None))
    store._dirty = False
    state = migrate.migrate_state(dict(store._state)) if store._state else {}
    if state:
        write_state_json(root, state)
        store.profile = check_state(state).profile
    store._state = state
    for name in OLD_FILES:
        with contextlib.suppress(FileNotFoundError):
            (root / name).unlink()
    fsync_dir(root)
    store.notices.append(f"Your data was updated to format {migrate.SCHEMA}: card states are "
                         f"now kept in {snapshot.SNAPSHOT_FILE}. A copy of it as it was is in "
                         f"{saved}.")
