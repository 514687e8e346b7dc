"""Which answer widget draws which drill kind: `trainer.ui.widgets.<kind>` exports `WIDGET`."""

from __future__ import annotations

import importlib

from trainer.domain.deck import Item
from trainer.services.practice import Trainer
from trainer.ui.widgets.answer import AnswerWidget

_MODULE = {"choice": "choice", "classify": "choice"}


def answer_widget_for(item: Item, trainer: Trainer) -> AnswerWidget:
    module = importlib.import_module(f"trainer.ui.widgets.{_MODULE.get(item.kind, item.kind)}")
    cls: type[AnswerWidget] = module.WIDGET
    return cls(item, trainer=trainer, id="answer")
