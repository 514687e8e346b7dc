"""The trainer: decks, card states and settings together; sessions, answers, undo, stats."""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from trainer.domain import progress as prog
from trainer.domain.cards import CardState, make_scheduler, practise, review
from trainer.domain.clock import Clock, study_day
from trainer.domain.deck import Deck, Item
from trainer.domain.kinds import KINDS
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.kinds.base import Grade
from trainer.domain.levels import STRONG_DAYS, SkillLevel, held, level_from, levels_reached
from trainer.domain.milestones import Milestone
from trainer.domain.session import (
    SessionPolicy,
    SkillOverview,
    build_session,
    daily_practice,
    decks_to_try,
    is_available,
    least_recent,
    new_allowed,
    overview,
)
from trainer.domain.settings import DEFAULTS
from trainer.domain.skills import SKILL_IDS
from trainer.domain.text import clean
from trainer.services.decks import DeckSet
from trainer.services.progress import ProgressBook
from trainer.services.run import Result, SessionRun
from trainer.store.store import Store

if TYPE_CHECKING:
    from fsrs import Scheduler



class Trainer:
    def __init__(self, store: Store, decks: DeckSet, clock: Clock,
                 scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.deckset = decks
        self.clock = clock
        self._scheduler = scheduler
        self.cards = store.cards  # one table of card states, kept up to date by the store
        # What undo needs of the last answer: its review id, card key, earlier state, run, XP.
        self._last: tuple[str, str, CardState | None, SessionRun | None, int] | None = None
        self.book = ProgressBook(store, clock.tz(), self.day_start_hour)
        self._levels: dict[str, SkillLevel] | None = None  # cached for milestone checks
        self._available: dict[bool, tuple[tuple[Any, ...], list[Item]]] = {}
        self._practice_keys: tuple[tuple[int, int], frozenset[str]] = ((0, -1), frozenset())

    @property
    def scheduler(self) -> Scheduler:
        """Made at the first answer (fsrs is not needed to show the home screen), from the
        parameters kept with the card table and the trainee's desired retention."""
        if self._scheduler is None:
            self._scheduler = make_scheduler(float(self.setting("desired_retention")),
                                             self.store.scheduler_params)
        if self.store.scheduler_params is None:
            params: dict[str, Any] = dict(self._scheduler.to_dict())
            params.pop("desired_retention", None)  # a setting, kept with the settings
            self.store.scheduler_params = params
        return self._scheduler

    # -- settings ----------------------------------------------------------------------

    def setting(self, name: str) -> Any:
        return self.store.profile.get(name, DEFAULTS[name])

    def set_setting(self, name: str, value: Any) -> None:
        self.store.set_profile(**{name: value})
        if name == "desired_retention":
            self._scheduler = None  # the next answer schedules with the new retention

    def personal_anchors(self) -> list[str]:
        """The trainee's own anchors (cleaned of control characters), in their order."""
        raw = self.setting("anchors")
        if not isinstance(raw, list):
            return []
        return [a for a in (clean(str(x)).strip() for x in raw) if a]

    @property
    def day_start_hour(self) -> int:
        return int(self.setting("day_start_hour"))

    @property
    def policy(self) -> SessionPolicy:
        """Session settings, with the gentle caps of a return after an absence applied."""
        today = self.today()
        done = int(self.book.data["days"].get(today.isoformat(), {}).get("answers", 0))
        cap, new_per_day = prog.daily_caps(self.book.practice_days(), today, done,
                                           int(self.setting("new_per_day")))
        trying = decks_to_try(self.decks, self.cards, today, self.clock.tz(), self.day_start_hour)
        return SessionPolicy(size=int(self.setting("session_size")), new_per_day=new_per_day,
                             day_start_hour=self.day_start_hour, review_cap=cap,
                             try_decks=trying)

    # -- items -------------------------------------------------------------------------

    @property
    def decks(self) -> list[Deck]:
        off = set(self.setting("disabled_decks"))
        return [d for d in self.deckset.decks if d.id not in off]

    def available_items(self, *, memory_only: bool = True) -> list[Item]:
        """Items of the decks turned on, unlocked today. Cached until the day, the decks or
        the deck choice change: it is asked for on every screen, over up to 10,000 items."""
        today = self.today()
        key = (today, tuple(self.setting("disabled_decks")), tuple(self.setting("set_aside")),
               memory_only, id(self.deckset.decks), len(self.deckset.decks))
        cached = self._available.get(memory_only)
        if cached is not None and cached[0] == key:
            return cached[1]
        plan = self.deckset.plan
        aside = set(self.setting("set_aside"))
        items = [
            i for d in self.decks for i in d.items
            if is_available(i, d.available_from, today, plan) and (i.scheduled or not memory_only)
            and i.key not in aside
        ]
        self._available[memory_only] = (key, items)
        return items

    def today(self) -> date:
        return study_day(self.clock.now(), self.clock.tz(), self.day_start_hour)

    def overview(self) -> dict[str, SkillOverview]:
        """Per skill: due, new, locked, learned... (one pass over every item and card)."""
        counts = overview(self.decks, self.cards, self.clock.now(), self.clock.tz(),
                          self.day_start_hour, STRONG_DAYS, self.deckset.plan)
        return {s: counts.get(s) or SkillOverview() for s in SKILL_IDS}

    def skill_counts(self, view: dict[str, SkillOverview] | None = None
                     ) -> dict[str, tuple[int, int]]:
        """skill -> (due today, new), for every skill."""
        view = view or self.overview()
        return {s: (o.due, o.new) for s, o in view.items()}

    def practice_keys(self) -> frozenset[str]:
        """Keys of the daily practices (anchor, walk-through): not memory cards."""
        marker = (id(self.deckset.decks), len(self.deckset.decks))
        if self._practice_keys[0] != marker:
            kinds = {name for name, spec in KINDS.items() if not spec.scheduled}
            keys = {i.key for d in self.deckset.decks for i in d.items if i.kind in kinds}
            self._practice_keys = (marker, frozenset(keys))
        return self._practice_keys[1]

    def locked_counts(self, view: dict[str, SkillOverview] | None = None) -> dict[str, int]:
        """skill -> memory items not yet unlocked (shown on the skill map as coming), for
        every skill (zero included)."""
        view = view or self.overview()
        return {s: view[s].locked if s in view else 0 for s in SKILL_IDS}

    def new_left_today(self) -> tuple[int, int]:
        """(new items today's limit still allows, more from decks new to the trainee)."""
        p = self.policy
        return (new_allowed(self.cards, self.today(), self.clock.tz(), p, self.practice_keys()),
                sum(p.try_decks.values()))

    def showing(self, item: Item) -> int:
        """How many times the item was answered before: seeds the order its entries are shown
        in, so each showing is shuffled afresh and a redraw or an undo shows the same one."""
        card = self.cards.get(item.key)
        return card.reps if card is not None else 0

    def anchor_item(self) -> Item | None:
        """An anchor practice to offer now, even if one was done today (least recent first)."""
        return least_recent(self.available_items(memory_only=False), self.cards, "anchor")

    def start_session(self, *, anchor_first: bool = False) -> SessionRun:
        """Due reviews, then new items; today's anchor practice, if not yet done, closes it.
        With `anchor_first` (a high check-in), an anchor practice opens the session instead."""
        now = self.clock.now()
        focus = self.focus_tags()
        queue = build_session(self.available_items(), self.cards, now, self.clock.tz(),
                              self.policy,
                              prefer=(lambda i: bool(focus.intersection(i.tags))) if focus
                              else None, practices=self.practice_keys())
        if anchor_first and (first := self.anchor_item()) is not None:
            return SessionRun([first, *queue], now)
        practice = daily_practice(self.available_items(memory_only=False), self.cards, now)
        if practice is not None:
            queue.append(practice)
        return SessionRun(queue, now)

    def walkthrough_session(self) -> SessionRun:
        """A session of one guided walk-through (never graded), least recently used first."""
        walk = least_recent(self.available_items(memory_only=False), self.cards, "walkthrough")
        return SessionRun([walk] if walk else [], self.clock.now())

    # -- answering ---------------------------------------------------------------------

    def answer(self, run: SessionRun | None, item: Item, answer: Any,
               seconds: float = 0.0) -> Grade:
        """Grade, schedule and durably record one answer. Raises StoreError if it can't be saved,
        leaving everything as it was."""
        grade = KINDS[item.kind].grade(item.data, answer)
        now = self.clock.now()
        if not item.scheduled and not grade.correct:
            # A practice not done (nothing written, an anchor ended at once): nothing to keep,
            # and no practice to reward.
            if run is not None:
                run.results.append(Result(item, grade, seconds, kept=False))
                run.finished_at = now
            self._last = None
            return grade
        before = self.cards.get(item.key)
        if item.scheduled:
            after = review(before, item.key, grade.correct, now, self.scheduler, grade.score)
        else:
            after = practise(before, item.key, now, self.clock.tz(), self.day_start_hour)
        rid = os.urandom(16).hex()  # as unique as a uuid4, without importing uuid at start
        rec: dict[str, Any] = {
            "type": "review",
            "v": 1,
            "rid": rid,
            "card": item.key,
            "at": now.isoformat(),
            "skill": item.skill,
            "kind": item.kind,
            "correct": grade.correct,
            "score": round(grade.score, 3),
            "given": grade.given,
            "given_tag": grade.given_tag,
            "expected_tag": grade.expected_tag,
            "ms": int(seconds * 1000),
            "tags": list(item.tags),
            "before": before.to_dict() if before else None,
            "after": after.to_dict(),
        }
        if isinstance(answer, AnchorResult):
            rec.update(returns=answer.returns, practice_seconds=answer.seconds,
                       activation_before=answer.before, activation_after=answer.after)
        self.store.append(rec)  # also sets the card's new state
        self.book.apply(rec)
        xp = prog.xp_for(rec)
        if run is not None:
            run.results.append(Result(item, grade, seconds))
            run.finished_at = now
            run.xp += xp
        # Only an answer can be taken back; a practice (what was written in a walk-through, a
        # time with an anchor) is never undone.
        self._last = (rid, item.key, before, run, xp) if item.scheduled else None
        fresh = self._award()
        if run is not None:
            run.milestones.extend(fresh)
        return grade

    def can_undo(self, run: SessionRun | None = None) -> bool:
        """Whether there is an answer to take back (in `run`, if given: the last result)."""
        if self._last is None:
            return False
        return run is None or (self._last[3] is run and bool(run.results)
                               and run.results[-1].item.key == self._last[1])

    def undo(self) -> Item | None:
        """Take back the last answer: the review leaves the history, the card's state returns,
        its XP goes. Returns the item, to be answered again."""
        if self._last is None:
            return None
        rid, key, before, run, xp = self._last
        rec = {"type": "undo", "v": 1, "rid": rid, "card": key, "at": self.clock.now().isoformat(),
               "state": before.to_dict() if before else None}
        self.store.append(rec)
        self.book.apply(rec)
        if run is not None:
            run.xp -= xp
        self._last = None
        if run is not None and run.results:
            return run.results.pop().item
        return None

    def finish_session(self, run: SessionRun) -> None:
        """Record a completed session once (it earns its XP and may reach milestones). A
        session with no real practice in it (a walk-through left empty) earns nothing."""
        if run.recorded or not run.practised:
            return
        rec = {"type": "session", "v": 1, "at": self.clock.now().isoformat(),
               "answered": len(run.scored), "right": sum(r.grade.correct for r in run.scored),
               "practices": len(run.practices), "seconds": round(run.seconds),
               "checkin": run.checkin}
        self.store.append(rec)
        self.book.apply(rec)
        run.recorded = True
        run.xp += prog.xp_for(rec)
        self._last = None  # a finished session's answers are settled
        run.milestones.extend(self._award(fresh_levels=True))

    def _award(self, *, fresh_levels: bool = False) -> list[Milestone]:
        """Milestones reached now. Levels are recomputed at a session's end, not per answer:
        walking 10,000 cards on the answer path would cost more than the fsync. A level
        reached is recorded then, so it is never taken back."""
        if fresh_levels or self._levels is None:
            self._levels = self.levels()
            now = self.clock.now().isoformat()
            for skill, level in levels_reached(self._levels, self.book.data["reached"]).items():
                rec = {"type": "level", "v": 1, "skill": skill, "level": level, "at": now}
                self.store.append(rec)
                self.book.apply(rec)
        return self.book.award(self._levels, self.today(), self.clock.now(), self.store.append)

    def end_session(self) -> None:
        """Save the card table and progress; the log already holds everything."""
        self.store.save_snapshot()

    # -- progress ----------------------------------------------------------------------

    def levels(self, view: dict[str, SkillOverview] | None = None) -> dict[str, SkillLevel]:
        """Each skill's level, from the items learned in every deck loaded (switched on or
        not: what was learned stays learned), and never below a level once reached."""
        view = view or self.overview()
        recent, reached = self.book.data["skills"], self.book.data["reached"]
        by_skill: dict[str, list[CardState | None]] = defaultdict(list)
        for deck in self.deckset.decks:
            for item in deck.items:
                if item.scheduled:
                    by_skill[item.skill].append(self.cards.get(item.key))
        out = {}
        for s in SKILL_IDS:
            learned, strong = held(by_skill.get(s, ()))
            out[s] = level_from(learned, strong, view[s].total if s in view else 0,
                                recent.get(s, []), int(reached.get(s, 0)))
        return out

    def focus_tags(self) -> set[str]:
        """The look-alikes behind the learner's two most frequent confusions."""
        confusions: dict[str, int] = self.book.data["confusions"]
        top = sorted(confusions.items(), key=lambda kv: -kv[1])[:2]
        return {tag for pair, _n in top for tag in pair.split(">")}

    def now(self) -> datetime:
        return self.clock.now()
