"""A cache of parsed decks in the data dir, so start-up doesn't re-parse thousands of items.

Entries are keyed by the file's name and a hash of its bytes, so an edited deck is always
parsed afresh. The cache holds plain data only (marshal: no code runs on load), and a cache
that can't be read is simply ignored and rebuilt."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from pathlib import Path
from typing import Any

from trainer.store.atomic import StoreError, atomic_write_bytes

CACHE_FILE = "deck-cache.bin"
VERSION = 1


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


class DeckCache:
    def __init__(self, root: Path, *, writable: bool) -> None:
        self.path = root / CACHE_FILE
        self.writable = writable
        self.entries: dict[str, tuple[str, Any]] = {}
        self.used: set[str] = set()
        self.changed = False
        try:
            raw = marshal.loads(self.path.read_bytes())
            if isinstance(raw, tuple) and len(raw) == 2 and raw[0] == VERSION \
                    and isinstance(raw[1], dict):
                self.entries = raw[1]
        except (OSError, ValueError, EOFError, TypeError):
            self.entries = {}

    def get(self, name: str, content: bytes) -> Any | None:
        entry = self.entries.get(name)
        key = digest(content)
        self.used.add(name)
        if entry is not None and entry[0] == key:
            return entry[1]
        return None

    def put(self, name: str, content: bytes, plain: Any) -> None:
        self.entries[name] = (digest(content), plain)
        self.used.add(name)
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything changed (dropping decks no longer there). Best effort:
        a cache that can't be written only costs time at the next start."""
        stale = set(self.entries) - self.used
        if not self.writable or not (self.changed or stale):
            return
        for name in stale:
            del self.entries[name]
        with contextlib.suppress(StoreError, ValueError):
            atomic_write_bytes(self.path, marshal.dumps((VERSION, self.entries)))
