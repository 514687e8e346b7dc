"""Subcommands that look after the data dir itself (backups, doctor, export, forget)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from trainer.command import command
from trainer.domain.text import plural, sentence

COMMANDS: tuple[str, ...] = ("backup", "restore", "export", "forget", "doctor")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register this module's subcommands (names listed in COMMANDS)."""
    b = sub.add_parser("backup", help="make a backup of your practice now, or list backups",
                       description="Backups live in the 'backups' folder of your data. The app "
                                   "also makes one each day it is used, and one before every "
                                   "import or restore.")
    b.add_argument("action", nargs="?", choices=["now", "list"], default="now",
                   help="'now' (the default) makes one; 'list' shows them")
    r = sub.add_parser("restore", help="put a backup back in place (after backing up the "
                                       "current state)")
    r.add_argument("name", metavar="NAME", help="a backup name, as `backup list` shows it")
    e = sub.add_parser("export", help="write everything you practised to a readable .zip")
    e.add_argument("path", metavar="PATH", help="the .zip to write, or a folder to put it in")
    f = sub.add_parser("forget", help="delete all your practice data (after an export)")
    f.add_argument("--yes", action="store_true", help="really delete it")
    f.add_argument("--export", metavar="PATH",
                   help="where to put the export made first (default: this folder)")
    f.add_argument("--no-export", action="store_true", help="delete without exporting first")
    d = sub.add_parser("doctor", help="check your data and say how to fix anything wrong")
    d.add_argument("--repair", action="store_true",
                   help="fix what can be fixed safely: permissions, and card states that "
                        "don't match your history")


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store.atomic import StoreError
    from trainer.store.lock import AlreadyOpen

    handlers = {"backup": _backup, "restore": _restore, "export": _export, "forget": _forget,
                "doctor": _doctor}
    try:
        return handlers[args.command](args, data_dir)
    except AlreadyOpen as e:
        print(e, file=sys.stderr)
        return 1
    except StoreError as e:
        print(f"Couldn't finish: {sentence(e.strerror)} Nothing you practised was changed.",
              file=sys.stderr)
        return 1


def _has_data(data_dir: Path) -> bool:
    from trainer.store.store import exists

    return exists(data_dir)


def _backup(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store import backup

    if args.action == "list":
        found = backup.list_backups(data_dir)
        if not found:
            print(f"No backups yet in {backup.folder(data_dir)}.")
            return 0
        print(f"Backups in {backup.folder(data_dir)} (newest last):")
        for b in found:
            local = b.when.astimezone()
            print(f"  {b.name:36} {local:%a %d %b %Y %H:%M}  {b.reason:10} "
                  f"{b.size() / 1024:8.1f} KiB")
        print(f"To put one back: {command()} restore NAME")
        return 0
    if not _has_data(data_dir):
        print(f"There is nothing to back up yet in {data_dir}.")
        return 0
    path = backup.make(data_dir, "manual")
    print(f"Backup made: {path}")
    return 0


def _restore(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store import backup

    if backup.find(data_dir, args.name) is None:
        print(f"There is no backup called {args.name!r}. `{command()} backup list` shows "
              "the names.", file=sys.stderr)
        return 1
    with _held(data_dir, "restore"):
        try:
            before = backup.restore(data_dir, args.name)
        except FileNotFoundError as e:
            print(f"Can't restore: {sentence(e)} Nothing was changed.", file=sys.stderr)
            return 1
    print(f"Restored {args.name}. Your data as it was just before is kept in {before}.")
    return 0


@contextlib.contextmanager
def _held(data_dir: Path, doing: str) -> Iterator[None]:
    """The data lock for the length of a command, refusing while the app is open."""
    from trainer.store.lock import DataLock

    lock = DataLock(data_dir)
    lock.acquire(doing=f"run `{doing}`")
    try:
        yield
    finally:
        lock.release()


def _export(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store.export import export
    from trainer.store.store import Store

    if not _has_data(data_dir):
        print(f"There is nothing to export yet in {data_dir}.")
        return 0
    store = Store(data_dir, writable=False)
    for notice in store.notices:
        print(f"Note: {notice}", file=sys.stderr)
    try:
        path, counts = export(store, Path(args.path).expanduser())
    except FileExistsError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"Couldn't write the export: {sentence(e.strerror or e)}", file=sys.stderr)
        return 1
    print(f"Exported to {path}: {plural(counts['answers'], 'answer')}, "
          f"{plural(counts['practices'], 'practice')}, {plural(counts['cards'], 'card')}, "
          f"{plural(counts['journal_entries'], 'journal entry', 'journal entries')}, "
          f"{plural(counts['decks'], 'imported deck')}.")
    return 0


def _forget(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store.export import default_name, export, forget, what_forget_removes
    from trainer.store.store import Store

    doomed = what_forget_removes(data_dir)
    if not args.yes:
        print(f"`forget` deletes all your practice data in {data_dir}:")
        for p in doomed:
            print(f"  {p.name}{'/' if p.is_dir() else ''}")
        if not doomed:
            print("  (there is nothing there right now)")
        print("including your journal and every backup. It can't be undone.\n"
              "Before deleting, it writes everything to a .zip in this folder (or where "
              "--export PATH says) so you can keep a copy.\n"
              f"To go ahead: {command()} forget --yes")
        return 2
    if not doomed:
        print(f"There is no practice data in {data_dir}; nothing to delete.")
        return 0
    with _held(data_dir, "forget"):
        if not args.no_export:
            dest = Path(args.export).expanduser() if args.export else Path.cwd()
            target = dest / default_name(datetime.now(UTC)) if dest.is_dir() else dest
            if target.resolve().is_relative_to(data_dir.resolve()):
                print("The export can't go inside the data folder that is about to be deleted; "
                      "use --export PATH.", file=sys.stderr)
                return 1
            store = Store(data_dir, writable=False)
            try:
                path, _counts = export(store, target)
            except OSError as e:
                print(f"The export could not be written ({e}), so nothing was deleted.",
                      file=sys.stderr)
                return 1
            print(f"Exported everything to {path}.")
        left = forget(data_dir)
        # Unlinked while still held: an app started meanwhile fails to lock it, and one
        # started after gets a new lock file (and an empty folder).
        (data_dir / ".lock").unlink(missing_ok=True)
    if not left:
        with contextlib.suppress(OSError):
            data_dir.rmdir()
        print(f"Deleted all your practice data in {data_dir}.")
    else:
        print(f"Deleted all your practice data in {data_dir}. Other files there were left "
              f"alone: {', '.join(p.name for p in left)}.")
    return 0


def _doctor(args: argparse.Namespace, data_dir: Path) -> int:
    from trainer.store.doctor import examine

    if args.repair:
        _repair(data_dir)
    findings = examine(data_dir)
    print(f"Checking your practice data in {data_dir}")
    width = max(len(f.topic) for f in findings)
    for f in findings:
        mark = "!!" if f.attention else "ok"
        print(f"  {mark}  {f.topic:{width}}  {f.text}")
        if f.fix:
            print(f"      {'':{width}}  Fix: {f.fix}")
    needs = sum(f.attention for f in findings)
    if needs:
        print(f"{needs} thing(s) need attention.")
        return 1
    print("Everything looks healthy.")
    return 0


def _repair(data_dir: Path) -> None:
    import os
    import stat

    from trainer.store import backup
    from trainer.store.lock import LOCK_FILE
    from trainer.store.reviewlog import aside_name, set_aside_unreadable
    from trainer.store.safety import tighten
    from trainer.store.store import LOG_FILE, Store, usable

    if not data_dir.exists():
        return
    paths = [data_dir, *data_dir.rglob("*")]
    for p in paths:
        tighten(p, 0o700 if p.is_dir() else 0o600)
    # Links the app didn't make, and a lock that is not a file, are moved aside: their
    # targets are never touched.
    odd = [p for p in paths[1:] if p.is_symlink()]
    lock = data_dir / LOCK_FILE
    if lock.exists() and not lock.is_symlink() and not stat.S_ISREG(lock.lstat().st_mode):
        odd.append(lock)
    for p in odd:
        moved = aside_name(p, "link" if p.is_symlink() else "corrupt")
        os.rename(p, moved)
        print(f"Repair: {p} was moved to {moved}.")
    with _held(data_dir, "doctor --repair"):
        if (data_dir / LOG_FILE).exists():
            backup.make(data_dir, "repair")
        aside, count = set_aside_unreadable(data_dir / LOG_FILE, usable)
    if aside is not None:
        print(f"Repair: {count} unreadable line(s) of your review history were moved to {aside}.")
    store = Store(data_dir, daily_backup=False)  # sets aside what it can't use, keeps the rest
    try:
        for notice in store.notices:
            print(f"Repair: {notice}")
        changed = store.rebuild()
        print(f"Repair: card states rebuilt from your review history ({changed} changed).")
    finally:
        store.close()
