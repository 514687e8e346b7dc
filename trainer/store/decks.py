"""Deck files on disk: reading them (size-capped), and the data dir's folder of imported decks."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from trainer.domain.plan import MAX_PLAN_BYTES, PLAN_FILE
from trainer.store import backup
from trainer.store.atomic import atomic_write_bytes, fsync_dir, read_up_to, temp_name, write_all
from trainer.store.lock import DataLock
from trainer.store.paths import ensure_private_dir
from trainer.store.safety import check_data_folder, own_folder

DECK_SUFFIXES = (".toml", ".csv")
# The same rule as a deck id: it is what keeps an imported deck's file inside the folder.
_FILE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class TooLarge(OSError):
    """The file is bigger than a deck may be; it was not read."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large")
        self.size = size


class NotRegular(OSError):
    """A pipe, a device or a folder where a deck file was expected; it was not read."""


def deck_paths(path: Path, suffixes: Iterable[str] = DECK_SUFFIXES) -> list[Path]:
    """A file as given; for a folder, its deck files (not hidden ones, not the class's
    `plan.toml`), sorted by name. Pipes and devices named like decks are listed too, so
    reading them reports them as skipped. Raises OSError if the folder can't be listed."""
    if not path.is_dir():
        return [path]
    wanted = tuple(suffixes)
    return sorted(p for p in path.iterdir()
                  if p.suffix.lower() in wanted and not p.name.startswith(".")
                  and p.name.lower() != PLAN_FILE and not p.is_dir())


def read_plan(folder: Path) -> bytes | None:
    """The bytes of a class folder's `plan.toml`, or None if it has none. Raises OSError."""
    path = folder / PLAN_FILE
    if not path.exists():
        return None
    return read_deck(path, MAX_PLAN_BYTES)


def read_deck(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`. Raises TooLarge or OSError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO named like a deck must not hang us
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file")
        if info.st_size > max_bytes:
            raise TooLarge(info.st_size)
        data = read_up_to(fd, max_bytes + 1)
        if len(data) > max_bytes:  # it grew while we read
            raise TooLarge(len(data))
        return data
    finally:
        os.close(fd)


def deck_files(paths: Iterable[Path], suffixes: Iterable[str] = DECK_SUFFIXES
               ) -> list[tuple[str, Path | OSError]]:
    """(name, path, or the error listing a folder) for every deck file in `paths` (files or
    folders), without reading them."""
    out: list[tuple[str, Path | OSError]] = []
    for path in paths:
        try:
            out += [(str(f), f) for f in deck_paths(path, suffixes)]
        except OSError as e:
            out.append((str(path), e))
    return out


def read_decks(paths: Iterable[Path], max_bytes: int,
               suffixes: Iterable[str] = DECK_SUFFIXES) -> list[tuple[str, bytes | OSError]]:
    """(name, bytes or the error reading it) for every deck file in `paths` (files or folders)."""
    out: list[tuple[str, bytes | OSError]] = []
    for name, file in deck_files(paths, suffixes):
        try:
            if isinstance(file, OSError):
                raise file
            out.append((name, read_deck(file, max_bytes)))
        except OSError as e:
            out.append((name, e))
    return out


def write_new(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, complete or not at all. Never replaces an existing file:
    raises FileExistsError instead (and OSError if it can't be written)."""
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # atomic, and fails if `path` exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create instead
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                write_all(out, data)
                os.fsync(out)
            finally:
                os.close(out)
        fsync_dir(path.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


class ImportedDecks:
    """The data dir's `decks` folder: one `<deck id>.toml` per imported deck. Changes hold the
    data dir's lock, so they wait for no one and never race the app."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "decks"

    def path_for(self, deck_id: str) -> Path:
        if not _FILE_ID.match(deck_id):
            raise ValueError(f"not a deck id: {deck_id!r}")
        return self.folder / f"{deck_id}.toml"

    def holds(self, path: str | Path) -> bool:
        """Whether `path` is a file in this folder (imported, not built in or shared)."""
        try:
            return Path(path).resolve().parent == self.folder.resolve()
        except OSError:
            return False

    def install(self, decks: list[tuple[str, bytes]], stale: Iterable[Path] = ()) -> list[Path]:
        """Write each (deck id, TOML bytes) atomically as `<id>.toml`, then delete `stale` files
        of this folder (older copies of the same decks under other names). When that replaces
        or deletes a file, a backup is made first. Raises StoreError if it can't be."""
        paths = [self.path_for(deck_id) for deck_id, _ in decks]
        ensure_private_dir(self.root)
        check_data_folder(self.root)
        lock = DataLock(self.root)
        lock.acquire()
        try:
            own_folder(self.folder)  # never a link to somewhere else
            stale = list(stale)
            if any(p.exists() for p in (*paths, *stale)):
                backup.make(self.root, "import")  # the copy it replaces stays recoverable
            for path, (_, data) in zip(paths, decks, strict=True):
                atomic_write_bytes(path, data)
            self._delete(p for p in stale if p not in paths)
        finally:
            lock.release()
        return paths

    def remove(self, files: Iterable[Path]) -> None:
        """Delete these files of this folder, after a backup (nothing else: the review log
        keeps the progress)."""
        lock = DataLock(self.root)
        lock.acquire()
        try:
            backup.make(self.root, "remove")
            self._delete(files)
        finally:
            lock.release()

    def _delete(self, files: Iterable[Path]) -> None:
        removed = False
        for path in files:
            if self.holds(path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed = True
        if removed:
            fsync_dir(self.folder)
