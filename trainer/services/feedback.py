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


_PRACTICE = {
    "anchor": "Thank you for practising. Every return to your anchor counts.",
    "walkthrough": "Thank you for walking through it. What you wrote is kept only for you.",
}


EMPTY_WALKTHROUGH = ("Nothing was written this time, so there is nothing to keep or count. "
                     "That's alright: the walk-through is here whenever you want it.")


def headline(grade: Grade, key: str, kind: str = "") -> str:
    if kind == "walkthrough" and not grade.correct:
        return EMPTY_WALKTHROUGH
    if kind in _PRACTICE:
        return _PRACTICE[kind]
    pick = zlib.crc32(key.encode()) % 4
    if grade.correct:
        return _RIGHT[pick]
    if 0 < grade.score < 1:
        return f"Partly there: {round(grade.score * 100)}% of it. Here's the rest."
    return _NOT_YET[pick]


_PHRASES = {"shared-humanity": "shared humanity", "faux-feeling": "a faux feeling"}


def tag_phrase(tag: str) -> str:
    return _PHRASES.get(tag, tag)


def confusion_note(grade: Grade) -> str | None:
    """A plain line naming what the learner's pick was, when the deck says."""
    if grade.correct or not grade.given_tag or not grade.expected_tag:
        return None
    if grade.given_tag == grade.expected_tag:
        return None
    return f"You picked {tag_phrase(grade.given_tag)}; this one is {tag_phrase(grade.expected_tag)}."


# What each look-alike does, in plain words, for naming a learner's usual confusion.
LOOKALIKE: dict[str, str] = {
    "self-empathy": "self-empathy meets the feeling and the need with warmth",
    "self-criticism": "self-criticism turns on yourself before the feeling is met",
    "advice": "advice jumps to fixing before the feeling has been met",
    "minimising": "minimising shrinks the feeling so it needn't be felt",
    "comparison": "comparison measures your pain against others' instead of meeting it",
    "analysing": "analysing explains the feeling instead of feeling it",
    "self-pity": "self-pity makes the hurt bigger instead of holding it",
    "bright-siding": "bright-siding hurries to the silver lining",
    "blaming": "blaming points the feeling at someone else",
    "rumination": "rumination retells the story instead of meeting the feeling",
    "distracting": "distracting looks away from the feeling",
    "shared-humanity": "shared humanity remembers others feel this too",
    "isolating": "an isolating thought says you're the only one",
    "feeling": "a feeling is an inner state",
    "sensation": "a sensation is felt in the body",
    "thought": "a thought is a story or judgement, even when it starts with 'I feel'",
    "faux-feeling": "a faux feeling carries a story about what someone did",
    "need": "a need is universal and names no one's action",
    "strategy": "a strategy is one particular way to meet a need",
    "observation": "an observation is what a camera would record",
    "evaluation": "an evaluation adds a judgement to what happened",
    "request": "a request leaves room for a yes or a no",
    "demand": "a demand leaves no room for a no",
    "witnessing": "witnessing notices the experience from a kind distance",
    "fused": "fusing is being swept up inside the experience",
    "settling": "settling calms an over-active system",
    "energising": "energising gently wakes a shut-down one",
}


def confusion_sentence(expected: str, given: str, times: int) -> str:
    """'You took advice for self-empathy twice: advice jumps to fixing ...'."""
    count = {1: "once", 2: "twice"}.get(times, f"{times} times")
    line = f"You took {tag_phrase(given)} for {tag_phrase(expected)} {count}"
    why = LOOKALIKE.get(given)
    return f"{line}: {why}." if why else f"{line}. They're close look-alikes."
