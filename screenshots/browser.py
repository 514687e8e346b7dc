"""Headless Chromium for the HTML reports: the same Debian chromium through Playwright as the
browser tests (benchmarks/browser.py), with everything that could reach the network off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.browser import chromium as chromium_path
from benchmarks.browser import launch

if TYPE_CHECKING:
    from playwright.sync_api import Browser

WIDTH = 1100  # a laptop's browser window: the pages' layout at its most usual


def missing() -> str | None:
    """Why the reports can't be rendered here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (it comes with the test extras)"
    if chromium_path() is None:
        return "there is no Chromium (apt-get install chromium)"
    return None


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(browser: Browser, page_file: Path, png: Path, width: int = WIDTH) -> None:
    """The whole page as a PNG, as it looks in a browser window `width` pixels wide."""
    page = browser.new_page(viewport={"width": width, "height": 800}, device_scale_factor=1)
    try:
        page.goto(page_file.resolve().as_uri())
        page.screenshot(path=str(png), full_page=True, animations="disabled")
    finally:
        page.close()
