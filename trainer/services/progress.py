"""Keeping progress up to date: folded from the log, cached beside it, milestones awarded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from trainer.domain import progress as prog
from trainer.domain.levels import SkillLevel
from trainer.domain.milestones import Milestone, newly_earned
from trainer.store import progress as progress_file
from trainer.store.store import Store


class ProgressBook:
    """The trainee's progress, always in step with the review log."""

    def __init__(self, store: Store, tz: tzinfo, start_hour: int) -> None:
        self.store = store
        self.tz = tz
        self.start_hour = start_hour
        cached, offset = progress_file.load(store.root)
        size = store.log.path.stat().st_size if store.log.path.exists() else 0
        if cached is None or offset > size or "earned" not in cached:
            cached, offset = None, 0
        # Only the log's tail since the cache was saved is read here, never the whole history.
        self.data: prog.Progress = prog.fold(
            (rec for _end, rec in store.log.records(offset)), tz, start_hour, cached)

    def apply(self, rec: Mapping[str, Any]) -> None:
        self.data = prog.apply(self.data, rec, self.tz, self.start_hour)

    def award(self, levels: Mapping[str, SkillLevel], today: date, now: datetime,
              append: Callable[[dict[str, Any]], None]) -> list[Milestone]:
        """Record every milestone reached now; returns them so the UI can celebrate."""
        fresh = newly_earned(self.data, levels, today)
        for m in fresh:
            rec = {"type": "milestone", "v": 1, "id": m.id, "at": now.isoformat()}
            append(rec)
            self.apply(rec)
        return fresh

    def save(self) -> None:
        size = self.store.log.path.stat().st_size if self.store.log.path.exists() else 0
        progress_file.save(self.store.root, self.data, size)

    # -- views ---------------------------------------------------------------------------

    def practice_days(self) -> set[date]:
        return prog.practice_days(self.data)

    @property
    def xp(self) -> int:
        return int(self.data["xp"])
