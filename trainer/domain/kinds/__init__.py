"""Drill kinds: one module each, with its parsing and grading. The registry is `KINDS`."""

from __future__ import annotations

from trainer.domain.kinds import anchor, choice, classify, match, multi, order, recall, walkthrough
from trainer.domain.kinds.base import Grade, KindSpec

KINDS: dict[str, KindSpec] = {
    m.SPEC.name: m.SPEC
    for m in (choice, classify, multi, match, order, recall, anchor, walkthrough)
}

__all__ = ["KINDS", "Grade", "KindSpec"]
