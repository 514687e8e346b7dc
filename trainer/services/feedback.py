"""Warm words for feedback, in the tone of the content guide: name it, explain, move on."""

from __future__ import annotations

import zlib

from trainer.domain.kinds.base import Grade

_RIGHT = (
    "Yes, that's it.",
    "That's the one.",
    "Well noticed.",
    "Yes. You heard it.",
)
_NOT_YET = (
    "Not quite, and that's how this is learned.",
    "Not this time. Here's what to notice.",
    "Not yet. Let's look at it together.",
    "Not quite. These look-alikes are tricky.",
)


def headline(grade: Grade, key: str) -> str:
    pick = zlib.crc32(key.encode()) % 4
    if grade.correct:
        return _RIGHT[pick]
    if 0 < grade.score < 1:
        return f"Partly there: {round(grade.score * 100)}% of it. Here's the rest."
    return _NOT_YET[pick]


def tag_phrase(tag: str) -> str:
    return tag.replace("-", " ")


def confusion_note(grade: Grade) -> str | None:
    """A plain line naming what the learner's pick was, when the deck says."""
    if grade.correct or not grade.given_tag or not grade.expected_tag:
        return None
    if grade.given_tag == grade.expected_tag:
        return None
    return f"You picked {tag_phrase(grade.given_tag)}; this one is {tag_phrase(grade.expected_tag)}."
