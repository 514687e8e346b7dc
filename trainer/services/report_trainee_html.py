"""A trainee's own report as one self-contained HTML page: the year of practice as a heatmap,
each skill's level week by week, and what they have come to hold (items learned and held,
milestones), in the class page's style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from trainer.domain.levels import LEVELS, STRONG_DAYS, SkillLevel
from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import plural, times
from trainer.services.feedback import confusion_sentence
from trainer.services.report_base import (
    REASONS,
    TOP_CONFUSIONS_SHOWN,
    Report,
    day_words,
    pct,
)
from trainer.services.report_html import (
    FOOTER,
    LEVEL_COLOURS,
    NOT_PRACTISED,
    esc,
    glance,
    legend,
    page,
    rect,
    svg,
    swatch,
    text,
)
from trainer.services.report_journey import Journey
from trainer.services.report_text import prompt_words

HEAT = ("#c4dea8", "#8fc27a", "#4f9160", "#2f6b4f")  # a little practice to a lot


def _heat_colour(count: int, peak: int) -> str:
    if count <= 0:
        return NOT_PRACTISED
    return HEAT[min(3, (count - 1) * 4 // max(1, peak))]


def _heatmap(trail: Journey) -> str:
    step, cell, left, top = 13.0, 11.0, 30.0, 16.0
    weeks = len(trail.year[0]) if trail.year else 0
    peak = max((c for row in trail.year for c in row), default=0)
    inner = ""
    last_month = -1
    for w in range(weeks):
        monday = trail.year_start + timedelta(weeks=w)
        if monday.month != last_month:
            if w < weeks - 2:
                inner += text(left + w * step, top - 5, f"{monday:%b}", size=10)
            last_month = monday.month
        for d in range(7):
            count = trail.year[d][w]
            if count < 0:
                continue
            day = monday + timedelta(days=d)
            tip = f"{day.isoformat()}: {plural(count, 'answer or practice', 'answers and practices')}"
            inner += rect(left + w * step, top + d * step, cell, cell,
                          _heat_colour(count, peak), 2, tip)
    for d, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        inner += text(left - 6, top + d * step + 9, name, size=10, anchor="end")
    days = sum(1 for row in trail.year for c in row if c > 0)
    return svg(left + weeks * step, top + 7 * step,
               f"Practice over the last year: {plural(days, 'day')} with practice", inner)


def _level_chart(levels: Sequence[SkillLevel], ends: Sequence[date]) -> str:
    width, height, left, right, top, bottom = 300.0, 112.0, 6.0, 6.0, 6.0, 20.0
    plot_w, plot_h = width - left - right, height - top - bottom
    inner = ""
    floors = [floor for floor, _name in LEVELS] + [100]
    for n in range(len(LEVELS)):
        y_low = top + plot_h * (1 - floors[n] / 100)
        y_high = top + plot_h * (1 - floors[n + 1] / 100)
        inner += f"<rect x=\"{left}\" y=\"{y_high:.1f}\" width=\"{plot_w}\" " \
                 f"height=\"{y_low - y_high:.1f}\" fill=\"{LEVEL_COLOURS[n]}\" " \
                 "fill-opacity=\"0.35\"/>"
    count = len(levels)
    points = []
    for k, lv in enumerate(levels):
        x = left + (plot_w * k / (count - 1) if count > 1 else plot_w)
        y = top + plot_h * (1 - lv.score / 100)
        points.append((x, y))
    if points:
        inner += "<polyline fill=\"none\" stroke=\"#2f6b4f\" stroke-width=\"2\" " \
                 "stroke-linejoin=\"round\" points=\"" \
                 + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + "\"/>"
        x, y = points[-1]
        inner += f"<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"3.5\" fill=\"#2f6b4f\"/>"
    if ends:
        first = ends[0] - timedelta(days=6)
        inner += text(left, height - 5, f"{first.day} {first:%b}", size=10)
        inner += text(width - right, height - 5, "now", size=10, anchor="end")
    scores = ", ".join(str(lv.score) for lv in levels)
    return svg(width, height, f"Weekly score from 0 to 100: {scores}", inner)


def _levels_over_time(trail: Journey) -> str:
    cards = []
    for sid, levels in trail.levels.items():
        now = levels[-1] if levels else None
        where = (f"now {esc(now.name)} · score {now.score}" if now is not None else "")
        cards.append(f"<div><h3>{esc(SKILLS_BY_ID[sid].name)}</h3><p class=\"small muted\">"
                     f"{where}</p>{_level_chart(levels, trail.weeks)}</div>")
    return ("<section><h2>Skill levels over time</h2><p class=\"sub\">Each skill's score week "
            f"by week over the last {plural(len(trail.weeks), 'week')}, on the bands of the six "
            "levels (Seed at the bottom, Deep roots at the top). A level once reached is "
            "kept.</p>" + legend([(c, name) for c, (_f, name) in zip(LEVEL_COLOURS, LEVELS,
                                                                        strict=True)])
            + "<div class=\"grid3\">" + "".join(cards) + "</div></section>")


def _held(report: Report) -> str:
    rows = []
    for sid, s in report["skills"].items():
        rows.append(f"<tr><td>{esc(SKILLS_BY_ID[sid].name)}</td>"
                    f"<td>{swatch(LEVEL_COLOURS[s['level']])}{esc(s['level_name'])}</td>"
                    f"<td class=\"n\">{s['learned']}</td><td class=\"n\">{s.get('strong', 0)}</td>"
                    f"<td class=\"n\">{s['answers']}</td><td class=\"n\">{pct(s['accuracy'])}</td>"
                    "</tr>")
    milestones = report["milestones"]
    if milestones:
        items = "".join(
            f"<li>{esc(m['title'], 200)} <span class=\"muted\">· "
            f"{esc(day_words(date.fromisoformat(m['earned'])))}"
            f"{' · new in this period' if m['in_period'] else ''}</span></li>"
            for m in milestones)
        marks = f"<ul class=\"plain\">{items}</ul>"
    else:
        marks = "<p>None yet; they come with practice.</p>"
    return ("<section><h2>What you have come to hold</h2><p class=\"sub\">Learned: in "
            "long-term memory. Held well: remembered for "
            f"{int(STRONG_DAYS)} days or more at a time. Answers and accuracy are for this "
            "report's period.</p><table><thead><tr><th>Skill</th><th>Level</th>"
            "<th>Learned</th><th>Held well</th><th>Answers</th><th>Accuracy</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table><h3 style=\"margin-top:14px\">"
            "Milestones</h3>" + marks + "</section>")


def _lookalikes(report: Report) -> str:
    shown = report["confusions"][:TOP_CONFUSIONS_SHOWN]
    if not shown:
        body = "<p>No look-alikes mixed up in this period.</p>"
    else:
        body = "<ul class=\"plain\">" + "".join(
            f"<li>{esc(confusion_sentence(c['expected'], c['given'], c['count']), 400)}</li>"
            for c in shown) + "</ul>"
    return "<section><h2>Look-alikes still being learned</h2>" + body + "</section>"


def _flags(report: Report, prompts: Mapping[str, str]) -> str:
    flags = report.get("flags") or []
    if not flags:
        return ""
    rows = ""
    for f in flags:
        prompt = prompt_words(prompts, f["deck"], f["item"])
        shown = esc(prompt, 300) if prompt is not None else ""
        notes = "".join(f"<q>{esc(t, 400)}</q>" for t in f["notes"])
        aside = " · set aside" if f["set_aside"] else ""
        rows += (f"<tr><td class=\"id\">{esc(f['deck'])}/<br>{esc(f['item'])}</td>"
                 f"<td class=\"text\">{shown}{notes}</td><td>{esc(REASONS[f['reason']])} "
                 f"<span class=\"muted\">({times(f['count'])}{aside})</span></td></tr>")
    return ("<section><h2>Items you flagged</h2><p class=\"sub\">A note appears here only when "
            "you chose to share it.</p><table><thead><tr><th>Item</th><th>Prompt</th>"
            "<th>Why</th></tr></thead><tbody>" + rows + "</tbody></table></section>")


def trainee_html(report: Report, trail: Journey | None, prompts: Mapping[str, str]) -> str:
    """One trainee's report (report.build_report) as an HTML page; `trail` adds the year and
    the weekly levels, `prompts` (card key -> prompt) the flagged items' prompts."""
    start = date.fromisoformat(report["period"]["from"])
    end = date.fromisoformat(report["period"]["to"])
    n_days = report["period"]["days"]
    made = datetime.fromisoformat(report["generated"]).date()
    title = f"Your practice: {report['name']}" if report["name"] else "Your practice"
    span = "Today" if n_days == 1 else f"The last {n_days} days"
    days = len(report["practice_days"])
    learned = sum(s["learned"] for s in report["skills"].values())
    strong = sum(s.get("strong", 0) for s in report["skills"].values())
    fresh = sum(1 for m in report["milestones"] if m["in_period"])
    cards = glance([
        ("Practice days", f"{days} of {n_days}", "days with practice in this period"),
        ("Answers", plural(report["answers"], "answer"),
         f"{pct(report['accuracy'])} right" if report["answers"] else "none in this period"),
        ("Time", f"about {plural(round(report['minutes']) or report['minutes'], 'minute')}",
         plural(report["sessions"], "session") + " finished"),
        ("Items learned", str(learned), f"{strong} held well"),
        ("Milestones", str(len(report["milestones"])),
         f"{fresh} new in this period" if fresh else "in all"),
    ])
    year = ""
    if trail is not None:
        year = ("<section><h2>Your year of practice</h2><p class=\"sub\">One square a day, "
                "Monday at the top; the deeper the green, the more practice that day.</p>"
                + _heatmap(trail) + legend([(NOT_PRACTISED, "no practice")]
                                           + [(c, "") for c in HEAT[:-1]] + [(HEAT[-1], "more")])
                + "</section>")
    body = (f"<header class=\"top\"><h1>{esc(title, 120)}</h1><p class=\"sub\">{span}: "
            f"{esc(day_words(start))} to {esc(day_words(end))} (made {esc(day_words(made))})."
            "</p></header>" + cards + year
            + (_levels_over_time(trail) if trail is not None else "")
            + _held(report) + _lookalikes(report) + _flags(report, prompts) + FOOTER)
    return page(title, body)
