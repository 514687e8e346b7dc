"""Milestones: what you can do now, named plainly; the ones still ahead, without pressure."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.domain.milestones import MILESTONES
from trainer.services.practice import Trainer
from trainer.ui.widgets.footer import Footer


class MilestonesScreen(Screen[None]):
    BINDINGS = [Binding("escape,m", "app.pop_screen", "Back")]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        earned: dict[str, str] = self.trainer.book.data["earned"]
        with VerticalScroll(id="milestones"):
            yield Static(Content(f"Milestones · {len(earned)} of {len(MILESTONES)}"),
                         classes="title")
            for m in MILESTONES:
                # The mark in a column of its own: a long title wraps under itself.
                if m.id in earned:
                    yield Horizontal(Static(Content.styled("✓", "bold"), classes="mark"),
                                     Static(Content(f"{m.title}  ({earned[m.id]})")),
                                     classes="milestone -earned")
                else:
                    yield Horizontal(Static(Content("·"), classes="mark"),
                                     Static(Content(m.title)), classes="milestone -ahead")
            yield Static(Content("Milestones name what you can do. They come with practice, "
                                 "in their own time."), classes="hint")
        yield Footer(compact=True, show_command_palette=False)
