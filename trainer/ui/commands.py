"""Every app command declared once: it feeds the home screen's bindings and footer, the help
screen and the command palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Command:
    action: str  # an App action, without the "app." prefix
    title: str
    help: str
    key: str
    key_display: str | None = None
    footer: bool = True


# In the order the footer shows them: on a narrow screen the last ones may not fit.
COMMANDS: tuple[Command, ...] = (
    Command("start_session", "Start", "Start a practice session", "enter,s", "enter"),
    Command("quit", "Quit", "Quit; every answer is already saved", "q"),
    Command("help", "Help", "Keys, and what this app is and is not", "question_mark", "?"),
    Command("stats", "Stats", "A year of practice, skills, what's coming, look-alikes", "t"),
    Command("walkthrough", "Walk-through", "A guided self-empathy walk-through, private to you", "w"),
    Command("milestones", "Milestones", "What you can do now, and what's ahead", "m"),
    Command("anchors", "Anchors", "Name and edit your own anchors", "a", footer=False),
    Command("journal", "Journal", "Your saved walk-throughs: read or delete them", "j", footer=False),
    Command("decks", "Decks", "See decks, turn them on or off, see deck problems", "d", footer=False),
    Command("settings", "Settings", "Daily goal, session size, new items, motion, check-in",
            "comma", ",", footer=False),
)


def home_bindings() -> list[BindingType]:
    """The home screen's bindings, one per command."""
    return [
        Binding(c.key, f"app.{c.action}", c.title, key_display=c.key_display, show=c.footer)
        for c in COMMANDS
    ]
