"""'Something off with this item?': a reason, an optional short note, and the choices of
whether the note goes into reports and whether the item comes up again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from trainer.services.flags import MAX_NOTE, REASONS, Flag


class FlagScreen(ModalScreen[Flag | None]):
    """Esc is 'not now': nothing is recorded."""

    BINDINGS = [Binding("escape", "cancel", "Not now"), Binding("q", "app.quit", "Quit"),
                # Enter sends from the reasons and boxes too (they'd take it as space).
                Binding("enter", "enter", "Send", priority=True),
                *[Binding(str(n), f"reason({n})", show=False) for n in range(1, 5)]]

    DEFAULT_CSS = """
    FlagScreen { align: center middle; }
    FlagScreen #flag { width: 64; max-width: 100%; height: auto; max-height: 100%;
                       padding: 1 2; background: $panel; border: round $accent; }
    FlagScreen .title { text-style: bold; margin-bottom: 1; }
    FlagScreen RadioSet { width: 100%; height: auto; }
    FlagScreen Input { margin: 1 0; }
    FlagScreen Checkbox { width: 100%; }
    FlagScreen #flag-buttons { height: auto; margin-top: 1; }
    FlagScreen #flag-buttons Button { margin-right: 2; }
    FlagScreen .hint { color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="flag"):
            yield Static(Content("Something off with this item?"), classes="title")
            with RadioSet(id="reason", compact=True):
                for n, (key, label) in enumerate(REASONS.items()):
                    yield RadioButton(f"{n + 1} {label}", value=n == 0, id=f"reason-{key}")
            yield Input(placeholder="A short note, if you like (optional)", max_length=MAX_NOTE,
                        id="flag-note", compact=True)
            yield Checkbox("Share my note in reports", id="share", compact=True)
            yield Checkbox("Don't show me this item again", id="aside", compact=True)
            with Horizontal(id="flag-buttons"):
                yield Button("Send", id="send", variant="primary", compact=True)
                yield Button("Not now", id="cancel", compact=True)
            yield Static(Content("Reports show the reason; the note only if you share it. 1-4 "
                                 "or the arrows choose, Tab moves on, Enter sends, Esc is not "
                                 "now."), classes="hint")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def action_reason(self, number: int) -> None:
        buttons = list(self.query(RadioButton))
        if 1 <= number <= len(buttons):
            buttons[number - 1].value = True

    def choice(self) -> Flag:
        pressed = self.query_one(RadioSet).pressed_button
        reason = (pressed.id or "reason-other").removeprefix("reason-") if pressed else "other"
        return Flag(reason, self.query_one("#flag-note", Input).value,
                    self.query_one("#share", Checkbox).value,
                    self.query_one("#aside", Checkbox).value)

    def action_enter(self) -> None:
        if isinstance(self.focused, Button):
            self.focused.press()  # "Not now" stays not now
        else:
            self.send()

    @on(Button.Pressed, "#send")
    def send(self) -> None:
        self.dismiss(self.choice())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
