"""`match`: pair each item on the left with one on the right (3-6 pairs)."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class MatchData:
    left: tuple[str, ...]
    right: tuple[str, ...]  # right[i] pairs with left[i]


def parse(r: FieldReader) -> MatchData | None:
    left = r.text_list("left", min_n=3, max_n=6, max_len=36)
    right = r.text_list("right", min_n=3, max_n=6, max_len=36)
    if left is None or right is None:
        return None
    if len(left) != len(right):
        r.problem("right", f"left has {len(left)} entries but right has {len(right)}; they pair up")
        return None
    return MatchData(tuple(left), tuple(right))


def grade(data: MatchData, answer: tuple[int, ...]) -> Grade:
    """`answer[i]` is the index (into `right`) the learner paired with `left[i]`."""
    n = len(data.left)
    hits = sum(1 for i, j in enumerate(answer[:n]) if i == j)
    given = "; ".join(
        f"{data.left[i]} - {data.right[j]}" for i, j in enumerate(answer[:n]) if 0 <= j < n
    )
    expected = "; ".join(f"{a} - {b}" for a, b in zip(data.left, data.right, strict=True))
    return Grade(hits == n and len(answer) == n, hits / n, given, expected)


SPEC = KindSpec("match", MatchData, parse, grade)
