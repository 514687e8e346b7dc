"""`anchor`: a timed practice with one of the trainee's own anchors; never marked wrong."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.kinds.base import FieldReader, Grade, KindSpec

# A practice counts once it has lasted a few breaths; a pass ended at once is no practice, so
# it is neither recorded nor rewarded (the feedback says so, kindly).
MIN_SECONDS = 15


@dataclass(frozen=True, slots=True)
class AnchorData:
    minutes: int | None  # None: the trainee's setting
    inhale: int
    exhale: int


@dataclass(frozen=True, slots=True)
class AnchorResult:
    returns: int
    seconds: int
    before: int | None = None
    after: int | None = None


def parse(r: FieldReader) -> AnchorData | None:
    minutes = r.integer("minutes", 1, 5, required=False)
    inhale = r.integer("inhale", 2, 8, required=False, default=4)
    exhale = r.integer("exhale", 2, 10, required=False, default=6)
    return AnchorData(minutes, inhale or 4, exhale or 6)


def grade(data: AnchorData, answer: AnchorResult) -> Grade:
    """Never wrong: done (a practice to count) or, under MIN_SECONDS, not yet begun."""
    noun = "return" if answer.returns == 1 else "returns"
    done = answer.seconds >= MIN_SECONDS
    return Grade(done, 1.0 if done else 0.0, f"{answer.returns} {noun} to your anchor", "")


SPEC = KindSpec("anchor", AnchorData, parse, grade, scheduled=False)
