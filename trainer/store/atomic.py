"""Atomic file writes (temp file, fsync, rename, fsync folder) and a TinyDB storage using them."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


class StoreError(OSError):
    """A write failed (disk full, permissions, I/O error); the previous state is intact."""


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """A hidden name beside `path` that no other writer will pick."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}.tmp")


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(28, "No space left on device")
        view = view[written:]


def read_up_to(fd: int, limit: int) -> bytes:
    """At most `limit` bytes from `fd`, read in chunks (a file may be larger than it said)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a reader sees the old or the new file, never a mix.

    Raises StoreError, leaving the old file as it was, if anything fails."""
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(e.errno, f"could not save {path.name}: {e.strerror or e}") from e


def copy_file(src: Path, dst: Path) -> None:
    """Copy bytes (not permissions) into a new owner-only file, fsynced. Raises OSError."""
    with open(src, "rb") as fin:
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            while chunk := fin.read(1 << 20):
                write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)

