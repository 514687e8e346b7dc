"""How fast the built-in decks unfold, from the app's own session builder:

    python -m benchmarks pacing [--right 0.8] [--days 200]

A trainee with the default settings (sessions of 10, 10 new items a day) practises every day,
once or twice (the second session eight hours after the first), answering right with the
given chance, on a fresh data folder holding only the built-in decks. It prints the days
until every scored item has been met, and how many were met after 1, 4, 8 and 12 weeks."""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.answers import right_answer

START = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)  # a Monday morning


def wrong_answer(item: Any) -> Any:
    data = item.data
    if item.kind in ("choice", "classify"):
        return (data.answer + 1) % len(getattr(data, "options", None) or data.categories)
    if item.kind == "multi":
        return frozenset({(min(data.answer) + 1) % len(data.options)})
    if item.kind in ("match", "order"):
        n = len(data.left if item.kind == "match" else data.steps)
        return tuple(reversed(range(n)))
    if item.kind == "recall":
        return "not this"
    return right_answer(item)


def simulate(sessions_a_day: int, right: float, days: int, seed: int = 11) -> dict[str, Any]:
    from trainer.domain.cards import make_scheduler
    from trainer.domain.clock import FixedClock
    from trainer.domain.kinds.anchor import AnchorResult
    from trainer.services.decks import load_decks
    from trainer.services.practice import Trainer
    from trainer.store.store import Store

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="se-pacing-") as tmp:
        store = Store(Path(tmp) / "data", daily_backup=False)
        try:
            clock = FixedClock(START)
            # Fuzz off, so the same figures come out every run.
            trainer = Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))
            scored = {i.key for i in trainer.available_items()}
            met_by_day: list[int] = []
            for day in range(days):
                for n in range(sessions_a_day):
                    clock.moment = START + timedelta(days=day, hours=8 * n)
                    run = trainer.start_session()
                    for item in run.queue:
                        if item.kind == "anchor":
                            answer: Any = AnchorResult(returns=1, seconds=60)
                        elif item.kind == "walkthrough":
                            answer = "entry"
                        else:
                            answer = right_answer(item) if rng.random() < right \
                                else wrong_answer(item)
                        trainer.answer(run, item, answer, seconds=20)
                        clock.advance(seconds=30)
                    trainer.finish_session(run)
                met_by_day.append(sum(1 for k in scored if k in trainer.cards))
                if met_by_day[-1] == len(scored):
                    break
        finally:
            store.close()
    done = next((d + 1 for d, n in enumerate(met_by_day) if n == len(scored)), None)
    weeks = {w: met_by_day[min(len(met_by_day), 7 * w) - 1] for w in (1, 4, 8, 12)}
    return {"items": len(scored), "days_to_meet_all": done, "met_after_weeks": weeks}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks pacing", description=__doc__)
    p.add_argument("--right", type=float, default=0.8, help="chance of a right answer")
    p.add_argument("--days", type=int, default=400, help="the most days to simulate")
    args = p.parse_args(argv)
    for a_day in (1, 2):
        r = simulate(a_day, args.right, args.days)
        weeks = ", ".join(f"week {w}: {n}" for w, n in r["met_after_weeks"].items())
        print(f"{a_day} session{'s' if a_day > 1 else ''} a day: all {r['items']} scored items "
              f"met after {r['days_to_meet_all']} days ({weeks})")
    return 0
