"""`browser-home.png`: the app at home in a browser tab, through the same server and page as
`self-empathy serve`, in headless Chromium at a fixed window size, over the seeded data
and fixed clock of the other screenshots (screenshots/served.py runs the app)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import shlex
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.browser import ROOT, chromium, launch, open_page, screen, wait_for
from screenshots.seed import build

if TYPE_CHECKING:
    from playwright.sync_api import Page

NAME = "browser-home.png"
WINDOW = (1000, 600)  # pixels: 111 x 33 terminal cells at the page's 16 px font
HOME = ("Self-Empathy Trainer", "Today's goal", "Press Enter to start a session", "─ Feelings ")


def why_not() -> str | None:
    """Why the browser screenshot can't be taken here, if it can't."""
    try:
        import playwright  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        return "the test extra (playwright, textual-serve) is not installed"
    return None if chromium() else "chromium is not installed"


@contextlib.contextmanager
def serving(command: str) -> Iterator[str]:
    """The server `serve` uses, on a loop of its own, running `command` for each tab; yields
    the address with its token."""
    from trainer.cli.webserver import BrowserServer

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(16)
    server = BrowserServer(command, token=token, port=port, title="Self-Empathy Trainer",
                           started_by="python -m screenshots")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="screenshot-server", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(server.start(sock), loop).result(30)
        yield f"http://127.0.0.1:{port}/?token={token}"
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def shoot_browser(out: Path, tmp: Path) -> Path:
    """Home in the browser, saved as `out`/browser-home.png."""
    from playwright.sync_api import sync_playwright

    data = tmp / "browser-data"
    trainer, _clock = build(data)  # the same seeded history as the SVGs, before any session
    trainer.store.close()
    command = "cd " + shlex.quote(str(ROOT)) + " && exec " + shlex.join(
        [sys.executable, "-m", "screenshots.served", str(data)])
    with serving(command) as url, sync_playwright() as p:
        browser = launch(p)
        try:
            page = open_page(browser, url, width=WINDOW[0], height=WINDOW[1])
            wait_for(page, *HOME, timeout=60)
            # A headless page never has the window's focus, and Textual empties its footer
            # while the app is blurred; a trainee's tab has it (or gets it with a click).
            page.focus(".xterm-helper-textarea")
            wait_for(page, "w Walk-through", timeout=20)
            settle(page)
            page.screenshot(path=out / NAME, animations="disabled", caret="hide")
        finally:
            browser.close()
    return out / NAME


def settle(page: Page, quiet: float = 0.5, timeout: float = 20) -> None:
    """Until the screen's text has stayed the same for `quiet` seconds and the page's
    fonts are in: a picture of the finished screen, not of one being drawn."""
    page.evaluate("document.fonts.ready.then(() => true)")
    deadline = time.monotonic() + timeout
    last, since = screen(page), time.monotonic()
    while time.monotonic() - since < quiet:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{NAME}: the screen kept changing:\n{last}")
        time.sleep(0.05)
        now = screen(page)
        if now != last:
            last, since = now, time.monotonic()
