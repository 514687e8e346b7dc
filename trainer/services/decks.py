"""Loading decks from disk: built-in, imported, and a facilitator's class folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.domain.deck import Deck, parse_deck
from trainer.domain.problems import DeckError, Problem
from trainer.store.paths import builtin_decks_dir
from trainer.store.store import Store


@dataclass
class DeckSet:
    decks: list[Deck] = field(default_factory=list)
    builtin: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def load_decks(store: Store, extra: list[Path] | None = None) -> DeckSet:
    """Every deck that loads; each one that doesn't is reported, and the rest still load."""
    out = DeckSet()
    builtin = builtin_decks_dir()
    folders = [builtin, store.user_decks_dir, *(extra or [])]
    seen: set[str] = set()
    for name, content in store.deck_files(folders):
        if isinstance(content, OSError):
            out.problems.append(Problem(name, 1, f"could not read the file: {content.strerror or content}"))
            continue
        try:
            deck = parse_deck(content, name)
        except DeckError as e:
            out.problems.extend(e.problems)
            continue
        if deck.id in seen:
            out.problems.append(Problem(name, 1, f"a deck with id {deck.id!r} is already loaded; "
                                        "this copy was skipped"))
            continue
        seen.add(deck.id)
        out.decks.append(deck)
        if Path(name).parent == builtin:
            out.builtin.add(deck.id)
    return out
