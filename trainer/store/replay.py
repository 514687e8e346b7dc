"""Card states from the review log: every review record carries the card's state after it."""

from __future__ import annotations

from typing import Any

from trainer.domain.cards import Cards
from trainer.store import migrate
from trainer.store.reviewlog import ReviewLog, card_change

CARD_RECORDS = ("review", "undo")


def apply_change(cards: Cards, rec: dict[str, Any]) -> bool:
    """Apply a review or undo record to `cards`; False if it is not one the store can use."""
    change = card_change(rec)
    if change is None:
        return False
    key, card = change
    if card is None:
        cards.pop(key, None)
    else:
        cards[key] = card
    return True


def replay(log: ReviewLog, start: int = 0, cards: Cards | None = None) -> tuple[Cards, int, int]:
    """Apply the log from byte `start` onto `cards`: (cards, end offset, lines skipped)."""
    cards = {} if cards is None else cards
    skipped = 0
    offset = start
    numbers: list[int] = []
    for end, raw in log.records(start, numbers):
        rec = migrate.upgrade_record(raw)
        if not apply_change(cards, rec) and not usable(rec):
            skipped += 1
        # Other record types (sessions, milestones, flags) belong to other readers of the log.
        offset = end
    return cards, offset, skipped + len(numbers)


def usable(raw: dict[str, Any]) -> bool:
    """Whether the store can use a log record (other readers' record types count as usable)."""
    rec = migrate.upgrade_record(raw)
    kind = rec.get("type")
    if kind in CARD_RECORDS:
        return card_change(rec) is not None
    return isinstance(kind, str)
