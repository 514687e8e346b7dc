"""`python -m screenshots` writes an SVG of every screen, showing what it should, the same each run."""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path

import pytest

from screenshots import browser
from screenshots.__main__ import main
from screenshots.tab import NAME, WINDOW, why_not

# file -> text that must be on that screen
EXPECTED: dict[str, tuple[str, ...]] = {
    "home.svg": ("Self-Empathy Trainer", "Today's goal", "Press Enter to start a session"),
    "home-wide.svg": ("Today's goal", "rest day saved"),
    "stats.svg": ("Practice over the last year", "days of practice in all"),
    "stats-wide.svg": ("Reviews due, next 14 days", "Look-alikes you mix up most", "You mixed up"),
    "milestones.svg": ("Milestones ·", "✓", "Met your first ten items  ("),
    "settings.svg": ("Settings", "Daily goal", "Reduced motion"),
    "decks.svg": ("Decks", "decks on", "built in"),
    "anchors.svg": ("Your anchors", "the sound of rain"),
    "journal.svg": ("Your journal", "Widen the frame"),
    "help.svg": ("How to practise",),
    "checkin.svg": ("A moment to check in", "Enter skips"),
    "walkthrough.svg": ("Step 5 of 8 · What you feel", "calm, glad"),
    "drill-feedback.svg": ("1 of 7", "The answer:",
                           "The line you picked is self-criticism; the answer is self-empathy"),
    "drill-classify.svg": ("2 of 7", "1feeling", "2sensation", "3thought"),  # a column each
    "drill-multi.svg": ("3 of 7", "calls right"),
    "drill-match.svg": ("4 of 7", "pairs right", "you paired"),
    "drill-order.svg": ("5 of 7", "in the right place"),
    "drill-recall.svg": ("6 of 7", "Accepted:", "respect"),
    "anchor.svg": ("7 of 7", "Your anchor: breath", "breathe in", "1:25 left", "2 returns"),
    "summary.svg": ("Session complete", "6 answered", "To look at again"),
}


def screen_text(svg: str) -> str:
    """The terminal text of a Rich SVG export, one line per terminal row."""
    lines: dict[float, list[str]] = {}
    for y, text in re.findall(r'<text class="terminal-[^"]*-r\d+"[^>]*?y="([\d.]+)"[^>]*>([^<]*)</text>',
                              svg):
        lines.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items()))


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shots")
    assert main(["--out", str(out)]) == 0
    return out


REPORTS = ("class-report.png", "trainee-report.png")  # rendered by Chromium, when there is one


def browser_shot() -> list[str]:
    """browser-home.png, where chromium is installed (CI installs it)."""
    return [NAME] if why_not() is None else []


def test_every_screen_is_written_and_shows_what_it_should(shots: Path) -> None:
    pngs = REPORTS if browser.missing() is None else ()
    assert sorted(p.name for p in shots.iterdir()) == sorted([*EXPECTED, *pngs, *browser_shot()])
    for name, phrases in EXPECTED.items():
        svg = (shots / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>"), name
        text = screen_text(svg)
        for phrase in phrases:
            assert phrase in text, f"{name}: {phrase!r} not on the screen:\n{text}"
        assert "Traceback" not in text and "Error" not in text, name


def test_a_second_run_writes_the_same_bytes(shots: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for name in [*EXPECTED, *browser_shot()]:
        assert f"wrote {tmp_path / name}" in printed
        assert (tmp_path / name).read_bytes() == (shots / name).read_bytes(), name


@pytest.mark.skipif(browser.missing() is not None, reason=f"no browser: {browser.missing()}")
def test_the_report_pages_are_saved_as_whole_page_pngs(shots: Path) -> None:
    for name in REPORTS:
        data = (shots / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == browser.WIDTH and height > 1500, (name, width, height)


def test_the_browser_shot_is_the_whole_window(shots: Path) -> None:
    """(Its text was checked on the page before it was taken.)"""
    if why_not() is not None:
        pytest.skip(f"no {NAME}: {why_not()}")
    png = (shots / NAME).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == WINDOW
