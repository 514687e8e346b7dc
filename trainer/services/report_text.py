"""Reports as text: one trainee's as Markdown, JSON or CSV, and the class summary as Markdown.
Every untrusted text (names, tags, prompts, notes) goes through `md`, so it shows as typed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import plural, sentence, times
from trainer.services.feedback import LOOKALIKE, confusion_sentence, tag_phrase
from trainer.services.report_base import (
    REASONS,
    TOP_CONFUSIONS_SHOWN,
    Report,
    day_words,
    md,
    num,
    pct,
)

MAX_PROMPT_SHOWN = 240


def to_json(report: Report) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def reasons_words(reasons: Mapping[str, int]) -> str:
    """'unclear (2), the answer seems wrong (1)'."""
    return ", ".join(f"{REASONS[r]} ({n})" for r, n in reasons.items() if r in REASONS)


def to_markdown(report: Report) -> str:
    start = date.fromisoformat(report["period"]["from"])
    end = date.fromisoformat(report["period"]["to"])
    n_days = report["period"]["days"]
    name = md(report["name"])
    made = datetime.fromisoformat(report["generated"]).date()
    lines = [f"# Self-empathy practice report{': ' + name if name else ''}", ""]
    span = "Today" if n_days == 1 else f"The last {n_days} days"
    lines += [f"{span}: {day_words(start)} to {day_words(end)} (made {day_words(made)}).", "",
              "## In short", ""]
    days = [date.fromisoformat(d) for d in report["practice_days"]]
    if days:
        which = ", ".join(day_words(d, year=start.year != end.year) for d in days)
        lines.append(f"- Practised on **{plural(len(days), 'day')}** of {n_days}: {which}.")
    else:
        lines.append(f"- No practice recorded in these {plural(n_days, 'day')}.")
    if report["answers"]:
        lines.append(f"- {plural(report['answers'], 'answer')}, {report['right']} right "
                     f"({pct(report['accuracy'])}).")
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
                     f"| {s['learned']} of {s['items']} | {s['answers']} | {pct(s['accuracy'])} |")
    lines += ["", "Levels grow from items held well in memory and recent accuracy "
              "(0 Seed to 5 Deep roots); the score runs from 0 to 100. Accuracy is for this "
              "period.", "", "## Look-alikes still being learned", ""]
    confusions = report["confusions"][:TOP_CONFUSIONS_SHOWN]
    if confusions:
        for c in confusions:
            lines.append(f"- {md(confusion_sentence(c['expected'], c['given'], c['count']), 400)}")
    else:
        lines.append("- No look-alikes mixed up in this period.")
    if report.get("flags"):
        lines += ["", "## Items you flagged", ""]
        for f in report["flags"]:
            notes = "".join(f" Your note: “{md(n, 300)}”" for n in f["notes"])
            aside = " Set aside." if f["set_aside"] else ""
            lines.append(f"- {md(f['deck'])}/{md(f['item'])}: {REASONS[f['reason']]} "
                         f"({times(f['count'])}).{aside}{notes}")
        lines += ["", "A note goes into a report only when you chose to share it."]
    lines += ["", "## Milestones", ""]
    if report["milestones"]:
        for m in report["milestones"]:
            new = " (new in this period)" if m["in_period"] else ""
            lines.append(f"- {day_words(date.fromisoformat(m['earned']))}: "
                         f"{md(m['title'], 200)}{new}")
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


# -- the class summary ---------------------------------------------------------------------

def mixup_words(c: Mapping[str, Any], trainees: int) -> str:
    """'Need taken for strategy: 2 of 3 trainees, 4 times in all. A need is universal ...'
    (plain text: escape it for where it goes)."""
    given, expected = tag_phrase(c["given"]), tag_phrase(c["expected"])
    text = sentence(f"{given} taken for {expected}: {c['trainees']} of {trainees} trainees, "
                    f"{plural(c['count'], 'time')} in all", capital=True)
    why = LOOKALIKE.get(c["given"])
    return f"{text} {sentence(why, capital=True)}" if why else text


def prompt_words(prompts: Mapping[str, str], deck: str, item: str) -> str | None:
    """The item's prompt from the decks the facilitator has, or None when it isn't in them."""
    text = prompts.get(f"{deck}/{item}")
    return None if text is None else text[:MAX_PROMPT_SHOWN]


def class_markdown(summary: Report, prompts: Mapping[str, str] | None = None) -> str:
    prompts = prompts or {}
    n = summary["trainees"]
    lines = [f"# Class summary: {plural(n, 'trainee')}", ""]
    if summary["period"]:
        start = date.fromisoformat(summary["period"]["from"])
        end = date.fromisoformat(summary["period"]["to"])
        lines += [f"Reports covering {day_words(start)} to {day_words(end)}.", ""]
    lines += [f"Trainees: {', '.join(md(name) for name in summary['names'])}.", ""]
    for note in summary["notes"]:
        lines += [f"Note: {md(note, 2000)}", ""]
    if summary["practice_days_median"] is not None:
        lines += [f"- Practice days (median): {num(summary['practice_days_median'])}",
                  f"- Answers (median): {num(summary['answers_median'])}", ""]
    lines += ["## Skills", "",
              "| Skill | Practised by | Median level | Median accuracy | Most common mix-up |",
              "| --- | ---: | --- | ---: | --- |"]
    for sid, s in summary["skills"].items():
        level = "–" if s["median_level"] is None else \
            f"{num(s['median_level'])} {s['median_level_name']}"
        top = s["top_confusion"]
        mix = "–" if top is None else \
            md(f"{tag_phrase(top['given'])} for {tag_phrase(top['expected'])} "
               f"({top['trainees']} of {n}, {plural(top['count'], 'time')})", 200)
        lines.append(f"| {SKILLS_BY_ID[sid].name} | {s['practised_by']} of {n} | {level} "
                     f"| {pct(s['median_accuracy'])} | {mix} |")
    lines += ["", "Practised: answered its items or did one of its practices in the "
              "report's period. Median accuracy is over those who answered its items.", "",
              "## Most common mix-up across the class", ""]
    top = summary["top_confusion"]
    lines.append(md(mixup_words(top, n), 1000) if top else "No look-alikes were mixed up.")
    if summary.get("most_missed"):
        lines += ["", "## Items the class found hardest", "",
                  "| Deck | Item | Prompt | Right | Answered by |", "| --- | --- | --- | ---: | ---: |"]
        for e in summary["most_missed"]:
            prompt = prompt_words(prompts, e["deck"], e["item"])
            shown = md(prompt, 300) if prompt is not None else "(not in the decks given here)"
            lines.append(f"| {md(e['deck'])} | {md(e['item'])} | {shown} | {pct(e['accuracy'])} "
                         f"| {plural(e['trainees'], 'trainee')}, "
                         f"{plural(e['answers'], 'answer')} |")
    if summary.get("flags"):
        lines += ["", "## Items trainees flagged", ""]
        for f in summary["flags"]:
            notes = "".join(f" “{md(t, 300)}”" for t in f["notes"])
            lines.append(f"- {md(f['deck'])}/{md(f['item'])}: {reasons_words(f['reasons'])}; "
                         f"{plural(f['trainees'], 'trainee')}.{notes}")
    lines.append("")
    return "\n".join(lines)
