"""The command the trainee typed to start us, for messages that tell them what to run next:
`python -m trainer` when started that way, else the installed `self-empathy`."""

from __future__ import annotations

import sys


def command() -> str:
    started = sys.argv[0] if sys.argv else ""
    return "python -m trainer" if started.endswith("__main__.py") else "self-empathy"
