"""What each start-up optimization that stays is worth, at both scales:

    python -m benchmarks optimizations [--runs 9]

Each is undone in a child process (by patching it out, never by a switch in the app) and
the start to an interactive home screen is timed against the app as it is, in interleaved
pairs on the same data folder. The README quotes the figures."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.make_data import SCALES, make_data

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys
from pathlib import Path
variant = sys.argv[2]
if variant == "no-deck-cache":  # parse every deck file at every start
    from trainer.store import deckcache
    deckcache.DeckCache.get = lambda self, name, sig: None
    deckcache.DeckCache.save = lambda self: None
if variant == "eager-imports":  # what is imported when first needed, imported at start
    import csv, tomli, fsrs  # noqa
    import trainer.ui.screens.drill, trainer.ui.screens.stats, trainer.ui.screens.summary  # noqa
    import trainer.ui.screens.decks, trainer.ui.screens.settings, trainer.ui.screens.anchors  # noqa
    import trainer.ui.screens.journal, trainer.ui.screens.help, trainer.ui.screens.checkin  # noqa
    import trainer.domain.csvdeck, trainer.services.report  # noqa
if variant == "all-text":  # every item's text read at start, not when first shown
    from trainer.services import opening
    real = opening.open_trainer
    def eager(*a, **k):
        t = real(*a, **k)
        for d in t.deckset.decks:
            for i in d.items:
                i.prompt
        return t
    opening.open_trainer = eager
if variant == "textual-footer":  # Textual's Footer as it is: a widget per key
    from textual.widgets import Footer
    from trainer.ui.widgets import footer
    footer.Footer.compose = Footer.compose
    footer.Footer.bindings_changed = Footer.bindings_changed
if variant == "gc-on":  # the cycle collector left on while starting
    import gc
    gc.disable = lambda: None
from trainer.cli import run_app

async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()

run_app(Path(sys.argv[1]), [], headless=True, size=(80, 24), auto_pilot=stop)
"""
VARIANTS = {
    "no-deck-cache": "the deck cache (parsed decks, text read when shown)",
    "all-text": "reading an item's text only when it is first shown",
    "eager-imports": "imports deferred until first needed (fsrs, tomli, csv, screens)",
    "textual-footer": "the footer's keys drawn by one widget (trainer/ui/widgets/footer.py)",
    "gc-on": "the cycle collector paused until home is on screen",
}


def _start(data: Path, variant: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, str(data), variant], check=True, env=env,
                   cwd=ROOT, capture_output=True, timeout=120)
    return time.perf_counter() - t0


def measure(scale: str, runs: int) -> list[tuple[str, float, float]]:
    """(what, ms the optimization saves (median of pairs), ratio undone/as is)."""
    work = Path(tempfile.mkdtemp(prefix="se-opt-"))
    try:
        data = work / "data"
        make_data(data, **SCALES[scale])
        _start(data, "as-is")  # the deck cache filled, bytecode written
        out = []
        for variant, what in VARIANTS.items():
            saved, ratios = [], []
            for _ in range(runs):
                base = _start(data, "as-is")
                undone = _start(data, variant)
                saved.append(undone - base)
                ratios.append(undone / base)
            out.append((what, statistics.median(saved) * 1000, statistics.median(ratios)))
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks optimizations", description=__doc__)
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    args = p.parse_args(argv)
    for scale in (SCALES if args.scale == "both" else [args.scale]):
        print(f"{scale}:")
        for what, ms, ratio in measure(scale, args.runs):
            print(f"  {what:70} saves {ms:6.0f} ms ({ratio:.3f}x without it)")
    return 0
