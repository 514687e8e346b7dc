"""`serve` in a real browser: headless Chromium (Debian's) driven by Playwright. The app's
text is read from the page's terminal buffer; every wait is bounded, nothing is timed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.browser import (
    ROOT,
    Served,
    chromium,
    new_tab,
    open_page,
    prepare,
    press,
    screen,
    wait_for,
)
from trainer.store.lock import DataLock, status

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest.importorskip("textual_serve", reason="the web extra is not installed")
pytest.importorskip("playwright", reason="playwright is not installed (the test extra has it)")
if chromium() is None:
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)",
                allow_module_level=True)

HOME = ("Self-Empathy Trainer", "Press Enter to start a session")
SKILL_MAP = ("─ Feelings ", "─ Needs ", "─ Witness ", "Seed")
ELSEWHERE = "Your practice is open somewhere else"
DECK = """id = "browser"
title = "Browser deck"
version = 1
skill = "feelings"
""" + "".join(f"""
[[items]]
id = "b{n}"
kind = "choice"
prompt = "Question {n}: which is a feeling?"
options = ["tired of it", "sad", "that you are wrong"]
answer = 2
explanation = "Sad names a feeling."
""" for n in range(1, 4))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with only a three-item test deck on, past the welcome and check-in."""
    decks = tmp_path / "class"
    decks.mkdir()
    (decks / "browser.toml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    prepare(data, [decks])
    return data, decks


def stats(data: Path) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-m", "trainer", "--data-dir", str(data), "stats",
                           "--json"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    counts: dict[str, int] = json.loads(done.stdout)
    return counts


def number_of(shown: str, option: str) -> str:
    """The key the screen shows for an option (`  2 sad`)."""
    found = re.search(rf"^\s*(\d) {option}\s*$", shown, re.MULTILINE)
    assert found, shown
    return found.group(1)


def wait_until_free(data: Path) -> None:
    """The data folder's lock is let go (the tab's app process has ended), within 20 s."""
    import time

    deadline = time.monotonic() + 20
    while status(data).held:
        assert time.monotonic() < deadline, "the lock was still held 20 s after the tab closed"
        time.sleep(0.05)


def test_a_trainee_answers_in_the_browser_and_it_is_saved_before_the_next_item(
        browser: Browser, folders: tuple[Path, Path]) -> None:
    data, decks = folders
    with Served(data, decks=[decks]) as served:
        page = open_page(browser)
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        assert (response := page.goto(served.url)) is not None and response.status == 200
        wait_for(page, *HOME, *SKILL_MAP)
        press(page, "Enter")
        shown = wait_for(page, "1 of 3", "Question 1: which is a feeling?", "sad")
        press(page, number_of(shown, "sad"))  # options are shuffled: read them, as a trainee does
        wait_for(page, "Sad names a feeling.", "Enter or space to go on")
        # On disk while the feedback shows, the app still open: `stats` counts it.
        assert stats(data)["answers"] == 1
        assert stats(data)["right"] == 1
        press(page, "Enter")
        wait_for(page, "2 of 3", "Question 2")
        assert asked and all(url.startswith(served.origin + "/") for url in asked), asked
        assert served.stop() == 0  # ctrl+c, with a tab open
        page.wait_for_selector("body.-closed")
        assert "Every answer you gave is saved" in page.inner_text("body")
    assert "Traceback" not in served.output and "Error" not in served.output, served.output
    assert not status(data).held
    page.context.close()


def test_without_the_token_the_page_and_its_websocket_are_refused(
        browser: Browser, tmp_path: Path) -> None:
    with Served(tmp_path / "data") as served:
        page = open_page(browser)
        for path in ("/", "/?token=not-it", "/static/js/textual.js"):
            response = page.goto(served.origin + path)
            assert response is not None and response.status == 403, path
        assert "needs its key" in page.inner_text("body")
        opened = page.evaluate("""(url) => new Promise((done) => {
            const ws = new WebSocket(url);
            ws.onopen = () => done("open");
            ws.onerror = () => done("refused");
        })""", served.origin.replace("http", "ws") + "/ws")
        assert opened == "refused"
        page.context.close()


def test_a_second_tab_is_refused_kindly_and_closing_a_tab_lets_the_practice_go(
        browser: Browser, folders: tuple[Path, Path]) -> None:
    data, decks = folders
    with Served(data, decks=[decks]) as served:
        first = open_page(browser, served.url)
        wait_for(first, *HOME)
        second = new_tab(first, served.origin + "/")  # the cookie carries the token
        shown = wait_for(second, ELSEWHERE, "Close the other tab", "opens here by itself")
        assert "Traceback" not in shown
        first.close()
        wait_for(second, *HOME)  # it opened the practice by itself
        second.close()
        wait_until_free(data)
        third = open_page(browser, served.url)
        wait_for(third, *HOME, *SKILL_MAP)
        press(third, "Enter")
        wait_for(third, "1 of 3")
        third.context.close()
        first.context.close()


def test_a_terminal_app_already_open_is_named_and_the_tab_waits_for_it(
        browser: Browser, folders: tuple[Path, Path]) -> None:
    data, decks = folders
    lock = DataLock(data)
    lock.acquire()  # as the app in a terminal holds it
    try:
        with Served(data, decks=[decks]) as served:
            page = open_page(browser, served.url)
            wait_for(page, ELSEWHERE, f"process {os.getpid()}")
            assert screen(page).count(ELSEWHERE) == 1
            lock.release()
            wait_for(page, *HOME)
            page.context.close()
    finally:
        lock.release()


def test_an_app_process_ends_when_the_server_dies_without_ending_it(
        browser: Browser, folders: tuple[Path, Path]) -> None:
    data, decks = folders
    with Served(data, decks=[decks]) as served:
        page = open_page(browser, served.url)
        wait_for(page, *HOME)
        assert status(data).held and served.proc is not None
        served.proc.kill()  # SIGKILL: no chance to end the tabs' apps
        wait_until_free(data)  # the tab's app quit by itself and let the folder go
        page.wait_for_selector("body.-closed")
        page.context.close()


def test_killing_the_app_process_behind_a_tab_loses_no_acknowledged_answer(
        browser: Browser, tmp_path: Path) -> None:
    """The crash harness's served run, short: SIGKILL the tab's app process while Chromium
    answers in it; the next load of the page opens the practice again."""
    from benchmarks.crash_served import run_served

    report = run_served(4, seed=3, items=120, workdir=tmp_path, max_delay=2.0, browser=browser)
    assert report.problems == []
    assert report.kills == 4
    assert report.acked >= 1  # answers really were acknowledged between kills
    assert (report.lost, report.mismatches) == (0, 0)
