"""Format versions of the data dir, and the steps that bring old data up to date.

state.json carries `meta.schema`; each log record carries `v` (and, since schema 1 was
released, `schema`). To change a format: bump SCHEMA (or RECORD_VERSION), and add the step
from the old version to the new one below. Steps are pure functions on the parsed data, run
at open after a backup; the log itself is never rewritten: old records are upgraded as read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA = 2  # the data folder's layout, noted in state.json
RECORD_VERSION = 1  # one line of reviews.jsonl

State = dict[str, Any]
Record = dict[str, Any]

# version N -> the function turning data of version N into version N+1
def _cards_leave_state(state: State) -> State:
    """Format 2: card states move out of state.json into cards.json (see legacy.py)."""
    out = {k: v for k, v in state.items() if k != "cards"}
    meta = dict(out.get("meta", {}).get("1", {}) or {})
    meta.pop("log_offset", None)
    out["meta"] = {"1": meta}
    return out


MIGRATIONS: dict[int, Callable[[State], State]] = {1: _cards_leave_state}
RECORD_UPGRADES: dict[int, Callable[[Record], Record]] = {}


class NewerData(Exception):
    """The data was written by a newer version of the app than this one."""


def schema_of(state: State) -> int:
    """The schema of a parsed state.json. Files from before the first snapshot have no meta."""
    meta = state.get("meta", {}).get("1", {})
    version = meta.get("schema", 1) if isinstance(meta, dict) else 1
    return version if isinstance(version, int) and version >= 1 else 1


def migrate_state(state: State, *, target: int | None = None) -> State:
    """Bring a parsed state.json from its schema up to `target` (default SCHEMA)."""
    target = SCHEMA if target is None else target
    version = schema_of(state)
    if version > target:
        raise NewerData(f"schema {version}, newer than {target}")
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise NewerData(f"no way to update schema {version}")
        state = step(state)
        version += 1
        meta = state.setdefault("meta", {}).setdefault("1", {})
        meta["schema"] = version
    return state


def upgrade_record(rec: Record) -> Record:
    """A log record in the current record format (records newer than this app pass as they are;
    the store checks their shape before use)."""
    version = rec.get("v", 1)
    while isinstance(version, int) and version < RECORD_VERSION and version in RECORD_UPGRADES:
        rec = RECORD_UPGRADES[version](rec)
        version = rec["v"] = version + 1
    return rec
