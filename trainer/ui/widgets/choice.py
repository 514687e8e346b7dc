"""Answer widget for `choice` and `classify`: numbered options, picked by number key, arrows
and Enter, or the mouse. Choice options are shuffled at each showing; classify categories keep
the deck's order (they are the same few for every line, and their place helps)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.ui.widgets.answer import AnswerWidget

GRID = 3  # classify categories sit in rows of three


class ChoiceRow(Horizontal, can_focus=True):
    """One numbered option: its number (or, once answered, a sign) in a gutter, the text
    wrapping beside it. Deck text is shown literally, never as markup."""

    DEFAULT_CSS = """
    ChoiceRow { height: auto; }
    ChoiceRow .gutter { width: 2; text-style: bold; }
    ChoiceRow .text { width: 1fr; }
    """
    BINDINGS = [Binding("enter,space", "choose", "Choose", show=False)]

    def __init__(self, number: int, text: str) -> None:
        super().__init__(classes="option")
        self.number = number  # as shown: 1 is the first row
        self.text = text
        self.cell_sign = Static(classes="gutter")
        self.cell_text = Static(classes="text")
        self.mark("")

    def compose(self) -> ComposeResult:
        yield self.cell_sign
        yield self.cell_text

    def mark(self, sign: str, note: str = "") -> None:
        """Show the row with a sign before it and a note after: not colour alone."""
        self.cell_sign.update(Content(sign or str(self.number)))
        self.cell_text.update(Content.assemble(self.text, (f"  {note}" if note else "", "italic")))

    @property
    def shown(self) -> str:
        """What the row says, as plain text: 'sign text  note'."""
        return f"{self.cell_sign.render()} {self.cell_text.render()}"

    def action_choose(self) -> None:
        parent = self.parent
        while parent is not None and not isinstance(parent, OptionsAnswer):
            parent = parent.parent
        if parent is not None:
            parent.pick(self.number)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_choose()


class OptionsAnswer(AnswerWidget):
    """Shared by `choice` (options) and `classify` (categories). The answer is the deck's
    0-based index of the option picked."""

    DEFAULT_CSS = """
    OptionsAnswer .options { height: auto; }
    OptionsAnswer .options.-inline {
        layout: grid;
        grid-size: 3;
        grid-rows: auto;
        grid-gutter: 0 1;
    }
    """

    BINDINGS = [
        Binding("down,j", "move(1, 'down')", "Next", show=False),
        Binding("up,k", "move(-1, 'up')", "Previous", show=False),
        Binding("right,l", "move(1, 'right')", "Next", show=False),
        Binding("left,h", "move(-1, 'left')", "Previous", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        n = len(self.options())
        # shown[k]: the deck's index of the option on row k + 1.
        self.shown = self.shown_order(n) if self.item.kind == "choice" else list(range(n))

    @property
    def inline(self) -> bool:
        return self.item.kind == "classify"

    def options(self) -> tuple[str, ...]:
        data = self.item.data
        if isinstance(data, ChoiceData):
            return data.options
        assert isinstance(data, ClassifyData)
        return data.categories

    def compose(self) -> ComposeResult:
        options = self.options()
        with Vertical(classes="options" + (" -inline" if self.inline else "")):
            for k, index in enumerate(self.shown, start=1):
                yield ChoiceRow(k, options[index])

    def on_mount(self) -> None:
        rows = self.query(ChoiceRow)
        if rows:
            rows.first().focus()

    def action_move(self, delta: int, direction: str) -> None:
        """Arrows move the way the options are laid out: a column of choices, or classify's
        rows of three (left and right along a row, up and down between rows)."""
        rows = list(self.query(ChoiceRow))
        focused = self.screen.focused
        i = rows.index(focused) if focused in rows else 0
        if self.inline and direction in ("up", "down"):
            target = i + delta * GRID
            if not 0 <= target < len(rows):
                return
        elif not self.inline and direction in ("left", "right"):
            return
        else:
            target = (i + delta) % len(rows)
        rows[target].focus()

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.shown):
            self.submit(self.shown[number - 1])

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        right = self.item.data.answer
        for row in self.query(ChoiceRow):
            index = self.shown[row.number - 1]
            # Signs, not colour alone: ✓ the answer, • your pick (named in words where a
            # line has room; classify's categories sit three to a row).
            note = "" if self.inline else "your pick"
            if index == right:
                row.add_class("-right")
                row.mark("✓", note if index == answer else "")
            elif index == answer:
                row.add_class("-picked")
                row.mark("•", note)
            else:
                row.add_class("-dim")


WIDGET = OptionsAnswer
