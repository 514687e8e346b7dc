"""One writer per data dir: an flock'd lock file holding the owner's pid and host."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from trainer.store.atomic import FILE_MODE, StoreError
from trainer.store.safety import UnsafeFolder, open_nofollow

LOCK_FILE = ".lock"


def _host() -> str:
    return os.uname().nodename  # what socket.gethostname() gives, without importing socket


class AlreadyOpen(Exception):
    """Another process holds the data dir. The message says which and where."""

    def __init__(self, path: Path, pid: int | None, host: str | None = None, *,
                 doing: str | None = None) -> None:
        who = f" (process {pid}" if pid else ""
        if who and host and host != _host():
            who += f" on {host}"
        who += ")" if who else ""
        if doing:
            advice = f"Please close it first, then {doing} again."
        else:
            advice = "Please switch to that window, or close it and try again."
        super().__init__(
            f"Self-Empathy Trainer is already open{who} with the data in {path.parent}. {advice}"
        )
        self.path = path
        self.pid = pid


class DataLock:
    """Held for the life of the writer. The OS releases it if the process dies, so a stale
    lock from a crashed run is simply taken over."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self.fd: int | None = None

    def acquire(self, *, doing: str | None = None) -> None:
        try:
            fd = open_nofollow(self.path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, FILE_MODE)
        except UnsafeFolder:
            raise
        except IsADirectoryError as e:
            raise StoreError(e.errno, f"the lock file {self.path} is a folder; move it out of the "
                             "data folder and start again") from e
        except OSError as e:
            raise StoreError(e.errno, f"could not open the lock file {self.path} "
                             f"({e.strerror or e}); is the data folder writable?") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid, host = holder(self.path)
            raise AlreadyOpen(self.path, pid, host, doing=doing) from None
        except OSError as e:
            os.close(fd)
            raise StoreError(e.errno, f"could not lock the data folder {self.path.parent} "
                             f"({e.strerror or e}); is it on a network drive?") from e
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise StoreError(errno.EINVAL, f"the lock file {self.path} is not a regular file; "
                                 "move it out of the data folder and start again")
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {_host()}\n".encode(), 0)
            os.fsync(fd)
        except StoreError:
            raise
        except OSError:
            pass  # the flock is what counts; the pid is only for the message
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing drops the flock
            self.fd = None

    def __enter__(self) -> DataLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def holder(path: Path) -> tuple[int | None, str | None]:
    """The pid and host written in a lock file, if readable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            words = os.read(fd, 200).decode("utf-8").split()
        finally:
            os.close(fd)
    except (OSError, ValueError):
        return None, None
    try:
        pid = int(words[0]) if words and len(words[0]) <= 10 else None
    except ValueError:
        pid = None
    return pid, words[1][:100] if len(words) > 1 else None



def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError as e:
        return e.errno != errno.ESRCH
    return True


@dataclass(frozen=True)
class LockStatus:
    held: bool  # some process holds the flock now
    pid: int | None  # written in the file (the holder, or the last one that crashed)
    host: str | None
    stale: bool  # a pid is written but nobody holds the lock: a crashed run, taken over on start
    problem: str | None = None  # the lock file is not a file: what it is instead


def status(folder: Path) -> LockStatus:
    """Look at the lock without taking it for longer than a moment."""
    path = folder / LOCK_FILE
    try:
        st = os.lstat(path)
    except OSError:
        return LockStatus(False, None, None, False)
    if not stat.S_ISREG(st.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "a folder" \
            if stat.S_ISDIR(st.st_mode) else "not a regular file"
        return LockStatus(False, None, None, False, problem=kind)
    pid, host = holder(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return LockStatus(False, pid, host, False)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        held = False
    except OSError:
        held = True
    finally:
        os.close(fd)  # also drops our shared lock
    return LockStatus(held, pid, host, stale=not held and pid is not None)
