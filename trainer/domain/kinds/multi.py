"""`multi`: select all options that apply; partial credit is shown, the card is rated on the whole."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class MultiData:
    options: tuple[str, ...]
    answer: frozenset[int]  # 0-based


def parse(r: FieldReader) -> MultiData | None:
    options = r.text_list("options", min_n=2, max_n=8, max_len=60)
    if options is None:
        return None
    answer = r.int_list("answer", 1, len(options))
    if answer is None:
        return None
    return MultiData(tuple(options), frozenset(a - 1 for a in answer))


def grade(data: MultiData, answer: frozenset[int]) -> Grade:
    """`answer` is the set of 0-based positions selected."""
    n = len(data.options)
    right_calls = sum(1 for i in range(n) if (i in answer) == (i in data.answer))
    ok = set(answer) == set(data.answer)
    return Grade(
        correct=ok,
        score=right_calls / n,
        given=", ".join(data.options[i] for i in sorted(answer) if 0 <= i < n) or "(none)",
        expected=", ".join(data.options[i] for i in sorted(data.answer)),
    )


SPEC = KindSpec("multi", MultiData, parse, grade)
