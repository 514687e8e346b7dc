"""Decks as plain tuples (for a parse cache): to_plain and from_plain round-trip exactly."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from trainer.domain.deck import Deck, Item
from trainer.domain.kinds import KINDS

FORMAT = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _undate(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _value(v: Any) -> Any:
    return ("__set__", tuple(sorted(v))) if isinstance(v, frozenset) else v


def _unvalue(v: Any) -> Any:
    if isinstance(v, tuple) and len(v) == 2 and v[0] == "__set__":
        return frozenset(v[1])
    return v


def to_plain(deck: Deck) -> tuple[Any, ...]:
    items = tuple(
        (i.id, i.skill, i.kind, i.prompt, i.explanation, i.line, _day(i.available_from),
         tuple(_value(getattr(i.data, f.name)) for f in fields(i.data)))
        for i in deck.items
    )
    return (FORMAT, deck.id, deck.title, deck.version, deck.description,
            _day(deck.available_from), deck.source, deck.skills, deck.id_line, items)


def from_plain(plain: tuple[Any, ...]) -> Deck:
    """Rebuild a deck; raises (ValueError, TypeError, KeyError) on anything unexpected."""
    fmt, deck_id, title, version, description, available, source, skills, id_line, raw = plain
    if fmt != FORMAT:
        raise ValueError("unknown cache format")
    items = tuple(
        Item(deck_id, iid, skill, kind, prompt, explanation,
             KINDS[kind].data(*(_unvalue(v) for v in data)), line, _undate(avail))
        for iid, skill, kind, prompt, explanation, line, avail, data in raw
    )
    return Deck(deck_id, title, version, items, description, _undate(available), source,
                tuple(skills), id_line)
