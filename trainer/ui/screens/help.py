"""Help: the keys, and what this app is (and is not)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.ui.commands import COMMANDS
from trainer.ui.screens.home import NOTE

DRILL_KEYS = (
    ("1-9", "pick an option (or tick one, where several apply)"),
    ("arrows", "move the way the options are laid out; Enter picks, space ticks"),
    ("Enter / space", "go on after feedback"),
    ("u", "take back your last answer, from its feedback or from the next item "
          "(a practice is never taken back)"),
    ("f", "something off with this item? Tell your facilitator, or set it aside"),
    ("Esc", "back home; every answer given is already saved"),
    ("?", "this help"),
    ("q / ctrl+c", "quit, from anywhere (while you type in a field, q is a letter)"),
)


def key_row(key: str, what: str) -> Horizontal:
    """A key and what it does, the text wrapping under itself rather than under the key."""
    return Horizontal(Static(Content(key), classes="key-name"),
                      Static(Content(what), classes="key-text"), classes="key")


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen .key { height: auto; }
    HelpScreen .key-name { width: 15; text-style: bold; color: $text-accent; }
    HelpScreen .key-text { width: 1fr; height: auto; }
    HelpScreen .intro { margin-bottom: 1; }
    """

    BINDINGS = [Binding("escape,question_mark,enter", "dismiss", "Close"),
                Binding("q", "app.quit", "Quit")]  # a modal screen keeps the app's keys out

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content("How to practise"), classes="title")
            yield Static(Content(
                "Short sessions mix the six skills. Items you find hard come back sooner; "
                "ones you know well wait longer. A few minutes a day is plenty."), classes="intro")
            for c in COMMANDS:
                yield key_row(c.key_display or c.key.split(",")[0], c.help)
            yield key_row("ctrl+p", "every command, and the colour themes")
            yield Static(Content("In a session"), classes="subtitle")
            for key, what in DRILL_KEYS:
                yield key_row(key, what)
            yield Static(Content(NOTE), classes="note")
            yield Static(Content("Esc to close"), classes="hint")
