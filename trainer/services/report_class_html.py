"""The class page: one self-contained HTML file a facilitator looks at before the next class.

It answers five questions at a glance: which skills the group holds, how the class practises
(and who hasn't lately, said kindly), which look-alikes they mix up, which items most of them
miss, and which items trainees flagged. Trainees are never ranked against each other: their
rhythms are listed alphabetically."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from trainer.domain.levels import LEVELS
from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import plural
from trainer.services.feedback import tag_phrase
from trainer.services.report_base import REASONS, Report, day_words, num, pct
from trainer.services.report_html import (
    FOOTER,
    LEVEL_COLOURS,
    NOT_PRACTISED,
    OUTSIDE,
    PRACTISED,
    esc,
    glance,
    legend,
    level_legend,
    page,
    rect,
    share_bar,
    strip,
    svg,
    text,
)
from trainer.services.report_text import mixup_words, prompt_words

# Practice days in a week, in bands (the weekly chart stacks trainees by band).
BANDS = ((5, 7, "5–7 days", "#2f6b4f"), (3, 4, "3–4 days", "#79b36e"),
         (1, 2, "1–2 days", "#c4dea8"), (0, 0, "no practice", "#e4ded0"))
CONFUSIONS_SHOWN = 5


def _level_bar(spread: Sequence[int], width: float = 260) -> str:
    total = sum(spread) or 1
    x = 0.0
    inner = ""
    for level, n in enumerate(spread):
        if not n:
            continue
        w = width * n / total
        inner += rect(x, 0, w, 20, LEVEL_COLOURS[level], 0, f"{LEVELS[level][1]}: {n}")
        if w >= 16:
            inner += text(x + w / 2, 14, str(n), size=11, anchor="middle",
                          fill="#ffffff" if level >= 3 else "#2b2a28")
        x += w
    label = ", ".join(f"{n} at {LEVELS[level][1]}" for level, n in enumerate(spread) if n)
    return svg(width, 20, f"Levels across the class: {label}", inner)


def _skills(summary: Report) -> str:
    n = summary["trainees"]
    rows = []
    for sid, s in summary["skills"].items():
        median = "–" if s["median_level"] is None else esc(s["median_level_name"])
        rows.append(f"<tr><td>{esc(SKILLS_BY_ID[sid].name)}</td>"
                    f"<td class=\"chart\">{_level_bar(s['levels'])}</td><td>{median}</td>"
                    f"<td class=\"n\">{s['practised_by']} of {n}</td>"
                    f"<td class=\"n\">{pct(s['median_accuracy'])}</td></tr>")
    return ("<section><h2>Skills across the class</h2>"
            "<p class=\"sub\">Each bar is the whole class: how many trainees are at each "
            "level of a skill. Levels grow from items learned and held well (Seed to Deep "
            "roots) and are never taken back.</p>" + level_legend()
            + "<table><thead><tr><th>Skill</th><th>Levels</th><th>Median</th>"
              "<th>Practised by</th><th>Median accuracy</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")


def _band_of(days: int) -> int:
    return next(k for k, (low, high, _w, _c) in enumerate(BANDS) if low <= days <= high)


def _span_words(first: date, last: date) -> str:
    """'3–9 Feb', '24 Feb–2 Mar'."""
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"


def _weeks_chart(weeks: Sequence[Mapping[str, Any]]) -> str:
    if not weeks:
        return ""
    most = max((w["trainees"] for w in weeks), default=0) or 1
    left, top, height = 30.0, 8.0, 150.0
    col = min(110.0, 620.0 / len(weeks))
    bar = max(4.0, col * 0.62)
    width = left + col * len(weeks) + 4
    inner = ""
    step = 1 if most <= 12 else (2 if most <= 24 else 5)
    for k in range(0, most + 1, step):
        y = top + height - height * k / most
        inner += (f"<line x1=\"{left - 4}\" x2=\"{width:.1f}\" y1=\"{y:.1f}\" y2=\"{y:.1f}\" "
                  "stroke=\"#eee8dc\" stroke-width=\"1\"/>")
        inner += text(left - 7, y + 4, str(k), size=10, anchor="end")
    for w_n, week in enumerate(weeks):
        x = left + w_n * col + (col - bar) / 2
        y = top + height
        counts = [0] * len(BANDS)
        for days, n in enumerate(week["spread"]):
            counts[_band_of(days)] += n
        for band in (3, 2, 1, 0):  # no practice at the bottom, 5-7 days on top
            h = height * counts[band] / most
            if counts[band]:
                inner += rect(x, y - h, bar, h, BANDS[band][3], 0,
                              f"{week['from']} to {week['to']}: {counts[band]} with "
                              f"{BANDS[band][2]}")
            y -= h
        span = _span_words(date.fromisoformat(week["from"]), date.fromisoformat(week["to"]))
        if len(weeks) <= 14 or w_n % 4 == len(weeks) % 4:
            inner += text(x + bar / 2, top + height + 15, span, size=10, anchor="middle")
    label = "; ".join(f"{w['from']} to {w['to']}: median {num(w['median'])} practice days"
                      for w in weeks if w["median"] is not None)
    return svg(width, top + height + 22, f"Practice days per week across the class. {label}",
               inner)


def _rhythm(summary: Report) -> str:
    weeks = summary["weeks"]
    chart = _weeks_chart(weeks)
    rows = []
    for r in summary["rhythm"]:
        if r["last_week"]:
            words = f"{plural(r['last_week'], 'day')} in the last week"
        elif not r["week_covered"]:
            words = "<span class=\"muted\">this report covers less than a week</span>"
        else:
            since = (f"; last practised {esc(day_words(date.fromisoformat(r['last_practised'])))}"
                     if r["last_practised"] else "")
            words = ("<span class=\"kind\">no practice in the week before this report"
                     f"{since}. A friendly word may help them back.</span>")
        rows.append(f"<tr><td class=\"name\">{esc(r['name'])}</td>"
                    f"<td class=\"chart\">{strip(r['recent'])}</td><td>{words}</td></tr>")
    covered = [r for r in summary["rhythm"] if r["week_covered"]]
    lately = sum(1 for r in covered if r["last_week"])
    head = (f"<p>{lately} of {plural(len(covered), 'trainee')} practised in the last week of "
            "their report.</p>") if covered else ""
    return ("<section><h2>Practice rhythm</h2>" + head
            + "<p class=\"sub\">Practice days per week, the class as a whole: each column is "
              "one week, its trainees stacked by how many days they practised in it (a trainee "
              "counts in the weeks their report covers).</p>"
            + legend([(c, w) for _l, _h, w, c in BANDS]) + chart
            + "<h3 style=\"margin-top:14px\">Each trainee's last four weeks</h3>"
              "<p class=\"sub\">In alphabetical order, to see each person's own rhythm (not to "
              "compare people). One square a day, the newest on the right.</p>"
            + legend([(PRACTISED, "practised"), (NOT_PRACTISED, "no practice"),
                      (OUTSIDE, "before the report's period")])
            + "<table><thead><tr><th>Trainee</th><th>Last 28 days</th><th>Lately</th></tr>"
              "</thead><tbody>" + "".join(rows) + "</tbody></table></section>")


def _confusions(summary: Report) -> str:
    n = summary["trainees"]
    shown = summary["confusions"][:CONFUSIONS_SHOWN]
    if not shown:
        body = "<p>No look-alikes were mixed up in these reports.</p>"
    else:
        body = "<ol class=\"plain\">" + "".join(
            f"<li>{esc(mixup_words(c, n), 1000)}</li>" for c in shown) + "</ol>"
    return ("<section><h2>Look-alikes the class mixes up</h2><p class=\"sub\">The look-alike "
            "taken for the right answer, the ones most trainees share first.</p>"
            + body + "</section>")


def _prompt(prompts: Mapping[str, str], deck: str, item: str) -> str:
    words = prompt_words(prompts, deck, item)
    if words is None:
        return ("<span class=\"muted\">This item isn't in the decks given here; add its "
                "deck's folder with --decks to see its prompt.</span>")
    return esc(words, 300)


def _missed(summary: Report, prompts: Mapping[str, str]) -> str:
    rows = summary["most_missed"]
    if summary["item_reports"] == 0:
        body = "<p>These reports have no item details (an older version of the app).</p>"
    elif not rows:
        body = "<p>No item was missed often enough to list here.</p>"
    else:
        body = ("<table><thead><tr><th>Deck</th><th>Item</th><th>Prompt</th><th>Right</th>"
                "<th>Answered by</th></tr></thead><tbody>" + "".join(
                    f"<tr><td class=\"id\">{esc(e['deck'])}</td><td class=\"id\">"
                    f"{esc(e['item'])}</td><td class=\"text\">"
                    f"{_prompt(prompts, e['deck'], e['item'])}</td><td class=\"chart\">"
                    f"{share_bar(e['right'], e['answers'], 90)}{pct(e['accuracy'])}</td>"
                    f"<td class=\"n\">{plural(e['trainees'], 'trainee')}<br>"
                    f"<span class=\"muted\">{plural(e['answers'], 'answer')}</span></td></tr>"
                    for e in rows) + "</tbody></table>")
    return ("<section><h2>Items the class found hardest</h2><p class=\"sub\">The lowest "
            "share of right answers in this period, over every trainee who answered them: "
            "good candidates to go through together, or to reword.</p>" + body + "</section>")


def _flags(summary: Report, prompts: Mapping[str, str]) -> str:
    rows = summary["flags"]
    if summary["item_reports"] == 0:
        body = "<p>These reports have no flags (an older version of the app).</p>"
    elif not rows:
        body = "<p>No item was flagged in these reports.</p>"
    else:
        body = ("<table><thead><tr><th>Item</th><th>Prompt</th><th>Why</th><th>Flagged by</th>"
                "</tr></thead><tbody>")
        for f in rows:
            chips = "".join(f"<span class=\"chip\">{esc(REASONS[r])} · {n}</span>"
                            for r, n in f["reasons"].items())
            notes = "".join(f"<q>{esc(t, 400)}</q>" for t in f["notes"])
            aside = (f"<br><span class=\"muted\">set aside by {plural(f['set_aside'], 'trainee')}"
                     "</span>") if f["set_aside"] else ""
            body += (f"<tr><td class=\"id\">{esc(f['deck'])}/<br>{esc(f['item'])}</td>"
                     f"<td class=\"text\">{_prompt(prompts, f['deck'], f['item'])}{notes}</td>"
                     f"<td>{chips}</td><td class=\"n\">{plural(f['trainees'], 'trainee')}"
                     f"{aside}</td></tr>")
        body += "</tbody></table>"
    return ("<section><h2>Items trainees flagged</h2><p class=\"sub\">What trainees said "
            "felt off about an item, with the notes they chose to share.</p>" + body
            + "</section>")


def _at_a_glance(summary: Report) -> str:
    n = summary["trainees"]
    known = [(sid, s) for sid, s in summary["skills"].items() if s["median_level"] is not None]
    if known:
        sid, s = max(known, key=lambda kv: (kv[1]["median_level"], kv[1]["median_score"]))
        held = (esc(SKILLS_BY_ID[sid].name), f"median {esc(s['median_level_name'])}")
    else:
        held = ("–", "")
    covered = [r for r in summary["rhythm"] if r["week_covered"]]
    lately = sum(1 for r in covered if r["last_week"])
    quiet = len(covered) - lately
    rhythm = (f"{lately} of {len(covered)} practised", "in the last week"
              + (f"; {quiet} not lately" if quiet else ""))
    top = summary["top_confusion"]
    mix = (esc(f"{tag_phrase(top['given'])} taken for {tag_phrase(top['expected'])}"),
           f"{top['trainees']} of {n} trainees") if top else ("none", "no look-alikes mixed up")
    missed = summary["most_missed"]
    hard = (f"{esc(missed[0]['deck'])}/{esc(missed[0]['item'])}",
            f"{pct(missed[0]['accuracy'])} right, {plural(missed[0]['trainees'], 'trainee')}"
            ) if missed else ("–", "no item missed often")
    flags = summary["flags"]
    flagged = (plural(len(flags), "item"), f"flagged by {plural(summary['flagged_by'], 'trainee')}"
               ) if flags else ("none", "no item flagged")
    return glance([("Skill held most", *held), ("Practice lately", *rhythm),
                   ("Mixed up most", *mix), ("Hardest item", *hard), ("Flagged", *flagged)])


def class_html(summary: Report, prompts: Mapping[str, str]) -> str:
    """The class summary (report_merge.merge) as one self-contained HTML page."""
    n = summary["trainees"]
    period = ""
    if summary["period"]:
        start = date.fromisoformat(summary["period"]["from"])
        end = date.fromisoformat(summary["period"]["to"])
        period = f"Reports covering {esc(day_words(start))} to {esc(day_words(end))}."
    notes = "".join(f"<p class=\"note\">{esc(note, 3000)}</p>" for note in summary["notes"])
    body = (f"<header class=\"top\"><h1>Class page: {plural(n, 'trainee')}</h1>"
            f"<p class=\"sub\">{period}</p></header>" + notes + _at_a_glance(summary)
            + _skills(summary) + _rhythm(summary) + _confusions(summary)
            + _missed(summary, prompts) + _flags(summary, prompts) + FOOTER)
    return page(f"Class page: {plural(n, 'trainee')}", body)
