"""Reports for the facilitator, and a class summary from several trainees' reports.

Pure: functions take review records, flags, levels and progress (and a clock) and return
dicts and strings; reading and writing files is the command line's job (trainer/cli/report.py).

A report is built from the review log only: answers, skills, look-alike tags, times, and the
items a trainee flagged. It never contains anything a trainee typed: no journal entry
(walk-throughs are private and are not even read here), no typed recall answer, and a flag's
note only when the trainee chose to share it. Reports that come back for merging are
untrusted: `parse_report` checks every field, and every text is cleaned of control characters
and escaped wherever it goes into Markdown or HTML, so it can never turn into markup.

This module builds one trainee's report; the rest live beside it: report_parse (reading
reports back), report_merge (the class summary), report_text (Markdown, JSON, CSV),
report_journey (a trainee's history replayed week by week) and the HTML pages
(report_html, report_class_html, report_trainee_html)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from trainer.domain import progress as prog
from trainer.domain.clock import Clock, study_day
from trainer.domain.deckparse import DECK_ID, ITEM_ID
from trainer.domain.levels import SkillLevel
from trainer.domain.milestones import MILESTONES, MILESTONES_BY_ID
from trainer.domain.skills import SKILL_IDS, SKILLS_BY_ID
from trainer.domain.stats import accuracy
from trainer.services.report_base import (
    CLASS_FORMAT,
    DEFAULT_DAYS,
    FORMAT,
    MAX_COUNT,
    MAX_DAYS,
    MAX_NAME,
    MAX_NOTE,
    MAX_REPORT_BYTES,
    MAX_SECONDS_PER_ANSWER,
    REASONS,
    UNGRADED,
    VERSION,
    Report,
    ReportError,
    known,
    md,
    period,
    record_day,
    split_key,
    tidy,
)
from trainer.services.report_class_html import class_html
from trainer.services.report_journey import Journey, journey
from trainer.services.report_merge import level_name, merge
from trainer.services.report_parse import check_report, parse_report
from trainer.services.report_text import class_markdown, to_csv, to_json, to_markdown
from trainer.services.report_trainee_html import trainee_html

if TYPE_CHECKING:
    from trainer.services.practice import Trainer

__all__ = [
    "CLASS_FORMAT", "DEFAULT_DAYS", "FORMAT", "MAX_DAYS", "MAX_NAME", "MAX_NOTE", "MAX_REPORT_BYTES",
    "VERSION", "Journey", "Report", "ReportError", "build_report", "check_report", "class_html",
    "flag_entries", "from_trainer", "journey", "level_name", "md", "merge", "parse_report",
    "period", "render", "render_class", "tidy", "trainee_html",
]


def _int(value: object) -> int:
    return value if type(value) is int and 0 <= value <= MAX_COUNT else 0


def flag_entries(flags: Iterable[Mapping[str, Any]], start: date, end: date, tz: tzinfo,
                 start_hour: int) -> list[dict[str, Any]]:
    """Flag records of the period, one entry per item and reason: how often, how often the
    item was also set aside, and the notes the trainee chose to share (only those)."""
    count: Counter[tuple[str, str, str]] = Counter()
    aside: Counter[tuple[str, str, str]] = Counter()
    notes: defaultdict[tuple[str, str, str], list[str]] = defaultdict(list)
    skills: dict[tuple[str, str, str], str] = {}
    for rec in flags:
        card, reason, skill = rec.get("card"), rec.get("reason"), rec.get("skill")
        if rec.get("type", "flag") != "flag" or not isinstance(card, str) \
                or not known(reason, REASONS) or not known(skill, SKILLS_BY_ID):
            continue
        deck, item = split_key(card)
        if not (DECK_ID.match(deck) and ITEM_ID.match(item)):
            continue
        day = record_day(rec, tz, start_hour)
        if day is None or not start <= day <= end:
            continue
        key = (deck, item, str(reason))
        count[key] += 1
        skills[key] = str(skill)
        if rec.get("set_aside") is True:
            aside[key] += 1
        note = rec.get("note")
        if rec.get("share_note") is True and isinstance(note, str) and tidy(note, MAX_NOTE):
            notes[key].append(tidy(note, MAX_NOTE))
    order = list(REASONS)
    return [{"deck": deck, "item": item, "skill": skills[(deck, item, reason)],
             "reason": reason, "count": n, "set_aside": aside[(deck, item, reason)],
             "notes": notes[(deck, item, reason)]}
            for (deck, item, reason), n in sorted(
                count.items(), key=lambda kv: (kv[0][0], kv[0][1], order.index(kv[0][2])))]


def build_report(records: Iterable[Mapping[str, Any]], *, levels: Mapping[str, SkillLevel],
                 earned: Mapping[str, str], day_log: Mapping[str, Mapping[str, Any]],
                 xp_total: int, clock: Clock, start_hour: int = 4, days: int = DEFAULT_DAYS,
                 name: str = "", flags: Iterable[Mapping[str, Any]] = ()) -> Report:
    """One trainee's report over the last `days` study days.

    `records`: review records (Store.history(): not undone); `levels`: each skill's level now;
    `earned`: milestone id -> ISO study day it was earned; `day_log`: progress's per-day totals
    (ISO study day -> {"sessions", ...}), for the sessions in the period; `xp_total`: all XP;
    `flags`: flag records (Store.events("flag"))."""
    now = clock.now()
    tz = clock.tz()
    start, end = period(study_day(now, tz, start_hour), days)
    answers: Counter[str] = Counter()
    right: Counter[str] = Counter()
    practices: Counter[str] = Counter()  # anchor practices and walk-throughs, never graded
    confusions: Counter[tuple[str, str, str]] = Counter()
    item_answers: Counter[tuple[str, str]] = Counter()
    item_right: Counter[tuple[str, str]] = Counter()
    item_meta: dict[tuple[str, str], tuple[str, str]] = {}
    practised: set[date] = set()
    xp = 0
    ms = 0
    anchors = walkthroughs = returns = 0
    for rec in records:
        if rec.get("type", "review") != "review":
            continue
        raw_skill = rec.get("skill")
        day = record_day(rec, tz, start_hour)
        if day is None or not known(raw_skill, SKILLS_BY_ID) or not start <= day <= end:
            continue
        skill = str(raw_skill)
        practised.add(day)
        xp += prog.xp_for(rec)
        ms += min(_int(rec.get("ms")), MAX_SECONDS_PER_ANSWER * 1000)
        kind = rec.get("kind")
        if kind in UNGRADED:
            practices[skill] += 1
        if kind == "anchor":
            anchors += 1
            returns += _int(rec.get("returns"))
            continue
        if kind == "walkthrough":
            walkthroughs += 1
            continue
        answers[skill] += 1
        card = rec.get("card")
        deck, item = split_key(card) if isinstance(card, str) else ("", "")
        if DECK_ID.match(deck) and ITEM_ID.match(item):
            item_answers[(deck, item)] += 1
            item_meta[(deck, item)] = (skill, str(kind) if isinstance(kind, str) else "")
            if rec.get("correct"):
                item_right[(deck, item)] += 1
        if rec.get("correct"):
            right[skill] += 1
            continue
        expected, given = rec.get("expected_tag"), rec.get("given_tag")
        if isinstance(expected, str) and isinstance(given, str) and expected and given \
                and expected != given:
            confusions[(skill, expected, given)] += 1
    sessions = 0
    for iso, totals in day_log.items():
        try:
            in_period = start <= date.fromisoformat(iso) <= end
        except ValueError:
            continue
        if in_period:
            sessions += _int(totals.get("sessions"))
    xp += prog.XP_SESSION * sessions
    order = {s: n for n, s in enumerate(SKILL_IDS)}
    ranked = sorted(confusions.items(), key=lambda kv: (-kv[1], order[kv[0][0]], kv[0][1], kv[0][2]))
    total_answers, total_right = sum(answers.values()), sum(right.values())
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": tidy(name, MAX_NAME),
        "generated": now.isoformat(timespec="seconds"),
        "period": {"from": start.isoformat(), "to": end.isoformat(), "days": days},
        "practice_days": [d.isoformat() for d in sorted(practised)],
        "answers": total_answers,
        "right": total_right,
        "accuracy": accuracy(total_right, total_answers),
        "minutes": round(ms / 60_000, 1),
        "sessions": sessions,
        "anchor_practices": anchors,
        "anchor_returns": returns,
        "walkthroughs": walkthroughs,
        "skills": {
            s: {"level": levels[s].level, "level_name": levels[s].name, "score": levels[s].score,
                "learned": levels[s].learned, "strong": levels[s].strong,
                "items": levels[s].total, "answers": answers[s], "right": right[s],
                "accuracy": accuracy(right[s], answers[s]), "practices": practices[s]}
            for s in SKILL_IDS if s in levels
        },
        "confusions": [{"skill": skill, "expected": expected, "given": given, "count": n}
                       for (skill, expected, given), n in ranked],
        "items": [{"deck": deck, "item": item, "skill": item_meta[(deck, item)][0],
                   "kind": item_meta[(deck, item)][1], "answers": n,
                   "right": item_right[(deck, item)]}
                  for (deck, item), n in sorted(item_answers.items())],
        "flags": flag_entries(flags, start, end, tz, start_hour),
        "milestones": _milestones(earned, start, end),
        "xp": xp_total,
        "xp_in_period": xp,
    }


def _milestones(earned: Mapping[str, str], start: date, end: date) -> list[dict[str, Any]]:
    order = {m.id: n for n, m in enumerate(MILESTONES)}
    out: list[dict[str, Any]] = []
    for mid, when in earned.items():
        try:
            day = date.fromisoformat(when)
        except (TypeError, ValueError):
            continue
        known = MILESTONES_BY_ID.get(mid)
        out.append({"id": mid, "title": known.title if known else mid, "earned": day.isoformat(),
                    "in_period": start <= day <= end})
    out.sort(key=lambda m: (m["earned"], order.get(m["id"], len(order)), m["id"]))
    return out


def from_trainer(trainer: Trainer, records: Iterable[Mapping[str, Any]], *,
                 days: int = DEFAULT_DAYS, name: str = "",
                 flags: Iterable[Mapping[str, Any]] = ()) -> Report:
    """A report from an open Trainer (levels, milestones, XP), its review history and flags."""
    data = trainer.book.data
    return build_report(records, levels=trainer.levels(), earned=data["earned"],
                        day_log=data["days"], xp_total=trainer.book.xp, clock=trainer.clock,
                        start_hour=trainer.policy.day_start_hour, days=days, name=name,
                        flags=flags)


def trainer_journey(trainer: Trainer, records: Sequence[Mapping[str, Any]],
                    level_records: Iterable[Mapping[str, Any]]) -> Journey:
    """What a trainee's own HTML page shows beyond the report: the year and the weeks."""
    keys = {i.key for d in trainer.deckset.decks for i in d.items if i.scheduled}
    return journey(records, level_records, trainer.book.data["days"], keys=keys,
                   tz=trainer.clock.tz(), start_hour=trainer.day_start_hour,
                   today=trainer.today())


def render(report: Report, fmt: str, prompts: Mapping[str, str] | None = None,
           trail: Journey | None = None) -> str:
    """One trainee's report as md, json, csv or html (`trail`: the weeks and the year)."""
    if fmt == "html":
        return trainee_html(report, trail, prompts or {})
    writers = {"md": to_markdown, "json": to_json, "csv": to_csv}
    return writers[fmt](report)


def render_class(summary: Report, fmt: str, prompts: Mapping[str, str] | None = None) -> str:
    """The class summary as md, json or html; `prompts`: card key -> the item's prompt."""
    if fmt == "json":
        return to_json(summary)
    if fmt == "html":
        return class_html(summary, prompts or {})
    return class_markdown(summary, prompts or {})

