"""The HTML reports: self-contained pages, every untrusted text escaped (hostile names,
prompts, tags and notes), charts built from numbers only, and what each page shows."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests import test_report
from tests.test_report import (
    ana,
    as_json,
    good_report,
    make_report,
    merge,
)
from tests.test_report_analytics import ana_flags, flag
from trainer.domain.skills import SKILL_IDS
from trainer.services import report

# Fixtures shared with test_report.py.
class_reports = test_report.class_reports
decks_dir = test_report.decks_dir
trainees = test_report.trainees

HOSTILE_NAMES = (
    '<script>alert("name")</script>',
    '"><img src=x onerror=alert(1)>',
    "Tom & Jerry's <b>bold</b> &amp; &lt;",
    "Zoë\x1b[31m\x00\u202eevil\x07 \x85x",
    "</title><style>body{display:none}</style>",
    "javascript:alert(1)",
    "<!-- a comment --> ]]> <![CDATA[",
    "<svg onload=alert(1)><a href='https://evil.example/'>x</a>",
    "x" * 10_000,
)

HOSTILE_PROMPT = "</td></tr></table><script src='https://evil.example/x.js'></script>&copy;\""
HOSTILE_NOTE = "<iframe src=//evil.example></iframe> \"quoted\" & 'single' \x1b]8;;x\x07"
HOSTILE_TAG = "<svg/onload=alert(1)>"

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "h1", "h2", "h3", "p", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "ol",
    "ul", "li", "q", "i", "br", "svg", "rect", "text", "line", "polyline", "circle",
}


class Page(HTMLParser):
    """Every tag, attribute, text and comment of a page, as a browser's parser sees them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._heading is not None:
            tag, words = self.headings[-1]
            self.headings[-1] = (tag, words + data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.texts)


def assert_safe(source: str) -> Page:
    """Nothing in the page can run, load or restyle: only known tags, no event handlers, no
    links or sources, no comments, no control characters, one stylesheet (ours)."""
    page = Page(source)
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    assert page.tags.count("style") == 1 and "script" not in page.tags
    names = {name for name, _value in page.attrs}
    assert not {n for n in names if n.startswith("on")}
    assert not names & {"src", "href", "xlink:href", "srcset", "action", "formaction", "data",
                        "background", "poster"}
    assert not any("javascript:" in (value or "").lower() for _name, value in page.attrs)
    assert page.comments == []
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]",
                         source)
    # The only address in any attribute is the SVG namespace, which is never fetched.
    assert {v for _n, v in page.attrs if v and ("//" in v or "url" in v.lower())} <= \
        {"http://www.w3.org/2000/svg"}
    return page


def assert_self_contained(source: str) -> None:
    assert source.startswith("<!DOCTYPE html>")
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; " \
           "style-src 'unsafe-inline'; img-src data:;" in source
    assert "@page { size: A4;" in source and "@media print" in source
    assert "@import" not in source and "url(" not in source and "@font-face" not in source
    assert "<link" not in source and "<script" not in source.lower()


def hostile_reports() -> list[dict[str, Any]]:
    out = []
    for n, name in enumerate(HOSTILE_NAMES):
        data = good_report(
            name=name, version=2,
            confusions=[{"skill": "needs", "expected": "need", "given": HOSTILE_TAG, "count": 2},
                        {"skill": "needs", "expected": HOSTILE_TAG, "given": "strategy",
                         "count": 1}],
            items=[{"deck": "rep", "item": "d1", "skill": "distinguish", "answers": 4,
                    "right": n % 2},
                   {"deck": "evil", "item": "x_1", "skill": "needs", "answers": 3, "right": 0}],
            flags=[{"deck": "rep", "item": "d1", "skill": "distinguish", "reason": "unclear",
                    "count": 1, "set_aside": 0, "notes": [f"{HOSTILE_NOTE} {name}"]}])
        out.append(report.parse_report(json.dumps(data).encode()))
    return out


def test_hostile_names_prompts_tags_and_notes_on_the_class_page() -> None:
    summary = report.merge(hostile_reports())
    source = report.render_class(summary, "html", {"rep/d1": HOSTILE_PROMPT,
                                                   "evil/x_1": HOSTILE_NAMES[0]})
    assert_self_contained(source)
    page = assert_safe(source)
    text = page.text
    # Shown exactly as typed (cleaned of control characters), never as markup.
    for shown in ('<script>alert("name")</script>', '"><img src=x onerror=alert(1)>',
                  "Tom & Jerry's <b>bold</b> &amp; &lt;", "Zoëevil x",
                  "</title><style>body{display:none}</style>", "<!-- a comment --> ]]> <![CDATA[",
                  HOSTILE_PROMPT, "<iframe src=//evil.example></iframe> \"quoted\" & 'single'",
                  HOSTILE_TAG):
        assert shown in text, shown
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in source
    # A very long name is cut to the report's limit (in a shared note, to a note's limit).
    assert summary["names"][-1] == "x" * report.MAX_NAME
    assert f'<td class="name">{"x" * report.MAX_NAME}</td>' in source
    assert "x" * (report.MAX_NOTE + 1) not in text
    # Charts are numbers and our own words: no name or tag inside any SVG.
    for chart in re.findall(r"<svg.*?</svg>", source, re.S):
        for bad in ("script", "onerror", "evil", "Jerry", "Zoë", HOSTILE_TAG):
            assert bad not in chart


def test_hostile_text_on_a_trainees_page(capsys: pytest.CaptureFixture[str], trainees: Any,
                                         decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    flag(trainer, clock, "rep/d1", "other", note=HOSTILE_NOTE, share=True)
    for name in HOSTILE_NAMES:
        source = make_report(capsys, trainer, clock, decks_dir, "--format", "html", "--name", name)
        assert_self_contained(source)
        page = assert_safe(source)
        assert "<iframe src=//evil.example></iframe> \"quoted\" & 'single'" in page.text
    made = as_json(capsys, trainer, clock, decks_dir, "--name", HOSTILE_NAMES[1])
    made["confusions"] = [{"skill": "needs", "expected": HOSTILE_TAG, "given": "<b>", "count": 2}]
    source = report.render(made, "html", {"rep/d1": HOSTILE_PROMPT})
    page = assert_safe(source)
    assert HOSTILE_PROMPT in page.text and "You mixed up <svg/onload=alert(1)> and <b> twice" in \
        page.text
    assert page.headings[0] == ("h1", "Your practice: \"><img src=x onerror=alert(1)>")


def test_the_class_page_answers_the_five_questions(capsys: pytest.CaptureFixture[str],
                                                   class_reports: list[Path], decks_dir: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "class.html"
    code, _said, err = merge(capsys, tmp_path, *map(str, class_reports), "--format", "html", "-o",
                            str(out), "--decks", str(decks_dir))
    assert (code, err) == (0, "")
    source = out.read_text("utf-8")
    assert_self_contained(source)
    page = assert_safe(source)
    assert page.headings[0] == ("h1", "Class page: 3 trainees")
    assert [h for tag, h in page.headings if tag == "h2"] == [
        "Skills across the class", "Practice rhythm", "Look-alikes the class mixes up",
        "Items the class found hardest", "Items trainees flagged"]
    text = page.text
    # Skills as a distribution: each bar names how many are at which level.
    assert source.count('aria-label="Levels across the class: 3 at Seed"') == len(SKILL_IDS)
    assert "3 of 3 practised" in text and "in the last week" in text
    assert "A need taken for a strategy: 2 of 3 trainees, 4 times in all." in text
    # The hardest item with its prompt from the facilitator's deck, and how many answered.
    assert "\"I need you to text me when you leave.\"" in text
    assert "2 trainees" in text and "4 answers" in text
    assert "No item was flagged in these reports." in text
    # Trainees in alphabetical order, never ranked.
    assert text.index("Ana") < text.index("Ben") < text.index("Chen")


def test_who_has_not_practised_lately_is_said_kindly() -> None:
    quiet = good_report(name="Sam", practice_days=["2026-02-10"])
    busy = good_report(name="Ada", practice_days=["2026-03-03", "2026-03-04"])
    summary = report.merge([report.check_report(quiet), report.check_report(busy)])
    page = Page(report.render_class(summary, "html", {}))
    assert "no practice in the week before this report; last practised Tue 10 Feb 2026. A " \
           "friendly word may help them back." in page.text
    assert "1 of 2 practised" in page.text
    assert [r["name"] for r in summary["rhythm"]] == ["Ada", "Sam"]


def test_a_trainees_page_shows_the_year_the_weeks_and_what_they_hold(
        capsys: pytest.CaptureFixture[str], trainees: Any, decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    ana_flags(trainer, clock)
    source = make_report(capsys, trainer, clock, decks_dir, "--format", "html", "--name", "Ana")
    assert_self_contained(source)
    page = assert_safe(source)
    assert [h for tag, h in page.headings if tag in ("h1", "h2")] == [
        "Your practice: Ana", "Your year of practice", "Skill levels over time",
        "What you have come to hold", "Look-alikes still being learned", "Items you flagged"]
    # The year: 53 weeks; Ana practised on three days (one of them 40 days ago).
    assert 'aria-label="Practice over the last year: 3 days with practice"' in source
    assert source.count("<svg") >= 1 + len(SKILL_IDS)
    text = page.text
    assert "Walked through the whole process once" in text and "new in this period" in text
    assert "You mixed up self-empathy and advice twice" in text
    # The flagged item's prompt comes from the trainee's own decks; unshared notes never show.
    assert "The dinner burnt. Which line is self-empathy?" in text
    assert "The second option reads oddly." in text and "Wanjiru" not in source


def test_the_class_page_prints_on_a4_without_a_script() -> None:
    summary = report.merge([report.check_report(good_report())])
    source = report.render_class(summary, "html", {})
    assert_self_contained(source)
    assert "break-inside: avoid" in source and "print-color-adjust: exact" in source
