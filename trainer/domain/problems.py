"""Problems found in a deck file, each pointing at a file, a line and, where known, an item."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: str
    col: int | None = None
    item_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.col is not None:
            where += f":{self.col}"
        if self.item_id is not None:
            return f"{where}: item {self.item_id}: {self.message}"
        return f"{where}: {self.message}"


class DeckError(Exception):
    """A deck could not be loaded; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
