"""A trainee tells their facilitator something is off with an item, and may set it aside.

A flag is a record in the review log (durable like an answer): the reason, an optional short
note, and whether the note may go into reports (by default only the reason does). An item set
aside is left out of this trainee's sessions until they bring it back in the Decks screen."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from trainer.domain.deck import Item
from trainer.domain.text import clean
from trainer.services.practice import Trainer

REASONS: dict[str, str] = {
    "wrong": "The answer seems wrong",
    "unclear": "It's unclear",
    "upset": "It upset me",
    "other": "Something else",
}
MAX_NOTE = 280
SUPPORT = ("Thank you for saying so. This item is set aside: it won't come up again unless you "
           "bring it back in the Decks screen. If something is weighing on you, please talk to "
           "your facilitator or someone you trust; if you are in crisis, call your local "
           "emergency number.")


@dataclass(frozen=True, slots=True)
class Flag:
    reason: str  # a key of REASONS
    note: str = ""
    share_note: bool = False  # the note may go into reports (the reason always does)
    set_aside: bool = False  # leave the item out of this trainee's sessions


def flag(trainer: Trainer, item: Item, choice: Flag) -> str:
    """Record a flag durably (raises StoreError if it can't be saved, changing nothing) and
    set the item aside if asked, or always when it upset the trainee. Returns what to say."""
    if choice.reason not in REASONS:
        raise ValueError(f"not a reason: {choice.reason!r}")
    aside = choice.set_aside or choice.reason == "upset"
    note = " ".join(clean(choice.note).split())[:MAX_NOTE]
    rec: dict[str, Any] = {
        "type": "flag", "v": 1, "fid": os.urandom(8).hex(), "card": item.key,
        "skill": item.skill, "kind": item.kind, "at": trainer.now().isoformat(),
        "reason": choice.reason, "note": note, "share_note": choice.share_note and bool(note),
        "set_aside": aside,
    }
    trainer.store.append(rec)
    if aside:
        set_aside(trainer, item.key, True)
    if choice.reason == "upset":
        return SUPPORT
    if aside:
        return ("Thank you. It's noted for your facilitator, and the item is set aside: bring it "
                "back any time in the Decks screen.")
    return "Thank you. It's noted for your facilitator."


def set_aside(trainer: Trainer, key: str, aside: bool) -> None:
    """Leave an item out of sessions (or bring it back). Raises StoreError if not saved."""
    keys = [k for k in trainer.setting("set_aside") if k != key]
    trainer.set_setting("set_aside", sorted([*keys, key]) if aside else keys)


def set_aside_items(trainer: Trainer) -> list[Item]:
    """The items this trainee has set aside that are in the decks loaded, in deck order."""
    keys = set(trainer.setting("set_aside"))
    return [i for d in trainer.deckset.decks for i in d.items if i.key in keys]
