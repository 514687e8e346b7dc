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


MAX_PROBLEMS = 50  # reported per file; the rest are only counted


class Capped(list[Problem]):
    """Problems found in one file: the first MAX_PROBLEMS are kept, the rest counted. A hostile
    deck can hold a million bad fields; a facilitator needs the first few dozen and a count."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.dropped = 0
        self.first_dropped = 1

    @property
    def full(self) -> bool:
        return len(self) >= MAX_PROBLEMS

    def append(self, problem: Problem) -> None:
        if self.full:
            if not self.dropped:
                self.first_dropped = problem.line
            self.dropped += 1
        else:
            super().append(problem)

    def report(self) -> list[Problem]:
        """The problems kept, in line order, then a count of the rest."""
        out = sorted(self, key=lambda p: p.line)
        if self.dropped:
            more = f"{self.dropped:,} more problem{'s' if self.dropped > 1 else ''}"
            out.append(Problem(self.file, self.first_dropped,
                               f"and {more} like these; fix the ones above and check again"))
        return out
