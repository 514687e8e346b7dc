"""`order`: put 3-7 steps in their right order; steps that may come in either order are said."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class OrderData:
    steps: tuple[str, ...]  # in the right order
    # Groups of 0-based positions whose steps may swap places among themselves.
    groups: tuple[tuple[int, ...], ...] = ()

    def accepts(self, position: int, step: int) -> bool:
        """Whether `step` (an index into steps) may stand at `position`."""
        if position == step:
            return True
        return any(position in g and step in g for g in self.groups)


def parse(r: FieldReader) -> OrderData | None:
    steps = r.text_list("steps", min_n=3, max_n=7, max_len=60)
    if steps is None:
        return None
    if len({s.casefold() for s in steps}) != len(steps):
        r.problem("steps", "two steps have the same text, so their order can't be checked")
        return None
    groups = r.int_lists("either_order", 1, len(steps), size=None, max_n=3)
    if groups is None:
        return None
    seen: set[int] = set()
    for g in groups:
        if len(g) < 2:
            r.problem("either_order", "each group in either_order names at least two steps, "
                      "like [[2, 3]]")
            return None
        if seen & set(g):
            r.problem("either_order", "a step is in two either_order groups; put them in one")
            return None
        seen |= set(g)
    if len(seen) == len(steps):
        r.problem("either_order", "either_order lets every step go anywhere, so nothing would "
                  "be checked")
        return None
    return OrderData(tuple(steps), tuple(tuple(sorted(p - 1 for p in g)) for g in groups))


def grade(data: OrderData, answer: tuple[int, ...]) -> Grade:
    """`answer` lists step indices in the order the learner put them."""
    n = len(data.steps)
    hits = sum(1 for pos, idx in enumerate(answer[:n]) if data.accepts(pos, idx))
    given = " > ".join(data.steps[i] for i in answer if 0 <= i < n)
    return Grade(hits == n and len(answer) == n and len(set(answer)) == n, hits / n, given,
                 " > ".join(data.steps))


SPEC = KindSpec("order", OrderData, parse, grade)
