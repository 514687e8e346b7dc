"""The end of a session: what went well first, then what to look at again, gently."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import plural
from trainer.services import views
from trainer.services.feedback import confusion_sentence
from trainer.services.practice import Trainer
from trainer.services.run import SessionRun
from trainer.ui.widgets.footer import Footer


def _duration(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def went_well(run: SessionRun) -> str:
    """The opening line: always something true and good about the session."""
    answered = len(run.scored)
    right = sum(r.grade.correct for r in run.scored)
    per_skill = run.by_skill()
    if not answered:
        if run.practices:
            return "You took time to practise with care. That is the heart of it."
        return "You showed up, and that counts."
    if right == answered:
        return f"Every answer landed. You practised {plural(answered, 'item')} with care."
    if right:
        best = max(per_skill.items(), key=lambda kv: (kv[1][1] / kv[1][0], kv[1][0]))
        name = SKILLS_BY_ID[best[0]].name.lower()
        return (f"Strongest today: {name}. You practised {plural(answered, 'item')} and stayed "
                "with it.")
    return (f"You stayed with {plural(answered, 'item')}, including the hard ones. That's the practice: "
            "each one you met today is easier next time.")


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,space,escape", "done", "Back to home", key_display="enter"),
    ]

    def __init__(self, run: SessionRun, trainer: Trainer | None = None) -> None:
        super().__init__()
        self.run = run
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        run = self.run
        answered = len(run.scored)
        right = sum(r.grade.correct for r in run.scored)
        practices = len(run.practices)
        with VerticalScroll(id="summary"):
            yield Static(Content("Session complete"), id="summary-title")
            yield Static(Content(went_well(run)), id="went-well")
            if run.xp:
                yield Static(Content(f"+{run.xp} XP for your practice"), id="xp-earned")
            for m in run.milestones:
                yield Static(Content.assemble(("Milestone: ", "bold"), m.title), classes="milestone")
            parts = [f"{answered} answered · {right} right"] if answered else []
            if practices:
                parts.append(plural(practices, "practice"))
            yield Static(Content(" · ".join([*parts, _duration(run.seconds)])), id="totals")
            if answered:  # a session of practices alone has no table of answers
                table: DataTable[Text] = DataTable(id="per-skill", cursor_type="none")
                table.can_focus = False
                yield table
            again = [r for r in run.scored if not r.grade.correct]
            if again:
                come = "It will come back soon, so it gets another go." if len(again) == 1 \
                    else "They will come back soon, so each one gets another go."
                yield Static(Content(
                    f"To look at again: {plural(len(again), 'item')}. {come}"), id="again")
                top = views.top_confusion(self.trainer, run.results) if self.trainer else None
                if top is not None:
                    yield Static(Content(confusion_sentence(*top)), id="confusion")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if not self.run.scored:
            return
        table = self.query_one("#per-skill", DataTable)
        table.add_column("Skill")
        table.add_column(Text("Answered", justify="right"))
        table.add_column(Text("Right", justify="right"))
        for skill, (n, right) in self.run.by_skill().items():
            table.add_row(Text(SKILLS_BY_ID[skill].name), Text(str(n), justify="right"),
                          Text(str(right), justify="right"))

    def action_done(self) -> None:
        self.dismiss(None)
