"""The crash harness's served run: a quick trainee answers in a browser tab while the app
process behind it is SIGKILLed at a random moment, again and again; then every answer the
tab acknowledged must be in the review history.

    python -m benchmarks.crash_harness --served --kills 20

`self-empathy serve` runs as a trainee starts it, and headless Chromium plays the trainee
(benchmarks/browser.py). An answer counts as acknowledged once its feedback is on the
screen: the app shows it only after Trainer.answer has returned, as the next item. After
each kill the page is loaded again: the server must start a new app process that takes the
data folder's lock (the OS let go of it) and opens the practice. At the end the store is
opened and its card states are checked against a replay of the whole log."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.browser import SCREEN_JS, Served, launch, open_page, prepare, press, screen
from benchmarks.crash_harness import Report, deck_toml, replay_from_scratch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ITEM = re.compile(r"Item (\d+)\?")
COUNTER = re.compile(r"(\d+) of (\d+)")
FEEDBACK = "Enter or space to go on"
HOME = "Press Enter to start a session"
# The screen once it has all of `must`, none of `not`, or "closed" once the tab has closed.
UNTIL_JS = f"""([must, not_]) => {{
  if (document.body.classList.contains("-closed")) return "closed";
  const s = ({SCREEN_JS})();
  return must.every((t) => s.includes(t)) && !not_.some((t) => s.includes(t)) ? s : false;
}}"""


def children(pid: int) -> set[int]:
    """The server's child processes: one app process per tab (Linux: /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def until(page: Page, must: list[str], not_: tuple[str, ...] = (), timeout: float = 30) -> str:
    """What the screen shows once it has `must` and not `not_`; "closed" once the tab has
    closed (its app process was killed)."""
    shown: str = page.wait_for_function(UNTIL_JS, arg=[must, list(not_)], polling=20,
                                        timeout=timeout * 1000).json_value()
    return shown


def practise(page: Page, acked: Counter[str], sent: Counter[str]) -> str:
    """Answer as fast as the screen allows until the tab closes."""
    while True:
        shown = until(page, [], ())
        if shown == "closed":
            return "closed"
        if "Nothing is due right now" in shown:
            raise RuntimeError("the deck ran out of items for today: use more --items")
        if HOME in shown or "Session complete" in shown:
            press(page, "Escape" if "Session complete" in shown else "Enter")
            until(page, ["of"], (HOME, "Session complete"))
            continue
        item, counter = ITEM.search(shown), COUNTER.search(shown)
        if item is None or counter is None:
            time.sleep(0.02)
            continue
        if FEEDBACK in shown:  # an earlier round's answer: go on
            press(page, "Enter")
            until(page, [], (FEEDBACK,))
            continue
        key = f"crash/i{item.group(1)}"
        press(page, "1")
        sent[key] += 1
        shown = until(page, [FEEDBACK, counter.group(0)])
        if shown == "closed":
            return "closed"
        acked[key] += 1
        press(page, "Enter")
        until(page, [], (FEEDBACK,))  # a second Enter would pick an option of the next item


def run_served(kills: int, *, seed: int = 1, items: int = 300, workdir: Path | None = None,
               max_delay: float = 1.5, verbose: bool = False,
               browser: Browser | None = None) -> Report:
    """`browser`: one already running (Playwright's sync API runs once per process)."""
    from trainer.domain.cards import CardState
    from trainer.store.store import Store

    rng = random.Random(seed)
    report = Report()
    started = time.monotonic()
    tmp = tempfile.TemporaryDirectory(prefix="crash-served-") if workdir is None else None
    root = Path(tmp.name) if tmp is not None else workdir
    assert root is not None
    data, decks = root / "data", root / "class"
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "crash.toml").write_text(deck_toml(items), encoding="utf-8")
    prepare(data, [decks], session_size=50, new_per_day=100)
    acked: Counter[str] = Counter()
    sent: Counter[str] = Counter()
    try:
        with contextlib.ExitStack() as stack:
            if browser is None:
                from playwright.sync_api import sync_playwright

                browser = launch(stack.enter_context(sync_playwright()))
                stack.callback(browser.close)
            served = stack.enter_context(Served(data, decks=[decks]))
            assert served.proc is not None
            page = open_page(browser)
            stack.callback(page.context.close)
            for k in range(kills):
                before = children(served.proc.pid)
                page.goto(served.url)
                deadline = time.monotonic() + 30
                while not (tab := children(served.proc.pid) - before):
                    if time.monotonic() > deadline:
                        raise RuntimeError("no app process started for the tab:\n" + served.output)
                    time.sleep(0.005)
                pid = max(tab)
                opening = rng.random() < 0.15  # may land while the store is opening
                if not opening:
                    until(page, [HOME])
                delay = rng.uniform(0, 0.8 if opening else max_delay)
                killer = threading.Timer(delay, os.kill, (pid, signal.SIGKILL))
                killer.start()
                try:
                    practise(page, acked, sent)
                finally:
                    killer.join()
                report.kills += 1
                report.phases["opening" if opening and "Item" not in screen(page)
                              else "answering"] += 1
                if verbose:
                    print(f"kill {k + 1}/{kills}: {sum(acked.values())} acked", flush=True)
            code = served.stop()
        if code != 0 or "Traceback" in served.output:
            report.problems.append(f"serve exited with {code}:\n{served.output[-2000:]}")
        store = Store(data)
        try:
            history = Counter(r["card"] for r in store.history() if r.get("type") == "review")
            for key, n in acked.items():
                if history[key] < n:
                    report.lost += n - history[key]
                    report.problems.append(f"{key}: {n} acknowledged, {history[key]} saved")
            plain, report.records = replay_from_scratch(store.log.path)
            if store.cards != {k: CardState.from_dict(v) for k, v in plain.items()}:
                report.mismatches += 1
                report.problems.append("the card states differ from a replay of the log")
            report.acked = sum(acked.values())
            for key, n in history.items():
                if n > sent[key]:
                    report.problems.append(f"{key}: {n} saved, only {sent[key]} given")
        finally:
            store.close()
    finally:
        report.seconds = time.monotonic() - started
        if tmp is not None:
            tmp.cleanup()
    return report
