"""The contract every drill kind's answer widget keeps with the drill screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from trainer.domain.deck import Item
from trainer.domain.kinds.base import Grade
from trainer.domain.shuffle import shown_order
from trainer.services.practice import Trainer


class AnswerWidget(Widget):
    """Shows one item's answer controls; posts `Submitted` once the learner has answered."""

    DEFAULT_CSS = """
    AnswerWidget { height: auto; }
    """

    class Submitted(Message):
        """The learner gave an answer (in the kind's own answer type)."""

        def __init__(self, answer: Any) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, item: Item, *, trainer: Trainer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.trainer = trainer  # for kinds that need the trainee's anchors or settings
        self.locked = False
        # Entries are shuffled afresh at each showing, the same again on a redraw or undo.
        self.showing = trainer.showing(item) if trainer is not None else 0

    def shown_order(self, n: int, *, never_written: bool = False) -> list[int]:
        """shown[k]: the deck's index of the entry shown k-th."""
        return shown_order(self.item.key, n, self.showing, never_written=never_written)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once answered, the widget's keys fall through to the drill screen (Enter goes on)."""
        return not self.locked

    def pick(self, number: int) -> None:
        """The number key `number` (1-based) was pressed."""

    def reveal(self, grade: Grade, answer: Any) -> None:
        """Lock the controls and mark what was right."""
        self.locked = True

    def submit(self, answer: Any) -> None:
        if not self.locked:
            self.post_message(self.Submitted(answer))


def check_controls() -> ComposeResult:
    """The 'Check' button with a status line beside it and a tally line below, shared by
    the kinds answered in several steps (multi, match, order)."""
    with Horizontal(classes="controls"):
        yield Button("Check", id="check", compact=True)
        yield Static(classes="status")
    yield Static(classes="tally")


class OptionRow(Horizontal):
    """A clickable answer row: a bold gutter (number, letter, place), the text, and with
    `marker` a bold mark after it. Clicks go to `on_click(value)`. Deck text is shown
    literally, never as markup."""

    def __init__(self, value: int, on_click: Callable[[int], None], classes: str, *,
                 marker: bool = False) -> None:
        super().__init__(classes=f"option {classes}")
        self.value = value
        self.when_clicked = on_click
        self.cell_gutter = Static(classes="gutter")
        self.cell_text = Static(classes="text")
        self.cell_marker = Static(classes="marker") if marker else None

    def compose(self) -> ComposeResult:
        yield self.cell_gutter
        yield self.cell_text
        if self.cell_marker is not None:
            yield self.cell_marker

    def show(self, gutter: str, text: str | Content, marker: str = "") -> None:
        self.cell_gutter.update(Content.styled(gutter, "bold"))
        self.cell_text.update(Content(text) if isinstance(text, str) else text)
        if self.cell_marker is not None:
            self.cell_marker.update(Content.styled(marker, "bold"))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.when_clicked(self.value)
