"""The class page in a real browser: headless Chromium opens the page merged from a seeded
class of twelve trainees (real Trainers over their own data folders, with flags, confusions
and one malformed report that is skipped) and finds no console error, no request for
anything, the headings it should, and a page that prints on A4. The trainee's own page too.

Needs Playwright (the test extras) and Debian's chromium (`apt-get install chromium`).
Without them the test is skipped, except in CI (the CI variable set), where it fails."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from screenshots import browser
from screenshots.classroom import CLASS, SHOWN_TRAINEE, Classroom, build_class
from trainer.cli import main

WHY_NOT = browser.missing()
pytestmark = pytest.mark.skipif(WHY_NOT is not None and not os.environ.get("CI"),
                                reason=f"no browser here: {WHY_NOT}")


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return build_class(tmp_path_factory.mktemp("class"))


@pytest.fixture(scope="module")
def class_page(classroom: Classroom, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "class.html"
    files = [str(p) for p in classroom.reports] + [str(classroom.broken)]
    code = main(["--data-dir", str(out.parent / "unused"), "report", "merge", *files,
                 "--format", "html", "-o", str(out)])
    assert code == 1  # the malformed report was skipped; the others are on the page
    return out


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if WHY_NOT is not None:
        pytest.fail(f"CI runs the class page in a browser, but {WHY_NOT}")
    with browser.chromium() as b:
        yield b


class Visit:
    """A page opened in Chromium, with everything it said and asked for."""

    def __init__(self, chromium: Any, page_file: Path) -> None:
        self.page = chromium.new_page(viewport={"width": browser.WIDTH, "height": 900})
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = page_file.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def headings(self, level: str) -> list[str]:
        return [t.strip() for t in self.page.locator(level).all_inner_texts()]

    def pdf_pages(self) -> int:
        self.page.emulate_media(media="print")
        pdf: bytes = self.page.pdf(format="A4", print_background=True)
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_class_page_opens_clean_and_answers_at_a_glance(chromium: Any, class_page: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    visit = Visit(chromium, class_page)
    try:
        assert visit.console == [] and visit.errors == []
        assert visit.requests == [visit.url]  # nothing else was fetched, not even a font
        assert visit.headings("h1") == ["Class page: 12 trainees"]
        assert visit.headings("h2") == [
            "Skills across the class", "Practice rhythm", "Look-alikes the class mixes up",
            "Items the class found hardest", "Items trainees flagged"]
        page = visit.page
        assert "1 file could not be read" in page.locator(".note").first.inner_text()
        assert page.locator(".glance .card").count() == 5
        # Each trainee once, alphabetically, in the rhythm table.
        names = page.locator("td.name").all_inner_texts()
        assert names == sorted((p.name for p in CLASS), key=str.casefold)
        assert any("A friendly word may help them back" in t
                   for t in page.locator("table").nth(1).all_inner_texts())
        # Six skills as distributions, the weeks as a chart, ten hardest items, the flags.
        assert page.locator("svg[aria-label^='Levels across the class']").count() == 6
        assert page.locator("svg[aria-label^='Practice days per week']").count() == 1
        assert page.locator("section").nth(3).locator("tbody tr").count() == 10
        flagged = page.locator("section").nth(4).inner_text()
        assert "unclear · 3" in flagged and "set aside by 1 trainee" in flagged
        assert "Two of the options sound almost the same to me." in flagged
        assert "I wasn't sure who is speaking here." not in flagged  # not shared
        # Every chart is drawn: no SVG collapsed to nothing.
        sizes = page.eval_on_selector_all(
            "svg", "els => els.map(e => [e.getBoundingClientRect().width, "
                   "e.getBoundingClientRect().height])")
        assert all(w > 30 and h > 5 for w, h in sizes), sizes
        pages = visit.pdf_pages()
        assert 2 <= pages <= 8, pages
    finally:
        visit.page.close()
    capsys.readouterr()


def test_a_trainees_page_opens_clean(chromium: Any, classroom: Classroom) -> None:
    visit = Visit(chromium, classroom.trainee_page)
    try:
        assert visit.console == [] and visit.errors == []
        assert visit.requests == [visit.url]
        assert visit.headings("h1") == [f"Your practice: {SHOWN_TRAINEE}"]
        assert visit.headings("h2") == [
            "Your year of practice", "Skill levels over time", "What you have come to hold",
            "Look-alikes still being learned", "Items you flagged"]
        assert visit.page.locator("svg[aria-label^='Weekly score']").count() == 6
        assert 1 <= visit.pdf_pages() <= 6
    finally:
        visit.page.close()
