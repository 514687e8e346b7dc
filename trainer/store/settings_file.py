"""`state.json`: the trainee's settings, a TinyDB database (tables `profile` and `meta`),
written atomically. Every value is checked as it is read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.domain.settings import check_profile
from trainer.store.atomic import atomic_write_bytes

STATE_FILE = "state.json"
MAX_STATE_BYTES = 16 * 1024 * 1024  # settings are a few hundred bytes


@dataclass
class SettingsRead:
    """What state.json held, checked."""

    data: dict[str, Any] | None = None  # the tables, or None when there is no usable file
    problem: str | None = None  # why the file as a whole can't be used, in words
    profile: dict[str, Any] = field(default_factory=dict)  # usable settings
    bad_settings: list[str] = field(default_factory=list)  # a sentence for each set aside


def _table_problem(data: object) -> str | None:
    if not isinstance(data, dict):
        return "does not contain the expected tables"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(
                isinstance(k, str) and k.isascii() and k.isdigit() and len(k) < 12
                and isinstance(v, dict) for k, v in table.items()):
            return f"has a damaged {str(name)[:40]!r} table"
    meta = data.get("meta", {}).get("1", {})
    schema = meta.get("schema", 1)
    if type(schema) is not int or not 1 <= schema <= 1000:
        return "has a damaged format note"
    offset = meta.get("log_offset", 0)
    if type(offset) is not int or offset < 0:
        return "has a damaged format note"
    return None


def check_state(data: object) -> SettingsRead:
    """A parsed state.json, checked: its tables' shape, then each setting's value."""
    problem = _table_problem(data)
    if problem is not None:
        rescued: dict[str, Any] = {}
        if isinstance(data, dict) and isinstance(data.get("profile"), dict):
            prof = data["profile"].get("1")
            if isinstance(prof, dict):
                rescued, _bad = check_profile(prof)
        return SettingsRead(None, problem, rescued)
    assert isinstance(data, dict)
    prof = data.get("profile", {}).get("1") or {}
    profile, bad = check_profile(prof)
    return SettingsRead(data, None, profile, bad)


def read_state(path: Path) -> SettingsRead | None:
    """state.json checked; None if there is none."""
    try:
        size = path.stat().st_size
        if size > MAX_STATE_BYTES:
            return SettingsRead(None, f"is {size // 1048576} MiB, far more than any settings")
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        return SettingsRead(None, f"could not be read ({e.strerror or e})")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return SettingsRead(None, "is damaged (it is not readable JSON)")
    return check_state(data)


def write_state_json(root: Path, data: dict[str, Any]) -> None:
    """state.json as given (a migration's result), written atomically."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    atomic_write_bytes(root / STATE_FILE, text.encode("utf-8"))
