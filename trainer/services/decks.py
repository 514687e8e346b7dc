"""Decks: loading them (built-in, imported, a class folder), checking files, and a facilitator's
import, remove and export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.domain.deck import Deck, Item
from trainer.domain.deckcodec import body_from_plain, from_plain, to_plain
from trainer.domain.deckparse import MAX_BYTES, parse_deck, too_large
from trainer.domain.plan import PLAN_FILE, Plan, parse_plan
from trainer.domain.problems import DeckError, Problem
from trainer.domain.text import clean, plural
from trainer.store.deckcache import Bodies, DeckCache, signature
from trainer.store.decks import (
    DECK_SUFFIXES,
    ImportedDecks,
    NotRegular,
    TooLarge,
    deck_files,
    read_deck,
    read_decks,
    read_plan,
    write_new,
)
from trainer.store.paths import builtin_decks_dir
from trainer.store.store import Store


@dataclass
class DeckSet:
    """The decks that loaded (ids of built-in and imported ones noted) and why others didn't."""

    decks: list[Deck] = field(default_factory=list)
    builtin: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    imported: set[str] = field(default_factory=set)
    plan: Plan | None = None  # a class folder's course plan: when each unit opens

    def get(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def origin(self, deck: Deck) -> str:
        """Where it comes from: built in, imported, or shared (--decks, the class folder)."""
        if deck.id in self.builtin:
            return "built in"
        return "imported" if deck.id in self.imported else "shared"


class DeckActionError(Exception):
    """A facilitator's request that can't be done; the message says why and what to do."""


def parse_any(source: bytes, name: str) -> Deck:
    """A deck from a .csv or (anything else) TOML file. Raises DeckError."""
    if name.lower().endswith(".csv"):
        from trainer.domain.csvdeck import parse_csv  # not needed to start from the cache

        return parse_csv(source, name)
    return parse_deck(source, name)


def _read_problem(name: str, error: OSError) -> Problem:
    if isinstance(error, TooLarge):
        return too_large(name, error.size)
    if isinstance(error, NotRegular):
        return Problem(name, 1, "skipped: this is not a regular file (it is a pipe, a device or "
                       "a folder), so it was not read")
    return Problem(name, 1, f"could not read the file: {error.strerror or error}")


def load_decks(store: Store, extra: list[Path] | None = None) -> DeckSet:
    """Every deck that loads; each one that doesn't is reported, and the rest still load.
    `extra` folders (--decks, the class folder) may hold .toml and .csv decks."""
    out = DeckSet()
    builtin = builtin_decks_dir()
    imported = ImportedDecks(store.root)
    own = [builtin, imported.folder] if imported.folder.is_dir() else [builtin]
    files = deck_files(own, (".toml",))
    folders: set[Path] = set()
    for folder in extra or []:
        if folder.resolve() in folders:  # --decks and the class folder may be the same
            continue
        folders.add(folder.resolve())
        if folder.is_dir():
            files += deck_files([folder], DECK_SUFFIXES)
            _load_plan(out, folder)
        else:
            out.problems.append(Problem(str(folder), 1, "this deck folder isn't there; check the "
                                        "--decks path or the class folder setting"))
    seen: set[str] = set()
    cache = DeckCache(store.root, writable=store.writable)
    for name, path in files:
        try:
            if isinstance(path, OSError):
                raise path
            deck = _cached_parse(cache, name, path)
        except OSError as e:
            out.problems.append(_read_problem(name, e))
            continue
        except DeckError as e:
            out.problems.extend(e.problems)
            continue
        if deck.id in seen:
            out.problems.append(Problem(name, deck.id_line, f"a deck with id {deck.id!r} is "
                                        "already loaded; this copy was skipped"))
            continue
        seen.add(deck.id)
        out.decks.append(deck)
        if Path(name).parent == builtin:
            out.builtin.add(deck.id)
        elif imported.holds(name):
            out.imported.add(deck.id)
    cache.save()
    return out


def _load_plan(out: DeckSet, folder: Path) -> None:
    """A class folder's plan.toml, if it has one: the first plan found is the one used."""
    name = str(folder / PLAN_FILE)
    try:
        source = read_plan(folder)
        if source is None:
            return
        plan = parse_plan(source, name)
    except OSError as e:
        out.problems.append(_read_problem(name, e))
        return
    except DeckError as e:
        out.problems.extend(e.problems)
        return
    if out.plan is not None:
        out.problems.append(Problem(name, 1, f"a course plan is already in use ({out.plan.source}); "
                                    "this one was not used"))
        return
    out.plan = plan


class CachedText:
    """Reads one cached deck's item texts; should the cache fail, parses the deck file again."""

    def __init__(self, name: str, bodies: Bodies) -> None:
        self.name = name
        self.bodies = bodies

    def body(self, item: Item, where: int) -> tuple[str, str, Any, int]:
        try:
            return body_from_plain(item.kind, self.bodies.read(where))
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            deck = parse_any(read_deck(Path(self.name), MAX_BYTES), self.name)
            fresh = next((i for i in deck.items if i.id == item.id), None)
            if fresh is None:
                raise DeckError([Problem(self.name, 1, f"item {item.id!r} is no longer in this "
                                         "deck; restart to load the deck afresh")]) from None
            return fresh.prompt, fresh.explanation, fresh.data, fresh.line


def _cached_parse(cache: DeckCache, name: str, path: Path) -> Deck:
    """A deck from the cache when the file is unchanged; parsed (and cached) otherwise.
    Raises OSError (with TooLarge) or DeckError."""
    sig = signature(path.stat())
    hit = cache.get(name, sig)
    if hit is not None:
        meta, rows, bodies = hit
        try:
            return from_plain(meta, rows, CachedText(name, bodies))
        except (ValueError, TypeError, KeyError, IndexError):
            pass  # a cache from another version: parse afresh
    content = read_deck(path, MAX_BYTES)
    deck = parse_any(content, name)
    meta, rows, texts = to_plain(deck)
    cache.put(name, sig, meta, rows, texts)
    return deck


def builtin_ids() -> set[str]:
    """The ids of the built-in decks (read from their files)."""
    out: set[str] = set()
    for name, content in read_decks([builtin_decks_dir()], MAX_BYTES, (".toml",)):
        if not isinstance(content, OSError):
            try:
                out.add(parse_deck(content, name).id)
            except DeckError:
                continue
    return out


def _builtin_clash(deck: Deck) -> Problem:
    return Problem(deck.source, deck.id_line, f"deck id {deck.id!r} belongs to a built-in deck; "
                   f"give your deck its own id, like '{deck.id}-week-1'")


@dataclass
class Checked:
    """Deck files read and checked: the decks that are fine, and every problem found."""

    decks: list[tuple[Deck, bytes]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every file (or empty folder), in order


def check_files(paths: list[Path], builtin: set[str] | None = None, *,
                builtin_files_ok: bool = True) -> Checked:
    """Read and check deck files (folders: every .toml and .csv inside). Beyond each file's own
    problems: two files with one deck id, and ids taken by built-in decks (`builtin`), except in
    the built-in decks' own files when `builtin_files_ok`."""
    out = Checked()
    home = builtin_decks_dir().resolve()
    first: dict[str, Deck] = {}
    for path in paths:
        if path.is_dir() or path.name.lower() == PLAN_FILE:
            folder = path if path.is_dir() else path.parent
            plans = DeckSet()
            _load_plan(plans, folder)
            out.problems.extend(plans.problems)
            if plans.plan is not None or plans.problems:
                out.names.append(str(folder / PLAN_FILE))
            if not path.is_dir():
                continue
        sources = read_decks([path], MAX_BYTES)
        if path.is_dir() and not sources:
            out.names.append(str(path))
            out.problems.append(Problem(str(path), 1, "there are no .toml or .csv decks in this "
                                        "folder"))
        for name, content in sources:
            out.names.append(name)
            if isinstance(content, OSError):
                out.problems.append(_read_problem(name, content))
                continue
            try:
                deck = parse_any(content, name)
            except DeckError as e:
                out.problems.extend(e.problems)
                continue
            if deck.id in first:
                out.problems.append(Problem(name, deck.id_line, f"deck id {deck.id!r} is also used "
                                            f"by {first[deck.id].source}; each deck needs its own"))
                continue
            first[deck.id] = deck
            if builtin and deck.id in builtin and not (
                    builtin_files_ok and Path(name).resolve().parent == home):
                out.problems.append(_builtin_clash(deck))
                continue
            out.decks.append((deck, content))
    return out


# -- import, remove, export --------------------------------------------------------------------


def _changes(new: Deck, old: Deck | None) -> str:
    if old is None:
        return f"Imported {new.id} v{new.version}: {plural(len(new.items), 'item')}."
    before = {i.id for i in old.items}
    after = {i.id for i in new.items}
    return (f"Imported {new.id} v{new.version}: {plural(len(after - before), 'new item')}, "
            f"{len(before - after)} retired, {len(after & before)} kept.")


def _toml_of(deck: Deck, source: bytes) -> bytes:
    if deck.source.lower().endswith(".csv"):
        from trainer.domain.csvdeck import csv_to_toml

        return csv_to_toml(source, deck.source).encode()
    return source


@dataclass(frozen=True)
class Imported:
    deck: Deck
    message: str  # "Imported needs-week-3 v2: 1 new item, 1 retired, 12 kept."
    replaced: bool  # an earlier copy of the deck was in use


def import_decks(root: Path, deckset: DeckSet, paths: list[Path],
                 disabled: list[str] | None = None) -> list[Imported]:
    """Check every deck in `paths`; if all are fine, copy them into the data dir as
    `decks/<id>.toml` (CSV converted), replacing older versions. Says what changed for each
    deck. Raises DeckError (and changes nothing) if any deck has a problem."""
    # load_decks already noted every built-in deck's id: no need to read them again.
    checked = check_files(paths, deckset.builtin, builtin_files_ok=False)
    if checked.problems:
        raise DeckError(checked.problems)
    if not checked.decks:
        raise DeckError([Problem(str(p), 1, "there are no decks to import here") for p in paths])
    folder = ImportedDecks(root)
    files: list[tuple[str, bytes]] = []
    stale: list[Path] = []
    report: list[Imported] = []
    for deck, source in checked.decks:
        data = _toml_of(deck, source)
        parse_deck(data, f"{deck.id}.toml")  # what we write must load; a bug here raises DeckError
        files.append((deck.id, data))
        old = deckset.get(deck.id)
        if old is not None and old.id not in deckset.builtin and folder.holds(old.source):
            stale.append(Path(old.source))
        if old is not None and old.id in deckset.builtin:
            old = None
        line = _changes(deck, old)
        if old is not None and old.version > deck.version:
            line += f" (The copy it replaces was version {old.version}.)"
        if deck.id in (disabled or []):
            line += " It is switched off in the app's Decks screen."
        report.append(Imported(deck, line, old is not None))
    folder.install(files, stale)
    return report


def remove_deck(root: Path, deckset: DeckSet, deck_id: str) -> str:
    """Delete an imported deck's file. Progress stays in the review log. Raises DeckActionError."""
    shown = clean(deck_id)[:64]
    if deck_id in deckset.builtin:
        raise DeckActionError(f"{shown} is one of the built-in decks, so it stays. If you'd rather "
                              "not practise it for now, switch it off in the app's Decks screen.")
    folder = ImportedDecks(root)
    deck = deckset.get(deck_id)
    files = [Path(deck.source)] if deck is not None and folder.holds(deck.source) else []
    try:
        own = folder.path_for(deck_id)
    except ValueError:
        own = None
    if own is not None and own.is_file() and own not in files:
        files.append(own)
    if not files:
        if deck is not None:
            raise DeckActionError(f"{shown} comes from a shared folder ({deck.source}), not from an "
                                  "import, so there is nothing to remove here. Take it out of that "
                                  "folder, or switch it off in the app's Decks screen.")
        raise DeckActionError(f"There is no imported deck with the id {shown!r}. `deck list` shows "
                              "the decks in use.")
    folder.remove(files)
    what = f"{deck.title} ({deck_id}, {plural(len(deck.items), 'item')})" if deck else deck_id
    return (f"Removed {what}. Your answers to it stay in your history; importing it again "
            "brings its cards back where you left them.")


def export_deck(deckset: DeckSet, deck_id: str, dest: Path) -> Path:
    """Write a loaded deck's TOML to `dest` (a file, or a folder to hold `<id>.toml`).
    Never overwrites. Raises DeckActionError, or OSError if it can't be written."""
    deck = deckset.get(deck_id)
    if deck is None:
        raise DeckActionError(f"There is no deck with the id {clean(deck_id)[:64]!r}. `deck list` "
                              "shows the decks in use.")
    if dest.is_dir():
        dest = dest / f"{deck.id}.toml"
    (_, source), = read_decks([Path(deck.source)], MAX_BYTES)
    if isinstance(source, OSError):
        raise DeckActionError(str(_read_problem(deck.source, source)))
    try:
        data = _toml_of(deck, source)
    except DeckError as e:  # changed on disk since it was loaded
        raise DeckActionError(str(e)) from None
    try:
        write_new(dest, data)
    except FileExistsError:
        raise DeckActionError(f"{dest} already exists; choose another name, or move that file "
                              "first.") from None
    return dest
