"""The data folder must be the trainee's own, and the app writes only what it meant to.

Like ssh with its keys, a data folder that another user owns, or that group or others may
write to, is refused with a message saying how to fix it: anyone who can write there could
plant a symbolic link that turns one of the app's writes into a write somewhere else. Within
the folder, files are opened for writing without following symbolic links, and only files
the trainee owns have their permissions tightened."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from trainer.store.atomic import StoreError


class UnsafeFolder(StoreError):
    """The data folder (or a folder in it) can't be trusted with the trainee's data."""

    def __str__(self) -> str:
        return str(self.strerror)


def check_data_folder(root: Path) -> None:
    """Raise UnsafeFolder if `root` is not a folder of the trainee's own that only they can
    change. A data folder given through a symbolic link is fine: the folder it names is
    checked."""
    try:
        st = os.stat(root)
    except OSError as e:
        raise StoreError(e.errno, f"could not look at the data folder {root}: "
                         f"{e.strerror or e}") from e
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeFolder(errno.ENOTDIR, f"{root} is not a folder, so it can't hold your "
                           "practice. Choose a folder with --data-dir.")
    if st.st_uid != os.getuid():
        raise UnsafeFolder(errno.EPERM, f"The data folder {root} belongs to another user of "
                           "this computer, so your practice can't be kept there safely. Use a "
                           "folder of your own (--data-dir DIR), or ask that user to give you "
                           "the folder.")
    if st.st_mode & 0o022:
        raise UnsafeFolder(errno.EPERM, f"Other users of this computer can change the data "
                           f"folder {root}, so your practice can't be kept there safely. To "
                           f"fix it, run: chmod go-w {root}")


def open_nofollow(path: Path, flags: int, mode: int) -> int:
    """os.open that refuses a symbolic link where the app expects its own file."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW, mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnsafeFolder(e.errno, f"{path} is a symbolic link; the app never follows a "
                               "link where it writes. Move the link out of the data folder "
                               "and start again.") from e
        raise


def own_folder(path: Path) -> Path:
    """Create `path` (owner-only) if needed; refuse it if it is a link or not a folder."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise UnsafeFolder(errno.ENOTDIR, f"{path} is not a plain folder (it is a link or a "
                           "file); the app writes only into folders of its own. Move it out of "
                           "the data folder and start again.")
    tighten(path, 0o700)
    return path


def tighten(path: Path, mode: int) -> None:
    """Make a file or folder owner-only, if it is the trainee's own and not a link."""
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid() or not st.st_mode & 0o077:
            return
        if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
            os.chmod(path, mode)
