"""Decks written as CSV (one row per item, as a spreadsheet saves them), read into the same
shape as a TOML deck so every field gets the same checks; and that shape written out as TOML."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Any

from trainer.domain.deck import Deck
from trainer.domain.deckparse import ITEM_ID, MAX_ITEMS, decode, parse_document
from trainer.domain.kinds.base import MAX_FIELD
from trainer.domain.problems import Capped, DeckError, Problem
from trainer.domain.text import clean

DECK_KEYS = ("id", "title", "version", "skill", "description", "available_from", "unit")
# Every column a row may fill, in the order a converted TOML item lists them.
COLUMNS = ("id", "kind", "skill", "unit", "prompt", "options", "option_tags", "categories",
           "answer", "left", "right", "also_pairs", "steps", "either_order", "answers", "minutes",
           "inhale", "exhale", "explanation", "available_from")
REQUIRED = ("id", "kind", "prompt", "explanation")
LIST_COLUMNS = frozenset({"options", "option_tags", "categories", "left", "right", "steps",
                          "answers"})
NUMBER_COLUMNS = frozenset({"minutes", "inhale", "exhale", "unit"})
# Lists of position lists: groups split at "|", positions at spaces ("2 3|5 6").
GROUP_COLUMNS = frozenset({"also_pairs", "either_order"})
_NUMBER = re.compile(r"^[+-]?\d{1,9}$")  # int() of thousands of digits is slow, then refused
_BAR = re.compile(r"(?<!\\)\|")
_DECK_PAIR = re.compile(r"\s*([A-Za-z_]+)\s*=(.*)", re.S)
_DECK_LINE = re.compile(r"#\s*deck\b", re.I)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


class RowLines:
    """LineMap for a CSV deck: an item's problems point at its row; the deck's at `#deck`."""

    def __init__(self, deck_line: int, rows: list[int]) -> None:
        self.deck_line = deck_line
        self.rows = rows

    def item(self, index: int) -> int:
        return self.rows[index] if index < len(self.rows) else 1

    def key(self, key: str, index: int | None) -> int:
        return self.deck_line if index is None else self.item(index)


def _base_name(file: str) -> str:
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def id_from_name(file: str) -> str:
    """A deck id made from a file name: `Needs week 3.csv` gives `needs-week-3` ("" if none)."""
    ascii_name = unicodedata.normalize("NFKD", _base_name(file)).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_name.lower()).strip("-")[:64].strip("-")


def title_from_name(file: str) -> str:
    words = " ".join(re.split(r"[-_\s]+", clean(_base_name(file)))).strip()
    return (words[:1].upper() + words[1:])[:80] or "My deck"


def _delimiter(text: str) -> str:
    """The separator of the header row (the first line that isn't blank or a # comment)."""
    for line in text.split("\n"):
        bare = line.strip().lstrip('"').lstrip()
        if bare and not bare.startswith("#"):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _deck_line(cells: list[str], delim: str, file: str, line: int,
               problems: list[Problem]) -> dict[str, Any]:
    """`#deck id=...,title=...,version=...` (commas or semicolons; a piece without `name=`
    belongs to the value before it, so a title may hold a comma)."""
    joined = _DECK_LINE.sub("", delim.join(cells).strip(), count=1)
    fields: dict[str, list[str]] = {}
    current: str | None = None
    sep = ""
    for token in re.split(r"([,;\t])", joined.rstrip(",;\t ")):
        if token in (",", ";", "\t"):
            sep = token
            continue
        pair = _DECK_PAIR.fullmatch(token)
        if pair is not None:
            current = pair.group(1).lower()
            if current not in DECK_KEYS:
                problems.append(Problem(file, line, f"the #deck line can set {', '.join(DECK_KEYS)}; "
                                        f"not {current[:40]!r}"))
                current = None
            elif current in fields:
                problems.append(Problem(file, line, f"the #deck line sets {current} twice"))
                current = None
            else:
                fields[current] = [pair.group(2)]
        elif current is not None:
            fields[current] += [sep, token]
        elif token.strip():
            problems.append(Problem(file, line, "the #deck line should read like "
                                    "#deck id=my-deck,title=My deck,version=1"))
            break
    out: dict[str, Any] = {k: _unquote("".join(v)) for k, v in fields.items()}
    version = out.get("version")
    if isinstance(version, str) and _NUMBER.match(version.strip()):
        out["version"] = int(version)
    return out


def _header(cells: list[str], file: str, line: int, problems: list[Problem]) -> list[str | None]:
    """Column names in order; None for columns to skip (blank, `notes`, or starting with #)."""
    columns: list[str | None] = []
    named: set[str] = set()
    if not any(c.strip().lower() in COLUMNS for c in cells):
        # Not a deck at all (perhaps some other file, linked here): say so, and don't echo
        # what it holds.
        problems.append(Problem(file, line, "this doesn't look like a deck: its first row names "
                                f"none of the columns ({', '.join(REQUIRED)}, ...)"))
        return [None] * len(cells)
    for cell in cells:
        name = cell.strip().lower()
        if not name or name in ("note", "notes") or name.startswith("#"):
            columns.append(None)
        elif name not in COLUMNS:
            problems.append(Problem(file, line, f"unknown column {clean(name)[:40]!r}; columns "
                                    f"can be {', '.join(COLUMNS)} (and notes)"))
            columns.append(None)
        elif name in named:
            problems.append(Problem(file, line, f"the column {name!r} appears twice"))
            columns.append(None)
        else:
            named.add(name)
            columns.append(name)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(Problem(file, line, f"the header row has no {', '.join(missing)} column"
                                f"{'s' if len(missing) > 1 else ''}; every item needs "
                                f"{', '.join(REQUIRED)}"))
    return columns


def _split(cell: str) -> list[str]:
    return [part.replace("\\|", "|").strip() for part in _BAR.split(cell)]


def _item(columns: list[str | None], cells: list[str], index: int, file: str, line: int,
          problems: list[Problem]) -> dict[str, Any]:
    """One row as an item table; list cells split at "|", numbers made numbers."""
    raw = {col: cell.strip() for col, cell in zip(columns, cells, strict=False) if col}
    raw = {col: cell for col, cell in raw.items() if cell}
    label = raw["id"] if ITEM_ID.match(raw.get("id", "")) else f"#{index + 1}"
    if any(cell.strip() for cell in cells[len(columns):]):
        problems.append(Problem(file, line, "this row has more cells than the header row has "
                                "columns", item_id=label))
    if "kind" in raw:
        raw["kind"] = raw["kind"].lower()
    if "skill" in raw:
        raw["skill"] = raw["skill"].lower()
    item: dict[str, Any] = {}
    for col, cell in raw.items():
        if col in LIST_COLUMNS:
            item[col] = _split(cell)
        elif col in GROUP_COLUMNS:
            groups = [part.split() for part in _split(cell)]
            if all(g and all(_NUMBER.match(p) for p in g) for g in groups):
                item[col] = [[int(p) for p in g] for g in groups]
            else:
                problems.append(Problem(file, line, f"{col} should be positions, groups "
                                        "separated by |, like 2 3|5 6", item_id=label))
        elif col in NUMBER_COLUMNS or (col == "answer" and raw.get("kind") == "choice"):
            item[col] = int(cell) if _NUMBER.match(cell) else cell
        elif col == "answer" and raw.get("kind") == "multi":
            parts = _split(cell)
            if all(_NUMBER.match(p) for p in parts):
                item[col] = [int(p) for p in parts]
            else:
                problems.append(Problem(file, line, "answer should be positions separated by |, "
                                        "like 1|3", item_id=label))
        else:
            item[col] = cell
    return item


def _csv_problem(error: csv.Error, file: str, start: int, at: int) -> Problem:
    text = str(error)
    if "end of data" in text:
        return Problem(file, start, 'a quoted cell that starts in this row is never closed: a " '
                       "is missing")
    if "expected after" in text:
        return Problem(file, at, 'a " ends a quoted cell too early; inside a quoted cell, write '
                       '"" for each " you mean')
    if "field limit" in text:
        return Problem(file, start, f"a cell is over {csv.field_size_limit():,} characters; a "
                       f"field can hold at most {MAX_FIELD:,}")
    return Problem(file, at, f"CSV: {text}")


def read_csv(source: bytes, file: str) -> tuple[dict[str, Any], RowLines]:
    """The deck as a TOML-shaped document and where its rows are. Raises DeckError for problems
    with the file's shape; the fields themselves are checked by `parse_document`."""
    text = decode(source, file)
    delim = _delimiter(text)
    problems = Capped(file)
    head: dict[str, Any] = {}
    deck_line = 1
    columns: list[str | None] | None = None
    header_line = 1
    items: list[dict[str, Any]] = []
    rows: list[int] = []
    count = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(_csv_problem(e, file, start, reader.line_num))
            break
        end = reader.line_num
        first = cells[0].strip() if cells else ""
        if not any(c.strip() for c in cells):
            continue
        if first.startswith("#"):
            if columns is None and _DECK_LINE.match(first) and not head:
                head = _deck_line(cells, delim, file, start, problems)
                deck_line = start
            continue
        if columns is None:
            columns = _header(cells, file, start, problems)
            header_line = start
            continue
        count += 1
        if count <= MAX_ITEMS:
            items.append(_item(columns, cells, len(items), file, start, problems))
            rows.append(start)
    if columns is None:
        problems.append(Problem(file, 1, "there is no header row: the first row names the columns, "
                                "like id,kind,skill,prompt,options,answer,explanation"))
    elif count > MAX_ITEMS:
        problems.append(Problem(file, 1, f"the deck has {count:,} items; a deck can have at most "
                                f"{MAX_ITEMS:,}"))
    elif not count and not problems:
        problems.append(Problem(file, header_line, "the deck has no items: add one row per item "
                                "under the header row"))
    if problems:
        raise DeckError(problems.report())
    doc: dict[str, Any] = {}
    for key in DECK_KEYS:
        if key in head:
            doc[key] = head[key]
        elif key == "id" and id_from_name(file):
            doc[key] = id_from_name(file)
        elif key == "title":
            doc[key] = title_from_name(file)
        elif key == "version":
            doc[key] = 1
    doc["items"] = items
    return doc, RowLines(deck_line, rows)


def parse_csv(source: bytes, file: str) -> Deck:
    """Parse and check a CSV deck. Raises DeckError listing every problem found."""
    doc, lines = read_csv(source, file)
    return parse_document(doc, lines, file)


# -- writing TOML -------------------------------------------------------------------------

_TOML_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t",
                 **{c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F) if c not in (9, 10)}}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return '"' + clean(str(value)).strip().translate(_TOML_ESCAPES) + '"'


def to_toml(doc: dict[str, Any], note: str = "") -> str:
    """A TOML-shaped deck document (as `read_csv` makes) written as a TOML deck file."""
    out = [f"# {line}".rstrip() for line in note.splitlines()]
    if out:
        out.append("")
    out += [f"{key} = {_value(doc[key])}" for key in DECK_KEYS if key in doc]
    for item in doc.get("items", []):
        out += ["", "[[items]]"]
        out += [f"{key} = {_value(item[key])}" for key in COLUMNS if key in item]
    return "\n".join(out) + "\n"


def csv_to_toml(source: bytes, file: str) -> str:
    """The TOML for a valid CSV deck. Raises DeckError if the deck has problems."""
    doc, lines = read_csv(source, file)
    parse_document(doc, lines, file)
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    return to_toml(doc, f"Converted from {clean(name)} (CSV). Item ids are stable: keep them "
                   "when you change an item.")
