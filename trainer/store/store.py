"""The data dir as one object: card states (snapshot + log replay), profile, review log.

At open every file is checked. A state.json that can't be used is moved aside (never deleted)
and rebuilt from the log, which carries each card's state after each review; what was done is
told to the user through `Store.notices`."""

from __future__ import annotations

import contextlib
import json
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.domain.cards import CardState, CardTable
from trainer.store import backup, migrate
from trainer.store.atomic import (
    DIR_MODE,
    FILE_MODE,
    StoreError,
    atomic_write_bytes,
    fsync_dir,
)
from trainer.store.lock import LOCK_FILE, DataLock
from trainer.store.reviewlog import ReviewLog, aside_name, valid_card, valid_record

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.middlewares import CachingMiddleware

SCHEMA = migrate.SCHEMA
CARD_RECORDS = ("review", "undo")
STATE_FILE = backup.STATE_FILE
CARDS_FILE = backup.CARDS_FILE
CARDS_VERSION = 1
LOG_FILE = backup.LOG_FILE


class DataTooNew(StoreError):
    """The data dir was written by a newer version of the app; nothing was changed."""

    def __str__(self) -> str:
        return str(self.strerror)


def state_problem(data: object) -> str | None:
    """What is wrong with a parsed state.json, in words for the user; None if it is usable."""
    if not isinstance(data, dict):
        return "does not contain the expected tables"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(
                isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, dict)
                for k, v in table.items()):
            return f"has a damaged {name!r} table"
    if not all(valid_card(c) for c in data.get("cards", {}).values()):
        return "has damaged card states"
    meta = data.get("meta", {}).get("1", {})
    offset, schema = meta.get("log_offset", 0), meta.get("schema", 1)
    if type(offset) is not int or offset < 0 or type(schema) is not int or schema < 1:
        return "has a damaged format note"
    return None


def replay(log: ReviewLog, start: int = 0, cards: CardTable | None = None
           ) -> tuple[CardTable, int, int]:
    """Apply the log from byte `start` onto `cards`: (cards, end offset, lines skipped)."""
    cards = CardTable() if cards is None else cards
    skipped: list[int] = []
    offset = start
    for end, raw in log.records(start, skipped):
        rec = migrate.upgrade_record(raw)
        if valid_record(rec):
            apply(cards, rec)
        elif not usable(rec):
            skipped.append(0)
        # Other record types (sessions, milestones) belong to other readers of the log.
        offset = end
    return cards, offset, len(skipped)


def usable(raw: dict[str, Any]) -> bool:
    """Whether the store can use a log record (other readers' record types count as usable)."""
    rec = migrate.upgrade_record(raw)
    return valid_record(rec) or (isinstance(rec.get("type"), str)
                                 and rec["type"] not in CARD_RECORDS)


def apply(cards: CardTable, rec: dict[str, Any]) -> None:
    """One checked review or undo record onto the card states."""
    key = rec["card"]
    if rec["type"] == "review":
        cards[key] = CardState.from_dict(rec["after"])
    elif rec.get("state") is not None:
        cards[key] = CardState.from_dict(rec["state"])
    else:
        cards.pop(key, None)


def read_cards(path: Path) -> tuple[CardTable, int] | None:
    """The card snapshot and the log offset it covers; None if missing or unusable (it is a
    cache of the log, so it is then rebuilt)."""
    try:
        raw = marshal.loads(path.read_bytes())
        version, offset, plain = raw
        if version != CARDS_VERSION or type(offset) is not int or offset < 0:
            return None
        return CardTable.from_plain(plain), offset
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _tighten(path: Path, mode: int) -> None:
    """Make a file or folder of ours owner-only if it is not."""
    with contextlib.suppress(OSError):
        st = path.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            os.chmod(path, mode)


class Store:
    """Owns the files of one data dir. Writable stores hold the lock until closed.

    The review log is the truth. Card states live in memory in a `CardTable`, saved off the
    answer path to `cards.bin` (a cache of the log, with the log offset it covers); settings
    live in TinyDB (`state.json`). Measured at 10,000 cards: the cards as TinyDB documents
    took 34 ms and 15 MiB at peak to load; as columns, a few ms and about 1 MiB."""

    def __init__(self, root: Path, *, writable: bool = True, daily_backup: bool = True) -> None:
        self.root = root
        self.writable = writable
        self.notices: list[str] = []  # things the user should be told, in plain words
        self.skipped_lines = 0
        self.cards = CardTable()
        self.profile: dict[str, Any] = {}
        self._dirty = False
        self._closed = False
        self._backup_at_close = False  # set at open: back up at close on a first day
        self._mismatch = False
        self._log_offset = 0
        self._legacy = False  # state.json still holds card states (from before cards.bin)
        self.log = ReviewLog(root / LOG_FILE)
        self.cache: CachingMiddleware | None = None
        self.db: TinyDB | None = None  # made at the first write (start-up only reads)
        self._state: dict[str, Any] = {}  # state.json as checked at open
        self._let_go = False
        self.lock = DataLock(root) if writable else None
        if writable:
            try:
                root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            except OSError as e:
                raise StoreError(e.errno, f"could not create the data folder {root}: "
                                 f"{e.strerror or e}") from e
            _tighten(root, DIR_MODE)
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
            for name in (STATE_FILE, CARDS_FILE, LOG_FILE, LOCK_FILE):
                _tighten(self.root / name, FILE_MODE)
            self._sweep_temp_files()
            if backup.finish_restore(self.root):
                self.notices.append("A restore from a backup had been interrupted; it has now "
                                    "been finished.")
            try:
                self.log.open_for_append()
            except OSError as e:
                raise StoreError(e.errno, f"could not open your review history {self.log.path}: "
                                 f"{e.strerror or e}") from e
            if self.log.torn:
                self.notices.append(
                    "The last line of your review history was cut off (probably by a crash "
                    "while it was being saved); that unfinished line was set aside in "
                    f"{self.log.torn}. Everything before it is safe.")
        data, profile_rescue = self._check_state()
        if data is not None:
            data = self._migrate(data)
        self._state = data or {}
        self._load()
        if profile_rescue is not None:
            self._rebuild_profile(profile_rescue)
        elif self._mismatch:
            self._rebuild_profile(self.profile)
        if self.skipped_lines:
            self.notices.append(
                f"{self.skipped_lines} line(s) of your review history ({self.log.path}) could "
                "not be read and were skipped; the rest loaded. `python -m trainer doctor` "
                "shows where they are.")
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
        for name in (*backup.CACHES, backup.RESTORE_MARKER):
            for tmp in self.root.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    def _check_state(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(usable state.json data or None, profile rescued from an unusable one or None).

        The second is not None exactly when a state.json was there and could not be used."""
        path = self.root / STATE_FILE
        data: object = None
        problem: str | None
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as e:
            problem = f"could not be read ({e.strerror or e})"
        else:
            try:
                data = json.loads(raw.decode("utf-8"))
            except ValueError:
                problem = "is damaged (it is not readable JSON)"
            else:
                problem = state_problem(data)
        if problem is None:
            assert isinstance(data, dict)
            return data, None
        rescue: dict[str, Any] = {}
        if isinstance(data, dict) and isinstance(data.get("profile"), dict):
            prof = data["profile"].get("1")
            rescue = dict(prof) if isinstance(prof, dict) else {}
        self._set_aside(path, problem)
        return None, rescue

    def _set_aside(self, path: Path, problem: str) -> None:
        what = f"Your saved progress file {path} {problem}."
        if not self.writable:
            self.notices.append(f"{what} It was not used; your card states were read from "
                                "your review history instead. Opening the app repairs it.")
            return
        aside = aside_name(path, "corrupt")
        try:
            os.rename(path, aside)
            fsync_dir(path.parent)
        except OSError as e:
            raise StoreError(e.errno, f"{what} It could not be moved aside: "
                             f"{e.strerror or e}") from e
        self.notices.append(f"{what} It was moved to {aside} (nothing was deleted) and your "
                            "card states were rebuilt from your review history.")

    def _migrate(self, data: dict[str, Any]) -> dict[str, Any]:
        version = migrate.schema_of(data)
        if version > migrate.SCHEMA:
            raise DataTooNew(0, f"Your practice data in {self.root} was saved by a newer version "
                                f"of Self-Empathy Trainer (format {version}; this version knows "
                                f"up to {migrate.SCHEMA}). Please update the app. Nothing was "
                                "changed.")
        if version == migrate.SCHEMA:
            return data
        if not self.writable:
            return migrate.migrate_state(data)
        try:
            saved = backup.make(self.root, "migration")
        except StoreError as e:
            raise StoreError(e.errno, f"Your data needs updating to a new format, but a backup "
                             f"could not be made first ({e.strerror}). Nothing was changed; free "
                             "some disk space and start again.") from e
        data = migrate.migrate_state(data)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write_bytes(self.root / STATE_FILE, text.encode("utf-8"))
        self.notices.append(f"Your data was updated to format {migrate.SCHEMA}. A copy of it as "
                            f"it was is in {saved}.")
        return data

    def _database(self) -> TinyDB:
        """TinyDB over state.json, made at the first write: reading settings at start-up
        needs only the checked file (and not TinyDB's import)."""
        if self.db is None:
            from tinydb import TinyDB
            from tinydb.middlewares import CachingMiddleware

            from trainer.store.tinystorage import AtomicJSONStorage

            self.cache = CachingMiddleware(AtomicJSONStorage)  # type: ignore[no-untyped-call]
            self.db = TinyDB(self.root / STATE_FILE, storage=self.cache, preloaded=self._state)
            if not self._state.get("meta"):  # written with the first write: say the format
                self.db.table("meta").insert({"schema": migrate.SCHEMA})
        return self.db

    def _load(self) -> None:
        meta: dict[str, Any] = dict(self._state.get("meta", {}).get("1") or {})
        prof = self._state.get("profile", {}).get("1")
        self.profile = dict(prof) if prof else {}
        log_size = self.log.path.stat().st_size if self.log.path.exists() else 0
        snapshot = read_cards(self.root / CARDS_FILE)
        if snapshot is not None:
            self.cards, offset = snapshot
            if offset > log_size or not self.log.ends_line_at(offset):
                # A cache of some other log (replaced or cut): the log is the truth.
                self.cards, offset = CardTable(), 0
                self.notices.append(f"Your saved card states ({CARDS_FILE}) did not match your "
                                    "review history, so they were rebuilt from it.")
        else:
            # No card cache yet (or an unusable one): cards kept in state.json by versions
            # before cards.bin, else the whole log.
            offset = int(meta.get("log_offset", 0))
            raw_cards = self._state.get("cards", {})
            self.cards = CardTable(CardState.from_dict(d) for d in raw_cards.values())
            if offset > log_size or not self.log.ends_line_at(offset):
                # The snapshot describes some other log (replaced or cut): the log is the truth.
                self._set_aside(self.root / STATE_FILE, "did not match your review history")
                self.cards, offset, self._mismatch = CardTable(), 0, True
            self._legacy = bool(raw_cards) or "log_offset" in meta
        self.cards, end, self.skipped_lines = replay(self.log, offset, self.cards)
        self._dirty = end != offset or self._legacy
        self._log_offset = end

    def _rebuild_profile(self, rescued: dict[str, Any]) -> None:
        """After an unusable state.json: settings from it if readable, else the newest backup."""
        profile = rescued
        if not profile:
            for b in reversed(backup.list_backups(self.root)):
                state = backup.read_state(b.path)
                if state is not None and state_problem(state) is None:
                    prof = state.get("profile", {}).get("1")
                    if isinstance(prof, dict):
                        profile = dict(prof)
                        self.notices.append(f"Your settings were taken from the backup {b.name}.")
                        break
        self.profile = profile
        self._dirty = True
        if not self.writable or self._let_go:
            return
        table = self._database().table("profile")
        table.truncate()
        if profile:
            table.insert(profile)
        try:
            self._flush()
            self.save_snapshot()
        except StoreError as e:
            self.notices.append(f"The repaired progress file could not be saved yet "
                                f"({e.strerror}); it will be saved again later. Your review "
                                "history is complete.")

    # -- writing -----------------------------------------------------------------------

    def append(self, rec: dict[str, Any]) -> None:
        """Durably record a review or undo, then apply it to the in-memory state."""
        if "schema" not in rec:
            rec = {**rec, "schema": migrate.SCHEMA}
        self.log.append(rec)
        if valid_record(rec):
            apply(self.cards, rec)
        self._log_offset = self.log.size
        self._dirty = True

    def save_snapshot(self) -> None:
        """Write all card state at once (atomic), noting how much of the log it covers.
        Raises StoreError if it can't be written; the file on disk stays as it was."""
        if not self.writable or self._let_go or not self._dirty:
            return
        data = marshal.dumps((CARDS_VERSION, self._log_offset, self.cards.to_plain()))
        atomic_write_bytes(self.root / CARDS_FILE, data)
        noted = (self.db.table("meta").get(doc_id=1) if self.db is not None
                 else self._state.get("meta", {}).get("1"))
        if self._legacy or noted != {"schema": migrate.SCHEMA}:
            # Drop the card states an older state.json holds (cards.bin has them now), and
            # note the format (so a later version knows what to update).
            db = self._database()
            db.drop_table("cards")
            db.table("meta").truncate()
            db.table("meta").insert({"schema": migrate.SCHEMA})
            self._flush()
            self._legacy = False
        self._dirty = False

    def set_profile(self, **values: Any) -> None:
        """Save settings. Raises StoreError (nothing changed, on disk or here) if it can't."""
        if not self.writable or self._let_go:
            raise PermissionError("the store is read-only")
        table = self._database().table("profile")
        table.truncate()
        table.insert({**self.profile, **values})
        try:
            self._flush()
        except StoreError:
            table.truncate()
            if self.profile:
                table.insert(self.profile)
            raise
        self.profile.update(values)

    def _flush(self) -> None:
        if self.cache is not None:
            self.cache.flush()  # type: ignore[no-untyped-call]

    def rebuild(self) -> int:
        """Replace the card states by a replay of the whole log and save them. Returns how many
        cards changed."""
        cards, end, self.skipped_lines = replay(self.log)
        changed = sum(1 for k in set(cards) | set(self.cards) if cards.get(k) != self.cards.get(k))
        self.cards, self._log_offset, self._dirty = cards, end, True
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
            pending = self._flush_quietly()
            error = error or pending
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

    def _flush_quietly(self) -> StoreError | None:
        """Write pending settings if any; the error instead of raising it."""
        if self.cache is None or not self.writable:
            return None
        try:
            self._flush()
        except StoreError as e:
            return e
        return None

    # -- reading -----------------------------------------------------------------------

    def history(self) -> list[dict[str, Any]]:
        """Every review not undone, oldest first. Reads the whole log: never at start-up."""
        reviews: dict[str, dict[str, Any]] = {}
        for _end, raw in self.log.records():
            rec = migrate.upgrade_record(raw)
            if not valid_record(rec):
                continue
            if rec["type"] == "review":
                reviews[rec["rid"]] = rec
            else:
                reviews.pop(rec["rid"], None)
        return list(reviews.values())



def exists(root: Path) -> bool:
    return (root / STATE_FILE).exists() or (root / LOG_FILE).exists()


__all__ = ["DataTooNew", "Store", "StoreError", "exists", "replay"]
