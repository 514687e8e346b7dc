"""A health check of a data dir: integrity, lock, permissions, backups. Reads only."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trainer.domain.cards import CardState, CardTable
from trainer.store import backup, migrate
from trainer.store.lock import pid_alive, status
from trainer.store.reviewlog import ReviewLog
from trainer.store.store import CARDS_FILE, LOG_FILE, STATE_FILE, read_cards, replay, state_problem

REPAIR = "python -m trainer doctor --repair"


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
    out = [_lock(root), *_permissions(root)]
    out += _integrity(root)
    out += _backups(root)
    out += _leftovers(root)
    return out


def _lock(root: Path) -> Finding:
    s = status(root)
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


def _permissions(root: Path) -> list[Finding]:
    loose: list[Path] = []
    others: list[Path] = []
    paths = [root, *root.rglob("*")]
    for p in paths:
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


def _integrity(root: Path) -> list[Finding]:
    out: list[Finding] = []
    log = ReviewLog(root / LOG_FILE)
    # The state file.
    state: dict[str, object] | None = None
    path = root / STATE_FILE
    if not path.exists():
        out.append(Finding("Progress file", "There is no state.json yet; it is written when a "
                           "session ends, from your review history."))
    else:
        data: object = None
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            problem = state_problem(data)
        except OSError as e:
            problem = f"could not be read ({e.strerror or e})"
        except ValueError:
            problem = "is damaged (it is not readable JSON)"
        if problem:
            out.append(Finding("Progress file", f"{path} {problem}.",
                               "Start the app: it moves the file aside (nothing is deleted) "
                               f"and rebuilds it from your review history. Or run `{REPAIR}`.",
                               attention=True))
        else:
            assert isinstance(data, dict)
            version = migrate.schema_of(data)
            if version > migrate.SCHEMA:
                out.append(Finding("Progress file", f"Saved by a newer version of the app "
                                   f"(format {version}).", "Update Self-Empathy Trainer.",
                                   attention=True))
            else:
                state = data
                later = " (it will be updated at the next start, after a backup)" \
                    if version < migrate.SCHEMA else ""
                old = f"{len(data['cards'])} card(s) from before cards.bin, " \
                    if data.get("cards") else ""
                out.append(Finding("Progress file", f"state.json is readable: {old}"
                                   f"format {version}{later}."))
    snapshot = read_cards(root / CARDS_FILE)
    if snapshot is not None:
        out.append(Finding("Card states", f"{CARDS_FILE} is readable: {len(snapshot[0])} "
                           "card(s)."))
    elif (root / CARDS_FILE).exists():
        out.append(Finding("Card states", f"{CARDS_FILE} can't be used; the next start "
                           "rebuilds it from your review history (nothing is lost)."))
    # The log.
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
        parts += [f"{bad_shape} record(s) with missing or damaged fields"] if bad_shape else []
        out.append(Finding("Review history", f"{text}; {' and '.join(parts)} are skipped.",
                           f"The rest loads normally. `{REPAIR}` moves them into a file beside "
                           "the history (after a backup). If the file was edited by hand, a "
                           "backup has the earlier version: `python -m trainer backup list`, "
                           "then `python -m trainer restore NAME`.", attention=True))
    else:
        out.append(Finding("Review history", f"{text}, all readable."))
    if torn:
        out.append(Finding("Review history", "The last line is unfinished (a crash while "
                           "saving, or the app is writing right now). The next start sets it "
                           "aside by itself."))
    # Snapshot against the log: cards.bin, or the card states an older state.json holds.
    name = CARDS_FILE
    if snapshot is None and state is not None:
        meta = state.get("meta", {})
        offset = meta.get("1", {}).get("log_offset", 0) if isinstance(meta, dict) else 0
        cards_table = state.get("cards", {})
        snap = CardTable(CardState.from_dict(d) for d in cards_table.values()) \
            if isinstance(cards_table, dict) else CardTable()
        snapshot, name = (snap, offset), STATE_FILE
    if snapshot is not None:
        snap, offset = snapshot
        if offset > size or not log.ends_line_at(offset):
            out.append(Finding("Consistency", f"{name} describes a different review history "
                               "(it reaches past the end of reviews.jsonl).",
                               f"Start the app or run `{REPAIR}`: the card states are rebuilt "
                               "from the history and the old file is kept.", attention=True))
        else:
            merged, _e, _b = replay(log, offset, snap)
            differ = sorted(k for k in set(merged) | set(full) if merged.get(k) != full.get(k))
            if differ:
                out.append(Finding("Consistency", f"{len(differ)} card state(s) in {name} "
                                   f"differ from your review history (e.g. {differ[0]}).",
                                   f"Run `{REPAIR}` to rebuild them from the history.",
                                   attention=True))
            else:
                out.append(Finding("Consistency", "Card states match a full replay of your "
                                   "review history."))
    return out


def _age(when: datetime) -> str:
    days = (datetime.now(UTC) - when).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def _backups(root: Path) -> list[Finding]:
    found = backup.list_backups(root)
    has_data = (root / STATE_FILE).exists() or (root / LOG_FILE).exists()
    if not found:
        if not has_data:
            return [Finding("Backups", "None yet (there is nothing to back up).")]
        return [Finding("Backups", "There are no backups of your practice yet.",
                        "Run `python -m trainer backup` (the app also makes one each day "
                        "it is used).", attention=True)]
    newest = found[-1]
    out = [Finding("Backups", f"{len(found)} in {backup.folder(root)}; the newest is "
                   f"{newest.name} ({_age(newest.when)}).")]
    unfinished = [p for p in backup.folder(root).glob(".tmp-*")]
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
                   if p.name.startswith((f"{STATE_FILE}.corrupt-", f"{LOG_FILE}.torn-",
                                         f"{LOG_FILE}.bad-")))
    if aside:
        out.append(Finding("Set aside", f"Kept for you to look at: {', '.join(aside)}. They are "
                           "not used; delete them once you've had a look, if you like."))
    return out


__all__ = ["Finding", "examine"]
