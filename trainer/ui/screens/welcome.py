"""Shown once, the first time the app starts: what it is, and what it is not."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class WelcomeScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,space,escape", "dismiss", "Begin"),
                Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(Content("Welcome to Self-Empathy Trainer"), classes="title")
            yield Static(Content(
                "Here you can practise meeting your own experience with warmth: telling "
                "self-empathy from its look-alikes, finding your anchors, naming feelings "
                "and needs. Mistakes are part of learning; each one comes with an explanation."))
            yield Static(Content(
                "This app is practice, not therapy. If you are in crisis or feel unsafe, please "
                "call your local emergency number, or reach out to a doctor, therapist or "
                "someone you trust."), classes="note")
            yield Static(Content("Press Enter to begin, or q to quit."), classes="hint")
