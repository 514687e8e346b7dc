"""A right answer for any drill item, in its kind's own answer type (for driving the core)."""

from __future__ import annotations

from typing import Any

from trainer.domain.deck import Item
from trainer.domain.kinds.anchor import AnchorResult


def right_answer(item: Item) -> Any:
    data = item.data
    if item.kind in ("choice", "classify", "multi"):
        return data.answer
    if item.kind == "match":
        return tuple(range(len(data.left)))
    if item.kind == "order":
        return tuple(range(len(data.steps)))
    if item.kind == "recall":
        return data.answers[0]
    if item.kind == "anchor":
        return AnchorResult(returns=1, seconds=60)
    return {}
