"""A class's course plan: the date each unit of the course path opens.

A facilitator puts `plan.toml` in the class folder:

    [units]
    1 = 2027-01-11
    2 = 2027-01-18

With a plan, an item of a unit opens on that unit's date, and units the plan doesn't list
stay closed; items without a unit are not part of the path and open with their deck.
Without a plan every unit is open."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from trainer.domain.deckparse import MAX_UNIT, TomlLines, decode, read_toml
from trainer.domain.fields import quote
from trainer.domain.problems import Capped, DeckError, Problem

PLAN_FILE = "plan.toml"
MAX_PLAN_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Plan:
    opens: Mapping[int, date]  # unit -> the study day it opens
    source: str = ""

    def has_opened(self, unit: int | None, today: date) -> bool:
        if unit is None:
            return True
        day = self.opens.get(unit)
        return day is not None and day <= today

    def opening(self, unit: int | None) -> date | None:
        """When `unit` opens (None: it has no date in the plan)."""
        return None if unit is None else self.opens.get(unit)


def unit_released(plan: Plan | None, unit: int | None, today: date) -> bool:
    return plan is None or plan.has_opened(unit, today)


def parse_plan(source: bytes, file: str) -> Plan:
    """Read a plan file. Raises DeckError with every problem, located by line."""
    if len(source) > MAX_PLAN_BYTES:
        raise DeckError([Problem(file, 1, f"a plan is at most {MAX_PLAN_BYTES // 1024} KiB; this "
                                 f"file is {len(source) // 1024} KiB")])
    text = decode(source, file)
    doc = read_toml(text, file)
    lines = TomlLines(text)
    problems = Capped(file)
    where = _key_lines(lines)
    for key in doc:
        if key != "units":
            problems.append(Problem(file, where.get(key, 1), f"a plan holds only [units], not "
                                    f"{quote(key)}"))
    units: Any = doc.get("units")
    opens: dict[int, date] = {}
    if not isinstance(units, dict) or not units:
        problems.append(Problem(file, 1, "a plan needs a [units] table, like:  [units]  then  "
                                "1 = 2027-01-11"))
    else:
        for key, value in units.items():
            line = where.get(key, 1)
            if not (key.isascii() and key.isdigit() and 1 <= int(key) <= MAX_UNIT):
                problems.append(Problem(file, line, f"{quote(key)} is not a unit number; units "
                                        f"go from 1 to {MAX_UNIT}"))
                continue
            day = value if isinstance(value, date) and not isinstance(value, datetime) else None
            if day is None and isinstance(value, str) and len(value) <= 40:
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    day = None
            if day is None:
                problems.append(Problem(file, line, f"unit {key} should open on a date like "
                                        "2027-01-11"))
                continue
            opens[int(key)] = day
    if problems:
        raise DeckError(problems.report())
    return Plan(opens, file)


def _key_lines(lines: TomlLines) -> dict[str, int]:
    """The first line of each `key =` in the file, found in one pass."""
    out: dict[str, int] = {}
    for n, text in enumerate(lines.lines, 1):
        head, eq, _ = text.partition("=")
        if eq:
            out.setdefault(head.strip().strip("\"'"), n)
    return out
