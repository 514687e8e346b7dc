"""Reading trainees' report files for a class summary: size-capped, regular files only."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from trainer.store.atomic import read_up_to


def read_report(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes (so a larger file shows as too large without reading it all).
    Raises OSError (IsADirectoryError for a folder) with a reason in words."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe named like a report can't hang us
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
