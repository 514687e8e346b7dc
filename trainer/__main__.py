"""`python -m trainer` runs the same entry point as the `self-empathy` script."""

from trainer.cli import main

raise SystemExit(main())
