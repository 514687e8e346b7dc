"""Warm words for feedback, in the tone of the content guide: name it, explain, move on."""

from __future__ import annotations

import zlib

from trainer.domain.kinds.base import Grade
from trainer.domain.text import times as how_often

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


# A practice not done (its grade not correct): nothing was kept or counted.
_NOT_DONE = {
    "anchor": "That was only a moment, so there is nothing to count yet. That's alright: even "
              "a few breaths with your anchor are practice, whenever you want them.",
    "walkthrough": "Nothing was written this time, so there is nothing to keep or count. "
                   "That's alright: the walk-through is here whenever you want it.",
}


def headline(grade: Grade, key: str, kind: str = "") -> str:
    if kind in _PRACTICE:
        return _PRACTICE[kind] if grade.correct else _NOT_DONE[kind]
    pick = zlib.crc32(key.encode()) % 4
    if grade.correct:
        return _RIGHT[pick]
    if 0 < grade.score < 1:
        return f"Partly there: {round(grade.score * 100)}% of it. Here's the rest."
    return _NOT_YET[pick]


# Every look-alike a deck may name: its name in a sentence, and what it does, as a whole
# sentence. A tag is never shown as it is written in a deck ("vague-feeling").
LOOKALIKES: dict[str, tuple[str, str]] = {
    "self-empathy": ("self-empathy", "self-empathy meets the feeling and the need with warmth"),
    "self-criticism": ("self-criticism", "self-criticism turns on yourself before the feeling "
                       "is met"),
    "advice": ("advice", "advice jumps to fixing before the feeling has been met"),
    "minimising": ("minimising", "minimising shrinks the feeling so it needn't be felt"),
    "comparison": ("comparison", "comparison measures your pain against others' instead of "
                   "meeting it"),
    "analysing": ("analysing", "analysing explains the feeling instead of feeling it"),
    "self-pity": ("self-pity", "self-pity makes the hurt bigger instead of holding it"),
    "bright-siding": ("bright-siding", "bright-siding hurries to the silver lining"),
    "blaming": ("blaming", "blaming points the feeling at someone else"),
    "rumination": ("rumination", "rumination retells the story instead of meeting the feeling"),
    "distracting": ("distracting", "distracting looks away from the feeling"),
    "shared-humanity": ("shared humanity", "shared humanity remembers that others feel this "
                        "too, without making the feeling smaller"),
    "isolating": ("an isolating thought", "an isolating thought says you're the only one"),
    "feeling": ("a feeling", "a feeling is an inner state, such as sad, glad or scared"),
    "sensation": ("a sensation", "a sensation is something felt in the body, such as tight, "
                  "warm or heavy"),
    "unpleasant-sensation": ("an unpleasant sensation", "an unpleasant sensation is real, but "
                             "it isn't the steadying one asked for"),
    "thought": ("a thought", "a thought is a story or a judgement, even when it starts with "
                "'I feel'"),
    "belief": ("a belief", "a belief is a thought or story held as true"),
    "faux-feeling": ("a faux feeling", "a faux feeling carries a story about what someone "
                     "did, with real feelings underneath it"),
    "vague-feeling": ("a vague feeling word", "a vague feeling word is true but broad, and "
                      "hides what is really felt"),
    "need": ("a need", "a need is universal and names no particular person or action"),
    "other-need": ("another need", "another need is a real need, but not the one this moment "
                   "is about"),
    "strategy": ("a strategy", "a strategy is one particular way to meet a need"),
    "observation": ("an observation", "an observation is what a camera would record"),
    "evaluation": ("an evaluation", "an evaluation adds a judgement to what happened"),
    "request": ("a request", "a request is doable and leaves room for a yes or a no"),
    "demand": ("a demand", "a demand leaves no room for a no"),
    "negative-request": ("a request for what not to do", "a request for what not to do says "
                         "what to stop instead of what would help"),
    "vague-request": ("a vague request", "a vague request asks for a change too broad to act "
                      "on"),
    "not-present": ("a request for later", "a request for later puts off the ask, or asks for "
                    "a promise about forever"),
    "witnessing": ("witnessing", "witnessing notices the experience from a kind distance"),
    "kind-witness": ("the kind witness", "the kind witness notices with warmth and without "
                     "judging"),
    "fused": ("being fused", "being fused is being swept up inside the experience"),
    "inner-critic": ("the inner critic", "the inner critic judges you, though a need is "
                     "underneath"),
    "a-should": ("a should", "a should is pressure from outside, felt as an order"),
    "a-choice": ("a choice", "a choice says what you will do and the value it serves"),
    "disguised-should": ("a should in disguise", "a should in disguise is the same pressure "
                         "dressed in the words of a choice"),
    "settling": ("settling", "settling calms a system that is over-activated"),
    "energising": ("energising", "energising gently wakes up a system that has shut down"),
    "over-activated": ("over-activation", "over-activation is a system running hot: racing "
                       "heart, fast thoughts"),
    "shut-down": ("shutting down", "shutting down is a system gone flat, far away and slow"),
    "frozen": ("freeze", "freeze is being stuck, unable to move or choose, and it is not "
               "laziness"),
    "freeze": ("freeze", "freeze is being stuck, unable to move or choose, and it is not "
               "laziness"),
    "mixed": ("a mixed state", "a mixed state is wired and weary at once"),
    "stirred": ("being stirred", "being stirred is feeling a lot but still able to listen"),
    "flooded": ("being flooded", "being flooded is too stirred to take anything in: time for "
                "a pause"),
    "pause": ("a pause", "a pause steps back for a set time, to come back"),
    "carry-on": ("carrying on", "carrying on fits when you can still listen"),
    "withdrawing": ("withdrawing", "withdrawing leaves without saying when you'll come back"),
    "forcing": ("forcing", "forcing orders the body to change instead of helping it"),
    "pushing-through": ("pushing through", "pushing through overrides the body's signal to "
                        "stop"),
    "anchor": ("an anchor", "an anchor gives attention one steady place to come back to"),
    "breath": ("the breath", "the breath is an anchor of breathing in and out"),
    "contact": ("contact", "contact rests on what holds you up: feet, seat, hands"),
    "touch": ("touch", "touch is a kind hand, on the heart or an arm"),
    "sound": ("a sound", "a sound is an anchor of listening"),
    "sight": ("something seen", "something seen is an anchor of one steady point to look at"),
    "phrase": ("a phrase", "a phrase is a few kind words said inwardly"),
    "image": ("an image", "an image is a caring presence pictured"),
    "movement": ("gentle movement", "gentle movement is an anchor of slow motion"),
    "counting": ("counting", "counting steadies attention on numbers"),
    "celebrating": ("celebrating", "celebrating stays with a good moment and names the need "
                    "it met"),
    "sympathy": ("sympathy", "sympathy feels sorry for the hurt from outside instead of "
                 "meeting it"),
    "sympathising": ("sympathising", "sympathising feels sorry for the hurt from outside "
                     "instead of being with it"),
    "empathy": ("empathy", "empathy guesses the feeling and the need and leaves room for an "
                "answer"),
    "advising": ("advising", "advising offers a fix before the person has been heard"),
    "one-upping": ("one-upping", "one-upping turns to a bigger story of one's own"),
    "educating": ("educating", "educating gives a lesson about the hurt instead of meeting it"),
    "consoling": ("consoling", "consoling reassures before the hurt has been heard"),
    "interrogating": ("interrogating", "interrogating asks for facts instead of feelings"),
    "shutting-down": ("shutting the feeling down", "shutting the feeling down tells it to "
                      "stop"),
    "correcting": ("correcting", "correcting disputes how the other person saw it"),
    "explaining": ("explaining", "explaining defends one's own reasons first"),
}
LOOKALIKE: dict[str, str] = {tag: what for tag, (_name, what) in LOOKALIKES.items()}


def tag_phrase(tag: str) -> str:
    """A look-alike's name for a sentence: 'a faux feeling', 'advice'. A tag no deck has
    described reads as words ('some-tag' -> 'some tag')."""
    known = LOOKALIKES.get(tag)
    return known[0] if known else " ".join(tag.replace("-", " ").split())


def confusion_note(grade: Grade) -> str | None:
    """A plain line naming what the learner's pick was, when the deck says."""
    if grade.correct or not grade.given_tag or not grade.expected_tag:
        return None
    if grade.given_tag == grade.expected_tag:
        return None
    given, expected = tag_phrase(grade.given_tag), tag_phrase(grade.expected_tag)
    return f"The line you picked is {given}; the answer is {expected}."


def confusion_sentence(expected: str, given: str, times: int) -> str:
    """'You mixed up self-empathy and advice twice: self-empathy meets ...; advice jumps ...'.

    Said as a mix-up, not as 'took A for B': in a choice item the trainee took a line of one
    kind for the other, in a classify item the other way round, and the sentence is true of
    both."""
    line = f"You mixed up {tag_phrase(expected)} and {tag_phrase(given)} {how_often(times)}"
    whys = [w for w in (LOOKALIKE.get(expected), LOOKALIKE.get(given)) if w]
    return f"{line}: {'; '.join(whys)}." if whys else f"{line}. They're close look-alikes."
