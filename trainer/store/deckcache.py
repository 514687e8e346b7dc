"""A cache of parsed decks in the data dir, so start-up doesn't read or re-parse thousands of
items.

Entries are keyed by the deck file's name and signature (size, modification and change times,
inode: what Python's own bytecode cache trusts, and more), so an edited deck is parsed afresh.
A file changed in the last few seconds is not trusted to its signature (file times are coarse:
two quick same-size writes can share them), so it is parsed again at the next start.
The file is JSON: a first line holding the index (deck metadata and a few numbers per item),
then each item's text on a line of its own; start-up reads only the index, and an item's text
is read when it is first shown. A cache that can't be read is ignored and rebuilt."""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

import orjson

from trainer.store.atomic import StoreError, atomic_write_bytes

CACHE_FILE = "deck-cache.json"
MAGIC = "self-empathy-deck-cache-5"
MAX_CACHE_BYTES = 512 * 1024 * 1024
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

    def __init__(self, offsets: list[int], crcs: list[int], file: _File | None = None,
                 data: bytes = b"") -> None:
        self.offsets = offsets
        self.crcs = crcs  # of each item's text, so a damaged cache is noticed, never used
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
        data = self._bytes(self.offsets[n], self.offsets[n + 1])
        if zlib.crc32(data) != self.crcs[n]:
            raise ValueError("the deck cache is damaged")
        return orjson.loads(data)

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
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return
        file = _File(fd, 0)
        try:
            if os.fstat(fd).st_size > MAX_CACHE_BYTES:
                return
            with os.fdopen(os.dup(fd), "rb") as f:
                line = f.readline()
            file.base = len(line)
            crc, _, head = line.rstrip(b"\n").partition(b" ")
            if int(crc, 16) != zlib.crc32(head):
                return  # damaged: parsed afresh and rewritten
            index = orjson.loads(head)  # orjson: see tinystorage
            if not isinstance(index, dict) or index.get("magic") != MAGIC:
                return
            for name, entry in index["decks"].items():
                sig, meta, items, offsets, crcs = entry
                if not (isinstance(offsets, list) and isinstance(crcs, list)
                        and len(crcs) + 1 == len(offsets)
                        and all(type(o) is int for o in (*offsets, *crcs))):
                    raise ValueError("damaged offsets")
                self.entries[name] = (tuple(sig), meta, items, Bodies(offsets, crcs, file))
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            self.entries = {}

    def get(self, name: str, sig: Signature) -> tuple[Any, Any, Bodies] | None:
        entry = self.entries.get(name)
        self.used.add(name)
        if entry is not None and entry[0] == sig:
            return entry[1], entry[2], entry[3]
        return None

    def put(self, name: str, sig: Signature, meta: Any, items: Any, bodies: list[Any]) -> None:
        blobs = [(json.dumps(b, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
                 for b in bodies]
        offsets = [0]
        for blob in blobs:
            offsets.append(offsets[-1] + len(blob))
        where = Bodies(offsets, [zlib.crc32(b) for b in blobs], data=b"".join(blobs))
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
                index[name] = (sig, meta, items, [pos + o - first for o in where.offsets],
                               where.crcs)
                parts.append(data)
                pos += len(data)
            head = json.dumps({"magic": MAGIC, "decks": index}, ensure_ascii=False,
                              separators=(",", ":")).encode()
            blob = f"{zlib.crc32(head):08x} ".encode() + head + b"\n" + b"".join(parts)
        except (OSError, EOFError, ValueError):
            return
        with contextlib.suppress(StoreError, ValueError):
            atomic_write_bytes(self.path, blob)
