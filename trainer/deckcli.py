"""`deck` subcommands: the facilitator's tools (list, validate, ...)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.services.practice import Trainer


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deck = sub.add_parser("deck", help="list, check and manage decks")
    dsub = deck.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    dl = dsub.add_parser("list", help="list the decks in use")
    dl.add_argument("--json", action="store_true", help="as JSON")
    dv = dsub.add_parser("validate", help="check deck files and report every problem")
    dv.add_argument("paths", nargs="+", metavar="PATH")


def needs_trainer(args: argparse.Namespace) -> bool:
    """Whether the subcommand needs the data dir opened (read-only)."""
    return bool(args.deck_command == "list")


def run(args: argparse.Namespace, trainer: Trainer | None) -> int:
    if args.deck_command == "validate":
        return validate(args.paths)
    assert trainer is not None
    return list_decks(trainer, as_json=args.json)


def list_decks(trainer: Trainer, *, as_json: bool) -> int:
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
    if as_json:
        print(json.dumps({"decks": rows, "problems": [str(p) for p in trainer.deckset.problems]},
                         indent=2))
    else:
        for d in trainer.deckset.decks:
            origin = "built in" if d.id in trainer.deckset.builtin else d.source
            print(f"{d.id:20} {len(d.items):4} items  {', '.join(d.skills)}  ({origin})")
        for prob in trainer.deckset.problems:
            print(f"not loaded: {prob}", file=sys.stderr)
    return 0


def validate(paths: list[str]) -> int:
    from trainer.domain.deck import validate as check

    bad = 0
    for name in paths:
        try:
            source = Path(name).read_bytes()
        except OSError as e:
            print(f"{name}:1: could not read the file: {e.strerror or e}")
            bad += 1
            continue
        problems = check(source, name)
        for prob in problems:
            print(prob)
        bad += bool(problems)
        if not problems:
            print(f"{name}: ok")
    return 1 if bad else 0
