"""The review history: an append-only file of JSON lines, each fsynced before the next card."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.domain.cards import CardState, card_or_none
from trainer.store.atomic import FILE_MODE, StoreError, atomic_write_bytes, fsync_dir, write_all
from trainer.store.safety import open_nofollow

_MISSING = object()


def card_change(rec: dict[str, Any]) -> tuple[str, CardState | None] | None:
    """What a review or undo record does to a card: (key, its state after, or None when an
    undo forgets the card). None when the record is not one the store can use: every field it
    takes is checked for type and range (a log line may be damaged or hand-edited)."""
    key, kind = rec.get("card"), rec.get("type")
    if not isinstance(key, str) or not isinstance(rec.get("rid"), str) or kind not in ("review", "undo"):
        return None
    state = rec.get("after") if kind == "review" else rec.get("state", _MISSING)
    if state is None and kind == "undo":
        return key, None
    card = card_or_none(state, key)
    return None if card is None else (key, card)


def valid_record(rec: dict[str, Any]) -> bool:
    """A review or undo record the store can apply."""
    return card_change(rec) is not None


def aside_name(path: Path, what: str) -> Path:
    """`<name>.<what>-<UTC time>` beside `path`, not yet taken."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.{what}-{stamp}")
    n = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.{what}-{stamp}-{n}")
        n += 1
    return aside


class ReviewLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.size = 0
        self.torn: Path | None = None  # where a torn last line was set aside, if any
        # Set when a failed append could not be cut back: the next append cuts back first.
        self._needs_cut = False

    def open_for_append(self) -> None:
        """Open for writing, first setting aside a torn last line left by a crash mid-append."""
        self.fd = open_nofollow(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            self.torn = self._set_aside_torn_tail(self.fd)
            self.size = os.fstat(self.fd).st_size
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise

    def _set_aside_torn_tail(self, fd: int) -> Path | None:
        end = os.fstat(fd).st_size
        if end == 0 or os.pread(fd, 1, end - 1) == b"\n":
            return None
        # Read back far enough to find the last newline.
        pos, tail = end, b""
        while pos > 0:
            step = min(65536, pos)
            pos -= step
            tail = os.pread(fd, step, pos) + tail
            if b"\n" in tail:
                break
        cut = tail.rfind(b"\n")
        keep = pos + cut + 1 if cut >= 0 else 0
        aside = aside_name(self.path, "torn")
        afd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        try:
            write_all(afd, tail[cut + 1:])
            os.fsync(afd)
        finally:
            os.close(afd)
        fsync_dir(self.path.parent)
        os.ftruncate(fd, keep)
        os.fsync(fd)
        return aside

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably. On failure the file is cut back to its previous size."""
        if self.fd is None:
            raise StoreError(0, "the review log is not open for writing")
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        try:
            if self._needs_cut:
                os.ftruncate(self.fd, self.size)
                self._needs_cut = False
            written = os.write(self.fd, line)
            if written != len(line):
                raise OSError(28, "No space left on device")
            os.fsync(self.fd)
        except OSError as e:
            try:
                os.ftruncate(self.fd, self.size)
            except OSError:
                self._needs_cut = True
            raise StoreError(e.errno, f"could not save your answer: {e.strerror or e}") from e
        self.size += len(line)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def records(self, start: int = 0, skipped: list[int] | None = None
                ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(end offset, record) for every complete, readable line from byte `start` on.

        Unreadable lines are passed over; their line numbers (counted from `start`, 1-based)
        go into `skipped` if given."""
        try:
            f = os.fdopen(open_nofollow(self.path, os.O_RDONLY | os.O_NONBLOCK, 0), "rb")
        except FileNotFoundError:
            return
        with f:
            f.seek(start)
            pos = start
            for number, raw in enumerate(f, 1):
                pos += len(raw)
                if not raw.endswith(b"\n"):
                    break  # torn tail: not a review yet
                # A crash on some file systems can leave NUL bytes where a line was being written.
                text = raw.strip(b"\0 \t\r\n")
                if not text:
                    continue
                try:
                    rec = json.loads(text)
                except ValueError:
                    rec = None
                if isinstance(rec, dict):
                    yield pos, rec
                elif skipped is not None:
                    skipped.append(number)

    def ends_line_at(self, offset: int) -> bool:
        """Whether `offset` is 0 or just after a newline (a place a snapshot could cover to)."""
        if offset == 0:
            return True
        try:
            with open(self.path, "rb") as f:
                f.seek(offset - 1)
                return f.read(1) == b"\n"
        except OSError:
            return False


def set_aside_unreadable(path: Path, usable: Callable[[dict[str, Any]], bool]
                         ) -> tuple[Path | None, int]:
    """Move every complete line that is not a usable record out of the log into
    `<log>.bad-<time>`; the log is rewritten atomically. Only while nobody has it open."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, 0
    lines = raw.splitlines(keepends=True)
    tail = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
    keep: list[bytes] = []
    bad: list[bytes] = []
    for line in lines:
        try:
            rec = json.loads(line.strip(b"\0 \t\r\n") or b"null")
        except ValueError:
            rec = None
        ok = isinstance(rec, dict) and usable(rec)
        (keep if ok or not line.strip(b"\0 \t\r\n") else bad).append(line)
    if not bad:
        return None, 0
    aside = aside_name(path, "bad")
    atomic_write_bytes(aside, b"".join(bad))
    atomic_write_bytes(path, b"".join(keep) + tail)
    return aside, len(bad)


__all__ = ["ReviewLog", "aside_name", "card_change", "set_aside_unreadable", "valid_record"]
