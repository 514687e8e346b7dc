"""The benchmarks of issue 8, each a median of several runs and a ratio to a baseline measured
in the same run (this machine is noisy: ratios from one run compare, absolute times drift)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.make_data import make_data

ROOT = Path(__file__).resolve().parent.parent

# Child scripts, started the same way for the app and its baseline: a fresh interpreter runs
# the app headless and exits once the first screen has painted.
HELLO = """
import sys
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello")

async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()

Hello().run(headless=True, size=(80, 24), auto_pilot=stop)
print(peak_kib(), file=sys.stderr)
"""
# The app's own entry (what `python -m trainer` runs), headless.
TRAINER = """
import sys
from pathlib import Path
from trainer.cli import run_app

async def stop(pilot):
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "HomeScreen", pilot.app.screen
    pilot.app.exit()

run_app(Path(sys.argv[1]), [], headless=True, size=(80, 24), auto_pilot=stop)
print(peak_kib(), file=sys.stderr)
"""
# ru_maxrss survives exec on Linux (a child reports at least its parent's peak), so read
# the process's own high-water mark instead.
PEAK = """
def peak_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
HELLO = PEAK + HELLO
TRAINER = PEAK + TRAINER


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None
    target: str
    ok: bool
    ratio: float | None = None  # if not value / baseline (start-up: the median of pairs)

    def to_json(self) -> dict[str, Any]:
        ratio = self.ratio
        if ratio is None and self.baseline:
            ratio = self.value / self.baseline
        return {"value": round(self.value, 4), "unit": self.unit,
                "baseline": round(self.baseline, 4) if self.baseline is not None else None,
                "ratio": round(ratio, 3) if ratio is not None else None,
                "target": self.target, "ok": self.ok}


def _child(script: str, *args: str) -> tuple[float, int]:
    """Wall time of a whole process, and its peak RSS in KiB."""
    # As an installed copy runs: pip compiles bytecode when it installs a package, so the app
    # and Textual alike start from .pyc files (the first, unmeasured start writes ours).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"child failed: {done.stderr[-2000:]}")
    return elapsed, int(done.stderr.strip().splitlines()[-1])


# Targets per scale: (start-up ratio, memory ratio, session queue ms)
TARGETS = {"realistic": (1.25, 1.2, 5.0), "large": (1.6, 1.6, 20.0)}


def startup_and_rss(data: Path, runs: int, scale: str = "large") -> tuple[Figure, Figure]:
    app_t, app_rss, base_t, base_rss = [], [], [], []
    # One start first, not measured, so every measured start finds the decks in the parse
    # cache (a start after installing or editing decks parses them once: see the README).
    _child(TRAINER, str(data))
    for _ in range(runs):  # interleaved, so drift hits both alike
        t, r = _child(HELLO)
        base_t.append(t)
        base_rss.append(r)
        t, r = _child(TRAINER, str(data))
        app_t.append(t)
        app_rss.append(r)
    t_app, t_base = statistics.median(app_t), statistics.median(base_t)
    r_app, r_base = statistics.median(app_rss), statistics.median(base_rss)
    # Each app start is compared with the bare start just before it, so a burst of load on
    # this shared machine weighs on both sides of a ratio rather than on one median.
    t_ratio = statistics.median(a / b for a, b in zip(app_t, base_t, strict=True))
    t_max, r_max, _q = TARGETS[scale]
    return (
        Figure(f"{scale}.startup_to_home", t_app, "s", t_base, f"<= {t_max}x bare Textual app",
               t_ratio <= t_max, t_ratio),
        Figure(f"{scale}.peak_rss_home", r_app / 1024, "MiB", r_base / 1024,
               f"<= {r_max}x bare Textual app", r_app <= r_max * r_base),
    )


def _open(data: Path) -> Any:
    """The Trainer on the day after the data's last practice."""
    from datetime import datetime

    from trainer.domain.clock import FixedClock
    from trainer.services.opening import open_trainer

    with open(data / "reviews.jsonl", "rb") as f:
        last = f.readlines()[-1]
    clock = FixedClock(datetime.fromisoformat(json.loads(last)["at"]) + timedelta(days=1))
    return open_trainer(data, [], writable=True, clock=clock), clock


def answer_durable(data: Path, answers: int, scale: str = "large") -> Figure:
    from benchmarks.answers import right_answer

    trainer, clock = _open(data)
    # Baseline: a bare fsynced append of one JSON line, on the same disk, taken right after
    # each answer, so a change in the disk's speed during the run weighs on both alike.
    line = (json.dumps({"card": "x/y", "at": "2026-01-01T00:00:00+00:00", "ok": True}) + "\n")
    path = data / "bare.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        times: list[float] = []
        base: list[float] = []
        while len(times) < answers:
            run = trainer.start_session()
            if not run.queue:
                clock.advance(days=1)
                continue
            for item in run.queue:
                answer = right_answer(item)
                t0 = time.perf_counter()
                trainer.answer(run, item, answer)
                times.append(time.perf_counter() - t0)
                clock.advance(seconds=5)
                t0 = time.perf_counter()
                os.write(fd, line.encode())
                os.fsync(fd)
                base.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
        path.unlink()
        trainer.store.close()
    value, baseline = statistics.median(times) * 1000, statistics.median(base) * 1000
    return Figure(f"{scale}.answer_to_durable", value, "ms", baseline,
                  "<= 3x bare fsynced append", value <= 3 * baseline)


def session_queue(data: Path, runs: int, scale: str = "large") -> Figure:
    trainer, _clock = _open(data)
    try:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            trainer.start_session()
            times.append(time.perf_counter() - t0)
    finally:
        trainer.store.close()
    value = statistics.median(times) * 1000
    limit = TARGETS[scale][2]
    return Figure(f"{scale}.session_queue", value, "ms", None, f"<= {limit:g} ms", value <= limit)


def validate_deck(items: int, runs: int) -> Figure:
    from benchmarks.make_data import deck_toml
    from trainer.domain.deckparse import validate

    source = deck_toml(1, items).encode()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        problems = validate(source, "big.toml")
        times.append(time.perf_counter() - t0)
        assert not problems, problems[:3]
    value = statistics.median(times)
    return Figure("large.deck_validate", value, "s", None, f"<= 0.5 s for {items:,} items",
                  value <= 0.5)


def stats_screen(data: Path) -> tuple[Figure, Figure]:
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.stats import StatsScreen

    trainer, _clock = _open(data)
    lag = 0.0

    async def measure() -> float:
        nonlocal lag
        app = TrainerApp(trainer)
        async with app.run_test(size=(80, 24)) as pilot:
            stop = False

            async def ticker() -> None:
                nonlocal lag
                last = time.perf_counter()
                while not stop:
                    await asyncio.sleep(0.01)
                    now = time.perf_counter()
                    lag = max(lag, now - last - 0.01)
                    last = now

            task = asyncio.create_task(ticker())
            t0 = time.perf_counter()
            await pilot.press("t")
            while not isinstance(app.screen, StatsScreen):
                await asyncio.sleep(0.001)
            await pilot.pause()
            elapsed = time.perf_counter() - t0
            stop = True
            await task
            return elapsed

    try:
        value = asyncio.run(measure())
    finally:
        trainer.store.close()
    return (
        Figure("large.stats_first_paint", value, "s", None, "<= 1 s", value <= 1.0),
        Figure("large.stats_event_loop_block", lag * 1000, "ms", None, "no block over 100 ms",
               lag <= 0.1),
    )


def run_all(*, scales: tuple[str, ...] = ("realistic", "large"), quick: bool = False,
            progress: Callable[[str], None] = lambda _s: None) -> list[Figure]:
    """Every figure at each scale (`quick`: a tiny run, to check they still work)."""
    from benchmarks.make_data import SCALES

    runs, answers, deck_items = (1, 20, 200) if quick else (5, 500, 5000)
    work = Path(tempfile.mkdtemp(prefix="se-bench-"))
    figures: list[Figure] = []
    try:
        for scale in scales:
            size = dict(SCALES[scale])
            if quick:
                size.update(cards=min(size["cards"], 200), reviews=1000, journal=10)
            data = work / scale
            progress(f"{scale}: making a data dir: {size['cards']:,} cards, "
                     f"{size['reviews']:,} reviews ...")
            make_data(data, **size)
            progress(f"{scale}: start-up and memory ...")
            figures += startup_and_rss(data, 2 * runs - 1, scale)  # the noisiest figure
            progress(f"{scale}: session queue ...")
            figures.append(session_queue(data, max(5, runs * 4), scale))
            if scale == "large":
                progress("large: stats screen ...")
                figures += stats_screen(data)
                progress("large: deck validate ...")
                figures.append(validate_deck(deck_items, runs))
            progress(f"{scale}: answer to durable ...")
            answering = work / f"{scale}-answering"
            shutil.copytree(data, answering)
            figures.append(answer_durable(answering, answers, scale))
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)
