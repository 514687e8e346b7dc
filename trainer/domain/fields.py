"""Reading one item's (or the deck header's) fields, with every problem located by line.

Problems are capped per file (`problems.Capped`), and past the cap no line is looked up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Protocol

from trainer.domain.kinds.base import MAX_FIELD
from trainer.domain.problems import Capped, Problem
from trainer.domain.text import cells, clean


class LineMap(Protocol):
    """Where things are in the source: the line of item `index`, and of `key` in that item
    (or in the deck header when `index` is None)."""

    def item(self, index: int) -> int: ...

    def key(self, key: str, index: int | None) -> int: ...


def type_name(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def quote(text: str, limit: int = 40) -> str:
    """repr() of a name from the file, shortened: hostile names can be megabytes long."""
    return repr(clean(text if len(text) <= limit else text[:limit] + "..."))


@dataclass
class Context:
    """One file being read: where its lines are, the problems found, its category sets."""

    file: str
    lines: LineMap
    problems: Capped = field(init=False)
    categories: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = Capped(self.file)

    def add(self, line: int | None, message: str, item_id: str | None = None) -> None:
        self.problems.append(Problem(self.file, line or 1, message, item_id=item_id))

    @cached_property
    def known_sets(self) -> str:
        names = [quote(n).strip("'\"") for n in sorted(self.categories)]
        return ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")


class Reader:
    """The FieldReader (kinds/base.py) of one item, or of the deck header when index is None."""

    def __init__(self, raw: dict[str, Any], index: int | None, item_id: str | None,
                 ctx: Context) -> None:
        self.raw = raw
        self.index = index
        self.item_id = item_id
        self.ctx = ctx
        self.ok = True

    def problem(self, key: str | None, message: str) -> None:
        self.ok = False
        if self.ctx.problems.full:  # past the cap only a count is kept: no line lookup
            self.ctx.add(None, message)
            return
        lines = self.ctx.lines
        line = lines.key(key, self.index) if key else (
            lines.item(self.index) if self.index is not None else 1)
        self.ctx.add(line, message, self.item_id)

    def has(self, key: str) -> bool:
        return key in self.raw

    def _str(self, key: str, value: object, max_len: int) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"{key} should be text in quotes, not {type_name(value)}")
            return None
        if len(value) > MAX_FIELD:
            self.problem(key, f"{key} is {len(value):,} characters; the most a field can hold is "
                         f"{MAX_FIELD:,}")
            return None
        text = clean(value).strip()
        if not text:
            self.problem(key, f"{key} is empty")
            return None
        width = cells(text)
        if width > max_len:
            wide = "" if width == len(text) else " (wide characters count twice)"
            self.problem(key, f"{key} is {width} characters{wide}; keep it to {max_len} so it "
                         "fits the screen")
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
            self.problem(key, f"{key} should be a list like [\"a\", \"b\"], not {type_name(value)}")
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
            self.problem(key, f"{key} should be a whole number, not {type_name(value)}")
            return None
        if not lo <= value <= hi:
            self.problem(key, f"{key} is {value}; it should be from {lo} to {hi}")
            return None
        return value

    def _positions(self, key: str, value: object, lo: int, hi: int, example: str) -> list[int] | None:
        if not isinstance(value, list) or not value or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.problem(key, f"{key} should be a list of positions like {example}")
            return None
        bad = [v for v in value if not lo <= v <= hi]
        if bad:
            self.problem(key, f"{key} names position {bad[0]}; positions go from {lo} to {hi}")
            return None
        if len(set(value)) != len(value):
            self.problem(key, f"{key} names the same position twice")
            return None
        return list(value)

    def int_list(self, key: str, lo: int, hi: int) -> list[int] | None:
        if key not in self.raw:
            self.problem(None, f"missing {key}")
            return None
        return self._positions(key, self.raw[key], lo, hi, "[1, 3]")

    def int_lists(self, key: str, lo: int, hi: int, *, size: int | None,
                  max_n: int) -> list[list[int]] | None:
        """An optional list of position lists, like [[2, 3]] (each `size` long if given)."""
        if key not in self.raw:
            return []
        value = self.raw[key]
        example = "[[2, 3]]" if size is None else "[[1, 2], [2, 1]]"
        if not isinstance(value, list) or not value or len(value) > max_n:
            self.problem(key, f"{key} should be a list of up to {max_n} lists like {example}")
            return None
        out: list[list[int]] = []
        for group in value:
            got = self._positions(key, group, lo, hi, example)
            if got is None:
                return None
            if size is not None and len(got) != size:
                self.problem(key, f"each entry of {key} names {size} positions, like {example}")
                return None
            out.append(got)
        return out

    def categories(self, key: str) -> list[str] | None:
        if key not in self.raw:
            self.problem(None, f"missing {key}")
            return None
        value = self.raw[key]
        if isinstance(value, str):
            sets = self.ctx.categories
            if value not in sets:
                self.problem(key, f"no category set named {quote(value)} in [categories] "
                             f"({self.ctx.known_sets or 'none defined'})")
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
        if isinstance(value, str) and len(value) <= 40:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"{key} should be a date like \"2027-01-15\"")
        return None
