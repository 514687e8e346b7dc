"""Starting the app, and `stats`: the trainee's own practice, in the terminal."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.domain.text import sentence

if TYPE_CHECKING:
    from trainer.services.practice import Trainer


def _open_trainer(data_dir: Path, extra: list[Path], *, writable: bool) -> Trainer:
    from trainer.services.opening import open_trainer

    return open_trainer(data_dir, extra, writable=writable)


def run_command(args: argparse.Namespace, data_dir: Path, extra: list[Path]) -> int:
    """`stats`, or a `deck` action that needs the data folder (opened read-only)."""
    trainer = _open_trainer(data_dir, extra, writable=False)
    if args.command == "stats":
        from trainer.domain.text import plural
        from trainer.services import views

        stats = views.stats(trainer)
        if args.json:
            print(json.dumps(stats, indent=2))
        else:
            print(f"Answers so far: {stats['answers']}, {stats['right']} right; "
                  f"{plural(stats['practices'], 'practice')} (never right or wrong). "
                  f"Due today: {stats['due_today']}, tomorrow: {stats['due_tomorrow']}.")
            for skill, s in stats["skills"].items():
                print(f"  {skill:16} {s['answers']:5} answered, {s['right']:5} right, "
                      f"{s['practices']:4} practices, {s['due']:4} due today, {s['new']:4} new")
        return 0
    from trainer.cli import deck

    return deck.run(args, trainer)


def run_app(data_dir: Path, extra: list[Path], **run: Any) -> int:
    """Open the data and run the app (`run`: options for App.run, as the benchmarks use)."""
    # Starting makes some 50,000 objects that live as long as the app and almost no cyclic
    # garbage, so the cycle collector's passes over them are pure cost: it is off until home
    # is on screen (TrainerApp.on_ready), then leaves them out (README, "Benchmarks"). They
    # stay frozen to the end: unfrozen, the collection at exit walked them all (80 ms).
    gc.disable()
    try:
        trainer = _open_trainer(data_dir, extra, writable=True)
    except BaseException:
        gc.enable()
        raise
    try:
        from trainer.ui.app import TrainerApp

        TrainerApp(trainer).run(**run)
    finally:
        gc.enable()
        from trainer.store.atomic import StoreError

        try:
            trainer.store.close()
        except StoreError as e:
            print(f"Note: {sentence(e.strerror)} Every answer you gave is safe in your review history; "
                  "the summary file is rebuilt from it next time.", file=sys.stderr)
    return 0
