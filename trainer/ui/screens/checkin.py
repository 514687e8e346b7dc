"""Before a session: an optional one-key check-in, and an anchor first when it's needed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

NOT_NOW = -1  # the check-in's answer when the trainee chose not to start after all


class CheckInScreen(ModalScreen[int | None]):
    """How activated are you, 0-10? One key; Enter skips the check-in and starts; Esc is
    'not now' (no session)."""

    BINDINGS = [
        *[Binding(str(n), f"rate({n})", show=False) for n in range(10)],
        Binding("t", "rate(10)", show=False),
        Binding("enter,s", "skip", "Skip"),
        Binding("escape", "not_now", "Not now"),
        Binding("q", "app.quit", "Quit"),  # a modal screen keeps the app's keys out
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin", classes="dialog"):
            yield Static(Content("A moment to check in"), classes="title")
            yield Static(Content(
                "How activated do you feel right now, from 0 (calm) to 10 (very stirred up)?"))
            yield Static(Content("Press 0-9, or t for 10. Enter skips the check-in; Esc: not "
                                 "now."), classes="hint")

    def action_rate(self, value: int) -> None:
        self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_not_now(self) -> None:
        self.dismiss(NOT_NOW)


class AnchorOfferScreen(ModalScreen[bool]):
    """Offered when the check-in is 7 or above."""

    BINDINGS = [
        Binding("y,enter", "choose(True)", "Anchor first"),
        Binding("n,escape", "choose(False)", "Straight to the session"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="anchor-offer", classes="dialog"):
            yield Static(Content("Thank you for checking in"), classes="title")
            yield Static(Content(
                "That's a lot to be carrying. Would you like to begin with a few minutes "
                "with your anchor? Learning goes better from a steadier place."))
            yield Static(Content("y: anchor first  ·  n: go straight to the session"),
                         classes="hint")

    def action_choose(self, value: bool) -> None:
        self.dismiss(value)
