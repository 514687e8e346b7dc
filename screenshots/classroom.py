"""A seeded class of twelve trainees, for the class page's screenshot and its browser test.

Each trainee is a real Trainer over their own data folder (the built-in decks, a fixed
clock, a seeded random.Random), practising in their own rhythm: some daily, some a few times
a week, one who has paused, one who has just begun. Wrong answers lean towards a favourite
look-alike, so the class shares a few clear confusions; a few trainees flag items (the flag
record the app writes), one sharing a note. Their JSON reports are made by the real
`report` command, and one malformed file sits among them, as happens."""

from __future__ import annotations

import argparse
import contextlib
import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from screenshots.seed import right_answer, wrong_answer
from trainer.cli import report as reportcli
from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deck import Item
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.kinds.choice import ChoiceData
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.store import Store

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # a Monday evening, before the next class
SEED = 18


@dataclass(frozen=True)
class Pupil:
    name: str
    weeks: int  # how long ago they began
    chance: float  # of practising on a given day
    skill: float  # of a first answer being right
    away: int = 0  # days since they last practised (0: practising lately)
    favourite: str = "advice"  # the look-alike their mistakes lean towards


CLASS: tuple[Pupil, ...] = (
    Pupil("Amara Okafor", 7, 0.9, 0.68),
    Pupil("Bo Lindqvist", 6, 0.5, 0.60, favourite="minimising"),
    Pupil("Chiara Russo", 7, 0.75, 0.72),
    Pupil("Dev Patel", 5, 0.6, 0.56, away=9),
    Pupil("Elif Yılmaz", 7, 0.85, 0.64, favourite="strategy"),
    Pupil("Femi Adeyemi", 4, 0.45, 0.50),
    Pupil("Hana Sato", 6, 0.7, 0.70, favourite="strategy"),
    Pupil("Ilya Petrov", 5, 0.35, 0.52, away=12, favourite="minimising"),
    Pupil("Kalani Kahale", 7, 0.8, 0.66),
    Pupil("Lucía Fernández", 2, 0.9, 0.60, favourite="strategy"),
    Pupil("Mateo Silva", 6, 0.55, 0.58),
    Pupil("Noor Haddad", 10, 0.85, 0.74, favourite="minimising"),
)
SHOWN_TRAINEE = "Noor Haddad"  # the trainee whose own page is the trainee screenshot

# (trainee, the n-th most shared item, reason, note, share the note, set aside)
FLAGS: tuple[tuple[str, int, str, str, bool, bool], ...] = (
    ("Amara Okafor", 0, "unclear", "Two of the options sound almost the same to me.", True, False),
    ("Chiara Russo", 0, "unclear", "", False, False),
    ("Kalani Kahale", 0, "unclear", "I wasn't sure who is speaking here.", False, False),
    ("Hana Sato", 1, "wrong", "Isn't the second line also a need? It names no one.", True,
     False),
    ("Elif Yılmaz", 1, "unclear", "", False, False),
    ("Mateo Silva", 2, "upset", "", False, True),
    ("Noor Haddad", 3, "other", "Lovely scene, it reminded me of my grandmother.", True, False),
)


def _local(day: Any, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def _mistake(item: Item, rng: random.Random, favourite: str) -> Any:
    """A wrong answer, the favourite look-alike when the item offers it."""
    data = item.data
    if isinstance(data, ChoiceData) and data.tags and rng.random() < 0.75:
        picks = [n for n, tag in enumerate(data.tags) if tag == favourite and n != data.answer]
        if picks:
            return picks[0]
    return wrong_answer(item, rng)


def _session(trainer: Trainer, clock: FixedClock, rng: random.Random, pupil: Pupil,
             progress: float) -> None:
    run = trainer.start_session()
    for item in run.queue:
        if item.kind == "anchor":
            seconds = rng.choice((60, 90, 120))
            clock.advance(seconds=seconds + 15)
            before = rng.randint(3, 7)
            trainer.answer(run, item, AnchorResult(rng.randint(1, 5), seconds, before,
                                                   max(0, before - rng.randint(0, 3))),
                           seconds + 15)
            continue
        took = rng.uniform(6, 30)
        clock.advance(seconds=took)
        chance = pupil.skill + 0.12 * progress + (0.08 if item.key in trainer.cards else 0.0)
        answer = right_answer(item) if rng.random() < chance else \
            _mistake(item, rng, pupil.favourite)
        trainer.answer(run, item, answer, took)
    trainer.finish_session(run)


def _practise(trainer: Trainer, clock: FixedClock, rng: random.Random, pupil: Pupil) -> None:
    today = NOW.astimezone(ZONE).date()
    first = today - timedelta(weeks=pupil.weeks)
    days = (today - first).days
    for n in range(days):
        day = first + timedelta(days=n)
        if (today - day).days <= pupil.away or rng.random() > pupil.chance:
            continue
        clock.moment = _local(day, rng.choice((7, 8, 12, 19, 21)), rng.randrange(0, 60, 5))
        _session(trainer, clock, rng, pupil, n / days)
    clock.moment = NOW


def _flag(trainer: Trainer, clock: FixedClock, rng: random.Random, item: Item, reason: str,
          note: str, share: bool, aside: bool) -> None:
    """The record the app's flag dialog writes (and a set-aside item, as the app keeps it)."""
    history = trainer.store.history()
    seen = [r["at"] for r in history if r["card"] == item.key]
    # Flagged when last seen, if that was in the last fortnight; else in the latest session.
    recent = (NOW - timedelta(days=14)).isoformat()
    at = seen[-1] if seen and seen[-1] >= recent else history[-1]["at"]
    trainer.store.append({
        "type": "flag", "v": 1, "fid": f"{rng.getrandbits(64):016x}", "card": item.key,
        "skill": item.skill, "kind": item.kind, "at": at,
        "reason": reason, "note": note, "share_note": share, "set_aside": aside})
    if aside:
        trainer.set_setting("set_aside", [*trainer.setting("set_aside"), item.key])


@dataclass
class Classroom:
    reports: list[Path]  # every trainee's JSON report, in the class's order
    broken: Path  # a file that is no report: the merge skips it
    trainee_page: Path  # the shown trainee's own HTML report
    data: dict[str, Path]  # name -> data folder


def build_class(folder: Path) -> Classroom:
    """Twelve trainees' data folders and reports in `folder`, the same on every run."""
    rng = random.Random(SEED)
    trainers: dict[str, tuple[Trainer, FixedClock]] = {}
    data: dict[str, Path] = {}
    for n, pupil in enumerate(CLASS):
        root = folder / f"trainee-{n + 1:02d}"
        store = Store(root, daily_backup=False)
        clock = FixedClock(NOW, ZONE)
        trainer = Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))
        trainer.set_setting("welcomed", True)
        _practise(trainer, clock, rng, pupil)
        trainers[pupil.name], data[pupil.name] = (trainer, clock), root
    shared = Counter(r["card"] for trainer, _c in trainers.values()
                     for r in trainer.store.history() if r["kind"] not in ("anchor", "walkthrough"))
    common = [key for key, _n in shared.most_common(8)]
    for name, nth, reason, note, share, aside in FLAGS:
        trainer, clock = trainers[name]
        deck, _, item_id = common[nth].partition("/")
        item = next(i for d in trainer.deckset.decks if d.id == deck for i in d.items
                    if i.id == item_id)
        _flag(trainer, clock, rng, item, reason, note, share, aside)
    reports = []
    for name, (trainer, clock) in trainers.items():
        trainer.store.close()
        path = folder / f"{data[name].name}.json"
        _report(data[name], clock, ["--format", "json", "--name", name, "-o", str(path)])
        reports.append(path)
    page = folder / "trainee.html"
    _report(data[SHOWN_TRAINEE], trainers[SHOWN_TRAINEE][1],
            ["--format", "html", "--name", SHOWN_TRAINEE, "-o", str(page)])
    broken = folder / "trainee-13.json"
    broken.write_text('{"format": "self-empathy-report", "version": 2, "name": "Ro', "utf-8")
    return Classroom(reports, broken, page, data)


def _report(root: Path, clock: FixedClock, argv: list[str]) -> None:
    """The real `report` command over a trainee's data folder, at the class's clock."""
    parser = argparse.ArgumentParser(prog="self-empathy")
    parser.add_argument("--decks", action="append", default=[])
    reportcli.add_parsers(parser.add_subparsers(dest="command"))
    with contextlib.redirect_stdout(io.StringIO()):
        code = reportcli.run(parser.parse_args(["report", *argv]), root, clock=clock)
    if code != 0:
        raise RuntimeError(f"report {' '.join(argv)} failed over {root}")
