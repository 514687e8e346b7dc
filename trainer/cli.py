"""Command line: starts the app, or runs a subcommand (stats, deck) without the TUI."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer import __version__, datacli, deckcli, reportcli

if TYPE_CHECKING:
    from trainer.services.practice import Trainer


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="self-empathy",
        description="Practise the six skills of self-empathy in short daily drills.",
    )
    p.add_argument("--version", action="version", version=f"self-empathy-trainer {__version__}")
    p.add_argument("--data-dir", metavar="DIR",
                   help="where your practice is kept (default: $SELF_EMPATHY_HOME or your "
                        "user data folder)")
    p.add_argument("--decks", metavar="DIR", action="append", default=[],
                   help="also load every deck in this folder (e.g. one your facilitator shares)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    st = sub.add_parser("stats", help="print your progress")
    st.add_argument("--json", action="store_true", help="as JSON")
    deckcli.add_parser(sub)
    datacli.add_parsers(sub)
    reportcli.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `... | head` closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "deck" and not deckcli.needs_trainer(args):
        return deckcli.run(args, None)
    from trainer.store.lock import AlreadyOpen
    from trainer.store.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    extra = [Path(d).expanduser() for d in args.decks]
    if args.command in datacli.COMMANDS:
        return datacli.run(args, data_dir)
    if args.command in reportcli.COMMANDS:
        return reportcli.run(args, data_dir)
    from trainer.store.atomic import StoreError

    try:
        if args.command in ("stats", "deck"):
            return _report(args, data_dir, extra)
        return run_app(data_dir, extra)
    except AlreadyOpen as e:
        print(e, file=sys.stderr)
        return 1
    except StoreError as e:
        # A data folder that can't be opened: newer data, no permission, a full disk.
        print(f"Self-Empathy Trainer couldn't open {data_dir}: {e.strerror or e}",
              file=sys.stderr)
        return 1


def _open_trainer(data_dir: Path, extra: list[Path], *, writable: bool) -> Trainer:
    from trainer.services.practice import open_trainer

    return open_trainer(data_dir, extra, writable=writable)


def _report(args: argparse.Namespace, data_dir: Path, extra: list[Path]) -> int:
    trainer = _open_trainer(data_dir, extra, writable=False)
    if args.command == "stats":
        stats = trainer.stats()
        if args.json:
            print(json.dumps(stats, indent=2))
        else:
            print(f"Reviews so far: {stats['reviews_total']}")
            for skill, s in stats["skills"].items():
                print(f"  {skill:16} {s['reviews']:5} answered, {s['correct']:5} right, "
                      f"{s['due']:4} due today, {s['new']:4} new")
        return 0
    return deckcli.run(args, trainer)


def run_app(data_dir: Path, extra: list[Path], **run: Any) -> int:
    """Open the data and run the app (`run`: options for App.run, as the benchmarks use)."""
    trainer = _open_trainer(data_dir, extra, writable=True)
    # The decks' items and the card table live as long as the app. Moving them out of the
    # cycle collector's sight keeps each full collection from walking them again: at 10,000
    # items those collections were a third of the time from loading to the first paint.
    gc.freeze()
    try:
        from trainer.ui.app import TrainerApp

        TrainerApp(trainer).run(**run)
    finally:
        from trainer.store.atomic import StoreError

        gc.unfreeze()  # collectable again (matters when the app runs inside a longer process)
        try:
            trainer.store.close()
        except StoreError as e:
            print(f"Note: {e.strerror}. Every answer you gave is safe in your review history; "
                  "the summary file is rebuilt from it next time.", file=sys.stderr)
    return 0
