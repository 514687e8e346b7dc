"""Keeping progress up to date: folded from the log, saved with the card table, milestones
awarded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from trainer.domain import progress as prog
from trainer.domain.levels import SkillLevel
from trainer.domain.milestones import Milestone, newly_earned
from trainer.store.store import Store


class ProgressBook:
    """The trainee's progress, always in step with the review log. It lives in the store
    (`Store.progress`), which saves it with the card table."""

    def __init__(self, store: Store, tz: tzinfo, start_hour: int) -> None:
        self.store = store
        self.tz = tz
        self.start_hour = start_hour
        cached, offset = store.progress, store.progress_offset
        if cached is None or offset < 0:
            cached, offset = None, 0
        # Only the log's tail since the snapshot is read here, never the whole history
        # (unless there is no usable snapshot, once).
        self.data = prog.fold((rec for _end, rec in store.log.records(offset)), tz, start_hour,
                              cached)
        if cached is None or store.progress_offset != offset:
            store.changed()  # folded anew, or past the snapshot: worth saving with the cards

    @property
    def data(self) -> prog.Progress:
        assert self.store.progress is not None
        return self.store.progress

    @data.setter
    def data(self, value: prog.Progress) -> None:
        self.store.progress = value
        self.store.progress_offset = self.store.log.size if self.store.writable \
            else self._log_size()

    def _log_size(self) -> int:
        path = self.store.log.path
        return path.stat().st_size if path.exists() else 0

    def apply(self, rec: Mapping[str, Any]) -> None:
        """Fold a record just appended to the log (the store's log size is then past it)."""
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

    # -- views ---------------------------------------------------------------------------

    def practice_days(self) -> set[date]:
        return prog.practice_days(self.data)

    @property
    def xp(self) -> int:
        return int(self.data["xp"])
