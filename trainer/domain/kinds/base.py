"""What every drill kind provides: parsing its own fields, grading an answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

MAX_FIELD = 2000


def tag_of(label: str) -> str:
    """A category or option tag as a look-alike id: 'comparison (minimising)' -> 'comparison',
    'Faux feeling' -> 'faux-feeling'."""
    return "-".join(label.split("(")[0].strip().casefold().split())


@dataclass(frozen=True, slots=True)
class Grade:
    """The outcome of one answer, with readable text for feedback and the confusion map."""

    correct: bool
    score: float
    given: str
    expected: str
    given_tag: str | None = None
    expected_tag: str | None = None


class FieldReader(Protocol):
    """Reads one item's fields, recording a problem (with its line) for each bad one."""

    def problem(self, key: str | None, message: str) -> None: ...

    def has(self, key: str) -> bool: ...

    def text(self, key: str, max_len: int, *, required: bool = True) -> str | None: ...

    def text_list(
        self, key: str, *, min_n: int, max_n: int, max_len: int, required: bool = True
    ) -> list[str] | None: ...

    def integer(
        self, key: str, lo: int, hi: int, *, required: bool = True, default: int | None = None
    ) -> int | None: ...

    def int_list(self, key: str, lo: int, hi: int) -> list[int] | None: ...

    def int_lists(
        self, key: str, lo: int, hi: int, *, size: int | None, max_n: int
    ) -> list[list[int]] | None: ...

    def categories(self, key: str) -> list[str] | None: ...


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A drill kind: `parse` builds its `data` from fields; `grade` scores an answer."""

    name: str
    data: type[Any]  # the parsed fields' dataclass (its fields round-trip through the cache)
    parse: Callable[[FieldReader], Any]
    grade: Callable[[Any, Any], Grade]
    scheduled: bool = True  # False: a daily practice, not a memory card
