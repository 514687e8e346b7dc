"""Home: the skill map, today's goal and rhythm, and a key to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.domain.progress import WELCOME_BACK_AFTER
from trainer.domain.text import plural
from trainer.services import views
from trainer.services.practice import Trainer
from trainer.ui.commands import home_bindings
from trainer.ui.widgets.footer import Footer
from trainer.ui.widgets.skillmap import CardView, SkillMap

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
        # Widgets are made with their text, so the first frame is the finished one (updating
        # them after mounting cost a second layout pass at start-up).
        texts, cards = self._texts()
        self._shown = True
        with Vertical(id="home"):
            with Horizontal(id="home-top"):
                yield Static(Content("Self-Empathy Trainer"), id="app-title")
                yield Static(texts["xp-total"], id="xp-total")
            yield Static(texts["today"], id="today")
            yield Static(texts["rhythm"], id="rhythm")
            yield SkillMap(cards, id="skill-map")
            yield Static(texts["start-hint"], id="start-hint")
            yield Static(Content(NOTE), id="note")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        """Runs when the screen shows again (after a session, settings...): fresh counts."""
        if self._shown:  # just composed with them
            self._shown = False
            return
        self.refresh_counts()

    def refresh_counts(self) -> None:
        texts, cards = self._texts()
        self.query_one(SkillMap).show(cards)
        for name, text in texts.items():
            self.query_one(f"#{name}", Static).update(text)

    def _texts(self) -> tuple[dict[str, Content], dict[str, CardView]]:
        """What home shows: each Static's text by id, and each skill card's numbers."""
        t = self.trainer
        view = t.overview()
        counts = t.skill_counts(view)
        levels, coming = t.levels(view), t.locked_counts(view)
        cards = {s: CardView(levels[s], *counts[s], coming.get(s, 0)) for s in counts}
        done, target, unit = views.goal_progress(t)
        if unit == "min":
            goal_text = f"{min(done, target):.0f} of {target:.0f} min"
        else:
            goal_text = "1 session done" if done >= 1 else "1 session"
        reached = done >= target
        r = views.rhythm(t)
        rest = r["rest_days_banked"]
        rhythm_text = f"Practised {r['rhythm_7d']} of the last 7 days"
        if r["streak_days"] > 1:
            rhythm_text += f" · a {r['streak_days']}-day rhythm"
        if rest:
            rhythm_text += f" · {plural(rest, 'rest day')} saved"
        total_due = sum(d for d, _ in counts.values())
        total_new = sum(n for _, n in counts.values())
        size = int(t.setting("session_size"))
        regular, trying = t.new_left_today()
        new_left = min(total_new, regular + trying)
        tomorrow = views.coming(t, 2)[1]
        later = f" Tomorrow: {plural(tomorrow, 'review')}." if tomorrow else ""
        if r["days_away"] >= WELCOME_BACK_AFTER and not r["practised_today"]:
            hint = ("Welcome back. It's good to see you. We'll start gently, a few reviews at a "
                    "time. Press Enter when you're ready.")
        elif total_due or new_left:
            fresh = f"{new_left} new" + (f", {trying} from a deck new to you" if trying else "")
            hint = (f"Press Enter to start a session of up to {size}: {total_due} to review, "
                    f"{fresh}.{later}")
        elif total_new:
            hint = ("Today's new items are done. More tomorrow: spacing them out helps them "
                    f"stay.{later}")
        else:
            hint = f"Nothing is waiting today. Rest is part of practice too.{later}"
        texts = {
            "xp-total": Content(f"{t.book.xp} XP"),
            "today": Content.assemble(("Today's goal  ", "bold"), goal_bar(done, target), "  ",
                                      goal_text, ("  reached, well done" if reached else "")),
            "rhythm": Content(rhythm_text),
            "start-hint": Content(hint),
        }
        return texts, cards
