"""Everything a trainee has, as one readable .zip; and forgetting it all."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer import __version__
from trainer.domain.progress import PRACTICES
from trainer.store import backup, migrate
from trainer.store.atomic import FILE_MODE, fsync_dir, temp_name
from trainer.store.deckcache import CACHE_FILE
from trainer.store.journal import Journal
from trainer.store.legacy import OLD_FILES
from trainer.store.lock import LOCK_FILE
from trainer.store.settings_file import STATE_FILE
from trainer.store.store import LOG_FILE, Store

README = """\
Self-Empathy Trainer: everything you practised, exported {when}
Data folder: {root}

All files are plain text (JSON or TOML, UTF-8); any text editor can open them.

  about.json         when this was made, by which version, and how many of each thing
  profile.json       your settings
  cards.json         each practised item's schedule: when it is due next, how often you
                     answered it and how often right ("key" is deck id / item id)
  reviews.json       every answer you gave (answers you took back are left out), oldest first
  progress.json      practice days, experience points and milestones, as the app keeps them
  review-log.jsonl   the complete review history as the app keeps it, one JSON object per
                     line, including take-backs ("undo"); the app can rebuild everything else
                     from it
  journal/           your walk-through journal entries, one file each
  decks/             the decks you imported, as they were

This export is private: it holds what you wrote in your journal. Keep it somewhere safe.
"""


def default_name(now: datetime | None = None) -> str:
    return f"self-empathy-export-{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}.zip"


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export(store: Store, dest: Path, *, now: datetime | None = None) -> tuple[Path, dict[str, int]]:
    """Write the archive to `dest` (a new file, or a folder to put it in). Returns its path and
    what it holds. Raises FileExistsError rather than overwrite, OSError if it can't be written."""
    moment = now or datetime.now(UTC)
    if dest.is_dir():
        dest = dest / default_name(moment)
    if dest.exists():
        raise FileExistsError(f"{dest} already exists; choose another name")
    root = store.root
    history = store.history()
    journal = Journal(root, writable=False)
    entries = {i: e for i in journal.ids() if (e := journal.read(i)) is not None}
    decks = sorted((root / "decks").glob("*.toml")) if (root / "decks").is_dir() else []
    practices = sum(1 for r in history if r.get("kind") in PRACTICES)
    counts = {"answers": len(history) - practices, "practices": practices,
              "cards": len(store.cards),
              "journal_entries": len(entries), "decks": len(decks)}
    tmp = temp_name(dest)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("README.txt", README.format(when=f"{moment:%Y-%m-%d %H:%M} UTC",
                                                   root=root))
            z.writestr("about.json", _json({
                "app": "self-empathy-trainer", "version": __version__,
                "exported_at": moment.isoformat(), "schema": migrate.SCHEMA, **counts}))
            z.writestr("profile.json", _json(store.profile))
            z.writestr("cards.json", _json({k: store.cards[k].to_dict() for k in sorted(store.cards)}))
            z.writestr("reviews.json", _json(history))
            if store.log.path.exists():
                z.write(store.log.path, "review-log.jsonl")
            if store.progress is not None:
                z.writestr("progress.json", _json(store.progress))
            for entry_id, entry in entries.items():
                z.writestr(f"journal/{entry_id}.json", _json(entry))
            for deck in decks:
                z.write(deck, f"decks/{deck.name}")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return dest, counts


def what_forget_removes(root: Path) -> list[Path]:
    """The files and folders `forget` deletes: everything the app keeps in the data dir."""
    files = (STATE_FILE, backup.SNAPSHOT_FILE, LOG_FILE, CACHE_FILE, *OLD_FILES)
    names = {*files, "decks", "journal", backup.BACKUP_DIR, backup.RESTORE_MARKER}
    found = []
    for p in sorted(root.iterdir()) if root.is_dir() else []:
        ours = (p.name in names
                or p.name.startswith((*(f"{f}." for f in files), ".restore-"))
                or (p.name.startswith(".") and p.name.endswith(".tmp")))
        if ours:
            found.append(p)
    return found


def forget(root: Path) -> list[Path]:
    """Delete every file of the app's in the data dir (the caller holds the lock, and has
    offered an export). Returns what is left that isn't the app's (then the folder stays)."""
    for p in what_forget_removes(root):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
    with contextlib.suppress(OSError):
        fsync_dir(root)
    return [p for p in root.iterdir() if p.name != LOCK_FILE]


__all__ = ["export", "forget", "what_forget_removes"]
