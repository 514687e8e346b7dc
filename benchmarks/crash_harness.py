"""Crash harness: SIGKILL a process that is answering drills, then check nothing was lost.

    python -m benchmarks.crash_harness --kills 200
    python -m benchmarks.crash_harness --served --kills 20   # behind a browser tab

A child process opens the real Store and Trainer over a data dir and answers in a loop,
printing `ACK <rid>` once Trainer.answer has returned (the moment the app would show the
next card). Now and then it takes an answer back, saves a snapshot or makes a backup, so
kills also land in those. The parent kills it at a random moment (seeded), reopens the data
dir and checks that every acknowledged review is in Store.history(), every acknowledged
take-back is not, and the card states the Store opens with equal a replay of the whole log
from scratch.

SIGKILL tests a crashing process: data already handed to the kernel survives it. To imitate a
power cut as well, after some kills the parent cuts the log at a random byte after the last
acknowledged record (what fsync has not yet promised may be lost), leaving torn lines for the
next start to set aside. Real power loss (a lying disk, lost renames) needs a VM or a
fault-injecting block device and is not covered."""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKILLS = ("feelings", "needs", "distinguish", "witness")


def deck_toml(items: int) -> str:
    body = "".join(
        f'\n[[items]]\nid = "i{n}"\nkind = "choice"\nskill = "{SKILLS[n % len(SKILLS)]}"\n'
        f'prompt = "Item {n}?"\noptions = ["a", "b", "c"]\nanswer = {1 + n % 3}\n'
        'explanation = "Because."\n'
        for n in range(items))
    return f'id = "crash"\ntitle = "Crash deck"\nversion = 1\nskill = "feelings"\n{body}'


# -- the child: the real code, answering as fast as a very quick trainee ----------------------

def child(data: Path, seed: int, items: int) -> int:
    from trainer.domain.clock import SystemClock
    from trainer.domain.deckparse import parse_deck
    from trainer.services.decks import DeckSet
    from trainer.services.practice import Trainer
    from trainer.store import backup
    from trainer.store.store import Store

    rng = random.Random(seed)
    out = sys.stdout

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    store = Store(data)
    deck = parse_deck(deck_toml(items).encode(), "crash.toml")
    trainer = Trainer(store, DeckSet(decks=[deck]), SystemClock())
    say("READY")
    last: str | None = None
    while True:
        roll = rng.random()
        if roll < 0.05 and last is not None:
            say(f"TRY-UNDO {last}")
            trainer.undo()
            say(f"UNDO {last}")
            last = None
        elif roll < 0.12:
            say("BEGIN snapshot")
            store._dirty = True  # save even if nothing changed, to widen the target
            store.save_snapshot()
            say("END snapshot")
        elif roll < 0.125:
            say("BEGIN backup")
            backup.make(data, "harness")
            say("END backup")
        else:
            item = rng.choice(deck.items)
            trainer.answer(None, item, rng.randrange(3), 1.0)
            assert trainer._last is not None
            last = trainer._last[0]
            say(f"ACK {last}")
        time.sleep(rng.uniform(0, 0.002))


# -- the parent -----------------------------------------------------------------------------

@dataclass
class Report:
    kills: int = 0
    acked: int = 0
    undone: int = 0
    lost: int = 0
    undo_lost: int = 0
    mismatches: int = 0
    damaged_snapshots: int = 0
    torn_tails: int = 0
    power_cuts: int = 0
    temp_files: int = 0  # left by kills mid-write, seen before the next start sweeps them
    phases: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    records: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        phases = ", ".join(f"{k} {v}" for k, v in sorted(self.phases.items()))
        return [
            f"kills: {self.kills} ({phases})",
            f"acked reviews: {self.acked} (of which taken back, acked: {self.undone})",
            f"log records at the end: {self.records}",
            f"lost: {self.lost}",
            f"take-backs lost: {self.undo_lost}",
            f"mismatches: {self.mismatches}",
            f"damaged snapshots found at open: {self.damaged_snapshots}",
            f"power cuts imitated: {self.power_cuts}; torn last lines set aside: "
            f"{self.torn_tails}",
            f"half-written temp files left by kills (swept at the next start): "
            f"{self.temp_files}",
            f"time: {self.seconds:.1f} s",
        ]


def replay_from_scratch(log: Path) -> tuple[dict[str, Any], int]:
    """Card states from the whole log, by a reading independent of the store's."""
    cards: dict[str, Any] = {}
    n = 0
    if not log.exists():
        return cards, n
    with open(log, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            rec = json.loads(raw)
            n += 1
            if rec["type"] == "review":
                cards[rec["card"]] = rec["after"]
            elif rec["type"] != "undo":
                continue
            elif rec["state"] is None:
                cards.pop(rec["card"], None)
            else:
                cards[rec["card"]] = rec["state"]
    return cards, n


def power_cut(log: Path, acked: set[str], undone: set[str], rng: random.Random) -> None:
    """What a power cut may leave: whatever follows the last acknowledged record cut short at
    a random byte, or, if nothing follows it, the start of a record that was being written."""
    durable_end, pos, last = 0, 0, b""
    with open(log, "rb") as f:
        for raw in f:
            pos += len(raw)
            if not raw.endswith(b"\n"):
                break
            last = raw
            rec = json.loads(raw)
            kind, rid = rec.get("type"), rec.get("rid")
            if (kind == "review" and rid in acked) or (kind == "undo" and rid in undone):
                durable_end = pos
    size = log.stat().st_size
    if size > durable_end:
        os.truncate(log, rng.randrange(durable_end, size))
    elif last:
        with open(log, "ab") as f:
            f.write(last[: rng.randrange(1, len(last) - 1)])


def _reader(stream: Any, lines: list[str]) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))


def run(kills: int, *, seed: int = 1, items: int = 300, workdir: Path | None = None,
        max_delay: float = 0.4, power_cuts: float = 0.25, verbose: bool = False) -> Report:
    from trainer.domain.cards import CardState
    from trainer.store.store import Store

    rng = random.Random(seed)
    report = Report()
    started = time.monotonic()
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="crash-harness-")
        workdir = Path(tmp.name)
    data = workdir / "data"
    must_have: set[str] = set()
    maybe: set[str] = set()  # take-back tried but not acknowledged: either outcome is fine
    undone: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        for k in range(kills):
            cmd = [sys.executable, "-m", "benchmarks.crash_harness", "--child", str(data),
                   "--seed", str(rng.randrange(1 << 30)), "--items", str(items)]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
            lines: list[str] = []
            reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
            reader.start()
            if rng.random() < 0.15:
                time.sleep(rng.uniform(0, 0.8))  # may land while the store is opening
            else:
                deadline = time.monotonic() + 30
                while "READY" not in lines and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, max_delay))
            if proc.poll() is not None:
                reader.join()
                raise RuntimeError(f"the child exited by itself ({proc.returncode}): "
                                   + "\n".join(lines[-5:]))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            reader.join()
            report.kills += 1
            last = lines[-1] if lines else ""
            report.phases[
                "opening" if "READY" not in lines
                else f"mid-{last.split()[1]}" if last.startswith("BEGIN")
                else "mid-undo" if last.startswith("TRY-UNDO")
                else "answering"] += 1
            for line in lines:
                word, _, rid = line.partition(" ")
                if word == "ACK":
                    must_have.add(rid)
                    report.acked += 1
                elif word == "TRY-UNDO":
                    must_have.discard(rid)
                    maybe.add(rid)
                elif word == "UNDO":
                    maybe.discard(rid)
                    undone.add(rid)
                    report.undone += 1
            acked_ever = must_have | maybe | undone
            if rng.random() < power_cuts and (data / "reviews.jsonl").exists():
                power_cut(data / "reviews.jsonl", acked_ever, undone, rng)
                report.power_cuts += 1
            report.temp_files += len(list(data.glob(".*.tmp")))
            # Reopen as the next start would, and check.
            store = Store(data)
            try:
                report.torn_tails += sum("cut off" in n for n in store.notices)
                report.damaged_snapshots += sum("saved progress file" in n for n in store.notices)
                history = {r["rid"] for r in store.history()}
                lost = must_have - history
                back = undone & history
                plain, report.records = replay_from_scratch(store.log.path)
                expected = {k: CardState.from_dict(v) for k, v in plain.items()}
                if store.cards != expected:
                    report.mismatches += 1
                    differ = sorted(k for k in set(expected) | set(store.cards)
                                    if expected.get(k) != store.cards.get(k))
                    report.problems.append(f"kill {k}: {len(differ)} card(s) differ, e.g. "
                                           f"{differ[:3]}")
            finally:
                store.close()
            if list(data.glob(".*.tmp")):
                report.problems.append(f"kill {k}: temp files were not swept at start")
            if lost:
                report.lost += len(lost)
                report.problems.append(f"kill {k}: lost {sorted(lost)[:3]}")
            if back:
                report.undo_lost += len(back)
                report.problems.append(f"kill {k}: take-back lost for {sorted(back)[:3]}")
            if verbose:
                print(f"kill {k + 1}/{kills}: {report.acked} acked, last line {last!r}",
                      flush=True)
    finally:
        report.seconds = time.monotonic() - started
        if tmp is not None:
            tmp.cleanup()
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.crash_harness",
                                description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--items", type=int, default=300, help="cards in the deck (snapshot size)")
    p.add_argument("--max-delay", type=float, default=0.4,
                   help="longest wait, in seconds, between READY and the kill")
    p.add_argument("--power-cuts", type=float, default=0.25,
                   help="share of kills followed by an imitated power cut (see above)")
    p.add_argument("--dir", type=Path, help="keep the data dir here (default: a temp dir)")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--served", action="store_true",
                   help="kill the app process behind a browser tab of `serve` instead, while "
                        "headless Chromium answers in it (benchmarks/crash_served.py)")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args.child, args.seed, args.items)
    if args.served:
        from benchmarks.crash_served import run_served

        report = run_served(args.kills, seed=args.seed, items=args.items, workdir=args.dir,
                            max_delay=args.max_delay, verbose=args.verbose)
    else:
        report = run(args.kills, seed=args.seed, items=args.items, workdir=args.dir,
                     max_delay=args.max_delay, power_cuts=args.power_cuts, verbose=args.verbose)
    for line in report.lines():
        print(line)
    for problem in report.problems[:20]:
        print(f"  {problem}")
    return 0 if report.lost == report.undo_lost == report.mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
