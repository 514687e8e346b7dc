"""Data dirs for benchmarks and for feeling the app at scale, at two scales:

- realistic: the built-in decks plus two class decks of 30 items (about 600 items), two years
  of daily practice (about 8,000 reviews), 100 journal entries;
- large: 10,000 cards in 20 decks, 100,000 reviews over three years, 300 journal entries.

Reviews are written in the review log's own format (built with the real scheduling code); the
card table and progress are then made by the real Store and Trainer, exactly as the app would
leave them."""

from __future__ import annotations

import argparse
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.domain.cards import CardState, make_scheduler, review
from trainer.domain.clock import FixedClock
from trainer.domain.skills import SKILL_IDS

START = datetime(2023, 11, 1, 8, 0, tzinfo=UTC)
TAGS = ("self-empathy", "advice", "minimising", "self-criticism")


def deck_toml(deck_no: int, items: int) -> str:
    lines = [f'id = "bench-{deck_no:02d}"', f'title = "Benchmark deck {deck_no}"', "version = 1",
             f'skill = "{SKILL_IDS[deck_no % len(SKILL_IDS)]}"', ""]
    for n in range(items):
        lines += [
            "[[items]]",
            f'id = "i{n:05d}"',
            'kind = "choice"',
            f'prompt = "Practice item {n} of deck {deck_no}: which line is self-empathy?"',
            'options = ["I should be over this by now.", "I feel tender; I long for care.", '
            '"Just get busy and forget it.", "Others have it worse."]',
            'option_tags = ["self-criticism", "self-empathy", "advice", "comparison"]',
            f"answer = {2}",
            'explanation = "It names a feeling and a need, with warmth."',
            "",
        ]
    return "\n".join(lines)


SCALES: dict[str, dict[str, int]] = {
    "realistic": {"cards": 60, "decks": 2, "reviews": 8_000, "journal": 100, "days": 2 * 365,
                  "builtin": 1},
    "large": {"cards": 10_000, "decks": 20, "reviews": 100_000, "journal": 300, "days": 3 * 365,
              "builtin": 0},
}


def builtin_keys() -> list[tuple[str, str]]:
    """(card key, skill) of every memory item of the built-in decks."""
    from trainer.domain.deckparse import parse_deck
    from trainer.store.paths import builtin_decks_dir

    out = []
    for path in sorted(builtin_decks_dir().glob("*.toml")):
        deck = parse_deck(path.read_bytes(), str(path))
        out += [(i.key, i.skill) for i in deck.items if i.scheduled]
    return out


def make_data(root: Path, *, cards: int = 10_000, decks: int = 20, reviews: int = 100_000,
              journal: int = 300, days: int = 3 * 365, seed: int = 7,
              builtin: int = 0) -> dict[str, int]:
    """Write the data dir at `root` (created; must not hold a data dir already). `cards` are
    spread over `decks` imported decks; with `builtin`, the built-in decks' items are
    practised too."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    (root / "decks").mkdir(exist_ok=True, mode=0o700)
    per_deck = max(1, cards // decks)
    keys: list[tuple[str, str]] = builtin_keys() if builtin else []
    for d in range(decks):
        (root / "decks" / f"bench-{d:02d}.toml").write_text(deck_toml(d, per_deck), "utf-8")
        skill = SKILL_IDS[d % len(SKILL_IDS)]
        keys += [(f"bench-{d:02d}/i{n:05d}", skill) for n in range(per_deck)]

    scheduler = make_scheduler(fuzz=False)
    state: dict[str, CardState] = {}
    # Review times spread over `days`, in order, a few sessions a day.
    span = timedelta(days=days).total_seconds()
    times = sorted(rng.random() * span for _ in range(reviews))
    with open(root / "reviews.jsonl", "w", encoding="utf-8") as log:
        for n, offset in enumerate(times):
            at = START + timedelta(seconds=offset)
            key, skill = keys[n % len(keys)] if n < len(keys) else rng.choice(keys)
            before = state.get(key)
            correct = rng.random() < 0.8
            after = review(before, key, correct, at, scheduler)
            state[key] = after
            given = 1 if correct else rng.choice((0, 2, 3))
            log.write(json.dumps({
                "type": "review", "v": 1, "rid": uuid.UUID(int=rng.getrandbits(128)).hex,
                "card": key, "at": at.isoformat(), "skill": skill, "kind": "choice",
                "correct": correct, "score": 1.0 if correct else 0.0, "given": "…",
                "given_tag": TAGS[given] if given < 4 else None, "expected_tag": "self-empathy",
                "ms": rng.randint(2000, 15000), "tags": list(TAGS),
                "before": before.to_dict() if before else None, "after": after.to_dict(),
            }, separators=(",", ":")) + "\n")
    journal_dir = root / "journal"
    journal_dir.mkdir(exist_ok=True, mode=0o700)
    for n in range(journal):
        at = START + timedelta(days=n * days / max(1, journal))
        entry_id = f"{at:%Y%m%dT%H%M%SZ}-{n:08x}"
        (journal_dir / f"{entry_id}.json").write_text(json.dumps({
            "v": 1, "id": entry_id, "created": at.isoformat(), "item": "", "prompt": "",
            "steps": {"observation": f"A moment from day {n}.", "feelings": "tender, hopeful",
                      "needs": "rest, care", "request": "A walk after lunch."}}), "utf-8")

    # Let the real code build the snapshot and progress cache, as after a session.
    from trainer.services.decks import load_decks
    from trainer.services.practice import Trainer
    from trainer.store.store import Store

    store = Store(root)
    try:
        clock = FixedClock(START + timedelta(days=days))
        trainer = Trainer(store, load_decks(store), clock)
        trainer.set_setting("welcomed", True)
        trainer.set_setting("checkin", False)
        store._dirty = True
        trainer.end_session()
    finally:
        store.close()
    return {"cards": len(state), "items": len(keys), "reviews": reviews, "decks": decks,
            "journal": journal}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks make-data",
                                description="Write a data dir to open the app on.")
    p.add_argument("dir", type=Path)
    p.add_argument("--scale", choices=list(SCALES), default="large",
                   help="realistic (about 600 items, 8,000 reviews over two years) or large "
                        "(10,000 cards, 100,000 reviews over three years)")
    args = p.parse_args(argv)
    if (args.dir / "reviews.jsonl").exists():
        p.error(f"{args.dir} already holds a data dir; choose an empty folder")
    made = make_data(args.dir, **SCALES[args.scale])
    print(f"Wrote {made['cards']:,} cards of {made['items']:,} items, {made['reviews']:,} "
          f"reviews and {made['journal']} journal entries to {args.dir}.\n"
          f"Open it with: SELF_EMPATHY_HOME={args.dir} python -m trainer")
    return 0
