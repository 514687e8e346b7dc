"""The TinyDB storage for state.json: never rewrites its file in place. Imported only when
settings are first written (TinyDB is not needed to start)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from trainer.store.atomic import atomic_write_bytes


class AtomicJSONStorage(Storage):
    """TinyDB storage that never rewrites its file in place.

    `preloaded` is the already checked content of the file, so it is not parsed twice."""

    def __init__(self, path: str | Path, preloaded: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = Path(path)
        self.preloaded = preloaded

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.preloaded is not None:
            data, self.preloaded = self.preloaded, None
            return data
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        loaded: dict[str, dict[str, Any]] = json.loads(raw.decode("utf-8"))
        return loaded

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write_bytes(self.path, text.encode("utf-8"))

    def close(self) -> None:
        pass
