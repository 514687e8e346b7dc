"""Command line: starts the app, or runs a subcommand (stats, deck) without the TUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer import __version__


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
    deck = sub.add_parser("deck", help="list or check decks")
    dsub = deck.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    dl = dsub.add_parser("list", help="list the decks in use")
    dl.add_argument("--json", action="store_true", help="as JSON")
    dv = dsub.add_parser("validate", help="check deck files and report every problem")
    dv.add_argument("paths", nargs="+", metavar="PATH")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "deck" and args.deck_command == "validate":
        return _validate(args.paths)
    from trainer.store.lock import AlreadyOpen
    from trainer.store.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    extra = [Path(d).expanduser() for d in args.decks]
    if args.command in ("stats", "deck"):
        return _report(args, data_dir, extra)
    try:
        return _run_app(data_dir, extra)
    except AlreadyOpen as e:
        print(e, file=sys.stderr)
        return 1


def _open_trainer(data_dir: Path, extra: list[Path], *, writable: bool):  # type: ignore[no-untyped-def]
    from trainer.domain.clock import SystemClock
    from trainer.services.decks import load_decks
    from trainer.services.practice import Trainer
    from trainer.store.store import Store

    store = Store(data_dir, writable=writable)
    return Trainer(store, load_decks(store, extra), SystemClock())


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
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "version": d.version,
            "skills": list(d.skills),
            "items": len(d.items),
            "kinds": list(d.kinds),
            "builtin": d.id in trainer.deckset.builtin,
            "path": d.source,
        }
        for d in trainer.deckset.decks
    ]
    if args.json:
        print(json.dumps({"decks": rows, "problems": [str(p) for p in trainer.deckset.problems]},
                         indent=2))
    else:
        for r in rows:
            origin = "built in" if r["builtin"] else r["path"]
            print(f"{r['id']:20} {r['items']:4} items  {', '.join(r['skills'])}  ({origin})")
        for prob in trainer.deckset.problems:
            print(f"not loaded: {prob}", file=sys.stderr)
    return 0


def _validate(paths: list[str]) -> int:
    from trainer.domain.deck import validate

    bad = 0
    for name in paths:
        try:
            source = Path(name).read_bytes()
        except OSError as e:
            print(f"{name}:1: could not read the file: {e.strerror or e}")
            bad += 1
            continue
        problems = validate(source, name)
        for prob in problems:
            print(prob)
        bad += bool(problems)
        if not problems:
            print(f"{name}: ok")
    return 1 if bad else 0


def _run_app(data_dir: Path, extra: list[Path]) -> int:
    trainer = _open_trainer(data_dir, extra, writable=True)
    try:
        from trainer.ui.app import TrainerApp

        TrainerApp(trainer).run()
    finally:
        trainer.store.close()
    return 0
