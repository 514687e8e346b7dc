"""Where data lives: --data-dir, then SELF_EMPATHY_HOME, then the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "self-empathy-trainer"
ENV_HOME = "SELF_EMPATHY_HOME"


def resolve_data_dir(arg: str | os.PathLike[str] | None = None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: most starts are given a folder or none is needed yet

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create the folder (owner-only) if needed."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def builtin_decks_dir() -> Path:
    """The built-in decks: inside an installed wheel, or the checkout's drills/ folder."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_drills"
    return packaged if packaged.is_dir() else here.parent / "drills"
