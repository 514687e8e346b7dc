"""`match`: pair each item on the left with one on the right (3-6 pairs). Where another
pairing also makes sense, the deck says so (`also_pairs`) and it counts as right."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class MatchData:
    left: tuple[str, ...]
    right: tuple[str, ...]  # right[i] pairs with left[i]
    also: frozenset[tuple[int, int]] = frozenset()  # other (left, right) pairs, 0-based

    def accepts(self, left: int, right: int) -> bool:
        return left == right or (left, right) in self.also


def parse(r: FieldReader) -> MatchData | None:
    left = r.text_list("left", min_n=3, max_n=6, max_len=36)
    right = r.text_list("right", min_n=3, max_n=6, max_len=36)
    if left is None or right is None:
        return None
    if len(left) != len(right):
        r.problem("right", f"left has {len(left)} entries but right has {len(right)}; they pair up")
        return None
    pairs = r.int_lists("also_pairs", 1, len(left), size=2, max_n=2 * len(left))
    if pairs is None:
        return None
    also = frozenset((a - 1, b - 1) for a, b in pairs)
    if any(a == b for a, b in also):
        r.problem("also_pairs", "also_pairs lists a pair the deck already makes (left n with "
                  "right n); list only the other pairings that make sense")
        return None
    return MatchData(tuple(left), tuple(right), also)


def grade(data: MatchData, answer: tuple[int, ...]) -> Grade:
    """`answer[i]` is the index (into `right`) the learner paired with `left[i]`."""
    n = len(data.left)
    pairs = answer[:n]
    hits = sum(1 for i, j in enumerate(pairs) if data.accepts(i, j))
    given = "; ".join(f"{data.left[i]} - {data.right[j]}" for i, j in enumerate(pairs) if 0 <= j < n)
    expected = "; ".join(f"{a} - {b}" for a, b in zip(data.left, data.right, strict=True))
    ok = hits == n and len(answer) == n and len(set(pairs)) == n
    return Grade(ok, hits / n, given, expected)


SPEC = KindSpec("match", MatchData, parse, grade)
