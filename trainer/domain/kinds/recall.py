"""`recall`: type a word or short phrase; synonyms, case, accents, one typo and a leading
"a", "the", "to" or "being" are forgiven ("being heard" for "to be heard")."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec


@dataclass(frozen=True, slots=True)
class RecallData:
    answers: tuple[str, ...]  # the first is the main one


def normalise(text: str) -> str:
    """Fold case and accents, read punctuation as a space, trim and collapse spaces: 'Déçu '
    and 'decu' compare equal, and so do 'Sad.' and 'sad', 'heavy-hearted' and 'heavy hearted'.
    (Text of punctuation only is kept as it is.)"""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = "".join(" " if unicodedata.category(c).startswith("P") else c for c in bare).split()
    return " ".join(words or bare.split())


# Leading words that change nothing about the answer: "to be heard", "being heard" and
# "heard" are the same need, "a rest" and "rest" the same anchor. The longest first.
PARTICLES = ("to be ", "being ", "to ", "an ", "a ", "the ", "some ")


def core(text: str) -> str:
    """`text` normalised, without one leading particle (unless that is all there is)."""
    t = normalise(text)
    for p in PARTICLES:
        if t.startswith(p) and len(t) > len(p):
            return t[len(p):]
    return t


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def matches(given: str, accepted: str) -> bool:
    if not normalise(given):
        return False
    g, a = core(given), core(accepted)
    if g == a:
        return True
    if g.replace(" ", "") == a.replace(" ", ""):
        return True  # "letdown" for "let down"
    g_words, a_words = g.split(" "), a.split(" ")
    if len(g_words) != len(a_words):
        return False
    # One typo, in one word, and only in a word of five letters or more.
    diff = [(x, y) for x, y in zip(g_words, a_words, strict=True) if x != y]
    return len(diff) == 1 and len(diff[0][1]) >= 5 and within_one_edit(*diff[0])


def parse(r: FieldReader) -> RecallData | None:
    answers = r.text_list("answers", min_n=1, max_n=20, max_len=40)
    if answers is None:
        return None
    if any(not normalise(a) for a in answers):
        r.problem("answers", "an accepted answer is empty")
        return None
    return RecallData(tuple(answers))


def grade(data: RecallData, answer: str) -> Grade:
    ok = any(matches(answer, a) for a in data.answers)
    return Grade(ok, 1.0 if ok else 0.0, answer.strip(), ", ".join(data.answers))


SPEC = KindSpec("recall", RecallData, parse, grade)
