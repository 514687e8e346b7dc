"""`classify`: put a line in one of a deck-defined set of categories."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec, tag_of


@dataclass(frozen=True, slots=True)
class ClassifyData:
    categories: tuple[str, ...]
    answer: int  # 0-based


def parse(r: FieldReader) -> ClassifyData | None:
    cats = r.categories("categories")
    answer = r.text("answer", 30)
    if cats is None or answer is None:
        return None
    folded = [c.casefold() for c in cats]
    if answer.casefold() not in folded:
        r.problem("answer", f"answer {answer!r} is not one of the categories: {', '.join(cats)}")
        return None
    return ClassifyData(tuple(cats), folded.index(answer.casefold()))


def grade(data: ClassifyData, answer: int) -> Grade:
    """`answer` is the 0-based position of the category picked."""
    ok = answer == data.answer
    given = data.categories[answer] if 0 <= answer < len(data.categories) else ""
    expected = data.categories[data.answer]
    return Grade(ok, 1.0 if ok else 0.0, given, expected, tag_of(given) if given else None,
                 tag_of(expected))


SPEC = KindSpec("classify", ClassifyData, parse, grade)
