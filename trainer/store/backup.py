"""Rotating backups of the data dir in <data>/backups/<UTC time>-<reason>/, and restoring one.

A backup is a plain copy of state.json, cards.json, reviews.jsonl, decks/ and journal/,
written into a hidden temp folder and renamed into place, owner-only. The app takes a "daily"
one at the first start of each day; of those it keeps the 7 newest days and the newest of each
of the 4 most recent weeks, and the last 7 before a gap of over a month. Backups dated in the
future (a clock set wrong) are kept apart and never push out the others. Backups for a reason
(before an import, migration or restore, or asked for) are kept apart: the 5 newest of them.
Everything else is pruned."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from trainer.store.atomic import DIR_MODE, StoreError, atomic_write_bytes, copy_file, fsync_dir
from trainer.store.lock import pid_alive
from trainer.store.safety import own_folder

BACKUP_DIR = "backups"
STATE_FILE = "state.json"
SNAPSHOT_FILE = "cards.json"
LOG_FILE = "reviews.jsonl"
# Files that note how much of the log they cover (cards.json; cards.bin and progress.json of
# older versions, so a backup made before a migration holds the folder as it was). Copied
# before the log, so the copied log always reaches as far as they say; on restore they leave
# first and come back last.
CACHES = (STATE_FILE, SNAPSHOT_FILE, "cards.bin", "progress.json")
ITEMS = (*CACHES, LOG_FILE, "decks", "journal")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_EVENTS = 5
DAILY = "daily"
RESTORE_MARKER = ".restoring"
_NAME = re.compile(r"^(\d{8}T\d{6}Z)-([a-z0-9][a-z0-9-]{0,30})$")


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    when: datetime  # UTC
    reason: str

    @property
    def local_day(self) -> date:
        return self.when.astimezone().date()

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def folder(root: Path) -> Path:
    return root / BACKUP_DIR


def parse_name(path: Path) -> Backup | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    t = m.group(1)  # YYYYmmddTHHMMSSZ; read by hand: strptime's import costs 5 ms of start-up
    try:
        when = datetime(int(t[:4]), int(t[4:6]), int(t[6:8]), int(t[9:11]), int(t[11:13]),
                        int(t[13:15]), tzinfo=UTC)
    except ValueError:  # digits, but no such moment (a 13th month...): not one of ours
        return None
    return Backup(path.name, path, when, m.group(2))


def list_backups(root: Path) -> list[Backup]:
    """Every finished backup, oldest first."""
    try:
        paths = [p for p in folder(root).iterdir() if p.is_dir()]
    except OSError:
        return []
    found = [b for p in paths if (b := parse_name(p)) is not None]
    return sorted(found, key=lambda b: (b.when, b.name))


def _has_data(root: Path) -> bool:
    state, log = root / STATE_FILE, root / LOG_FILE
    return state.exists() or (log.exists() and log.stat().st_size > 0)


def _copy_tree(src: Path, dst: Path) -> int:
    """Copy regular files (not links) from src into dst, owner-only. Returns the file count."""
    if src.is_file() and not src.is_symlink():
        copy_file(src, dst)
        return 1
    if not src.is_dir() or src.is_symlink():
        return 0
    dst.mkdir(mode=DIR_MODE)
    n = 0
    for child in sorted(src.iterdir()):
        if child.name.startswith(".") and child.name.endswith(".tmp"):
            continue  # a half-written file of an atomic write elsewhere
        n += _copy_tree(child, dst / child.name)
    fsync_dir(dst)
    return n


def _sweep_temp(base: Path) -> None:
    """Remove temp folders left by a backup (or pruning) that was interrupted; not those of a
    backup another running process is making right now."""
    with contextlib.suppress(OSError):
        for p in base.iterdir():
            m = re.match(r"^\.tmp-(?:(\d+)-)?", p.name)
            if m is None or not p.is_dir():
                continue
            if m.group(1) and int(m.group(1)) != os.getpid() and pid_alive(int(m.group(1))):
                continue
            shutil.rmtree(p, ignore_errors=True)


def make(root: Path, reason: str, *, now: datetime | None = None,
         protect: tuple[str, ...] = ()) -> Path:
    """Back up the data dir now (e.g. `make(root, "import")` before importing a deck).

    Returns the new backup's folder. Raises StoreError (leaving nothing half-made) if the
    copy fails, e.g. on a full disk. Older backups are pruned afterwards."""
    reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")[:30] or "manual"
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    base = folder(root)
    tmp = base / f".tmp-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        own_folder(base)
        _sweep_temp(base)
        tmp.mkdir(mode=DIR_MODE)
        for item in ITEMS:
            _copy_tree(root / item, tmp / item)
        fsync_dir(tmp)
        while True:
            name = f"{moment:%Y%m%dT%H%M%SZ}-{reason}"
            final = base / name
            if not final.exists():
                break
            moment += timedelta(seconds=1)
        os.rename(tmp, final)
        fsync_dir(base)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(e.errno, f"could not make a backup: {e.strerror or e}") from e
    prune(root, protect=(*protect, name), now=moment)
    return final


def made_today(root: Path, now: datetime | None = None) -> bool:
    """Whether today's daily backup exists (local date)."""
    today = (now or datetime.now(UTC)).astimezone().date()
    return any(b.local_day == today and b.reason == DAILY for b in list_backups(root))


def has_data(root: Path) -> bool:
    """Whether the data folder holds anything worth backing up."""
    return _has_data(root)


def daily(root: Path, *, now: datetime | None = None) -> Path | None:
    """Take today's backup if there is data and no backup yet today (local date)."""
    if not _has_data(root) or made_today(root, now):
        return None
    return make(root, DAILY, now=now)


FUTURE_SLACK = timedelta(days=1)
JUMP = timedelta(days=30)


def future(b: Backup, now: datetime) -> bool:
    """Dated after now (more than a day, for time zones): made under a clock set wrong."""
    return b.when > now + FUTURE_SLACK


def to_keep(backups: list[Backup], now: datetime | None = None) -> set[str]:
    """The names the rotation keeps (see the module docstring). Backups dated in the future
    are kept apart (the newest KEEP_DAILY of them) and never take a real one's place."""
    now = now or datetime.now(UTC)
    ahead = sorted((b for b in backups if future(b, now)), key=lambda b: (b.when, b.name))
    keep: set[str] = {b.name for b in ahead[-KEEP_DAILY:]}
    newest = sorted((b for b in backups if not future(b, now)), key=lambda b: (b.when, b.name),
                    reverse=True)
    days: dict[date, str] = {}
    weeks: dict[tuple[int, int], str] = {}
    for b in newest:
        if b.reason != DAILY:
            continue
        days.setdefault(b.local_day, b.name)
        iso = b.local_day.isocalendar()
        weeks.setdefault((iso.year, iso.week), b.name)
    keep.update(list(days.values())[:KEEP_DAILY])
    keep.update(list(weeks.values())[:KEEP_WEEKLY])
    # Before the latest gap of over a month (a clock set far ahead, or a long break), the
    # last week of backups stays too: a burst of backups under a wrong clock can't push out
    # the real history.
    daily_ones = [b for b in newest if b.reason == DAILY]
    for later, earlier in itertools.pairwise(daily_ones):
        if later.when - earlier.when > JUMP:
            before = daily_ones[daily_ones.index(earlier):]
            keep.update(b.name for b in before[:KEEP_DAILY])
            break
    keep.update([b.name for b in newest if b.reason != DAILY][:KEEP_EVENTS])
    return keep


def prune(root: Path, *, protect: tuple[str, ...] = (), now: datetime | None = None) -> list[str]:
    """Remove backups the rotation no longer keeps. Returns their names."""
    backups = list_backups(root)
    keep = to_keep(backups, now) | set(protect)
    gone = []
    for b in backups:
        if b.name not in keep:
            # Renamed out of sight first, so an interrupted removal never leaves a
            # half-deleted backup that looks whole.
            doomed = b.path.with_name(f".tmp-gone-{os.urandom(4).hex()}")
            try:
                os.rename(b.path, doomed)
            except OSError:
                continue
            shutil.rmtree(doomed, ignore_errors=True)
            gone.append(b.name)
    if gone:
        with contextlib.suppress(OSError):
            fsync_dir(folder(root))
    return gone


def find(root: Path, name: str) -> Backup | None:
    """The backup called `name` (as `backup list` shows it), if there is one."""
    if "/" in name or os.sep in name or name in (".", ".."):
        return None
    b = parse_name(folder(root) / name)
    return b if b is not None and b.path.is_dir() else None


# -- restoring -----------------------------------------------------------------------------

def restore(root: Path, name: str) -> Path:
    """Replace the data with backup `name`, after backing up the current data first.

    The caller holds the data lock. Returns the backup of the data as it was before. If this
    is interrupted, the next start finishes it (see `finish_restore`)."""
    src = find(root, name)
    if src is None:
        raise FileNotFoundError(f"there is no backup called {name!r}")
    if not (src.path / LOG_FILE).exists() and not (src.path / STATE_FILE).exists():
        raise FileNotFoundError(f"the backup {name!r} holds no practice data")
    token = os.urandom(4).hex()
    staging, old = root / f".restore-new-{token}", root / f".restore-old-{token}"
    try:
        staging.mkdir(mode=DIR_MODE)
        present = []
        for item in ITEMS:
            if _copy_tree(src.path / item, staging / item) or (src.path / item).is_dir():
                present.append(item)
        fsync_dir(staging)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(e.errno, f"could not read the backup: {e.strerror or e}") from e
    try:
        before = make(root, "restore", protect=(name,))
    except StoreError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    marker = {"staging": staging.name, "old": old.name, "items": present}
    try:
        atomic_write_bytes(root / RESTORE_MARKER, json.dumps(marker).encode())
    except StoreError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finish_restore(root)
    return before


def finish_restore(root: Path) -> bool:
    """Complete a restore that was started (idempotent: safe to run again after a crash).

    The caches leave first and come back last, so a crash in between leaves a log to rebuild
    them from, never a cache describing some other log."""
    marker_path = root / RESTORE_MARKER
    try:
        marker = json.loads(marker_path.read_bytes())
        staging, old = root / str(marker["staging"]), root / str(marker["old"])
        present = set(marker["items"])
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        marker_path.unlink()  # unreadable marker: nothing has been moved yet
        return False
    old.mkdir(mode=DIR_MODE, exist_ok=True)

    def out(item: str) -> None:
        cur = root / item
        if cur.exists() or cur.is_symlink():
            target = old / item
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            os.rename(cur, target)

    def into(item: str) -> None:
        new = staging / item
        if new.exists():
            out(item)
            os.rename(new, root / item)
        elif item not in present:
            out(item)

    for item in CACHES:
        if (staging / item).exists() or item not in present:
            out(item)
    for item in ITEMS[len(CACHES):]:
        into(item)
    for item in CACHES:
        into(item)
    fsync_dir(root)
    marker_path.unlink()
    fsync_dir(root)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return True


__all__ = ["Backup", "daily", "finish_restore", "list_backups", "make", "prune", "restore"]
