"""The review history: an append-only file of JSON lines, each fsynced before the next card."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.store.atomic import StoreError


class ReviewLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.size = 0
        self.torn: Path | None = None  # where a torn last line was set aside, if any

    def open_for_append(self) -> None:
        """Open for writing, first setting aside a torn last line left by a crash mid-append."""
        self.torn = self._set_aside_torn_tail()
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.size = os.fstat(self.fd).st_size

    def _set_aside_torn_tail(self) -> Path | None:
        try:
            with open(self.path, "rb") as f:
                f.seek(0, os.SEEK_END)
                end = f.tell()
                if end == 0:
                    return None
                # Read back far enough to find the last newline.
                chunk = 4096
                pos = end
                tail = b""
                while pos > 0:
                    step = min(chunk, pos)
                    pos -= step
                    f.seek(pos)
                    tail = f.read(step) + tail
                    if b"\n" in tail:
                        break
                if tail.endswith(b"\n"):
                    return None
                cut = tail.rfind(b"\n")
                keep = pos + cut + 1 if cut >= 0 else 0
                torn = tail[cut + 1:]
        except FileNotFoundError:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.torn-{stamp}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, torn)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.truncate(self.path, keep)
        return aside

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably. On failure the file is cut back to its previous size."""
        if self.fd is None:
            raise StoreError(0, "the review log is not open for writing")
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        try:
            written = os.write(self.fd, line)
            if written != len(line):
                raise OSError(28, "short write")
            os.fsync(self.fd)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, self.size)
            raise StoreError(e.errno, f"could not save your answer: {e.strerror or e}") from e
        self.size += len(line)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def records(self, start: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
        """(end offset, record) for every complete, readable line from byte `start` on."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as f:
            f.seek(start)
            pos = start
            for raw in f:
                pos += len(raw)
                if not raw.endswith(b"\n"):
                    break  # torn tail: not a review yet
                try:
                    rec = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(rec, dict):
                    yield pos, rec
