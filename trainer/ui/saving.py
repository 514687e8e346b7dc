"""Saving a setting from any screen: on a full disk (or a folder opened read-only) the app says
so, in one voice, and keeps running."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget

from trainer.services.practice import Trainer
from trainer.store.atomic import StoreError


def save_setting(node: Widget | App[Any], trainer: Trainer, name: str, value: Any) -> bool:
    """Save one setting; False (after telling the learner why) if it could not be saved."""
    try:
        trainer.set_setting(name, value)
    except (StoreError, PermissionError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        node.notify(f"{reason} It was not saved; freeing some disk space lets it save next "
                    "time.", title="Couldn't save that", severity="warning", markup=False)
        return False
    return True
