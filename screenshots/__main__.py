"""`python -m screenshots [--out DIR]`: regenerate the SVG screenshots of every screen, and
PNGs of the two HTML reports (the class page and a trainee's own page) and of the app in a
browser tab (`serve`).

The app runs headless over a temporary data dir with three weeks of seeded practice and a
fixed clock, so two runs write byte-identical SVG files (and, on the same machine and
chromium, the same PNGs). The reports come from a seeded class of twelve
(screenshots/classroom.py); the PNGs are taken by headless Chromium (Debian's chromium through
Playwright); without it they are left out, and the script says why."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from screenshots import browser
from screenshots.reports import shoot_reports
from screenshots.seed import build
from screenshots.shots import shoot_all
from screenshots.tab import NAME, shoot_browser, why_not

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder for the SVG files (default: the screenshots/ folder)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="trainer-shots-") as tmp:
        trainer, clock = build(Path(tmp) / "data")
        try:
            written = asyncio.run(shoot_all(trainer, clock, out))
        finally:
            trainer.store.close()
        why = browser.missing()
        if why is None:
            written += shoot_reports(Path(tmp) / "class", out)
        else:
            print(f"The report screenshots were left out: {why}.")
        missing = why_not()
        if missing is None:
            written.append(shoot_browser(out, Path(tmp)))
        else:
            print(f"skipped {NAME}: {missing}")
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} screenshots in {time.monotonic() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
