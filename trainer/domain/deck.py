"""Decks and items: the model every layer shares. Parsing a deck file is `deckparse`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from trainer.domain.kinds import KINDS
from trainer.domain.kinds.base import tag_of


class BodySource(Protocol):
    """Where a lazily loaded item's text comes from (the deck cache): `body(item, where)`
    returns (prompt, explanation, data, line)."""

    def body(self, item: Item, where: int) -> tuple[str, str, Any, int]: ...


def tags_of(data: Any) -> tuple[str, ...]:
    """The look-alikes an item's fields contrast (option tags, or classify categories)."""
    labels: tuple[str, ...] = getattr(data, "tags", None) or getattr(data, "categories", None) or ()
    return tuple(dict.fromkeys(tag_of(label) for label in labels))


class Item:
    """One drill item, never changed once made.

    Items from the deck cache keep only what lists, counts and queues need (ids, skill, kind,
    availability, unit, look-alike tags) and read their text on first use: at 10,000 items the
    text is most of a deck's memory, and a session shows a dozen."""

    __slots__ = ("_body", "_source", "_tags", "available_from", "deck_id", "id", "key", "kind",
                 "skill", "unit")

    deck_id: str
    id: str
    skill: str
    kind: str
    available_from: date | None
    unit: int | None  # its place in a course path (a class plan releases units by date)
    key: str  # the card key, "deck/id": stable across deck versions while the ids stay

    def __init__(self, deck_id: str, id: str, skill: str, kind: str, prompt: str,
                 explanation: str, data: Any, line: int = 0,
                 available_from: date | None = None, unit: int | None = None) -> None:
        self.deck_id, self.id, self.skill, self.kind = deck_id, id, skill, kind
        self.key = f"{deck_id}/{id}"
        self.available_from, self.unit = available_from, unit
        self._tags: tuple[str, ...] | None = None
        self._body: tuple[str, str, Any, int] | int = (prompt, explanation, data, line)
        self._source: BodySource | None = None

    @classmethod
    def lazy(cls, deck_id: str, id: str, skill: str, kind: str, available_from: date | None,
             tags: tuple[str, ...], source: BodySource, where: int,
             unit: int | None = None) -> Item:
        item = cls.__new__(cls)
        item.deck_id, item.id, item.skill, item.kind = deck_id, id, skill, kind
        item.key = f"{deck_id}/{id}"
        item.available_from, item.unit = available_from, unit
        item._tags, item._body, item._source = tags, where, source
        return item

    def _full(self) -> tuple[str, str, Any, int]:
        body = self._body
        if isinstance(body, int):
            assert self._source is not None
            body = self._body = self._source.body(self, body)
            self._source = None
        return body

    @property
    def prompt(self) -> str:
        return self._full()[0]

    @property
    def explanation(self) -> str:
        return self._full()[1]

    @property
    def data(self) -> Any:
        return self._full()[2]

    @property
    def line(self) -> int:
        return self._full()[3]

    @property
    def tags(self) -> tuple[str, ...]:
        if self._tags is None:
            self._tags = tags_of(self.data)
        return self._tags

    @property
    def scheduled(self) -> bool:
        return KINDS[self.kind].scheduled

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Item):
            return NotImplemented
        # The index fields first: telling two different items apart never reads their text.
        return ((self.deck_id, self.id, self.skill, self.kind, self.available_from, self.unit)
                == (other.deck_id, other.id, other.skill, other.kind, other.available_from,
                    other.unit)
                and self._full() == other._full())

    def __hash__(self) -> int:
        return hash((self.deck_id, self.id))

    def __repr__(self) -> str:
        return f"Item({self.deck_id!r}, {self.id!r}, {self.skill!r}, {self.kind!r})"


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    title: str
    version: int
    items: tuple[Item, ...]
    description: str = ""
    available_from: date | None = None
    source: str = ""
    skills: tuple[str, ...] = field(default=())
    id_line: int = 1  # where the deck's id is written, for messages about the deck as a whole

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({i.kind for i in self.items}))

    @property
    def units(self) -> tuple[int, ...]:
        """The course units its items belong to, in order."""
        return tuple(sorted({i.unit for i in self.items if i.unit is not None}))
