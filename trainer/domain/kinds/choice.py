"""`choice`: one right option among 2-5."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec, tag_of


@dataclass(frozen=True, slots=True)
class ChoiceData:
    options: tuple[str, ...]
    answer: int  # 0-based
    tags: tuple[str, ...] | None = None


def parse(r: FieldReader) -> ChoiceData | None:
    options = r.text_list("options", min_n=2, max_n=5, max_len=100)
    if options is None:
        r.integer("answer", 1, 5)
        return None
    answer = r.integer("answer", 1, len(options))
    tags = None
    if r.has("option_tags"):
        tag_list = r.text_list("option_tags", min_n=len(options), max_n=len(options), max_len=40)
        tags = tuple(tag_list) if tag_list is not None else None
    if answer is None:
        return None
    return ChoiceData(tuple(options), answer - 1, tags)


def grade(data: ChoiceData, answer: int) -> Grade:
    """`answer` is the 0-based position picked."""
    tags = data.tags
    return Grade(
        correct=answer == data.answer,
        score=1.0 if answer == data.answer else 0.0,
        given=data.options[answer] if 0 <= answer < len(data.options) else "",
        expected=data.options[data.answer],
        given_tag=tag_of(tags[answer]) if tags and 0 <= answer < len(tags) else None,
        expected_tag=tag_of(tags[data.answer]) if tags else None,
    )


SPEC = KindSpec("choice", ChoiceData, parse, grade)
