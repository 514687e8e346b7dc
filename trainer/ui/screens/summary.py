"""The end of a session: what went well first, then the numbers, per skill."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from trainer.domain.skills import SKILLS_BY_ID
from trainer.services.practice import SessionRun


def _duration(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,space,escape", "done", "Back to home", key_display="enter"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        run = self.run
        answered = len(run.results)
        right = sum(r.grade.correct for r in run.results)
        per_skill = run.by_skill()
        with Vertical(id="summary"):
            yield Static(Content("Session complete"), id="summary-title")
            yield Static(Content(self.opening(answered, right, per_skill)), id="went-well")
            yield Static(Content(
                f"{answered} answered · {right} right · {_duration(run.seconds)}"), id="totals")
            table: DataTable[Text] = DataTable(id="per-skill", cursor_type="none")
            table.can_focus = False
            yield table
            again = [r for r in run.results if not r.grade.correct]
            if again:
                yield Static(Content(
                    f"To look at again: {len(again)} item{'s' if len(again) != 1 else ''}; they "
                    "will come back soon, so each one gets another go."), id="again")
        yield Footer()

    @staticmethod
    def opening(answered: int, right: int, per_skill: dict[str, tuple[int, int]]) -> str:
        if not answered:
            return "You showed up, and that counts."
        best = max(per_skill.items(), key=lambda kv: (kv[1][1] / kv[1][0], kv[1][0]))
        name = SKILLS_BY_ID[best[0]].name.lower()
        if right == answered:
            return f"Every answer landed. You practised {answered} items with care."
        if right:
            return f"Strongest today: {name}. You practised {answered} items and stayed with it."
        return (f"You stayed with {answered} items, including the hard ones. That's the practice: "
                "each one you met today is easier next time.")

    def on_mount(self) -> None:
        table = self.query_one("#per-skill", DataTable)
        table.add_column("Skill")
        table.add_column(Text("Answered", justify="right"))
        table.add_column(Text("Right", justify="right"))
        for skill, (n, right) in self.run.by_skill().items():
            table.add_row(Text(SKILLS_BY_ID[skill].name), Text(str(n), justify="right"),
                          Text(str(right), justify="right"))

    def action_done(self) -> None:
        self.dismiss(None)
