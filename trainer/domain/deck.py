"""Decks and items, and parsing a deck from TOML bytes with every problem located by line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from trainer.domain.kinds import KINDS
from trainer.domain.kinds.base import MAX_FIELD, tag_of
from trainer.domain.problems import DeckError, Problem
from trainer.domain.skills import SKILL_IDS
from trainer.domain.text import clean

MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 10_000
DECK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\(at end of document\)$")
# tomllib spends time and memory quadratic in the depth of a dotted key (`a.b.c = 1`,
# `[a.b.c]`) and keeps bookkeeping for every table, so a hostile 5 MiB file could take
# minutes and gigabytes. Decks need neither, so such files are refused before parsing.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)
# Strings and comments (skipped whole) or a dot outside them.
_KEY_DOTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+|\.')
MAX_TABLES = MAX_ITEMS + 100
MAX_DOTS = 1000
_ITEM_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")
_COMMON = {"id", "kind", "prompt", "explanation", "skill", "available_from"}
_KIND_FIELDS: dict[str, set[str]] = {
    "choice": {"options", "answer", "option_tags"},
    "classify": {"categories", "answer"},
    "multi": {"options", "answer"},
    "match": {"left", "right"},
    "order": {"steps"},
    "recall": {"answers"},
    "anchor": {"minutes", "inhale", "exhale"},
    "walkthrough": set(),
}
_DECK_FIELDS = {"id", "title", "version", "skill", "description", "available_from",
                "categories", "items"}


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
    availability, look-alike tags) and read their text on first use: at 10,000 items the text
    is most of a deck's memory, and a session shows a dozen."""

    __slots__ = ("_body", "_source", "_tags", "available_from", "deck_id", "id", "kind", "skill")

    deck_id: str
    id: str
    skill: str
    kind: str
    available_from: date | None

    def __init__(self, deck_id: str, id: str, skill: str, kind: str, prompt: str,
                 explanation: str, data: Any, line: int = 0,
                 available_from: date | None = None) -> None:
        self.deck_id, self.id, self.skill, self.kind = deck_id, id, skill, kind
        self.available_from = available_from
        self._tags: tuple[str, ...] | None = None
        self._body: tuple[str, str, Any, int] | int = (prompt, explanation, data, line)
        self._source: BodySource | None = None

    @classmethod
    def lazy(cls, deck_id: str, id: str, skill: str, kind: str, available_from: date | None,
             tags: tuple[str, ...], source: BodySource, where: int) -> Item:
        item = cls.__new__(cls)
        item.deck_id, item.id, item.skill, item.kind = deck_id, id, skill, kind
        item.available_from = available_from
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
    def key(self) -> str:
        """The card key: stable across deck versions while deck and item ids stay."""
        return f"{self.deck_id}/{self.id}"

    @property
    def scheduled(self) -> bool:
        return KINDS[self.kind].scheduled

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Item):
            return NotImplemented
        # The index fields first: telling two different items apart never reads their text.
        return ((self.deck_id, self.id, self.skill, self.kind, self.available_from)
                == (other.deck_id, other.id, other.skill, other.kind, other.available_from)
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


class LineMap(Protocol):
    """Where things are in the source: the line of item `index`, and of `key` in that item
    (or in the deck header when `index` is None)."""

    def item(self, index: int) -> int: ...

    def key(self, key: str, index: int | None) -> int: ...


class TomlLines:
    """Finds the line of each `[[items]]` table and of `key =` lines inside it."""

    def __init__(self, text: str) -> None:
        # Only "\n" ends a line in TOML (str.splitlines would also split at U+2028, form feed...).
        self.lines = text.split("\n")
        self.item_starts = [n + 1 for n, ln in enumerate(self.lines) if _ITEM_HEADER.match(ln)]

    def item(self, index: int) -> int:
        return self.item_starts[index] if index < len(self.item_starts) else 1

    def key(self, key: str, index: int | None) -> int:
        if index is None:
            start, end = 0, (self.item_starts[0] - 1 if self.item_starts else len(self.lines))
        else:
            start = self.item(index) - 1
            end = self.item_starts[index + 1] - 1 if index + 1 < len(self.item_starts) else len(self.lines)
        pat = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for n in range(start, end):
            if pat.match(self.lines[n]):
                return n + 1
        return start + 1 if index is not None else 1


def _type_name(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


class _Reader:
    """FieldReader for one item (or the deck header when index is None)."""

    def __init__(self, raw: dict[str, Any], index: int | None, item_id: str | None,
                 ctx: _Context) -> None:
        self.raw = raw
        self.index = index
        self.item_id = item_id
        self.ctx = ctx
        self.ok = True

    def problem(self, key: str | None, message: str) -> None:
        self.ok = False
        line = self.ctx.lines.key(key, self.index) if key else (
            self.ctx.lines.item(self.index) if self.index is not None else 1)
        self.ctx.problems.append(Problem(self.ctx.file, line, message, item_id=self.item_id))

    def has(self, key: str) -> bool:
        return key in self.raw

    def _str(self, key: str, value: object, max_len: int) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"{key} should be text in quotes, not {_type_name(value)}")
            return None
        if len(value) > MAX_FIELD:
            self.problem(key, f"{key} is {len(value):,} characters; the most a field can hold is "
                         f"{MAX_FIELD:,}")
            return None
        text = clean(value).strip()
        if not text:
            self.problem(key, f"{key} is empty")
            return None
        if len(text) > max_len:
            self.problem(key, f"{key} is {len(text)} characters; keep it to {max_len} so it fits "
                         "the screen")
            return None
        return text

    def text(self, key: str, max_len: int, *, required: bool = True) -> str | None:
        if key not in self.raw:
            if required:
                self.problem(None, f"missing {key}")
            return None
        return self._str(key, self.raw[key], max_len)

    def text_list(self, key: str, *, min_n: int, max_n: int, max_len: int,
                  required: bool = True) -> list[str] | None:
        if key not in self.raw:
            if required:
                self.problem(None, f"missing {key}")
            return None
        value = self.raw[key]
        if not isinstance(value, list):
            self.problem(key, f"{key} should be a list like [\"a\", \"b\"], not {_type_name(value)}")
            return None
        if not min_n <= len(value) <= max_n:
            self.problem(key, f"{key} has {len(value)} entries; it needs {min_n} to {max_n}")
            return None
        out = [self._str(key, v, max_len) for v in value]
        if any(v is None for v in out):
            return None
        return [v for v in out if v is not None]

    def integer(self, key: str, lo: int, hi: int, *, required: bool = True,
                default: int | None = None) -> int | None:
        if key not in self.raw:
            if required:
                self.problem(None, f"missing {key}")
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{key} should be a whole number, not {_type_name(value)}")
            return None
        if not lo <= value <= hi:
            self.problem(key, f"{key} is {value}; it should be from {lo} to {hi}")
            return None
        return value

    def int_list(self, key: str, lo: int, hi: int) -> list[int] | None:
        if key not in self.raw:
            self.problem(None, f"missing {key}")
            return None
        value = self.raw[key]
        if not isinstance(value, list) or not value or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.problem(key, f"{key} should be a list of positions like [1, 3]")
            return None
        bad = [v for v in value if not lo <= v <= hi]
        if bad:
            self.problem(key, f"{key} names position {bad[0]}; positions go from {lo} to {hi}")
            return None
        if len(set(value)) != len(value):
            self.problem(key, f"{key} names the same position twice")
            return None
        return list(value)

    def categories(self, key: str) -> list[str] | None:
        if key not in self.raw:
            self.problem(None, f"missing {key}")
            return None
        value = self.raw[key]
        if isinstance(value, str):
            sets = self.ctx.categories
            if value not in sets:
                names = [clean(n) if len(n) <= 40 else clean(n[:40]) + "..." for n in sorted(sets)]
                known = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
                self.problem(key, f"no category set named {_quote(value)} in [categories] "
                             f"({known or 'none defined'})")
                return None
            return sets[value]
        cats = self.text_list(key, min_n=2, max_n=9, max_len=30)
        if cats is not None and len({c.casefold() for c in cats}) != len(cats):
            self.problem(key, f"{key} lists the same category twice")
            return None
        return cats

    def date(self, key: str) -> date | None:
        if key not in self.raw:
            return None
        value = self.raw[key]
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"{key} should be a date like \"2027-01-15\"")
        return None


@dataclass
class _Context:
    file: str
    lines: LineMap
    problems: list[Problem] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)


def too_large(file: str, size: int) -> Problem:
    """The problem for a file over MAX_BYTES (also used when the file is too big to read)."""
    return Problem(file, 1, f"the file is {size / 1048576:.1f} MiB; a deck can be at most 5 MiB")


def decode(source: bytes, file: str) -> str:
    """The deck's text: at most 5 MiB of UTF-8, a byte-order mark dropped."""
    if len(source) > MAX_BYTES:
        raise DeckError([too_large(file, len(source))])
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as e:
        line = source.count(b"\n", 0, e.start) + 1
        col = e.start - (source.rfind(b"\n", 0, e.start) + 1) + 1
        raise DeckError([Problem(file, line, "this is not UTF-8 text; save the file as UTF-8",
                                 col=col)]) from None
    return text.removeprefix("\ufeff")


def _guard(text: str, file: str) -> None:
    """Refuse shapes no deck needs that would make the TOML parser slow or huge."""
    tables = len(_TABLE_HEADER.findall(text))
    if tables > MAX_TABLES:
        raise DeckError([Problem(file, 1, f"the file has {tables:,} [table] headers; a deck has "
                                 f"at most {MAX_ITEMS:,} [[items]] and a [categories] table")])
    dots = 0
    for m in _KEY_DOTS.finditer(text):
        if m.group() == ".":
            dots += 1
            if dots > MAX_DOTS:
                line = text.count("\n", 0, m.start()) + 1
                raise DeckError([Problem(file, line, f"the file has over {MAX_DOTS:,} dots outside "
                                         "quoted text (as in a.b = 1 or [a.b]); decks don't need them")])


def _toml(text: str, file: str) -> dict[str, Any]:
    import tomllib  # here, not at start-up: decks usually come from the cache

    _guard(text, file)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = _TOML_POS.search(msg)
        col: int | None = None
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        elif _TOML_END.search(msg):
            line = text.rstrip("\n").count("\n") + 1  # the last line with anything on it
        else:
            line = 1
        reason = _TOML_END.sub("", _TOML_POS.sub("", msg)).strip()
        raise DeckError([Problem(file, line, f"TOML syntax: {reason}", col=col)]) from None
    except RecursionError:
        raise DeckError([Problem(file, 1, "the file nests lists or tables too deeply")]) from None


def _quote(text: str, limit: int = 40) -> str:
    """repr() of a name from the file, shortened: hostile names can be megabytes long."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def parse_deck(source: bytes, file: str) -> Deck:
    """Parse and check a TOML deck. Raises DeckError listing every problem found."""
    text = decode(source, file)
    return parse_document(_toml(text, file), TomlLines(text), file)


def parse_document(doc: dict[str, Any], lines: LineMap, file: str) -> Deck:
    """Check a deck already read into TOML's shape (from TOML or CSV) and build it.
    Raises DeckError listing every problem found, located through `lines`."""
    ctx = _Context(file, lines)
    head = _Reader(doc, None, None, ctx)
    for key in doc:
        if key not in _DECK_FIELDS:
            head.problem(key, f"unknown deck field {_quote(key)}")
    deck_id = head.text("id", 64)
    if deck_id is not None and not DECK_ID.match(deck_id):
        head.problem("id", f"deck id {deck_id!r} may use only a-z, 0-9 and '-', up to 64 "
                     "characters, starting with a letter or digit")
        deck_id = None
    title = head.text("title", 80)
    version = head.integer("version", 1, 1_000_000)
    default_skill = head.text("skill", 40, required=False)
    if default_skill is not None and default_skill not in SKILL_IDS:
        head.problem("skill", f"unknown skill {default_skill!r}; use one of {', '.join(SKILL_IDS)}")
    description = head.text("description", 300, required=False) if "description" in doc else None
    deck_from = head.date("available_from")
    cats = doc.get("categories", {})
    if not isinstance(cats, dict):
        head.problem("categories", "[categories] should be a table of named lists")
    else:
        for name, values in cats.items():
            sub = _Reader({name: values}, None, None, ctx)
            got = sub.text_list(name, min_n=2, max_n=9, max_len=30)
            if got is not None:
                if len({c.casefold() for c in got}) != len(got):
                    sub.problem(name, f"category set {_quote(name)} lists the same category twice")
                else:
                    ctx.categories[name] = got
    raw_items = doc.get("items")
    items: list[Item] = []
    if raw_items is None:
        ctx.problems.append(Problem(file, 1, "the deck has no items; add [[items]] tables"))
    elif not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
        head.problem("items", "items should be [[items]] tables")
    elif len(raw_items) > MAX_ITEMS:
        ctx.problems.append(Problem(file, 1, f"the deck has {len(raw_items):,} items; a deck can "
                                    f"have at most {MAX_ITEMS:,}"))
    else:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_items):
            item = _parse_item(raw, index, ctx, deck_id or "?", default_skill, seen)
            if item is not None:
                items.append(item)
    if ctx.problems:
        raise DeckError(sorted(ctx.problems, key=lambda p: p.line))
    assert deck_id is not None and title is not None and version is not None
    skills = tuple(dict.fromkeys(i.skill for i in items))
    return Deck(deck_id, title, version, tuple(items), description or "", deck_from, file, skills,
                lines.key("id", None))


def _parse_item(raw: dict[str, Any], index: int, ctx: _Context, deck_id: str,
                default_skill: str | None, seen: dict[str, int]) -> Item | None:
    raw_id = raw.get("id")
    label = raw_id if isinstance(raw_id, str) and ITEM_ID.match(raw_id) else f"#{index + 1}"
    r = _Reader(raw, index, label, ctx)
    item_id = r.text("id", 64)
    if item_id is not None:
        if not ITEM_ID.match(item_id):
            r.problem("id", f"item id {item_id!r} may use only letters, digits, '-' and '_', up "
                      "to 64 characters")
        elif item_id in seen:
            r.problem("id", f"id {item_id!r} is used twice (first at line {seen[item_id]})")
        else:
            seen[item_id] = ctx.lines.item(index)
    kind = r.text("kind", 20)
    if kind is not None and kind not in KINDS:
        r.problem("kind", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        kind = None
    skill = r.text("skill", 40, required=False) if "skill" in raw else default_skill
    if skill is None:
        r.problem(None, "no skill: set skill on the item or on the deck")
    elif skill not in SKILL_IDS:
        r.problem("skill", f"unknown skill {skill!r}; use one of {', '.join(SKILL_IDS)}")
    prompt = r.text("prompt", 240)
    explanation = r.text("explanation", 300)
    available = r.date("available_from")
    data = None
    if kind is not None:
        allowed = _COMMON | _KIND_FIELDS[kind]
        for key in raw:
            if key not in allowed:
                r.problem(key, f"{kind} items have no field {_quote(key)}")
        data = KINDS[kind].parse(r)
    if not r.ok or data is None:
        return None
    assert item_id and kind and skill and prompt and explanation
    return Item(deck_id, item_id, skill, kind, prompt, explanation, data, ctx.lines.item(index),
                available)


def validate(source: bytes, file: str) -> list[Problem]:
    """Every problem in a deck file; empty when it is valid."""
    try:
        parse_deck(source, file)
    except DeckError as e:
        return e.problems
    return []

