"""The private walk-through journal: one JSON file per entry in <data dir>/journal, owner-only.

This module is the only code that reads or writes journal files."""

from __future__ import annotations

import contextlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.store.atomic import StoreError, atomic_write_bytes, fsync_dir
from trainer.store.safety import own_folder

JOURNAL_DIR = "journal"
MAX_ENTRY_BYTES = 512 * 1024  # far above any entry typed by hand; guards against odd files
_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$")


def new_entry_id(at: datetime) -> str:
    """A unique id that sorts by time: `20260302T090000Z-1a2b3c4d`."""
    return f"{at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{os.urandom(4).hex()}"


def valid_id(entry_id: str) -> bool:
    return bool(_ID.match(entry_id))


class Journal:
    """The journal folder of one data dir. Files are 0600 and the folder 0700."""

    def __init__(self, root: Path, *, writable: bool = True) -> None:
        self.folder = root / JOURNAL_DIR
        self.writable = writable

    def path(self, entry_id: str) -> Path:
        if not valid_id(entry_id):
            raise ValueError(f"not a journal entry id: {entry_id!r}")
        return self.folder / f"{entry_id}.json"

    def _ensure_folder(self) -> None:
        try:
            own_folder(self.folder)  # never a link to somewhere else
        except StoreError:
            raise
        except OSError as e:
            raise StoreError(e.errno, f"could not create the journal folder: {e.strerror or e}") \
                from e

    def save(self, entry_id: str, record: dict[str, Any]) -> Path:
        """Write (or replace) one entry atomically. Raises StoreError if it can't be saved."""
        if not self.writable:
            raise StoreError(30, "the data folder is open read-only")
        path = self.path(entry_id)
        self._ensure_folder()
        data = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        atomic_write_bytes(path, data)
        try:
            os.chmod(path, 0o600)
        except OSError as e:
            raise StoreError(e.errno, f"could not protect {path.name}: {e.strerror or e}") from e
        return path

    def ids(self) -> list[str]:
        """Every entry id on disk, newest first."""
        try:
            names = [p.stem for p in self.folder.glob("*.json")]
        except OSError:
            return []
        return sorted((n for n in names if valid_id(n)), reverse=True)

    def read(self, entry_id: str) -> dict[str, Any] | None:
        """One entry's record, or None if it is missing or unreadable."""
        try:
            path = self.path(entry_id)
            if path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            record = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    def delete(self, entry_id: str) -> bool:
        """Remove one entry for good. False if it was already gone."""
        if not self.writable:
            raise StoreError(30, "the data folder is open read-only")
        path = self.path(entry_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as e:
            raise StoreError(e.errno, f"could not delete {path.name}: {e.strerror or e}") from e
        with contextlib.suppress(OSError):
            fsync_dir(self.folder)
        return True
