"""A health check of a data dir: the folder, lock, permissions, every file's contents, backups.
Reads only; `repair` mends what can be mended safely."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trainer.command import command
from trainer.domain.progress import check_progress
from trainer.store import backup, legacy, migrate, snapshot
from trainer.store.lock import LOCK_FILE, pid_alive, status
from trainer.store.reviewlog import ReviewLog
from trainer.store.safety import UnsafeFolder, check_data_folder
from trainer.store.settings_file import STATE_FILE, read_state
from trainer.store.store import LOG_FILE, SNAPSHOT_FILE, replay

REPAIR = f"{command()} doctor --repair"
OURS = (STATE_FILE, SNAPSHOT_FILE, LOG_FILE, LOCK_FILE, "decks", "journal", backup.BACKUP_DIR)


@dataclass(frozen=True)
class Finding:
    topic: str
    text: str
    fix: str = ""
    attention: bool = False


def examine(root: Path) -> list[Finding]:
    """Everything worth saying about the data dir, in plain words."""
    if not root.exists():
        return [Finding("Data", f"No practice data yet in {root}. Nothing to check.")]
    out = [*_folder(root), _lock(root), *_permissions(root), *_links(root)]
    out += _settings(root)
    out += _integrity(root)
    out += _backups(root)
    out += _leftovers(root)
    return out


def _folder(root: Path) -> list[Finding]:
    try:
        check_data_folder(root)
    except UnsafeFolder as e:
        return [Finding("Folder", str(e), "The app refuses to open it until this is fixed.",
                        attention=True)]
    return [Finding("Folder", "Yours, and only you can change it.")]


def _lock(root: Path) -> Finding:
    s = status(root)
    if s.problem:
        return Finding("Lock", f"{root / LOCK_FILE} is {s.problem}, not the lock file, so the app "
                       "can't start.", f"Run `{REPAIR}` to move it aside.", attention=True)
    if s.held:
        who = f"process {s.pid}" if s.pid else "another process"
        if s.host and s.host != os.uname().nodename:
            who += f" on {s.host}"
        return Finding("Lock", f"The app is open now ({who}). That's fine; only restore and "
                               "forget need it closed first.")
    if s.stale:
        gone = s.pid is not None and not pid_alive(s.pid)
        return Finding("Lock", f"An earlier run (process {s.pid}) ended without closing"
                       f"{' and is gone' if gone else ''}. Nothing to do: the next start takes "
                       "the lock over.")
    return Finding("Lock", "Free: no window has your data open.")


def _walk(root: Path) -> list[Path]:
    """Every path in the folder, without following links."""
    out: list[Path] = []
    stack = [root]
    while stack:
        here = stack.pop()
        out.append(here)
        try:
            if here.is_dir() and not here.is_symlink():
                stack.extend(sorted(here.iterdir()))
        except OSError:
            continue
    return out


def _permissions(root: Path) -> list[Finding]:
    loose: list[Path] = []
    others: list[Path] = []
    for p in _walk(root):
        try:
            st = p.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            continue
        if st.st_uid != os.getuid():
            others.append(p)
        elif st.st_mode & 0o077:
            loose.append(p)
    out = []
    if loose:
        shown = ", ".join(str(p) for p in loose[:5]) + (" and more" if len(loose) > 5 else "")
        out.append(Finding("Permissions", f"{len(loose)} file(s) or folder(s) can be read by "
                           f"other users of this computer: {shown}.",
                           f"Run `chmod -R go-rwx {root}`, or `{REPAIR}`.", attention=True))
    if others:
        out.append(Finding("Permissions", f"{len(others)} file(s) belong to another user, e.g. "
                           f"{others[0]}.", "Check who put them there; the app may be unable "
                           "to replace them.", attention=True))
    if not out:
        out.append(Finding("Permissions", "Only you can read your data."))
    return out


def _links(root: Path) -> list[Finding]:
    """Symbolic links inside the data folder: the app never writes through them."""
    links = [p for p in _walk(root)[1:] if p.is_symlink()]
    if not links:
        return []
    shown = ", ".join(f"{p.relative_to(root)} -> {os.readlink(p)}" for p in links[:4])
    return [Finding("Links", f"{len(links)} symbolic link(s) inside the data folder: {shown}. "
                    "The app never follows a link where it writes, so a link here stops it.",
                    f"If you didn't make them, `{REPAIR}` moves them aside (their targets are "
                    "not touched).", attention=True)]


def _settings(root: Path) -> list[Finding]:
    path = root / STATE_FILE
    read = read_state(path)
    if read is None:
        return [Finding("Settings", "There is no state.json yet; it is written when you change "
                        "a setting.")]
    if read.data is None:
        return [Finding("Settings", f"{path} {read.problem}.", "Start the app: it moves the "
                        "file aside (nothing is deleted) and keeps what settings it can. Or "
                        f"run `{REPAIR}`.", attention=True)]
    version = migrate.schema_of(read.data)
    if version > migrate.SCHEMA:
        return [Finding("Settings", f"Saved by a newer version of the app (format {version}).",
                        "Update Self-Empathy Trainer.", attention=True)]
    out = []
    for bad in read.bad_settings:
        out.append(Finding("Settings", f"In {path}, {bad}.", f"Run `{REPAIR}` (or start the "
                           "app) to set it back to the default; a copy of the file is kept.",
                           attention=True))
    later = " (it will be updated at the next start, after a backup)" \
        if legacy.layout(root, read.data) else ""
    out.append(Finding("Settings", f"state.json is readable: format {version}{later}."))
    return out


def _integrity(root: Path) -> list[Finding]:
    out: list[Finding] = []
    log = ReviewLog(root / LOG_FILE)
    snap: snapshot.Snapshot | None = None
    path = root / SNAPSHOT_FILE
    try:
        snap = snapshot.read(path)
    except snapshot.Unusable as e:
        out.append(Finding("Card states", f"{path} can't be used ({e}).", "Start the app or run "
                           f"`{REPAIR}`: it is moved aside and rebuilt from your review history "
                           "(nothing is lost).", attention=True))
    except OSError as e:
        out.append(Finding("Card states", f"{path} could not be read ({e.strerror or e}).",
                           attention=True))
    if snap is not None:
        out.append(Finding("Card states", snapshot.describe(path) + ".",
                           f"Run `{REPAIR}` to rebuild them from your history."
                           if snap.set_aside else "", attention=bool(snap.set_aside)))
        if snap.progress is not None and check_progress(snap.progress) is None:
            out.append(Finding("Progress", f"The progress summary in {path} is damaged.",
                               f"Start the app or run `{REPAIR}`: it is rebuilt from your "
                               "review history.", attention=True))
    elif not path.exists():
        old = [n for n in legacy.OLD_FILES[:2] if (root / n).exists()]
        note = f" ({' and '.join(old)} from an earlier version will be moved into it)" \
            if old else ""
        out.append(Finding("Card states", f"There is no {SNAPSHOT_FILE} yet{note}; it is "
                           "written when a session ends, from your review history."))
    if not log.path.exists():
        out.append(Finding("Review history", "No reviews yet."))
        return out
    skipped: list[int] = []
    valid = sum(1 for _ in log.records(0, skipped))
    full, _end, bad = replay(log)
    bad_shape = bad - len(skipped)
    size = log.path.stat().st_size
    torn = size > 0 and not log.ends_line_at(size)
    text = f"{valid} record(s) in reviews.jsonl"
    if skipped or bad_shape:
        where = ", ".join(map(str, skipped[:8])) + ("…" if len(skipped) > 8 else "")
        parts = [f"{len(skipped)} unreadable line(s) (line {where})"] if skipped else []
        parts += [f"{bad_shape} record(s) with missing, damaged or out-of-range fields"] \
            if bad_shape else []
        out.append(Finding("Review history", f"{text}; {' and '.join(parts)} are skipped.",
                           f"The rest loads normally. `{REPAIR}` moves them into a file beside "
                           "the history (after a backup). If the file was edited by hand, a "
                           f"backup has the earlier version: `{command()} backup list`, "
                           f"then `{command()} restore NAME`.", attention=True))
    else:
        out.append(Finding("Review history", f"{text}, all readable."))
    if torn:
        out.append(Finding("Review history", "The last line is unfinished (a crash while "
                           "saving, or the app is writing right now). The next start sets it "
                           "aside by itself."))
    if snap is not None and not snap.set_aside:
        if snap.offset > size or not log.ends_line_at(snap.offset):
            out.append(Finding("Consistency", f"{SNAPSHOT_FILE} describes a different review "
                               "history (it reaches past the end of reviews.jsonl).",
                               f"Start the app or run `{REPAIR}`: the card states are rebuilt "
                               "from the history.", attention=True))
        else:
            merged, _e, _b = replay(log, snap.offset, dict(snap.cards))
            differ = sorted(k for k in set(merged) | set(full) if merged.get(k) != full.get(k))
            if differ:
                out.append(Finding("Consistency", f"{len(differ)} card state(s) in "
                                   f"{SNAPSHOT_FILE} differ from your review history (e.g. "
                                   f"{differ[0]}).", f"Run `{REPAIR}` to rebuild them from the "
                                   "history.", attention=True))
            else:
                out.append(Finding("Consistency", "Card states match a full replay of your "
                                   "review history."))
    return out


def _age(when: datetime, now: datetime) -> str:
    days = (now - when).days
    if when > now:
        return f"dated {when:%Y-%m-%d}, in the future"
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def _backups(root: Path) -> list[Finding]:
    found = backup.list_backups(root)
    now = datetime.now(UTC)
    has_data = (root / STATE_FILE).exists() or (root / LOG_FILE).exists()
    if not found:
        if not has_data:
            return [Finding("Backups", "None yet (there is nothing to back up).")]
        return [Finding("Backups", "There are no backups of your practice yet.",
                        f"Run `{command()} backup` (the app also makes one each day "
                        "it is used).", attention=True)]
    real = [b for b in found if not backup.future(b, now)]
    ahead = [b for b in found if backup.future(b, now)]
    newest = (real or found)[-1]
    out = [Finding("Backups", f"{len(found)} in {backup.folder(root)}; the newest is "
                   f"{newest.name} ({_age(newest.when, now)}).")]
    if ahead:
        out.append(Finding("Backups", f"{len(ahead)} backup(s) are dated in the future (e.g. "
                           f"{ahead[-1].name}): the computer's clock was probably set wrong when "
                           "they were made. They are kept, and never push out the others.",
                           "If the clock is right now, look at them and delete those you don't "
                           "need."))
    unfinished = list(backup.folder(root).glob(".tmp-*"))
    if unfinished:
        out.append(Finding("Backups", f"{len(unfinished)} unfinished backup folder(s) from an "
                           "interrupted backup; the next backup removes them."))
    return out


def _leftovers(root: Path) -> list[Finding]:
    out = []
    if (root / backup.RESTORE_MARKER).exists():
        out.append(Finding("Restore", "A restore was interrupted.",
                           "Start the app (or run any restore again): it finishes the restore.",
                           attention=True))
    aside = sorted(p.name for p in root.iterdir()
                   if p.name.startswith(tuple(f"{n}.{w}-" for n in OURS
                                              for w in ("corrupt", "torn", "bad", "link"))))
    if aside:
        out.append(Finding("Set aside", f"Kept for you to look at: {', '.join(aside)}. They are "
                           "not used; delete them once you've had a look, if you like."))
    return out


__all__ = ["Finding", "examine"]
