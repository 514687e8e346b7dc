"""Parsing a deck from TOML bytes (or a document in TOML's shape, from CSV) with every problem
located by line. Every step is linear in the file's size, whatever its shape: decks come
from other people and are read at every start."""

from __future__ import annotations

import re
from typing import Any

from trainer.domain.deck import Deck, Item
from trainer.domain.fields import Context, LineMap, Reader, quote
from trainer.domain.kinds import KINDS
from trainer.domain.problems import DeckError, Problem
from trainer.domain.skills import SKILL_IDS
from trainer.domain.text import clean

MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 10_000
MAX_UNIT = 99
DECK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\(at end of document\)$")
# TOML parsing spends time and memory quadratic in the depth of a dotted key (`a.b.c = 1`,
# `[a.b.c]`) and keeps bookkeeping for every table, so a hostile 5 MiB file could take
# minutes and gigabytes. Decks need neither, so such files are refused before parsing.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)
# Strings and comments (skipped whole) or a dot outside them.
_KEY_DOTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+|\.')
MAX_TABLES = MAX_ITEMS + 100
MAX_DOTS = 1000
# A deck's header has a handful of fields and each item a dozen or so: a file with far more
# `key =` lines is refused before TOML parsing (parsing is linear but slow: 5 MiB of keys
# took 4 s, and a class folder's deck is read at every trainee's start).
_KEY_LINES = re.compile(r"^[ \t]*[A-Za-z0-9_\"'-][^=\n]{0,200}=", re.M)
MAX_KEY_LINES = MAX_ITEMS * 25
MAX_HEAD_KEYS = 200
# List entries and inline tables: 10,000 items of a few options each need far fewer commas
# and braces than this (counted anywhere, strings too: a coarse, fast bound).
MAX_COMMAS = 200_000  # the built-in decks have about 10 an item
MAX_BRACES = MAX_ITEMS + 1_000  # items may be written as inline tables
_ITEM_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")
# `key =` at the start of a line: a bare key, or a quoted one.
_KEY_LINE = re.compile(r"""^\s*(?:([A-Za-z0-9_-]+)|"([^"\\\n]*)"|'([^'\n]*)')\s*=""")
_COMMON = {"id", "kind", "prompt", "explanation", "skill", "available_from", "unit"}
_KIND_FIELDS: dict[str, set[str]] = {
    "choice": {"options", "answer", "option_tags"},
    "classify": {"categories", "answer"},
    "multi": {"options", "answer"},
    "match": {"left", "right", "also_pairs"},
    "order": {"steps", "either_order"},
    "recall": {"answers"},
    "anchor": {"minutes", "inhale", "exhale"},
    "walkthrough": set(),
}
_DECK_FIELDS = {"id", "title", "version", "skill", "description", "available_from", "unit",
                "categories", "items"}


class TomlLines:
    """Finds the line of each `[[items]]` table and of `key =` lines inside it. Each table's
    keys are indexed once, the first time one is asked for, so finding the lines of a
    million problems costs one pass over the file."""

    def __init__(self, text: str) -> None:
        # Only "\n" ends a line in TOML (str.splitlines would also split at U+2028, form feed...).
        self.lines = text.split("\n")
        self.item_starts = [n + 1 for n, ln in enumerate(self.lines) if _ITEM_HEADER.match(ln)]
        self._keys: dict[int | None, dict[str, int]] = {}

    def item(self, index: int) -> int:
        return self.item_starts[index] if index < len(self.item_starts) else 1

    def _index(self, index: int | None) -> dict[str, int]:
        found = self._keys.get(index)
        if found is None:
            if index is None:
                start, end = 0, (self.item_starts[0] - 1 if self.item_starts else len(self.lines))
            else:
                start = self.item(index) - 1
                end = (self.item_starts[index + 1] - 1 if index + 1 < len(self.item_starts)
                       else len(self.lines))
            found = {}
            for n in range(start, end):
                m = _KEY_LINE.match(self.lines[n])
                if m:
                    found.setdefault(next(g for g in m.groups() if g is not None), n + 1)
            self._keys[index] = found
        return found

    def key(self, key: str, index: int | None) -> int:
        line = self._index(index).get(key)
        if line is not None:
            return line
        return self.item(index) if index is not None else 1


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
    commas, braces = text.count(","), text.count("{")
    if commas > MAX_COMMAS or braces > MAX_BRACES:
        what = f"{commas:,} commas" if commas > MAX_COMMAS else f"{braces:,} {{ braces"
        raise DeckError([Problem(file, 1, f"the file has {what}: far more lists or tables than "
                                 "a deck holds, so it was not read")])
    first = _TABLE_HEADER.search(text)
    head_end = first.start() if first else len(text)
    keys = head_keys = 0
    for m in _KEY_LINES.finditer(text):  # one pass: all the field lines, and the header's
        keys += 1
        head_keys += m.start() < head_end
    if keys > MAX_KEY_LINES:
        raise DeckError([Problem(file, 1, f"the file has {keys:,} lines of fields; a deck of "
                                 f"{MAX_ITEMS:,} items has far fewer, so it was not read")])
    if head_keys > MAX_HEAD_KEYS:
        raise DeckError([Problem(file, 1, f"the file starts with {head_keys:,} fields before its "
                                 "first [table]; a deck's header has only id, title, version "
                                 "and a few more")])
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


def read_toml(text: str, file: str) -> dict[str, Any]:
    # tomli is the parser the standard library's tomllib was made from, installed as compiled
    # code: a 5,000-item deck validates in 0.35 s rather than 0.52 s (README, "Benchmarks").
    # Imported here, not at start-up: decks usually come from the cache.
    import tomli

    _guard(text, file)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        msg = str(e)
        m = _TOML_POS.search(msg)
        col: int | None = None
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        elif _TOML_END.search(msg):
            line = text.rstrip("\n").count("\n") + 1  # the last line with anything on it
        else:
            line = 1
        reason = clean(_TOML_END.sub("", _TOML_POS.sub("", msg)).strip())[:200]
        raise DeckError([Problem(file, line, f"TOML syntax: {reason}", col=col)]) from None
    except RecursionError:
        raise DeckError([Problem(file, 1, "the file nests lists or tables too deeply")]) from None


def parse_deck(source: bytes, file: str) -> Deck:
    """Parse and check a TOML deck. Raises DeckError listing every problem found."""
    text = decode(source, file)
    return parse_document(read_toml(text, file), TomlLines(text), file)


def _unit(r: Reader) -> int | None:
    return r.integer("unit", 1, MAX_UNIT, required=False)


def parse_document(doc: dict[str, Any], lines: LineMap, file: str) -> Deck:
    """Check a deck already read into TOML's shape (from TOML or CSV) and build it.
    Raises DeckError listing the problems found (the first few dozen, then a count),
    located through `lines`."""
    ctx = Context(file, lines)
    head = Reader(doc, None, None, ctx)
    for key in doc:
        if key not in _DECK_FIELDS:
            head.problem(key, f"unknown deck field {quote(key)}")
    deck_id = head.text("id", 64)
    if deck_id is not None and not DECK_ID.match(deck_id):
        head.problem("id", f"deck id {quote(deck_id)} may use only a-z, 0-9 and '-', up to 64 "
                     "characters, starting with a letter or digit")
        deck_id = None
    title = head.text("title", 80)
    version = head.integer("version", 1, 1_000_000)
    default_skill = head.text("skill", 40, required=False)
    if default_skill is not None and default_skill not in SKILL_IDS:
        head.problem("skill", f"unknown skill {quote(default_skill)}; use one of "
                     f"{', '.join(SKILL_IDS)}")
    description = head.text("description", 300, required=False) if "description" in doc else None
    deck_from = head.date("available_from")
    deck_unit = _unit(head)
    cats = doc.get("categories", {})
    if not isinstance(cats, dict):
        head.problem("categories", "[categories] should be a table of named lists")
    else:
        for name, values in cats.items():
            sub = Reader({name: values}, None, None, ctx)
            got = sub.text_list(name, min_n=2, max_n=9, max_len=30)
            if got is not None:
                if len({c.casefold() for c in got}) != len(got):
                    sub.problem(name, f"category set {quote(name)} lists the same category twice")
                else:
                    ctx.categories[name] = got
    raw_items = doc.get("items")
    items: list[Item] = []
    if raw_items is None:
        ctx.add(1, "the deck has no items; add [[items]] tables")
    elif not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
        head.problem("items", "items should be [[items]] tables")
    elif len(raw_items) > MAX_ITEMS:
        ctx.add(1, f"the deck has {len(raw_items):,} items; a deck can have at most "
                f"{MAX_ITEMS:,}")
    else:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_items):
            item = _parse_item(raw, index, ctx, deck_id or "?", default_skill, deck_unit, seen)
            if item is not None:
                items.append(item)
    if ctx.problems:
        raise DeckError(ctx.problems.report())
    assert deck_id is not None and title is not None and version is not None
    skills = tuple(dict.fromkeys(i.skill for i in items))
    return Deck(deck_id, title, version, tuple(items), description or "", deck_from, file, skills,
                lines.key("id", None))


def _parse_item(raw: dict[str, Any], index: int, ctx: Context, deck_id: str,
                default_skill: str | None, deck_unit: int | None,
                seen: dict[str, int]) -> Item | None:
    raw_id = raw.get("id")
    label = raw_id if isinstance(raw_id, str) and ITEM_ID.match(raw_id) else f"#{index + 1}"
    r = Reader(raw, index, label, ctx)
    item_id = r.text("id", 64)
    if item_id is not None:
        if not ITEM_ID.match(item_id):
            r.problem("id", f"item id {quote(item_id)} may use only letters, digits, '-' and '_', "
                      "up to 64 characters")
        elif item_id in seen:
            r.problem("id", f"id {quote(item_id)} is used twice (first at line {seen[item_id]})")
        else:
            seen[item_id] = ctx.lines.item(index)
    kind = r.text("kind", 20)
    if kind is not None and kind not in KINDS:
        r.problem("kind", f"unknown kind {quote(kind)}; use one of {', '.join(KINDS)}")
        kind = None
    skill = r.text("skill", 40, required=False) if "skill" in raw else default_skill
    if skill is None:
        r.problem(None, "no skill: set skill on the item or on the deck")
    elif skill not in SKILL_IDS:
        r.problem("skill", f"unknown skill {quote(skill)}; use one of {', '.join(SKILL_IDS)}")
    prompt = r.text("prompt", 240)
    explanation = r.text("explanation", 300)
    available = r.date("available_from")
    unit = _unit(r) if "unit" in raw else deck_unit
    data = None
    if kind is not None:
        allowed = _COMMON | _KIND_FIELDS[kind]
        for key in raw:
            if key not in allowed:
                r.problem(key, f"{kind} items have no field {quote(key)}")
        data = KINDS[kind].parse(r)
    if not r.ok or data is None:
        return None
    assert item_id and kind and skill and prompt and explanation
    return Item(deck_id, item_id, skill, kind, prompt, explanation, data, ctx.lines.item(index),
                available, unit)


def validate(source: bytes, file: str) -> list[Problem]:
    """Every problem in a deck file (capped, with a count of the rest); empty when it is valid."""
    try:
        parse_deck(source, file)
    except DeckError as e:
        return e.problems
    return []
