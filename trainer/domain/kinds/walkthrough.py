"""`walkthrough`: the guided self-empathy process; entries are private and never graded."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec

STEPS: tuple[tuple[str, str], ...] = (
    ("frame", "Widen the frame"),
    ("anchor", "Choose an anchor"),
    ("observation", "What happened, as a camera would see it"),
    ("sensations", "What you notice in your body"),
    ("feelings", "What you feel"),
    ("needs", "What matters to you here"),
    ("beliefs", "The thoughts and stories that came up"),
    ("request", "A small, doable request, to yourself or someone else"),
)


@dataclass(frozen=True, slots=True)
class WalkthroughData:
    pass


def parse(r: FieldReader) -> WalkthroughData | None:
    return WalkthroughData()


def grade(data: WalkthroughData, answer: object) -> Grade:
    """`answer` is the saved journal entry's id, or None when nothing was written."""
    if answer is None:
        return Grade(False, 0.0, "", "")
    return Grade(True, 1.0, "walk-through completed", "")


SPEC = KindSpec("walkthrough", WalkthroughData, parse, grade, scheduled=False)
