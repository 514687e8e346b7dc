"""Decks as plain JSON values (for the parse cache): an index of metadata and short item
columns, and each item's text apart, so the text can be read only when it is needed.

`from_plain(*to_plain(deck)[:2], source)` gives a deck equal to `deck` whose items read their
text through `source`, which hands back `body_from_plain` of what `to_plain` gave for it."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from trainer.domain.deck import BodySource, Deck, Item
from trainer.domain.kinds import KINDS

FORMAT = 4

Plain = list[Any]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _undate(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _value(v: Any) -> Any:
    """A field's value as JSON: sets are marked, tuples become lists."""
    if isinstance(v, frozenset):
        return {"set": sorted(_value(x) for x in v)}
    if isinstance(v, tuple):
        return [_value(x) for x in v]
    return v


def _unvalue(v: Any) -> Any:
    if isinstance(v, dict):
        return frozenset(_unvalue(x) for x in v["set"])
    if isinstance(v, list):
        return tuple(_unvalue(x) for x in v)
    return v


def to_plain(deck: Deck) -> tuple[Plain, Plain, list[Plain]]:
    """(deck metadata, the items' index, each item's text).

    The index is by column (ids, and small tables of skills, kinds and tag tuples with a
    number per item), so loading it makes hardly any objects beyond the items."""
    meta = [FORMAT, deck.id, deck.title, deck.version, deck.description,
            _day(deck.available_from), deck.source, list(deck.skills), deck.id_line]
    skills: dict[str, int] = {}
    kinds: dict[str, int] = {}
    tags: dict[tuple[str, ...], int] = {}
    for i in deck.items:
        skills.setdefault(i.skill, len(skills))
        kinds.setdefault(i.kind, len(kinds))
        tags.setdefault(i.tags, len(tags))
    index = [[i.id for i in deck.items],
             list(skills), [skills[i.skill] for i in deck.items],
             list(kinds), [kinds[i.kind] for i in deck.items],
             [list(t) for t in tags], [tags[i.tags] for i in deck.items],
             [[n, _day(i.available_from)] for n, i in enumerate(deck.items) if i.available_from],
             [i.unit or 0 for i in deck.items]]
    bodies = [[i.prompt, i.explanation, i.line,
               [_value(getattr(i.data, f.name)) for f in fields(i.data)]]
              for i in deck.items]
    return meta, index, bodies


def from_plain(meta: Plain, index: Plain, source: BodySource) -> Deck:
    """Rebuild a deck whose items read their text from `source` (item n asks for `n`).
    Raises (ValueError, TypeError, KeyError, IndexError) on anything unexpected."""
    fmt, deck_id, title, version, description, available, deck_source, skills, id_line = meta
    if fmt != FORMAT:
        raise ValueError("unknown cache format")
    ids, skill_names, skill_of, kind_names, kind_of, tag_sets, tag_of, avail, units = index
    if not (len(ids) == len(skill_of) == len(kind_of) == len(tag_of) == len(units)) or not all(
            k in KINDS for k in kind_names):
        raise ValueError("a damaged deck index")
    tag_tuples = [tuple(t) for t in tag_sets]
    items = [Item.lazy(deck_id, iid, skill_names[s], kind_names[k], None, tag_tuples[t], source, n,
                       u or None)
             for n, (iid, s, k, t, u) in enumerate(zip(ids, skill_of, kind_of, tag_of, units,
                                                       strict=True))]
    for n, day in avail:
        items[n].available_from = _undate(day)
    return Deck(deck_id, title, version, tuple(items), description, _undate(available),
                deck_source, tuple(skills), id_line)


def body_from_plain(kind: str, plain: Plain) -> tuple[str, str, Any, int]:
    """An item's (prompt, explanation, data, line) from its stored text."""
    prompt, explanation, line, data = plain
    return prompt, explanation, KINDS[kind].data(*(_unvalue(v) for v in data)), line
