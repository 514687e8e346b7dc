"""Reports for the facilitator, and a class summary from several trainees' reports.

Pure: functions take review records, levels and progress (and a clock) and return dicts and
strings; reading and writing files is the command line's job (trainer/cli/report.py).

A report is built from the review log only: answers, skills, look-alike tags, times. It never
contains anything a trainee typed: no journal entry (walk-throughs are private and are not
even read here), no typed recall answer. Reports that come back for merging are untrusted:
`parse_report` checks every field, and names and tags are cleaned of control characters and
escaped wherever they go into Markdown, so they can never turn into markup."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from trainer.domain import progress as prog
from trainer.domain.clock import Clock, study_day
from trainer.domain.levels import LEVELS, SkillLevel
from trainer.domain.milestones import MILESTONES, MILESTONES_BY_ID
from trainer.domain.skills import SKILL_IDS, SKILLS_BY_ID
from trainer.domain.text import clean, plural
from trainer.services.feedback import LOOKALIKE, confusion_sentence, tag_phrase

if TYPE_CHECKING:
    from trainer.services.practice import Trainer

FORMAT = "self-empathy-report"
CLASS_FORMAT = "self-empathy-class-summary"
VERSION = 1
DEFAULT_DAYS = 30
MAX_DAYS = 3660
MAX_NAME = 80  # characters of a name kept in a report or a class summary
MAX_TAG = 40  # as decks allow for option tags
MAX_REPORT_BYTES = 5 * 1024 * 1024
MAX_CONFUSIONS = 10_000
MAX_LIST = 100_000  # practice days or milestones in a report; far above any real one
UNGRADED = ("anchor", "walkthrough")  # practices: never right or wrong, so not in accuracy
MAX_SECONDS_PER_ANSWER = 600  # as progress counts time: a card left open doesn't inflate it
TOP_CONFUSIONS_SHOWN = 3

Report = dict[str, Any]


class ReportError(ValueError):
    """A report that can't be merged, with the reason in plain words."""


# -- building one trainee's report ----------------------------------------------------------

def period(today: date, days: int) -> tuple[date, date]:
    """The first and last study day of the `days` days ending today (today included)."""
    if days < 1:
        raise ValueError("a report covers at least one day")
    return today - timedelta(days=days - 1), today


def _ratio(right: int, answers: int) -> float | None:
    return round(right / answers, 3) if answers else None


def build_report(records: Iterable[Mapping[str, Any]], *, levels: Mapping[str, SkillLevel],
                 earned: Mapping[str, str], day_log: Mapping[str, Mapping[str, Any]],
                 xp_total: int, clock: Clock, start_hour: int = 4, days: int = DEFAULT_DAYS,
                 name: str = "") -> Report:
    """One trainee's report over the last `days` study days.

    `records`: review records (Store.history(): not undone); `levels`: each skill's level now;
    `earned`: milestone id -> ISO study day it was earned; `day_log`: progress's per-day totals
    (ISO study day -> {"sessions", ...}), for the sessions in the period; `xp_total`: all XP."""
    now = clock.now()
    tz = clock.tz()
    start, end = period(study_day(now, tz, start_hour), days)
    answers: Counter[str] = Counter()
    right: Counter[str] = Counter()
    practices: Counter[str] = Counter()  # anchor practices and walk-throughs, never graded
    confusions: Counter[tuple[str, str, str]] = Counter()
    practised: set[date] = set()
    xp = 0
    ms = 0
    anchors = walkthroughs = returns = 0
    for rec in records:
        if rec.get("type", "review") != "review":
            continue
        skill = rec.get("skill")
        try:
            day = study_day(datetime.fromisoformat(str(rec["at"])), tz, start_hour)
        except (KeyError, ValueError, TypeError, OverflowError):
            continue
        if skill not in SKILLS_BY_ID or not start <= day <= end:
            continue
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
        "accuracy": _ratio(total_right, total_answers),
        "minutes": round(ms / 60_000, 1),
        "sessions": sessions,
        "anchor_practices": anchors,
        "anchor_returns": returns,
        "walkthroughs": walkthroughs,
        "skills": {
            s: {"level": levels[s].level, "level_name": levels[s].name, "score": levels[s].score,
                "learned": levels[s].learned, "items": levels[s].total,
                "answers": answers[s], "right": right[s], "accuracy": _ratio(right[s], answers[s]),
                "practices": practices[s]}
            for s in SKILL_IDS if s in levels
        },
        "confusions": [{"skill": skill, "expected": expected, "given": given, "count": n}
                       for (skill, expected, given), n in ranked],
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


def _int(value: object) -> int:
    return value if type(value) is int else 0


def from_trainer(trainer: Trainer, records: Iterable[Mapping[str, Any]], *,
                 days: int = DEFAULT_DAYS, name: str = "") -> Report:
    """A report from an open Trainer (levels, milestones, XP) and its review history."""
    data = trainer.book.data
    return build_report(records, levels=trainer.levels(), earned=data["earned"],
                        day_log=data["days"], xp_total=trainer.book.xp, clock=trainer.clock,
                        start_hour=trainer.policy.day_start_hour, days=days, name=name)


# -- text helpers ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&@$]|(?<=[A-Za-z]):(?=//))")
_MD_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)


def tidy(text: str, limit: int) -> str:
    """Untrusted text for one line: control characters gone, whitespace collapsed, capped."""
    return _SPACES.sub(" ", clean(text)).strip()[:limit].strip()


def md(text: str, limit: int = MAX_NAME) -> str:
    """Untrusted text as literal Markdown: everything that could start markup, an HTML tag,
    a table cell or a link is backslash-escaped, so it always shows as typed."""
    out = _MD_INLINE.sub(r"\\\1", tidy(text, limit))
    out = _WWW.sub(r"\1\\.", out)
    m = _MD_LINE_START.match(out)
    if m:
        if m.group(0).isdigit():
            cut = m.end()
            out = f"{out[:cut]}\\{out[cut:]}"
        else:
            out = "\\" + out
    return out


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _day(d: date, *, year: bool = True) -> str:
    return f"{d:%a} {d.day} {d:%b}" + (f" {d.year}" if year else "")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# -- one report as Markdown, JSON or CSV ------------------------------------------------------

def to_json(report: Report) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def to_markdown(report: Report) -> str:
    start = date.fromisoformat(report["period"]["from"])
    end = date.fromisoformat(report["period"]["to"])
    n_days = report["period"]["days"]
    name = md(report["name"])
    made = datetime.fromisoformat(report["generated"]).date()
    lines = [f"# Self-empathy practice report{': ' + name if name else ''}", ""]
    span = "Today" if n_days == 1 else f"The last {n_days} days"
    lines += [f"{span}: {_day(start)} to {_day(end)} (made {_day(made)}).", "", "## In short", ""]
    days = [date.fromisoformat(d) for d in report["practice_days"]]
    if days:
        which = ", ".join(_day(d, year=start.year != end.year) for d in days)
        lines.append(f"- Practised on **{plural(len(days), 'day')}** of {n_days}: {which}.")
    else:
        lines.append(f"- No practice recorded in these {plural(n_days, 'day')}.")
    if report["answers"]:
        lines.append(f"- {plural(report['answers'], 'answer')}, {report['right']} right "
                     f"({_pct(report['accuracy'])}).")
    minutes = f"; about {plural(report['minutes'], 'minute')} of practice" \
        if report["minutes"] else ""
    lines.append(f"- {plural(report['sessions'], 'session')} finished{minutes}.")
    extra = []
    if report["anchor_practices"]:
        extra.append(f"{plural(report['anchor_practices'], 'anchor practice')} "
                     f"({plural(report['anchor_returns'], 'return')} to the anchor)")
    if report["walkthroughs"]:
        extra.append(f"{plural(report['walkthroughs'], 'walk-through')} (what is written in a "
                     "walk-through stays private and is not part of this report)")
    if extra:
        lines.append(f"- {'; '.join(extra)}.")
    lines += [f"- XP: {report['xp_in_period']} in this period, {report['xp']} in all.", "",
              "## Skills", "",
              "| Skill | Level | Score | Items learned | Answers | Accuracy |",
              "| --- | --- | ---: | ---: | ---: | ---: |"]
    for sid, s in report["skills"].items():
        lines.append(f"| {SKILLS_BY_ID[sid].name} | {s['level']} {s['level_name']} | {s['score']} "
                     f"| {s['learned']} of {s['items']} | {s['answers']} | {_pct(s['accuracy'])} |")
    lines += ["", "Levels grow from items held well in memory and recent accuracy "
              "(0 Seed to 5 Deep roots); the score runs from 0 to 100. Accuracy is for this "
              "period.", "", "## Look-alikes still being learned", ""]
    confusions = report["confusions"][:TOP_CONFUSIONS_SHOWN]
    if confusions:
        for c in confusions:
            lines.append(f"- {md(confusion_sentence(c['expected'], c['given'], c['count']), 400)}")
    else:
        lines.append("- No look-alikes mixed up in this period.")
    lines += ["", "## Milestones", ""]
    if report["milestones"]:
        for m in report["milestones"]:
            new = " (new in this period)" if m["in_period"] else ""
            lines.append(f"- {_day(date.fromisoformat(m['earned']))}: {md(m['title'], 200)}{new}")
    else:
        lines.append("- None yet; they come with practice.")
    lines += ["", "Made by Self-Empathy Trainer. Practice, not therapy.", ""]
    return "\n".join(lines)


CSV_FIELDS = ("name", "from", "to", "skill", "skill_name", "level", "level_name", "score",
              "learned", "items", "answers", "right", "accuracy", "practices")


def _cell(text: str) -> str:
    """A text cell no spreadsheet will run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(report: Report) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for sid, s in report["skills"].items():
        acc = "" if s["accuracy"] is None else s["accuracy"]
        w.writerow([_cell(report["name"]), report["period"]["from"], report["period"]["to"], sid,
                    SKILLS_BY_ID[sid].name, s["level"], s["level_name"], s["score"], s["learned"],
                    s["items"], s["answers"], s["right"], acc, s["practices"]])
    return out.getvalue()


def render(report: Report, fmt: str) -> str:
    writers = {"md": to_markdown, "json": to_json, "csv": to_csv}
    return writers[fmt](report)


# -- reading reports back (untrusted) ---------------------------------------------------------

def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def parse_report(raw: bytes) -> Report:
    """A trainee's JSON report, checked and cleaned for merging. Raises ReportError."""
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"it is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB, far "
                          "more than any report")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError as e:
        raise ReportError("it is not a text file (not UTF-8)") from e
    except (ValueError, RecursionError) as e:
        raise ReportError("it is not a JSON report (not readable JSON)") from e
    return check_report(data)


def _is_int(v: object, low: int = 0, high: int | None = None) -> bool:
    return type(v) is int and v >= low and (high is None or v <= high)


def _is_num(v: object, low: float, high: float) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) \
        and low <= v <= high


def _iso(v: object) -> date | None:
    if not isinstance(v, str) or len(v) != 10:
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def check_report(data: object) -> Report:
    """Check a parsed report field by field; return a clean copy. Raises ReportError."""
    if not isinstance(data, dict):
        raise ReportError("it is not a self-empathy report (no JSON object)")
    if data.get("format") != FORMAT:
        raise ReportError(f"it is not a self-empathy report (\"format\" is not {FORMAT!r})")
    version = data.get("version")
    if _is_int(version, VERSION + 1):
        raise ReportError(f"it was made by a newer version of the app (report version {version})")
    if version != VERSION or type(version) is not int:
        raise ReportError("its \"version\" is missing or not a number this app knows")

    def need(key: str) -> Any:
        if key not in data:
            raise ReportError(f"the field \"{key}\" is missing")
        return data[key]

    def bad(key: str, what: str) -> ReportError:
        return ReportError(f"the field \"{key}\" should be {what}")

    name = need("name")
    if not isinstance(name, str):
        raise bad("name", "text")
    per = need("period")
    if not isinstance(per, dict):
        raise bad("period", "an object with \"from\", \"to\" and \"days\"")
    start, end = _iso(per.get("from")), _iso(per.get("to"))
    if start is None or end is None or start > end:
        raise bad("period", "two dates (YYYY-MM-DD), \"from\" not after \"to\"")
    if not _is_int(per.get("days"), 1, MAX_DAYS):
        raise bad("period", f"a number of days from 1 to {MAX_DAYS}")
    skills = need("skills")
    if not isinstance(skills, dict):
        raise bad("skills", "an object with one entry per skill")
    clean_skills: dict[str, dict[str, Any]] = {}
    for sid in SKILL_IDS:
        s = skills.get(sid)
        if not isinstance(s, dict):
            raise ReportError(f"the skill \"{sid}\" is missing")
        if not _is_int(s.get("level"), 0, len(LEVELS) - 1):
            raise bad(f"skills.{sid}.level", f"a whole number from 0 to {len(LEVELS) - 1}")
        if not isinstance(s.get("level_name"), str):
            raise bad(f"skills.{sid}.level_name", "text")
        if not _is_num(s.get("score"), 0, 100):
            raise bad(f"skills.{sid}.score", "a number from 0 to 100")
        if not _is_int(s.get("answers")):
            raise bad(f"skills.{sid}.answers", "a whole number")
        acc = s.get("accuracy")
        if acc is not None and not _is_num(acc, 0, 1):
            raise bad(f"skills.{sid}.accuracy", "a number from 0 to 1, or null")
        practices = s.get("practices", 0)  # optional: anchor practices, walk-throughs
        if not _is_int(practices):
            raise bad(f"skills.{sid}.practices", "a whole number")
        clean_skills[sid] = {"level": s["level"], "level_name": LEVELS[s["level"]][1],
                             "score": s["score"], "answers": s["answers"],
                             "accuracy": acc if s["answers"] else None, "practices": practices}
    raw_conf = need("confusions")
    if not isinstance(raw_conf, list) or len(raw_conf) > MAX_CONFUSIONS:
        raise bad("confusions", f"a list (of at most {MAX_CONFUSIONS:,})")
    confusions: list[dict[str, Any]] = []
    for c in raw_conf:
        if not (isinstance(c, dict) and isinstance(c.get("expected"), str)
                and isinstance(c.get("given"), str) and _is_int(c.get("count"), 1)):
            raise bad("confusions", "a list of {\"expected\", \"given\", \"count\"}")
        expected, given = tidy(c["expected"], MAX_TAG), tidy(c["given"], MAX_TAG)
        skill = c.get("skill")
        if expected and given and expected != given:
            confusions.append({"skill": skill if skill in SKILLS_BY_ID else None,
                               "expected": expected, "given": given, "count": c["count"]})
    days = need("practice_days")
    if not isinstance(days, list) or len(days) > MAX_LIST or any(_iso(d) is None for d in days):
        raise bad("practice_days", "a list of dates (YYYY-MM-DD)")
    milestones = need("milestones")
    if not isinstance(milestones, list) or len(milestones) > MAX_LIST or not all(
            isinstance(m, dict) and isinstance(m.get("id"), str) for m in milestones):
        raise bad("milestones", "a list of milestones, each with an \"id\"")
    if not _is_int(need("xp")):
        raise bad("xp", "a whole number")
    return {"format": FORMAT, "version": VERSION, "name": tidy(name, MAX_NAME),
            "period": {"from": start.isoformat(), "to": end.isoformat(), "days": per["days"]},
            "skills": clean_skills, "confusions": confusions,
            "practice_days": sorted(set(days)), "milestones": len(milestones), "xp": data["xp"]}


# -- the class summary ---------------------------------------------------------------------

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


def _top(confusions: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, Any] | None:
    """The confusion most trainees share (then: most often in all), from (trainee, entry)."""
    count: Counter[tuple[str, str]] = Counter()
    who: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    for trainee, c in confusions:
        pair = (c["expected"], c["given"])
        count[pair] += c["count"]
        who[pair].add(trainee)
    if not count:
        return None
    pair = min(count, key=lambda p: (-len(who[p]), -count[p], p))
    return {"expected": pair[0], "given": pair[1], "trainees": len(who[pair]),
            "count": count[pair]}


def merge(reports: Sequence[Report]) -> Report:
    """A class summary from checked reports (parse_report / check_report)."""
    skills: dict[str, dict[str, Any]] = {}
    for sid in SKILL_IDS:
        entries = [r["skills"][sid] for r in reports]
        practised = [e for e in entries if e["answers"] or e["practices"]]
        median_level = _median([e["level"] for e in entries])
        skills[sid] = {
            "practised_by": len(practised),
            "median_level": median_level,
            "median_level_name": level_name(median_level) if median_level is not None else None,
            "median_accuracy": _median([e["accuracy"] for e in entries
                                        if e["accuracy"] is not None]),
            "top_confusion": _top((n, c) for n, r in enumerate(reports)
                                  for c in r["confusions"] if c["skill"] == sid),
        }
    starts = [r["period"]["from"] for r in reports]
    ends = [r["period"]["to"] for r in reports]
    return {
        "format": CLASS_FORMAT,
        "version": VERSION,
        "trainees": len(reports),
        "names": [r["name"] for r in reports],
        "period": {"from": min(starts), "to": max(ends)} if reports else None,
        "practice_days_median": _median([len(r["practice_days"]) for r in reports]),
        "answers_median": _median([sum(s["answers"] for s in r["skills"].values())
                                   for r in reports]),
        "skills": skills,
        "top_confusion": _top((n, c) for n, r in enumerate(reports) for c in r["confusions"]),
    }


def _mixup(c: Mapping[str, Any], trainees: int) -> str:
    given, expected = tag_phrase(c["given"]), tag_phrase(c["expected"])
    text = (f"{given[:1].upper()}{given[1:]} taken for {expected}: "
            f"{c['trainees']} of {trainees} trainees, {plural(c['count'], 'time')} in all")
    why = LOOKALIKE.get(c["given"])
    text = md(text, 400)
    return f"{text}. {why[:1].upper()}{why[1:]}." if why else f"{text}."


def class_markdown(summary: Report) -> str:
    n = summary["trainees"]
    lines = [f"# Class summary: {plural(n, 'trainee')}", ""]
    if summary["period"]:
        start = date.fromisoformat(summary["period"]["from"])
        end = date.fromisoformat(summary["period"]["to"])
        lines += [f"Reports covering {_day(start)} to {_day(end)}.", ""]
    names = [md(name) if name else "(no name given)" for name in summary["names"]]
    lines += [f"Trainees: {', '.join(names)}.", ""]
    if summary["practice_days_median"] is not None:
        lines += [f"- Practice days (median): {_num(summary['practice_days_median'])}",
                  f"- Answers (median): {_num(summary['answers_median'])}", ""]
    lines += ["## Skills", "",
              "| Skill | Practised by | Median level | Median accuracy | Most common mix-up |",
              "| --- | ---: | --- | ---: | --- |"]
    for sid, s in summary["skills"].items():
        level = "–" if s["median_level"] is None else \
            f"{_num(s['median_level'])} {s['median_level_name']}"
        top = s["top_confusion"]
        mix = "–" if top is None else \
            md(f"{tag_phrase(top['given'])} for {tag_phrase(top['expected'])} "
               f"({top['trainees']} of {n}, {plural(top['count'], 'time')})", 200)
        lines.append(f"| {SKILLS_BY_ID[sid].name} | {s['practised_by']} of {n} | {level} "
                     f"| {_pct(s['median_accuracy'])} | {mix} |")
    lines += ["", "Practised: answered its items or did one of its practices in the "
              "report's period. Median accuracy is over those who answered its items.", "",
              "## Most common mix-up across the class", ""]
    top = summary["top_confusion"]
    lines.append(_mixup(top, n) if top else "No look-alikes were mixed up.")
    lines.append("")
    return "\n".join(lines)


def render_class(summary: Report, fmt: str) -> str:
    return to_json(summary) if fmt == "json" else class_markdown(summary)
