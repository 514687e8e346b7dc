"""Home: the six skills with what is due and new today, and a key to start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.domain.skills import SKILLS
from trainer.services.practice import Trainer

NOTE = ("This is practice, not therapy. If you are in crisis, please call your local "
        "emergency number or reach out to a professional you trust.")


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,s", "app.start_session", "Start session", key_display="enter"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="home"):
            yield Static(id="today")
            table: DataTable[Text] = DataTable(id="skills", cursor_type="none",
                                                  zebra_stripes=True)
            table.can_focus = False  # a display, not a control: Enter belongs to "start"
            yield table
            yield Static(id="start-hint")
            yield Static(Content(NOTE), id="note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#skills", DataTable)
        table.add_column("Skill", key="skill")
        table.add_column(Text("Due today", justify="right"), key="due")
        table.add_column(Text("New", justify="right"), key="new")
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        counts = self.trainer.skill_counts()
        table = self.query_one("#skills", DataTable)
        table.clear()
        for skill in SKILLS:
            due, new = counts[skill.id]
            table.add_row(Text(skill.name), Text(str(due), justify="right"),
                          Text(str(new), justify="right"), key=skill.id)
        total_due = sum(d for d, _ in counts.values())
        total_new = sum(n for _, n in counts.values())
        size = self.trainer.policy.size
        new_left = min(total_new, self.trainer.new_left_today())
        self.query_one("#today", Static).update(Content.assemble(
            ("Today  ", "bold"), f"{total_due} to review · {new_left} new to explore"))
        if total_due or new_left:
            hint = f"Press Enter to start a session of up to {size} items."
        elif total_new:
            hint = "Today's new items are done. More tomorrow: spacing them out helps them stay."
        else:
            hint = "Nothing is waiting today. Rest is part of practice too."
        self.query_one("#start-hint", Static).update(Content(hint))
