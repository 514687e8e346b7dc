"""`order`: put 3-7 steps in their right order."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class OrderData:
    steps: tuple[str, ...]  # in the right order


def parse(r: FieldReader) -> OrderData | None:
    steps = r.text_list("steps", min_n=3, max_n=7, max_len=60)
    if steps is None:
        return None
    if len({s.casefold() for s in steps}) != len(steps):
        r.problem("steps", "two steps have the same text, so their order can't be checked")
        return None
    return OrderData(tuple(steps))


def grade(data: OrderData, answer: tuple[int, ...]) -> Grade:
    """`answer` lists step indices in the order the learner put them."""
    n = len(data.steps)
    hits = sum(1 for pos, idx in enumerate(answer[:n]) if pos == idx)
    given = " > ".join(data.steps[i] for i in answer if 0 <= i < n)
    return Grade(hits == n and len(answer) == n, hits / n, given, " > ".join(data.steps))


SPEC = KindSpec("order", OrderData, parse, grade)
