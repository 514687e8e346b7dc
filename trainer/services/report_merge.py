"""The class summary: trainees' checked reports (report_parse) merged into numbers a
facilitator can read at a glance. Pure: no files, no deck text (prompts are the renderers').

Nothing here ranks trainees against each other: each trainee's own rhythm is listed in
alphabetical order, and everything else is about the class as a whole or about items."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from trainer.domain.levels import LEVELS
from trainer.domain.skills import SKILL_IDS
from trainer.domain.stats import accuracy
from trainer.domain.text import plural
from trainer.services.report_base import CLASS_FORMAT, REASONS, VERSION, Report

RECENT_DAYS = 28  # each trainee's rhythm strip
MAX_WEEKS = 53  # of the class's practice days per week
TOP_CONFUSIONS = 10
MOST_MISSED = 10
MIN_ANSWERS = 3  # an item needs this many answers in the class to be called most missed
MIN_SHARE_ANSWERING = 4  # ...and answers from at least a quarter of the class (1 at least)
NAMES_IN_A_NOTE = 5


def _median(values: Sequence[float], digits: int = 3) -> float | None:
    if not values:
        return None
    m = statistics.median(values)
    return int(m) if float(m).is_integer() else round(float(m), digits)


def level_name(level: float) -> str:
    """The name of a (median) level; half-way between two: 'between Seed and Sprouting'."""
    low, high = math.floor(level), math.ceil(level)
    if low == high:
        return LEVELS[low][1]
    return f"between {LEVELS[low][1]} and {LEVELS[high][1]}"


def _ranked(confusions: Iterable[tuple[int, Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """Confusions from (trainee, entry), those most trainees share first (then: most often)."""
    count: Counter[tuple[str, str]] = Counter()
    who: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    for trainee, c in confusions:
        pair = (c["expected"], c["given"])
        count[pair] += c["count"]
        who[pair].add(trainee)
    pairs = sorted(count, key=lambda p: (-len(who[p]), -count[p], p))
    return [{"expected": p[0], "given": p[1], "trainees": len(who[p]), "count": count[p]}
            for p in pairs]


def _natural(name: str) -> tuple[Any, ...]:
    """Sorts 'Trainee 2' before 'Trainee 10', and ignores case."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in re.split(r"(\d+)", name))


def _listed(names: Sequence[str]) -> str:
    shown = list(names[:NAMES_IN_A_NOTE])
    if len(names) > NAMES_IN_A_NOTE:
        shown.append(f"{len(names) - NAMES_IN_A_NOTE} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def display_names(names: Sequence[str]) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(names to show, notes, names used by more than one report): reports without a name are
    numbered "Trainee 1", ...; reports sharing a name stay separate trainees, "Ana (1)", ..."""
    notes: list[str] = []
    shown = list(names)
    unnamed = [n for n, name in enumerate(names) if not name]
    for k, n in enumerate(unnamed, 1):
        shown[n] = f"Trainee {k}"
    if unnamed:
        called = _listed([shown[n] for n in unnamed])
        notes.append(f"{plural(len(unnamed), 'report')} had no name, so "
                     f"{'it is' if len(unnamed) == 1 else 'they are'} called {called} here.")
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for n, name in enumerate(shown):
        groups[name.casefold()].append(n)
    same: list[dict[str, Any]] = []
    taken = {name.casefold() for name in shown}
    for members in groups.values():
        if len(members) < 2:
            continue
        name = shown[members[0]]
        renamed = []
        k = 0
        for n in members:
            k += 1
            while f"{shown[n]} ({k})".casefold() in taken:
                k += 1
            shown[n] = f"{shown[n]} ({k})"
            taken.add(shown[n].casefold())
            renamed.append(shown[n])
        same.append({"name": name, "reports": len(members), "shown_as": renamed})
        notes.append(f"{len(members)} reports are named {name}; they are kept as "
                     f"{len(members)} trainees, {_listed(renamed)}.")
    return shown, notes, same


def _weeks(reports: Sequence[Report], start: date, end: date) -> list[dict[str, Any]]:
    """Per week of the class's period (seven days, the last ending on its last day): how
    many trainees practised on 0, 1, ... 7 of its days. A trainee counts in the weeks their
    report covers whole; a period shorter than a week is one shorter week."""
    n = max(1, min(MAX_WEEKS, ((end - start).days + 1) // 7))
    firsts = [max(start, end - timedelta(days=7 * (n - w) - 1)) for w in range(n)]
    spans = [(date.fromisoformat(r["period"]["from"]), date.fromisoformat(r["period"]["to"]),
              {date.fromisoformat(d) for d in r["practice_days"]}) for r in reports]
    out = []
    for first in firsts:
        last = first + timedelta(days=6) if first + timedelta(days=6) <= end else end
        spread = [0] * 8
        days_each: list[int] = []
        for low, high, practised in spans:
            if not low <= first <= last <= high:
                continue
            k = sum(1 for d in range((last - first).days + 1)
                    if first + timedelta(days=d) in practised)
            spread[k] += 1
            days_each.append(k)
        out.append({"from": first.isoformat(), "to": last.isoformat(),
                    "trainees": len(days_each), "spread": spread, "median": _median(days_each)})
    return out


def _rhythm(reports: Sequence[Report], names: Sequence[str]) -> list[dict[str, Any]]:
    """Each trainee's last four weeks (1 practised, 0 not, -1 before their report's period),
    in alphabetical order: a trainee's own rhythm, never a ranking."""
    out: list[dict[str, Any]] = []
    for r, name in zip(reports, names, strict=True):
        low, high = date.fromisoformat(r["period"]["from"]), date.fromisoformat(r["period"]["to"])
        practised = {date.fromisoformat(d) for d in r["practice_days"]}
        days = [high - timedelta(days=RECENT_DAYS - 1 - k) for k in range(RECENT_DAYS)]
        strip = [-1 if d < low else int(d in practised) for d in days]
        before = [d for d in practised if d <= high]
        out.append({"name": name, "to": high.isoformat(), "recent": strip,
                    "last_week": sum(1 for d in days[-7:] if d in practised),
                    "week_covered": low <= days[-7],
                    "last_practised": max(before).isoformat() if before else None})
    out.sort(key=lambda e: _natural(e["name"]))
    return out


def _items(reports: Sequence[Report]) -> list[dict[str, Any]]:
    answers: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    who: Counter[tuple[str, str]] = Counter()
    skill: dict[tuple[str, str], str] = {}
    for r in reports:
        for e in r["items"] or ():
            key = (e["deck"], e["item"])
            answers[key] += e["answers"]
            right[key] += e["right"]
            who[key] += 1
            skill[key] = e["skill"]
    rows: list[dict[str, Any]] = [
        {"deck": k[0], "item": k[1], "skill": skill[k], "answers": answers[k], "right": right[k],
         "accuracy": accuracy(right[k], answers[k]), "trainees": who[k]} for k in answers]
    rows.sort(key=lambda e: (e["right"] / e["answers"], -e["trainees"], -e["answers"],
                             e["deck"], e["item"]))
    return rows


def most_missed(items: Sequence[Mapping[str, Any]], trainees: int, n: int = MOST_MISSED
                ) -> list[dict[str, Any]]:
    """The items the class found hardest: the lowest share right among items answered
    MIN_ANSWERS times or more, by a quarter of the `trainees` or more (all items missed, when
    none is answered that widely). One trainee's struggle with one item is not the class's."""
    missed = [dict(e) for e in items if e["right"] < e["answers"]]
    wide = max(1, trainees // MIN_SHARE_ANSWERING)
    enough = [e for e in missed if e["answers"] >= MIN_ANSWERS and e["trainees"] >= wide]
    return (enough or missed)[:n]


def _flags(reports: Sequence[Report]) -> list[dict[str, Any]]:
    reasons: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    who: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    aside: Counter[tuple[str, str]] = Counter()
    notes: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    skill: dict[tuple[str, str], str] = {}
    for n, r in enumerate(reports):
        for e in r["flags"] or ():
            key = (e["deck"], e["item"])
            reasons[key][e["reason"]] += e["count"]
            who[key].add(n)
            aside[key] += e["set_aside"]
            notes[key].extend(e["notes"])
            skill[key] = e["skill"]
    order = list(REASONS)
    rows: list[dict[str, Any]] = [
        {"deck": k[0], "item": k[1], "skill": skill[k],
         "reasons": {x: reasons[k][x] for x in order if reasons[k][x]},
         "count": sum(reasons[k].values()), "trainees": len(who[k]), "set_aside": aside[k],
         "notes": notes[k]} for k in reasons]
    rows.sort(key=lambda e: (-e["trainees"], -e["count"], e["deck"], e["item"]))
    return rows


def merge(reports: Sequence[Report], *, skipped: int = 0) -> Report:
    """A class summary from checked reports (parse_report / check_report); `skipped`: how many
    files could not be read (the summary says so)."""
    names, notes, same = display_names([r["name"] for r in reports])
    skills: dict[str, dict[str, Any]] = {}
    for sid in SKILL_IDS:
        entries = [r["skills"][sid] for r in reports]
        practised = [e for e in entries if e["answers"] or e["practices"]]
        median_level = _median([e["level"] for e in entries])
        spread = [0] * len(LEVELS)
        for e in entries:
            spread[e["level"]] += 1
        ranked = _ranked((n, c) for n, r in enumerate(reports)
                         for c in r["confusions"] if c["skill"] == sid)
        skills[sid] = {
            "practised_by": len(practised),
            "levels": spread,
            "median_level": median_level,
            "median_score": _median([e["score"] for e in entries]),
            "median_level_name": level_name(median_level) if median_level is not None else None,
            "median_accuracy": _median([e["accuracy"] for e in entries
                                        if e["accuracy"] is not None]),
            "top_confusion": ranked[0] if ranked else None,
        }
    detailed = [r for r in reports if r["items"] is not None]
    older = [name for r, name in zip(reports, names, strict=True) if r["items"] is None]
    if older and detailed:
        others = "the other report" if len(detailed) == 1 else \
            f"the other {len(detailed)} reports"
        notes.append(f"{plural(len(older), 'report')} ({_listed(older)}) "
                     f"{'was' if len(older) == 1 else 'were'} made by an older version of the "
                     f"app, without item details or flags: the items below come from {others}.")
    elif older:
        notes.append("These reports were made by an older version of the app, without item "
                     "details or flags, so those parts are left out. Reports made with this "
                     "version have them.")
    if skipped:
        notes.append(f"{plural(skipped, 'file')} could not be read and "
                     f"{'is' if skipped == 1 else 'are'} not included (the command said why).")
    confusions = _ranked((n, c) for n, r in enumerate(reports) for c in r["confusions"])
    items = _items(detailed)
    start = min((r["period"]["from"] for r in reports), default=None)
    end = max((r["period"]["to"] for r in reports), default=None)
    return {
        "format": CLASS_FORMAT,
        "version": VERSION,
        "trainees": len(reports),
        "names": names,
        "notes": notes,
        "same_names": same,
        "period": {"from": start, "to": end} if start and end else None,
        "practice_days_median": _median([len(r["practice_days"]) for r in reports]),
        "answers_median": _median([sum(s["answers"] for s in r["skills"].values())
                                   for r in reports]),
        "skills": skills,
        "top_confusion": confusions[0] if confusions else None,
        "confusions": confusions[:TOP_CONFUSIONS],
        "weeks": _weeks(reports, date.fromisoformat(start), date.fromisoformat(end))
        if start and end else [],
        "rhythm": _rhythm(reports, names),
        "item_reports": len(detailed),
        "items": items,
        "most_missed": most_missed(items, len(detailed)),
        "flags": _flags(detailed),
        "flagged_by": sum(1 for r in detailed if r["flags"]),
    }
