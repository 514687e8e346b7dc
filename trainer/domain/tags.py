"""Look-alike tags: which kinds of response or material an item puts side by side."""

from __future__ import annotations

from trainer.domain.deck import Item
from trainer.domain.kinds.base import tag_of


def item_tags(item: Item) -> tuple[str, ...]:
    """The look-alikes an item contrasts (option tags, or classify categories)."""
    labels: tuple[str, ...] = getattr(item.data, "tags", None) or (
        getattr(item.data, "categories", None) or ())
    return tuple(dict.fromkeys(tag_of(label) for label in labels))
