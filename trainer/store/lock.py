"""One writer per data dir: an flock'd lock file holding the owner's pid."""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from pathlib import Path


class AlreadyOpen(Exception):
    def __init__(self, path: Path, pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"Self-Empathy Trainer is already open{who} with the data in {path.parent}. "
            "Please switch to that window, or close it and try again."
        )
        self.path = path
        self.pid = pid


class DataLock:
    """Held for the life of the writer. The OS releases it if the process dies, so a stale
    lock from a crashed run is simply taken over."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = holder_pid(self.path)
            os.close(fd)
            raise AlreadyOpen(self.path, pid) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        os.fsync(fd)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing drops the flock
            self.fd = None


def holder_pid(path: Path) -> int | None:
    try:
        first = path.read_text(encoding="utf-8").split()
        return int(first[0]) if first else None
    except (OSError, ValueError):
        return None
