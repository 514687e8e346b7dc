"""The data folder as one object: settings, card states and progress, and the review log.

What lives where (the README's storage section says why):
  reviews.jsonl  the review log: one JSON line per answer, fsynced before the next item shows.
                 It is the truth; everything else can be rebuilt from it.
  state.json     settings (TinyDB tables `profile`, `meta`).
  cards.json     the card table, progress cache and scheduler parameters (TinyDB; see
                 snapshot.py): a cache of the log, saved off the answer path and brought up to
                 date from the log's tail at open.

At open every file is checked. A file that can't be used is moved aside (never deleted) and
rebuilt from the log; what was done is told to the user through `Store.notices`."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.command import command
from trainer.domain.cards import Cards
from trainer.domain.progress import check_progress
from trainer.domain.text import sentence
from trainer.store import backup, legacy, migrate, snapshot
from trainer.store.atomic import DIR_MODE, FILE_MODE, StoreError, fsync_dir
from trainer.store.lock import LOCK_FILE, DataLock
from trainer.store.replay import apply_change, replay, usable
from trainer.store.reviewlog import ReviewLog, aside_name, card_change
from trainer.store.safety import check_data_folder, tighten
from trainer.store.settings_file import STATE_FILE, check_state, read_state

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.middlewares import CachingMiddleware

SCHEMA = migrate.SCHEMA
LOG_FILE = backup.LOG_FILE
SNAPSHOT_FILE = snapshot.SNAPSHOT_FILE


class DataTooNew(StoreError):
    """The data dir was written by a newer version of the app; nothing was changed."""

    def __str__(self) -> str:
        return str(self.strerror)


class Store:
    """Owns the files of one data dir. Writable stores hold the lock until closed."""

    def __init__(self, root: Path, *, writable: bool = True, daily_backup: bool = True) -> None:
        self.root = root
        self.writable = writable
        self.notices: list[str] = []  # things the user should be told, in plain words
        self.skipped_lines = 0
        self.cards: Cards = {}
        self.profile: dict[str, Any] = {}
        # The progress fold as saved, and how much of the log it covers; the ProgressBook
        # keeps both up to date, and a snapshot saves the progress only when it is in step.
        self.progress: dict[str, Any] | None = None
        self.progress_offset = -1
        self.scheduler_params: dict[str, Any] | None = None  # fsrs parameters of the cards
        self._dirty = False
        self._closed = False
        self._backup_at_close = False  # set at open: back up at close on a first day
        self._log_offset = 0
        self.log = ReviewLog(root / LOG_FILE)
        self.cache: CachingMiddleware | None = None
        self.db: TinyDB | None = None  # settings, made at the first write
        self._state: dict[str, Any] = {}  # state.json as checked at open
        self._let_go = False
        self.lock = DataLock(root) if writable else None
        if writable:
            try:
                root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            except OSError as e:
                raise StoreError(e.errno, f"could not create the data folder {root}: "
                                 f"{e.strerror or e}") from e
            check_data_folder(root)
            tighten(root, DIR_MODE)
        if self.lock:
            self.lock.acquire()
        try:
            self._open(daily_backup)
        except BaseException:
            self.log.close()
            if self.lock:
                self.lock.release()
            raise

    # -- opening -----------------------------------------------------------------------

    def _open(self, daily_backup: bool) -> None:
        if self.writable:
            for name in (STATE_FILE, SNAPSHOT_FILE, LOG_FILE, LOCK_FILE):
                tighten(self.root / name, FILE_MODE)
            self._sweep_temp_files()
            if backup.finish_restore(self.root):
                self.notices.append("A restore from a backup had been interrupted; it has now "
                                    "been finished.")
            try:
                self.log.open_for_append()
            except StoreError:
                raise
            except OSError as e:
                raise StoreError(e.errno, f"could not open your review history {self.log.path}: "
                                 f"{e.strerror or e}") from e
            if self.log.torn:
                self.notices.append(
                    "The last line of your review history was cut off (probably by a crash "
                    "while it was being saved); that unfinished line was set aside in "
                    f"{self.log.torn}. Everything before it is safe.")
        rescue = self._read_settings()
        old = legacy.layout(self.root, self._state)
        if old is not None:
            done = legacy.upgrade(self.root, self.log, self._state, old, writable=self.writable)
            self.cards, self._log_offset, self.skipped_lines = done.cards, done.log_offset, \
                done.skipped_lines
            if done.state:
                self._state, self.profile = done.state, check_state(done.state).profile
            self._dirty = not done.saved
            self.notices += done.notices
        else:
            self._load_snapshot()
        if rescue is not None:
            self._rebuild_profile(rescue)
        if self.skipped_lines:
            self.notices.append(
                f"{self.skipped_lines} line(s) of your review history ({self.log.path}) could "
                f"not be read and were skipped; the rest loaded. `{command()} doctor` shows "
                "where they are.")
        self._backup_at_close = daily_backup and self.writable and not backup.has_data(self.root)
        if self.writable and daily_backup:
            try:
                backup.daily(self.root)
            except OSError as e:
                self.notices.append(f"Today's backup could not be made ({e.strerror or e}). "
                                    "Your practice is still saved; freeing some disk space "
                                    "will let the next backup work.")

    def _sweep_temp_files(self) -> None:
        """Half-written files of atomic writes cut short by a crash. Under the lock no other
        writer is busy, so every one of them is stale."""
        for name in (*backup.CACHES, backup.RESTORE_MARKER, *legacy.OLD_FILES):
            for tmp in self.root.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    def _read_settings(self) -> dict[str, Any] | None:
        """Read state.json. Returns the settings rescued from an unusable one (then rebuilt),
        else None."""
        path = self.root / STATE_FILE
        read = read_state(path)
        if read is None:
            return None
        if read.data is None:
            self.set_aside(path, f"Your settings file {path} {read.problem}.",
                           "your settings were rescued from it where they could be")
            return read.profile
        version = migrate.schema_of(read.data)
        if version > SCHEMA:
            raise DataTooNew(0, f"Your practice data in {self.root} was saved by a newer version "
                                f"of Self-Empathy Trainer (format {version}; this version knows "
                                f"up to {SCHEMA}). Please update the app. Nothing was changed.")
        self._state = read.data
        self.profile = read.profile
        if read.bad_settings:
            what = "; ".join(read.bad_settings)
            self.notices.append(f"In your settings file {path}, {what}.")
            if self.writable:
                self.set_aside(path, "", "")  # a copy of it as it was, for reference
                return read.profile
        return None

    def set_aside(self, path: Path, what: str, then: str) -> None:
        """Move an unusable file aside (never deleted), saying so unless `what` is empty."""
        if not self.writable:
            if what:
                self.notices.append(f"{what} It was not used. Opening the app repairs it.")
            return
        aside = aside_name(path, "corrupt")
        try:
            os.rename(path, aside)
            fsync_dir(path.parent)
        except FileNotFoundError:
            return
        except OSError as e:
            raise StoreError(e.errno, f"{what or path} could not be moved aside: "
                             f"{e.strerror or e}") from e
        if what:
            self.notices.append(f"{what} It was moved to {aside} (nothing was deleted) and "
                                f"{then}.")

    def _load_snapshot(self) -> None:
        path = self.root / SNAPSHOT_FILE
        try:
            snap = snapshot.read(path)
        except snapshot.Unusable as e:
            self.set_aside(path, f"Your saved card states {path}: {sentence(e)}",
                           "your card states were rebuilt from your review history")
            snap = None
        except OSError as e:
            self.notices.append(f"Your saved card states {path} could not be read "
                                f"({e.strerror or e}); they were rebuilt from your history.")
            snap = None
        log_size = self.log.path.stat().st_size if self.log.path.exists() else 0
        if snap is not None and (snap.offset > log_size or not self.log.ends_line_at(snap.offset)):
            self.notices.append(f"Your saved card states ({SNAPSHOT_FILE}) did not match your "
                                "review history, so they were rebuilt from it.")
            snap = None
        if snap is not None and snap.set_aside:
            self.set_aside(path, f"Your saved card states {path} held {snap.set_aside} damaged "
                           "card state(s).", "every card's state was rebuilt from your review "
                           "history")
            self.scheduler_params = snap.scheduler
            snap = None
        if snap is None:
            self.cards, end, self.skipped_lines = replay(self.log)
            self._dirty = True
        else:
            self.scheduler_params = snap.scheduler
            progress = check_progress(snap.progress) if snap.progress is not None else None
            if snap.progress is not None and progress is None:
                self.notices.append(f"The progress summary in {path} was damaged; it was "
                                    "rebuilt from your review history (nothing is lost).")
            self.progress, self.progress_offset = progress, snap.offset if progress else -1
            self.cards, end, self.skipped_lines = replay(self.log, snap.offset, snap.cards)
            self._dirty = end != snap.offset or progress is None
        self._log_offset = end

    def _rebuild_profile(self, rescued: dict[str, Any]) -> None:
        """After an unusable state.json: settings from it if readable, else the newest backup."""
        profile = rescued
        if not profile:
            for b in reversed(backup.list_backups(self.root)):
                read = read_state(b.path / STATE_FILE)
                if read is not None and read.data is not None and read.profile:
                    profile = read.profile
                    self.notices.append(f"Your settings were taken from the backup {b.name}.")
                    break
        self.profile = dict(profile)
        if not self.writable or self._let_go:
            return
        try:
            self._write_settings(self.profile)
        except StoreError as e:
            self.notices.append(f"The repaired settings could not be saved yet ({e.strerror}); "
                                "they will be saved again later. Your review history is "
                                "complete.")

    # -- writing -----------------------------------------------------------------------

    def append(self, rec: dict[str, Any]) -> None:
        """Durably record a review, undo or other event, then apply it to the card states."""
        if "schema" not in rec:
            rec = {**rec, "schema": migrate.SCHEMA}
        self.log.append(rec)
        apply_change(self.cards, rec)
        self._log_offset = self.log.size
        self._dirty = True

    def changed(self) -> None:
        """Something the snapshot holds changed outside `append` (progress folded anew)."""
        self._dirty = True

    def save_snapshot(self) -> None:
        """Write the card table, progress and scheduler parameters at once (atomic), noting how
        much of the log they cover. Raises StoreError if it can't be written; the file on disk
        stays as it was."""
        if not self.writable or self._let_go or not self._dirty:
            return
        from trainer.domain.cards import scheduler_defaults

        if self.scheduler_params is None:
            self.scheduler_params = scheduler_defaults()
        progress = None
        if self.progress is not None and self.progress_offset == self._log_offset:
            # Without the in-session undo copy: an undo never crosses a restart.
            progress = {k: v for k, v in self.progress.items() if k != "_undo"}
        snapshot.write(self.root / SNAPSHOT_FILE, snapshot.Snapshot(
            self.cards, self._log_offset, progress, self.scheduler_params))
        self._dirty = False

    def set_profile(self, **values: Any) -> None:
        """Save settings. Raises StoreError (nothing changed, on disk or here) if it can't."""
        if not self.writable or self._let_go:
            raise PermissionError("the store is read-only")
        self._write_settings({**self.profile, **values})
        self.profile.update(values)

    def _write_settings(self, profile: dict[str, Any]) -> None:
        """state.json through TinyDB: the profile and a note of the format."""
        db = self._database()
        table = db.table("profile")
        before = [dict(d) for d in table.all()]
        table.truncate()
        table.insert(profile)
        try:
            self._flush()
        except StoreError:
            table.truncate()
            for doc in before:
                table.insert(doc)
            raise

    def _database(self) -> TinyDB:
        if self.db is None:
            from tinydb import TinyDB
            from tinydb.middlewares import CachingMiddleware

            from trainer.store.tinystorage import AtomicJSONStorage

            self.cache = CachingMiddleware(AtomicJSONStorage)  # type: ignore[no-untyped-call]
            state = {k: v for k, v in self._state.items() if k in ("profile", "meta")}
            self.db = TinyDB(self.root / STATE_FILE, storage=self.cache, preloaded=state)
            meta = self.db.table("meta")
            meta.truncate()
            meta.insert({"schema": SCHEMA})
        return self.db

    def _flush(self) -> None:
        if self.cache is not None:
            self.cache.flush()  # type: ignore[no-untyped-call]

    def rebuild(self) -> int:
        """Replace the card states by a replay of the whole log and save them (the progress
        summary is rebuilt at the next start). Returns how many cards changed."""
        cards, end, self.skipped_lines = replay(self.log)
        changed = sum(1 for k in set(cards) | set(self.cards) if cards.get(k) != self.cards.get(k))
        self.cards, self._log_offset, self._dirty = cards, end, True
        self.progress, self.progress_offset = None, -1
        self.save_snapshot()
        return changed

    def close(self) -> None:
        """Save the snapshot and let go of the files. If the snapshot can't be saved, the files
        are still let go and StoreError is raised: the log already holds every answer."""
        if self._closed:
            return
        self._closed = True
        error: StoreError | None = None
        try:
            self.save_snapshot()
        except StoreError as e:
            error = e
        finally:
            self.log.close()
            self.db, self._let_go = None, True
            if self.writable and self._backup_at_close:
                # The data folder was empty when it opened (a first day): back up what the
                # day's practice wrote, so a newcomer isn't without a backup until tomorrow.
                with contextlib.suppress(OSError):
                    backup.daily(self.root)
            if self.lock:
                self.lock.release()
        if error is not None:
            raise error

    # -- reading -----------------------------------------------------------------------

    def history(self) -> list[dict[str, Any]]:
        """Every review not undone, oldest first. Reads the whole log: never at start-up."""
        reviews: dict[str, dict[str, Any]] = {}
        for _end, raw in self.log.records():
            rec = migrate.upgrade_record(raw)
            if card_change(rec) is None:
                continue
            if rec["type"] == "review":
                reviews[rec["rid"]] = rec
            else:
                reviews.pop(rec["rid"], None)
        return list(reviews.values())

    def events(self, *kinds: str) -> list[dict[str, Any]]:
        """Every log record of these other types (flags, levels...), oldest first, in one
        pass over the log."""
        return [raw for _end, raw in self.log.records() if raw.get("type") in kinds]


def exists(root: Path) -> bool:
    return (root / STATE_FILE).exists() or (root / LOG_FILE).exists()


__all__ = ["DataTooNew", "Store", "StoreError", "exists", "replay", "usable"]
