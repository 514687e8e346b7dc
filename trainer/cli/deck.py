"""`deck` subcommands: the facilitator's tools (new, validate, import, list, remove, export)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.domain.text import sentence

if TYPE_CHECKING:
    from trainer.services.practice import Trainer

# Subcommands that work on the data dir (it is opened read-only; changes take its lock).
_WITH_TRAINER = ("list", "import", "remove", "export", "folder")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deck = sub.add_parser("deck", help="write, check, import and manage decks")
    dsub = deck.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    dn = dsub.add_parser("new", help="write a starter deck with one example of every drill kind")
    dn.add_argument("path", metavar="PATH", help="the file to write: NAME.toml, or NAME.csv for "
                    "a spreadsheet deck")
    dv = dsub.add_parser("validate", help="check deck files and report every problem")
    dv.add_argument("paths", nargs="+", metavar="PATH", help="deck files, or folders of them")
    di = dsub.add_parser("import", help="check decks and copy them into your data folder")
    di.add_argument("paths", nargs="+", metavar="PATH", help=".toml or .csv decks, or folders "
                    "of them")
    dl = dsub.add_parser("list", help="list the decks in use")
    dl.add_argument("--json", action="store_true", help="as JSON")
    dr = dsub.add_parser("remove", help="remove an imported deck (your progress is kept)")
    dr.add_argument("deck_id", metavar="ID")
    de = dsub.add_parser("export", help="write a deck's TOML to a file")
    de.add_argument("deck_id", metavar="ID")
    de.add_argument("path", metavar="PATH", help="a new file, or a folder to hold ID.toml")
    df = dsub.add_parser("folder", help="show or set your class folder: decks in it load at start")
    df.add_argument("folder", nargs="?", metavar="DIR")
    df.add_argument("--clear", action="store_true", help="stop using a class folder")


def needs_trainer(args: argparse.Namespace) -> bool:
    """Whether the subcommand needs the data dir opened (read-only)."""
    return bool(args.deck_command in _WITH_TRAINER)


def _say(text: str, *, err: bool = False) -> None:
    """Print text that may hold names from files, without letting escape codes through."""
    from trainer.domain.text import clean

    print(clean(text), file=sys.stderr if err else sys.stdout)


def run(args: argparse.Namespace, trainer: Trainer | None) -> int:
    if args.deck_command == "validate":
        return validate(args.paths)
    if args.deck_command == "new":
        return new(args.path)
    assert trainer is not None
    from trainer.store.lock import AlreadyOpen

    try:
        if args.deck_command == "import":
            return import_(trainer, args.paths)
        if args.deck_command == "remove":
            return remove(trainer, args.deck_id)
        if args.deck_command == "export":
            return export(trainer, args.deck_id, args.path)
        if args.deck_command == "folder":
            return folder(trainer, args.folder, clear=args.clear)
    except AlreadyOpen as e:
        _say(str(e), err=True)
        return 1
    return list_decks(trainer, as_json=args.json)


def list_decks(trainer: Trainer, *, as_json: bool) -> int:
    deckset = trainer.deckset
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "version": d.version,
            "skills": list(d.skills),
            "items": len(d.items),
            "kinds": list(d.kinds),
            "units": list(d.units),
            "builtin": d.id in deckset.builtin,
            "path": d.source,
        }
        for d in deckset.decks
    ]
    if as_json:
        plan = deckset.plan
        print(json.dumps({"decks": rows, "problems": [str(p) for p in deckset.problems],
                          "plan": None if plan is None else {
                              "source": plan.source,
                              "units": {str(u): d.isoformat() for u, d in sorted(plan.opens.items())}}},
                         indent=2))
        return 0
    off = set(trainer.setting("disabled_decks"))
    for d in deckset.decks:
        origin = deckset.origin(d)
        where = origin if origin == "built in" else f"{origin}: {d.source}"
        state = ", switched off" if d.id in off else ""
        _say(f"{d.id:20} {len(d.items):4} items  {', '.join(d.skills)}  ({where}{state})")
    for prob in deckset.problems:
        _say(f"not loaded: {prob}", err=True)
    return 0


def validate(paths: list[str]) -> int:
    from trainer.services.decks import builtin_ids, check_files

    checked = check_files([Path(p) for p in paths], builtin_ids())
    for name in dict.fromkeys(checked.names):
        found = [p for p in checked.problems if p.file == name]
        for prob in found:
            _say(str(prob))
        if not found:
            _say(f"{name}: ok")
    return 1 if checked.problems else 0


def new(path: str) -> int:
    from trainer.domain.starter import starter
    from trainer.store.decks import write_new

    if not path.lower().endswith((".toml", ".csv")):
        _say(f"A deck file's name ends in .toml (or .csv for a spreadsheet deck): try "
             f"`deck new {path}.toml`.", err=True)
        return 1
    text = starter(path)
    try:
        write_new(Path(path), text.encode("utf-8"))
    except FileExistsError:
        _say(f"{path} already exists, and `deck new` never overwrites a file: choose another "
             "name.", err=True)
        return 1
    except OSError as e:
        _say(f"Could not write {path}: {e.strerror or e}", err=True)
        return 1
    _say(f"Wrote a starter deck to {path}: one example of every drill kind, each field explained.\n"
         f"Make the items your own, check them with `self-empathy deck validate {path}`, and hand "
         f"the file to your class: `self-empathy deck import {Path(path).name}`.")
    return 0


def import_(trainer: Trainer, paths: list[str]) -> int:
    from trainer.domain.problems import DeckError
    from trainer.services.decks import import_decks

    try:
        report = import_decks(trainer.store.root, trainer.deckset, [Path(p) for p in paths],
                              list(trainer.setting("disabled_decks")))
    except DeckError as e:
        for prob in e.problems:
            _say(str(prob), err=True)
        _say("Nothing was imported. Fix the problems above, then import again.", err=True)
        return 1
    except OSError as e:
        _say(f"Could not import: {sentence(e.strerror or e)} Nothing was changed.", err=True)
        return 1
    for done in report:
        _say(done.message)
    if any(done.replaced for done in report):
        _say("Progress on the kept items carries on where it was.")
    return 0


def remove(trainer: Trainer, deck_id: str) -> int:
    from trainer.services.decks import DeckActionError, remove_deck

    try:
        _say(remove_deck(trainer.store.root, trainer.deckset, deck_id))
    except DeckActionError as e:
        _say(str(e), err=True)
        return 1
    except OSError as e:
        _say(f"Could not remove it: {e.strerror or e}", err=True)
        return 1
    return 0


def export(trainer: Trainer, deck_id: str, path: str) -> int:
    from trainer.services.decks import DeckActionError, export_deck

    try:
        dest = export_deck(trainer.deckset, deck_id, Path(path))
    except DeckActionError as e:
        _say(str(e), err=True)
        return 1
    except OSError as e:
        _say(f"Could not write {path}: {e.strerror or e}", err=True)
        return 1
    _say(f"Wrote {deck_id} to {dest}.")
    return 0


def folder(trainer: Trainer, path: str | None, *, clear: bool) -> int:
    from trainer.store.store import Store

    current = trainer.store.profile.get("class_folder")
    if path is None and not clear:
        if isinstance(current, str) and current:
            _say(f"Class folder: {current}")
        else:
            _say("No class folder is set. `deck folder DIR` sets one; its decks load each time "
                 "the app starts.")
        return 0
    if path is not None and clear:
        _say("Give a folder or --clear, not both.", err=True)
        return 2
    value: str | None = None
    if path is not None:
        target = Path(path).expanduser().resolve()
        if not target.is_dir():
            _say(f"{path} is not a folder.", err=True)
            return 1
        value = str(target)
    store = Store(trainer.store.root, writable=True, daily_backup=False)
    try:
        store.set_profile(class_folder=value)
    finally:
        store.close()
    if value is None:
        _say("The class folder is no longer used; decks you imported stay.")
    else:
        _say(f"Class folder set: the decks in {value} load each time the app starts.")
    return 0
