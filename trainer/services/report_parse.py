"""Reading a trainee's JSON report back for a class summary. Reports come from other people's
machines, so every field is checked for type and a sane range; anything else makes the one
file skipped with its reason, and nothing but ReportError ever comes out of here."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from trainer.domain.deckparse import DECK_ID, ITEM_ID
from trainer.domain.levels import LEVELS
from trainer.domain.skills import SKILL_IDS, SKILLS_BY_ID
from trainer.services.report_base import (
    FORMAT,
    MAX_CONFUSIONS,
    MAX_COUNT,
    MAX_DAYS,
    MAX_FLAGS,
    MAX_ITEMS,
    MAX_LIST,
    MAX_NAME,
    MAX_NOTE,
    MAX_REPORT_BYTES,
    MAX_TAG,
    OLDEST_VERSION,
    REASONS,
    VERSION,
    Report,
    ReportError,
    iso_day,
    known,
    tidy,
)

EARLIEST, LATEST = date(2000, 1, 1), date(2199, 12, 31)  # any real report's dates, with room


def _day(v: object) -> date | None:
    """A report's date: "YYYY-MM-DD" in a sane range (so date arithmetic can't overflow)."""
    day = iso_day(v)
    return day if day is not None and EARLIEST <= day <= LATEST else None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def parse_report(raw: bytes) -> Report:
    """A trainee's JSON report, checked and cleaned for merging. Raises ReportError only."""
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"it is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB, far "
                          "more than any report")
    try:
        # utf-8-sig: a report saved by an editor that adds a byte-order mark is still fine.
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constants)
    except UnicodeDecodeError as e:
        raise ReportError("it is not a text file (not UTF-8)") from e
    except (ValueError, RecursionError) as e:
        # ValueError also covers a number with thousands of digits.
        raise ReportError("it is not a JSON report (not readable JSON)") from e
    return check_report(data)


def _is_int(v: object, low: int = 0, high: int = MAX_COUNT) -> bool:
    return type(v) is int and low <= v <= high


def _is_num(v: object, low: float, high: float) -> bool:
    # Compared before math.isfinite, which raises OverflowError for an int like 10**400.
    return isinstance(v, int | float) and not isinstance(v, bool) and low <= v <= high \
        and math.isfinite(v)


def _ids(entry: dict[str, Any]) -> bool:
    deck, item = entry.get("deck"), entry.get("item")
    return isinstance(deck, str) and isinstance(item, str) and bool(DECK_ID.match(deck)) \
        and bool(ITEM_ID.match(item)) and known(entry.get("skill"), SKILLS_BY_ID)


class _Fields:
    """Reads one report object, raising ReportError that names the field at fault."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def need(self, key: str) -> Any:
        if key not in self.data:
            raise ReportError(f"the field \"{key}\" is missing")
        return self.data[key]

    @staticmethod
    def bad(key: str, what: str) -> ReportError:
        return ReportError(f"the field \"{key}\" should be {what}")


def _whole(limit: int = MAX_COUNT) -> str:
    return f"a whole number from 0 to {limit:,}"


def _skills(f: _Fields) -> dict[str, dict[str, Any]]:
    skills = f.need("skills")
    if not isinstance(skills, dict):
        raise f.bad("skills", "an object with one entry per skill")
    out: dict[str, dict[str, Any]] = {}
    for sid in SKILL_IDS:
        s = skills.get(sid)
        if not isinstance(s, dict):
            raise ReportError(f"the skill \"{sid}\" is missing")
        if not _is_int(s.get("level"), 0, len(LEVELS) - 1):
            raise f.bad(f"skills.{sid}.level", f"a whole number from 0 to {len(LEVELS) - 1}")
        if not isinstance(s.get("level_name"), str):
            raise f.bad(f"skills.{sid}.level_name", "text")
        if not _is_num(s.get("score"), 0, 100):
            raise f.bad(f"skills.{sid}.score", "a number from 0 to 100")
        if not _is_int(s.get("answers")):
            raise f.bad(f"skills.{sid}.answers", _whole())
        acc = s.get("accuracy")
        if acc is not None and not _is_num(acc, 0, 1):
            raise f.bad(f"skills.{sid}.accuracy", "a number from 0 to 1, or null")
        # Optional: anchor practices and walk-throughs; items learned and held (version 2).
        for key in ("practices", "learned", "strong"):
            if not _is_int(s.get(key, 0)):
                raise f.bad(f"skills.{sid}.{key}", _whole())
        out[sid] = {"level": s["level"], "level_name": LEVELS[s["level"]][1],
                    "score": s["score"], "answers": s["answers"],
                    "accuracy": acc if s["answers"] else None,
                    "practices": s.get("practices", 0), "learned": s.get("learned", 0),
                    "strong": s.get("strong", 0)}
    return out


def _confusions(f: _Fields) -> list[dict[str, Any]]:
    raw = f.need("confusions")
    if not isinstance(raw, list) or len(raw) > MAX_CONFUSIONS:
        raise f.bad("confusions", f"a list (of at most {MAX_CONFUSIONS:,})")
    out: list[dict[str, Any]] = []
    for c in raw:
        if not (isinstance(c, dict) and isinstance(c.get("expected"), str)
                and isinstance(c.get("given"), str) and _is_int(c.get("count"), 1)):
            raise f.bad("confusions", "a list of {\"expected\", \"given\", \"count\"}")
        expected, given = tidy(c["expected"], MAX_TAG), tidy(c["given"], MAX_TAG)
        skill = c.get("skill")
        if expected and given and expected != given:
            out.append({"skill": skill if known(skill, SKILLS_BY_ID) else None,
                        "expected": expected, "given": given, "count": c["count"]})
    return out


def _items(f: _Fields) -> list[dict[str, Any]]:
    raw = f.need("items")
    shape = (f"a list (of at most {MAX_ITEMS:,}) of {{\"deck\", \"item\", \"skill\", "
             "\"answers\", \"right\"}, each answered at least once")
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        raise f.bad("items", shape)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for e in raw:
        if not (isinstance(e, dict) and _ids(e) and _is_int(e.get("answers"), 1)
                and _is_int(e.get("right"), 0, e["answers"])):
            raise f.bad("items", shape)
        key = (e["deck"], e["item"])
        if key in out:
            raise f.bad("items", "a list naming each item once")
        out[key] = {"deck": e["deck"], "item": e["item"], "skill": e["skill"],
                    "answers": e["answers"], "right": e["right"]}
    return list(out.values())


def _flags(f: _Fields) -> list[dict[str, Any]]:
    raw = f.need("flags")
    shape = (f"a list (of at most {MAX_FLAGS:,}) of {{\"deck\", \"item\", \"skill\", "
             "\"reason\", \"count\"}, the reason one of " + ", ".join(REASONS))
    if not isinstance(raw, list) or len(raw) > MAX_FLAGS:
        raise f.bad("flags", shape)
    out: list[dict[str, Any]] = []
    for e in raw:
        if not (isinstance(e, dict) and _ids(e) and known(e.get("reason"), REASONS)
                and _is_int(e.get("count"), 1)):
            raise f.bad("flags", shape)
        aside, notes = e.get("set_aside", 0), e.get("notes", [])
        if not _is_int(aside, 0, e["count"]):
            raise f.bad("flags", "a list whose \"set_aside\" is at most its \"count\"")
        if not (isinstance(notes, list) and len(notes) <= e["count"]
                and all(isinstance(n, str) for n in notes)):
            raise f.bad("flags", "a list whose \"notes\" are texts, at most one per flag")
        shared = [t for t in (tidy(n, MAX_NOTE) for n in notes) if t]
        out.append({"deck": e["deck"], "item": e["item"], "skill": e["skill"],
                    "reason": e["reason"], "count": e["count"], "set_aside": aside,
                    "notes": shared})
    return out


def check_report(data: object) -> Report:
    """Check a parsed report field by field; return a clean copy. Raises ReportError.

    A version 1 report (before item analytics and flags) comes back with "items" and "flags"
    as None: the class summary leaves it out of those parts and says so."""
    if not isinstance(data, dict):
        raise ReportError("it is not a self-empathy report (no JSON object)")
    if data.get("format") != FORMAT:
        raise ReportError(f"it is not a self-empathy report (\"format\" is not {FORMAT!r})")
    version = data.get("version")
    if _is_int(version, VERSION + 1, 10**12):
        raise ReportError(f"it was made by a newer version of the app (report version {version})")
    if not _is_int(version, OLDEST_VERSION, VERSION):
        raise ReportError("its \"version\" is missing or not a number this app knows")
    detailed = version != 1  # version 2 on: item analytics and flags
    f = _Fields(data)
    name = f.need("name")
    if not isinstance(name, str):
        raise f.bad("name", "text")
    per = f.need("period")
    if not isinstance(per, dict):
        raise f.bad("period", "an object with \"from\", \"to\" and \"days\"")
    start, end = _day(per.get("from")), _day(per.get("to"))
    if start is None or end is None or start > end:
        raise f.bad("period", f"two dates (YYYY-MM-DD, {EARLIEST.year} to {LATEST.year}), "
                    "\"from\" not after \"to\"")
    if not _is_int(per.get("days"), 1, MAX_DAYS):
        raise f.bad("period", f"a number of days from 1 to {MAX_DAYS}")
    skills = _skills(f)
    confusions = _confusions(f)
    days = f.need("practice_days")
    if not isinstance(days, list) or len(days) > MAX_LIST or any(_day(d) is None for d in days):
        raise f.bad("practice_days", f"a list of dates (YYYY-MM-DD, {EARLIEST.year} to "
                    f"{LATEST.year})")
    milestones = f.need("milestones")
    if not isinstance(milestones, list) or len(milestones) > MAX_LIST or not all(
            isinstance(m, dict) and isinstance(m.get("id"), str) for m in milestones):
        raise f.bad("milestones", "a list of milestones, each with an \"id\"")
    if not _is_int(f.need("xp")):
        raise f.bad("xp", _whole())
    return {"format": FORMAT, "version": version, "name": tidy(name, MAX_NAME),
            "period": {"from": start.isoformat(), "to": end.isoformat(), "days": per["days"]},
            "skills": skills, "confusions": confusions,
            "practice_days": sorted(set(days)), "milestones": len(milestones), "xp": data["xp"],
            "items": _items(f) if detailed else None,
            "flags": _flags(f) if detailed else None}
