"""Command line: starts the app, or runs a subcommand without the TUI. One module per command
group: app (the app itself, stats), deck, report, data (backup, restore, export, forget,
doctor)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from trainer import __version__
from trainer.cli import app, data, deck, report, serve


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
    # How `serve` starts the app for one browser tab (see serve.run_in_browser).
    p.add_argument("--in-browser", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    st = sub.add_parser("stats", help="print your progress")
    st.add_argument("--json", action="store_true", help="as JSON")
    deck.add_parser(sub)
    data.add_parsers(sub)
    report.add_parsers(sub)
    serve.add_parser(sub)
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
    if args.command == "deck" and not deck.needs_trainer(args):
        return deck.run(args, None)
    from trainer.store.lock import AlreadyOpen
    from trainer.store.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    extra = [Path(d).expanduser() for d in args.decks]
    if args.command in data.COMMANDS:
        return data.run(args, data_dir)
    if args.command in report.COMMANDS:
        return report.run(args, data_dir)
    if args.command in serve.COMMANDS:
        return serve.run(args, data_dir, extra)
    from trainer.store.atomic import StoreError

    try:
        if args.command in ("stats", "deck"):
            return app.run_command(args, data_dir, extra)
        if args.in_browser:
            return serve.run_in_browser(data_dir, extra)
        return app.run_app(data_dir, extra)
    except AlreadyOpen as e:
        print(e, file=sys.stderr)
        return 1
    except StoreError as e:
        # A data folder that can't be opened: newer data, no permission, a full disk, a
        # folder others can change.
        print(f"Self-Empathy Trainer couldn't open {data_dir}: {e.strerror or e}",
              file=sys.stderr)
        return 1


run_app = app.run_app

__all__ = ["main", "run_app"]
