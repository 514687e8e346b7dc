"""The progress cache (XP, practice days, milestones): one JSON file, written atomically,
noting how much of the review log it covers so the rest can be folded in at start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trainer.store.atomic import atomic_write_bytes

PROGRESS_FILE = "progress.json"


def load(root: Path) -> tuple[dict[str, Any] | None, int]:
    """(progress, log offset it covers), or (None, 0) when missing or unreadable: the caller
    then rebuilds it from the whole log, which holds everything it is made from."""
    try:
        raw = json.loads((root / PROGRESS_FILE).read_bytes())
    except (OSError, ValueError):
        return None, 0
    if not isinstance(raw, dict) or not isinstance(raw.get("progress"), dict):
        return None, 0
    offset = raw.get("log_offset", 0)
    return raw["progress"], offset if isinstance(offset, int) and offset >= 0 else 0


def save(root: Path, progress: dict[str, Any], log_offset: int) -> None:
    data = {"schema": 1, "log_offset": log_offset, "progress": progress}
    atomic_write_bytes(root / PROGRESS_FILE,
                       json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
