"""Opening a data folder as the app and the commands use it."""

from __future__ import annotations

from pathlib import Path

from trainer.domain.clock import Clock
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.store import Store


def open_trainer(data_dir: Path, extra: list[Path], *, writable: bool,
                 clock: Clock | None = None) -> Trainer:
    """The Trainer over a data folder as the app and the commands use it: its decks are the
    built-in and imported ones, `extra` folders (--decks) and the class folder setting."""
    from trainer.domain.clock import SystemClock

    store = Store(data_dir, writable=writable)
    class_folder = store.profile.get("class_folder")
    if isinstance(class_folder, str) and class_folder:
        extra = [*extra, Path(class_folder).expanduser()]
    return Trainer(store, load_decks(store, extra), clock or SystemClock())
