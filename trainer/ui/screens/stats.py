"""Stats: a year of practice at a glance, skill mastery, what's coming, accuracy, look-alikes.

Everything here comes from the progress cache and card states, so it opens at once
whatever the length of the history."""

from __future__ import annotations

from datetime import date, timedelta

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.domain.skills import SKILLS
from trainer.domain.stats import forecast, heatmap_weeks, shade, sparkline, weekly_accuracy
from trainer.domain.text import plural
from trainer.services.feedback import confusion_sentence
from trainer.services.practice import Trainer
from trainer.ui.widgets.footer import Footer
from trainer.ui.widgets.skillmap import level_bar

WIDE = 110  # columns from which sections sit side by side


class Section(Vertical):
    DEFAULT_CSS = """
    Section {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        margin-bottom: 1;
    }
    """

    def __init__(self, title: str, *children: Static, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self.border_title = title


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,t", "app.pop_screen", "Back")]

    DEFAULT_CSS = """
    StatsScreen #stats { padding: 0 1; }
    StatsScreen #stats-cols { layout: vertical; height: auto; }
    StatsScreen .stats-col { height: auto; }
    StatsScreen.-wide #stats-cols { layout: horizontal; }
    StatsScreen.-wide .stats-col { width: 1fr; margin-right: 1; }
    """

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        t = self.trainer
        days = t.book.data["days"]
        today = t.today()
        with VerticalScroll(id="stats"):
            yield Section("Practice over the last year",
                          Static(self.heatmap(days, today, self.weeks(self.app.size.width)),
                                 id="heatmap-cells"), id="heatmap")
            with Container(id="stats-cols"):
                with Vertical(classes="stats-col"):
                    yield Section("Skills", Static(self.mastery()), id="mastery")
                    yield Section("Right answers, week by week",
                                  Static(self.accuracy(days, today)), id="accuracy")
                with Vertical(classes="stats-col"):
                    yield Section("Reviews due, next 14 days", Static(self.coming(today)),
                                  id="forecast")
                    yield Section("Look-alikes you mix up most", Static(self.confusions()),
                                  id="confusions")
        yield Footer(compact=True, show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")
        weeks = self.weeks(event.size.width)
        self.query_one("#heatmap", Section).border_title = (
            "Practice over the last year" if weeks == 53 else f"Practice, last {weeks} weeks")
        self.query_one("#heatmap-cells", Static).update(
            self.heatmap(self.trainer.book.data["days"], self.trainer.today(), weeks))

    @staticmethod
    def weeks(width: int) -> int:
        """As many weeks as fit on one line (each a column), up to a year: a weekday never
        wraps onto a second line on a narrow screen."""
        return max(4, min(53, width - 16))  # less the label, borders, padding, scroll bar

    def heatmap(self, days: dict[str, dict[str, float]], today: date, weeks: int = 53) -> Content:
        grid = heatmap_weeks(days, today, weeks=weeks)
        peak = max((c for row in grid for c in row), default=0)
        labels = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        lines = [f"{labels[d]} " + "".join(shade(c, peak) for c in grid[d]) for d in range(7)]
        practised = len(self.trainer.book.practice_days())
        lines.append(f"{plural(practised, 'day')} of practice in all  "
                     "(· none, ░▒▓█ more)")
        return Content("\n".join(lines))

    def mastery(self) -> Content:
        levels = self.trainer.levels()
        rows = [f"{'':<17}{'level':<21}learned"]
        for skill in SKILLS:
            lv = levels[skill.id]
            rows.append(f"{skill.short:<17}{level_bar(lv, 8)} {lv.name:<12}"
                        f"{lv.learned:>3} of {lv.total}")
        return Content("\n".join(rows))

    def coming(self, today: date) -> Content:
        t = self.trainer
        counts = forecast(t.cards, today, t.clock.tz(), t.day_start_hour, skip=t.practice_keys())
        peak = max(counts) or 1
        bars = "".join("▁▂▃▄▅▆▇█"[min(7, c * 8 // (peak + 1))] if c else "·" for c in counts)
        names = "".join((today + timedelta(days=n)).strftime("%a")[0] for n in range(14))
        return Content(f"{bars}\n{names}\ntoday {counts[0]} · tomorrow {counts[1]} · "
                       f"this week {sum(counts[:7])} · next week {sum(counts[7:])}")

    def accuracy(self, days: dict[str, dict[str, float]], today: date) -> Content:
        weeks = weekly_accuracy(days, today, weeks=12)
        known = [w for w in weeks if w is not None]
        latest = f"{known[-1]:.0%} this week" if weeks[-1] is not None else "no practice yet this week"
        return Content(f"{sparkline(weeks)}  (12 weeks)\n{latest}" if known
                       else "Your accuracy will show here after a few sessions.")

    def confusions(self) -> Content:
        counts: dict[str, int] = self.trainer.book.data["confusions"]
        if not counts:
            return Content("Nothing stands out yet. Mix-ups show here once there are a few.")
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
        lines = []
        for pair, n in top:
            expected, given = pair.split(">", 1)
            lines.append(f"· {confusion_sentence(expected, given, n)}")
        return Content("\n".join(lines))
