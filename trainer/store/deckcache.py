"""A cache of parsed decks in the data dir, so start-up doesn't read or re-parse thousands of
items.

Entries are keyed by the deck file's name and signature (size, modification and change times,
inode: what Python's own bytecode cache trusts, and more), so an edited deck is parsed afresh.
A file changed in the last few seconds is not trusted to its signature (file times are coarse:
two quick same-size writes can share them), so it is parsed again at the next start.
The file is an index (deck metadata and a few bytes per item) followed by each item's text;
start-up reads only the index, and an item's text is read when it is first shown. The cache
holds plain data only (marshal: no code runs on load), and one that can't be read is ignored
and rebuilt."""

from __future__ import annotations

import contextlib
import marshal
import os
import time
from array import array
from pathlib import Path
from typing import Any

from trainer.store.atomic import StoreError, atomic_write_bytes

CACHE_FILE = "deck-cache.bin"
MAGIC = b"SETDECK4"
_HEAD = len(MAGIC) + 8
RACY_NS = 3_000_000_000

Signature = tuple[int, int, int, int]


def signature(info: os.stat_result) -> Signature:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _settled(sig: Signature) -> bool:
    """Changed long enough ago that a later change must show in the signature."""
    return time.time_ns() - max(sig[1], sig[2]) > RACY_NS


class _File:
    """An open cache file, closed once nothing reads from it any more. Items keep the file
    they came from, so a cache rewritten meanwhile (a new file, renamed over) can't mislead
    them."""

    def __init__(self, fd: int, base: int) -> None:
        self.fd = fd
        self.base = base

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class Bodies:
    """Where one deck's item texts are: item n is bytes offsets[n]:offsets[n + 1] of the open
    cache `file`, or of `data` for a deck just parsed (not yet in any file)."""

    def __init__(self, offsets: array[int], file: _File | None = None, data: bytes = b"") -> None:
        self.offsets = offsets
        self.file = file
        self.data = data

    def _bytes(self, start: int, end: int) -> bytes:
        if self.file is None:
            return self.data[start:end]
        data = os.pread(self.file.fd, end - start, self.file.base + start)
        if len(data) != end - start:
            raise EOFError("the deck cache is cut short")
        return data

    def read(self, n: int) -> Any:
        return marshal.loads(self._bytes(self.offsets[n], self.offsets[n + 1]))

    def span(self) -> bytes:
        """Every item's text, as stored."""
        return self._bytes(self.offsets[0], self.offsets[-1]) if self.offsets else b""


class DeckCache:
    def __init__(self, root: Path, *, writable: bool) -> None:
        self.path = root / CACHE_FILE
        self.writable = writable
        # name -> (signature, deck metadata, item index, where the items' texts are)
        self.entries: dict[str, tuple[Signature, Any, Any, Bodies]] = {}
        self.used: set[str] = set()
        self.changed = False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        file = _File(fd, 0)
        try:
            head = os.pread(fd, _HEAD, 0)
            if len(head) != _HEAD or head[:len(MAGIC)] != MAGIC:
                return
            size = int.from_bytes(head[len(MAGIC):], "little")
            index = marshal.loads(os.pread(fd, size, _HEAD))
            file.base = _HEAD + size
            if not isinstance(index, dict):
                return
            for name, entry in index.items():
                sig, meta, items, offsets = entry
                spans: array[int] = array("Q")
                spans.frombytes(offsets)
                self.entries[name] = (tuple(sig), meta, items, Bodies(spans, file))
        except (OSError, ValueError, EOFError, TypeError):
            self.entries = {}

    def get(self, name: str, sig: Signature) -> tuple[Any, Any, Bodies] | None:
        entry = self.entries.get(name)
        self.used.add(name)
        if entry is not None and entry[0] == sig:
            return entry[1], entry[2], entry[3]
        return None

    def put(self, name: str, sig: Signature, meta: Any, items: Any, bodies: list[Any]) -> None:
        blobs = [marshal.dumps(b) for b in bodies]
        offsets = array("Q", [0])
        for blob in blobs:
            offsets.append(offsets[-1] + len(blob))
        where = Bodies(offsets, data=b"".join(blobs))
        # An unsettled file gets a signature no file has, so it is parsed afresh next time.
        self.entries[name] = (sig if _settled(sig) else (-1, 0, 0, 0), meta, items, where)
        self.used.add(name)
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything changed (dropping decks no longer there). Best effort:
        a cache that can't be written only costs time at the next start."""
        stale = set(self.entries) - self.used
        if not self.writable or not (self.changed or stale):
            return
        index: dict[str, Any] = {}
        parts: list[bytes] = []
        pos = 0
        try:
            for name in sorted(self.used & set(self.entries)):
                sig, meta, items, where = self.entries[name]
                data = where.span()
                first = where.offsets[0] if where.offsets else 0
                moved = array("Q", (pos + o - first for o in where.offsets))
                index[name] = (sig, meta, items, moved.tobytes())
                parts.append(data)
                pos += len(data)
            head = marshal.dumps(index)
            blob = MAGIC + len(head).to_bytes(8, "little") + head + b"".join(parts)
        except (OSError, EOFError, ValueError):
            return
        with contextlib.suppress(StoreError, ValueError):
            atomic_write_bytes(self.path, blob)
