"""The two report screenshots: the class page merged from a seeded class of twelve, and one
trainee's own page, each rendered by headless Chromium and saved as a PNG."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from screenshots import browser
from screenshots.classroom import build_class
from trainer.cli import main as cli

CLASS_PNG = "class-report.png"
TRAINEE_PNG = "trainee-report.png"


def shoot_reports(work: Path, out: Path) -> list[Path]:
    """Build the class in `work`, write its pages, save their screenshots in `out`. Raises
    RuntimeError if the class page can't be made or shows an error."""
    work.mkdir(parents=True, exist_ok=True)
    room = build_class(work)
    page = work / "class.html"
    said = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(said):
        code = cli(["--data-dir", str(work / "unused"), "report", "merge",
                    *map(str, room.reports), str(room.broken), "--format", "html", "-o",
                    str(page)])
    # Exit 1 is expected: the malformed report is skipped, as the page says.
    if code != 1 or "Skipped" not in said.getvalue() or not page.exists():
        raise RuntimeError(f"the class page was not made as expected: {said.getvalue()}")
    written = []
    with browser.chromium() as chromium:
        for source, name in ((page, CLASS_PNG), (room.trainee_page, TRAINEE_PNG)):
            browser.screenshot(chromium, source, out / name)
            written.append(out / name)
    return written
