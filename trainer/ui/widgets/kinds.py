"""Which answer widget draws which drill kind: `trainer.ui.widgets.<kind>` exports `WIDGET`."""

from __future__ import annotations

import importlib

from trainer.domain.deck import Item
from trainer.services.practice import Trainer
from trainer.ui.widgets.answer import AnswerWidget

_MODULE = {"choice": "choice", "classify": "choice"}


def answer_widget_for(item: Item, trainer: Trainer, checkin: int | None = None) -> AnswerWidget:
    """The item's answer widget; an anchor practice opening a session gets the check-in's
    rating, so it doesn't ask again."""
    module = importlib.import_module(f"trainer.ui.widgets.{_MODULE.get(item.kind, item.kind)}")
    cls: type[AnswerWidget] = module.WIDGET
    extra = {"checkin": checkin} if item.kind == "anchor" and checkin is not None else {}
    return cls(item, trainer=trainer, id="answer", **extra)
