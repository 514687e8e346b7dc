"""Home: the skill map, today's goal and rhythm, and a key to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.domain.progress import WELCOME_BACK_AFTER
from trainer.services.practice import Trainer
from trainer.ui.commands import home_bindings
from trainer.ui.widgets.skillmap import SkillMap

NOTE = ("This is practice, not therapy. If you are in crisis, please call your local "
        "emergency number or reach out to a professional you trust.")


def goal_bar(done: float, target: float, width: int = 12) -> str:
    filled = min(width, round(done / target * width)) if target else width
    return "━" * filled + "─" * (width - filled)


class HomeScreen(Screen[None]):
    BINDINGS = home_bindings()

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            with Horizontal(id="home-top"):
                yield Static(Content("Self-Empathy Trainer"), id="app-title")
                yield Static(id="xp-total")
            yield Static(id="today")
            yield Static(id="rhythm")
            yield SkillMap(id="skill-map")
            yield Static(id="start-hint")
            yield Static(Content(NOTE), id="note")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Also runs when the screen is first shown, so counts are computed once at start."""
        self.refresh_counts()

    def refresh_counts(self) -> None:
        t = self.trainer
        view = t.overview()
        counts = t.skill_counts(view)
        self.query_one(SkillMap).show(t.levels(view), counts, t.locked_counts(view))
        self.query_one("#xp-total", Static).update(Content(f"{t.book.xp} XP"))
        done, target, unit = t.goal_progress()
        if unit == "min":
            goal_text = f"{min(done, target):.0f} of {target:.0f} min"
        else:
            goal_text = "1 session done" if done >= 1 else "1 session"
        reached = done >= target
        self.query_one("#today", Static).update(Content.assemble(
            ("Today's goal  ", "bold"), goal_bar(done, target), "  ", goal_text,
            ("  reached, well done" if reached else "")))
        r = t.rhythm()
        rest = r["rest_days_banked"]
        rhythm_text = f"Practised {r['rhythm_7d']} of the last 7 days"
        if r["streak_days"] > 1:
            rhythm_text += f" · a {r['streak_days']}-day rhythm"
        if rest:
            rhythm_text += f" · {rest} rest day{'s' if rest != 1 else ''} saved"
        self.query_one("#rhythm", Static).update(Content(rhythm_text))
        total_due = sum(d for d, _ in counts.values())
        total_new = sum(n for _, n in counts.values())
        size = int(t.setting("session_size"))
        new_left = min(total_new, t.new_left_today())
        if r["days_away"] >= WELCOME_BACK_AFTER and not r["practised_today"]:
            hint = ("Welcome back. It's good to see you. We'll start gently, a few reviews at a "
                    "time. Press Enter when you're ready.")
        elif total_due or new_left:
            hint = (f"Press Enter to start a session of up to {size}: {total_due} to review, "
                    f"{new_left} new.")
        elif total_new:
            hint = "Today's new items are done. More tomorrow: spacing them out helps them stay."
        else:
            hint = "Nothing is waiting today. Rest is part of practice too."
        self.query_one("#start-hint", Static).update(Content(hint))
