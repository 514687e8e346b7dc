"""`python -m screenshots.served DATA`: the app process behind the browser screenshot, as
`serve` starts one for a tab, but with the screenshots' fixed clock, so that the seeded
data folder's home screen says the same on every run."""

from __future__ import annotations

import sys
from pathlib import Path

from screenshots.seed import NOW, ZONE
from trainer.domain.clock import FixedClock
from trainer.services.opening import open_trainer
from trainer.ui.app import TrainerApp


def main(argv: list[str]) -> int:
    trainer = open_trainer(Path(argv[0]), [], writable=True, clock=FixedClock(NOW, ZONE))
    try:
        app = TrainerApp(trainer)
        app.animation_level = "none"
        app.run()
    finally:
        trainer.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
