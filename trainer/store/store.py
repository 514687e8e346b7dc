"""The data dir as one object: card states (snapshot + log replay), profile, review log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from trainer.store.atomic import AtomicJSONStorage
from trainer.store.lock import DataLock
from trainer.store.paths import ensure_private_dir
from trainer.store.reviewlog import ReviewLog

SCHEMA = 1
STATE_FILE = "state.json"
LOG_FILE = "reviews.jsonl"


class Store:
    """Owns the files of one data dir. Writable stores hold the lock until closed.

    Card state lives in memory as plain dicts; the review log is the truth, and the TinyDB
    snapshot is a cache of it saved off the answer path, with the log offset it covers."""

    def __init__(self, root: Path, *, writable: bool = True) -> None:
        self.root = ensure_private_dir(root) if writable else root
        self.writable = writable
        self.lock = DataLock(self.root) if writable else None
        if self.lock:
            self.lock.acquire()
        self.log = ReviewLog(self.root / LOG_FILE)
        if writable:
            self.log.open_for_append()
        # CachingMiddleware batches TinyDB's operations so a snapshot is one atomic write.
        self.cache: CachingMiddleware | None = None
        self.db: TinyDB | None = None
        if writable or (self.root / STATE_FILE).exists():
            self.cache = CachingMiddleware(AtomicJSONStorage)  # type: ignore[no-untyped-call]
            self.db = TinyDB(self.root / STATE_FILE, storage=self.cache)
        self.cards: dict[str, dict[str, Any]] = {}
        self.profile: dict[str, Any] = {}
        self._dirty = False
        self._load()

    # -- loading -----------------------------------------------------------------------

    def _load(self) -> None:
        offset = 0
        if self.db is not None:
            meta: dict[str, Any] = dict(self.db.table("meta").get(doc_id=1) or {})
            prof = self.db.table("profile").get(doc_id=1)
            self.profile = dict(prof) if prof else {}
            offset = int(meta.get("log_offset", 0))
            self.cards = {d["key"]: dict(d) for d in self.db.table("cards").all()}
        log_size = self.log.path.stat().st_size if self.log.path.exists() else 0
        if offset > log_size:  # the log is behind the snapshot: trust the log alone
            self.cards, offset = {}, 0
        for end, rec in self.log.records(offset):
            self._apply(rec)
            offset = end
            self._dirty = True
        self._log_offset = offset

    def _apply(self, rec: dict[str, Any]) -> None:
        kind = rec.get("type")
        key = rec.get("card")
        if not isinstance(key, str):
            return
        if kind == "review" and isinstance(rec.get("after"), dict):
            self.cards[key] = rec["after"]
        elif kind == "undo":
            before = rec.get("state")
            if isinstance(before, dict):
                self.cards[key] = before
            else:
                self.cards.pop(key, None)

    # -- writing -----------------------------------------------------------------------

    def append(self, rec: dict[str, Any]) -> None:
        """Durably record a review or undo, then apply it to the in-memory state."""
        self.log.append(rec)
        self._apply(rec)
        self._log_offset = self.log.size
        self._dirty = True

    def save_snapshot(self) -> None:
        """Write all card state at once (atomic), noting how much of the log it covers."""
        if not self.writable or self.db is None or not self._dirty:
            return
        cards = self.db.table("cards")
        cards.truncate()
        cards.insert_multiple(self.cards.values())
        self.db.table("meta").upsert(
            {"schema": SCHEMA, "log_offset": self._log_offset}, lambda _d: True)
        self._flush()
        self._dirty = False

    def set_profile(self, **values: Any) -> None:
        if not self.writable or self.db is None:
            raise PermissionError("the store is read-only")
        self.profile.update(values)
        table = self.db.table("profile")
        table.truncate()
        table.insert(self.profile)
        self._flush()

    def _flush(self) -> None:
        assert self.cache is not None
        self.cache.flush()  # type: ignore[no-untyped-call]

    def close(self) -> None:
        try:
            self.save_snapshot()
        finally:
            self.log.close()
            if self.db is not None:
                self.db.close()
            if self.lock:
                self.lock.release()

    # -- reading -----------------------------------------------------------------------

    def history(self) -> list[dict[str, Any]]:
        """Every review not undone, oldest first. Reads the whole log: never at start-up."""
        reviews: dict[str, dict[str, Any]] = {}
        for _end, rec in self.log.records():
            if rec.get("type") == "review" and isinstance(rec.get("rid"), str):
                reviews[rec["rid"]] = rec
            elif rec.get("type") == "undo":
                reviews.pop(str(rec.get("rid")), None)
        return list(reviews.values())

    def deck_files(self, folders: list[Path]) -> list[tuple[str, bytes | OSError]]:
        """The bytes of every *.toml deck in the folders, or the error reading it."""
        out: list[tuple[str, bytes | OSError]] = []
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                try:
                    if path.stat().st_size > 5 * 1024 * 1024 + 1:
                        out.append((str(path), OSError(27, "file too large")))
                        continue
                    out.append((str(path), path.read_bytes()))
                except OSError as e:
                    out.append((str(path), e))
        return out

    @property
    def user_decks_dir(self) -> Path:
        return self.root / "decks"


def exists(root: Path) -> bool:
    return (root / STATE_FILE).exists() or (root / LOG_FILE).exists()


__all__ = ["Store", "exists"]
