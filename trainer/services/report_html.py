"""What both HTML reports share: one self-contained page (inline CSS, a print stylesheet for
A4, a Content-Security-Policy that lets nothing load from anywhere), escaping, and small
inline SVG charts drawn from numbers only.

Every text that comes from a report, a deck or a trainee goes through `esc`; the charts take
numbers and this module's own labels, so nothing untrusted ever reaches an SVG."""

from __future__ import annotations

import html
from collections.abc import Sequence

from trainer.domain.levels import LEVELS
from trainer.services.report_base import tidy

# Pale to deep: a level is growth, so the scale is one warm green, never red for "low".
LEVEL_COLOURS = ("#e9e4d6", "#d3e6bd", "#a9d08e", "#79b36e", "#4f9160", "#2f6b4f")
PRACTISED = "#4f9160"
NOT_PRACTISED = "#ebe6da"
OUTSIDE = "#f7f4ec"  # days a report doesn't cover
MISSED = "#d9a35b"  # a share not right: amber, a colour of attention, not of blame
RIGHT = "#79b36e"

CSS = """
:root { --ink: #2b2a28; --muted: #67625a; --paper: #fffdf8; --line: #e4ddcf;
  --accent: #3d7a57; --warm: #c98a3a; --soft: #f5f0e4; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 28px 36px; }
header.top { border-bottom: 2px solid var(--line); padding-bottom: 12px; margin-bottom: 16px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; font-weight: 650;
  overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 30px 0 6px; color: var(--accent); }
h3 { font-size: 15px; margin: 0 0 2px; }
p { margin: 6px 0; }
.sub, .muted { color: var(--muted); }
.small { font-size: 13px; }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(175px, 1fr));
  gap: 10px; margin: 12px 0 4px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: 10px 12px; }
.card .q { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); }
.card .a { font-size: 16px; font-weight: 650; overflow-wrap: anywhere; }
.card .d { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name, td.text { overflow-wrap: anywhere; }
td.name { min-width: 9.5em; }
td.id { white-space: nowrap; font-family: ui-monospace, "SF Mono", Menlo, Consolas,
  monospace; font-size: 13px; }
td.chart { width: 1%; white-space: nowrap; }
td.chart svg { max-width: none; display: inline-block; vertical-align: middle; }
.legend { font-size: 13px; color: var(--muted); margin: 4px 0; }
.legend span { display: inline-block; margin-right: 12px; white-space: nowrap; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 3px;
  vertical-align: -1px; margin-right: 4px; border: 1px solid rgba(0,0,0,.08); }
.note { background: var(--soft); border-left: 4px solid var(--warm); padding: 8px 12px;
  border-radius: 6px; margin: 8px 0; }
.kind { color: #7a5a1e; }
.chip { display: inline-block; background: var(--soft); border: 1px solid var(--line);
  border-radius: 999px; padding: 0 8px; margin: 1px 4px 1px 0; font-size: 13px;
  white-space: nowrap; }
q, .quote { display: block; font-style: italic; color: #4a463f; margin: 3px 0;
  overflow-wrap: anywhere; }
q::before { content: "\\201C"; } q::after { content: "\\201D"; }
ol.plain { padding-left: 20px; } ol.plain li { margin: 4px 0; }
ul.plain { padding-left: 18px; } ul.plain li { margin: 3px 0; }
.grid3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(290px, 1fr));
  gap: 12px; }
.grid3 > div { display: flex; flex-direction: column; }
.grid3 > div svg { margin-top: auto; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: #67625a; }
footer { margin-top: 34px; border-top: 1px solid var(--line); padding-top: 10px;
  font-size: 13px; color: var(--muted); }
section { break-inside: avoid-page; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; margin-top: 18px; }
  .card, tr, .grid3 > div { break-inside: avoid; }
  .glance { grid-template-columns: repeat(5, 1fr); }
}
"""

# Nothing from outside the file, and no script at all: even a mistake in escaping can't run
# code or fetch anything.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def esc(text: object, limit: int = 2000) -> str:
    """Untrusted text for HTML: control characters gone, one line, capped, then escaped."""
    return html.escape(tidy(str(text), limit), quote=True)


def page(title: str, body: str) -> str:
    """A whole HTML document; `title` is plain text (escaped here), `body` is HTML."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{esc(title, 300)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def _f(x: float) -> str:
    """A coordinate: short, and never 'nan' or 'inf' (charts are built from numbers)."""
    if x != x or x in (float("inf"), float("-inf")):
        x = 0.0
    return f"{x:.1f}".rstrip("0").rstrip(".") if x % 1 else str(int(x))


def svg(width: float, height: float, label: str, inner: str) -> str:
    """An inline SVG with an accessible name (`label`: this module's words, escaped anyway)."""
    return (f"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {_f(width)} {_f(height)}\" "
            f"width=\"{_f(width)}\" height=\"{_f(height)}\" role=\"img\" "
            f"aria-label=\"{html.escape(label, quote=True)}\">{inner}</svg>")


def rect(x: float, y: float, w: float, h: float, fill: str, rx: float = 0,
         title: str = "") -> str:
    tip = f"<title>{html.escape(title)}</title>" if title else ""
    return (f"<rect x=\"{_f(x)}\" y=\"{_f(y)}\" width=\"{_f(max(0.0, w))}\" "
            f"height=\"{_f(max(0.0, h))}\" rx=\"{_f(rx)}\" fill=\"{fill}\">{tip}</rect>")


def text(x: float, y: float, words: str, *, size: float = 11, anchor: str = "start",
         fill: str = "") -> str:
    colour = f" style=\"fill:{fill}\"" if fill else ""
    return (f"<text x=\"{_f(x)}\" y=\"{_f(y)}\" font-size=\"{_f(size)}\" "
            f"text-anchor=\"{anchor}\"{colour}>{html.escape(words)}</text>")


def swatch(colour: str) -> str:
    return f"<i class=\"sw\" style=\"background:{colour}\"></i>"


def legend(entries: Sequence[tuple[str, str]]) -> str:
    """(colour, words) pairs as a line of swatches."""
    return "<div class=\"legend\">" + "".join(
        f"<span>{swatch(c)}{html.escape(w)}</span>" for c, w in entries) + "</div>"


def level_legend() -> str:
    return legend([(LEVEL_COLOURS[n], name) for n, (_floor, name) in enumerate(LEVELS)])


def share_bar(right: int, answers: int, width: float = 120) -> str:
    """A share right as a bar: green for right, amber for the rest."""
    share = right / answers if answers else 0.0
    inner = rect(0, 2, width, 12, MISSED, 3) + rect(0, 2, width * share, 12, RIGHT, 3)
    return svg(width, 16, f"{round(share * 100)} percent right", inner)


def strip(days: Sequence[int], cell: float = 9, gap: float = 2) -> str:
    """Days as a row of squares: 1 practised, 0 not, -1 outside the report's period."""
    colours = {1: PRACTISED, 0: NOT_PRACTISED, -1: OUTSIDE}
    inner = "".join(rect(k * (cell + gap), 0, cell, cell, colours.get(v, OUTSIDE), 2)
                    for k, v in enumerate(days))
    practised = sum(1 for v in days if v == 1)
    return svg(len(days) * (cell + gap) - gap, cell,
               f"practised on {practised} of the last {len(days)} days", inner)


def glance(cards: Sequence[tuple[str, str, str]]) -> str:
    """Cards of (question, answer, detail), all three HTML already escaped."""
    return "<div class=\"glance\">" + "".join(
        f"<div class=\"card\"><div class=\"q\">{q}</div><div class=\"a\">{a}</div>"
        f"<div class=\"d\">{d}</div></div>" for q, a, d in cards) + "</div>"


FOOTER = ("<footer>Made by Self-Empathy Trainer. Practice, not therapy. A report holds "
          "counts only: never journal text or typed answers, and a flag's note only when the "
          "trainee chose to share it. This page loads nothing from anywhere and works "
          "offline.</footer>")
