"""Answer widget for `choice` and `classify`: numbered options, picked by number key or mouse."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.ui.widgets.answer import AnswerWidget


class OptionRow(Static, can_focus=True):
    """One numbered option. Deck text is shown literally, never as markup."""

    BINDINGS = [Binding("enter,space", "choose", "Choose", show=False)]

    def __init__(self, number: int, text: str) -> None:
        super().__init__(Content.assemble((f"{number} ", "bold"), text), classes="option")
        self.number = number

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
    """Shared by `choice` (options) and `classify` (categories)."""

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
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
    ]

    def options(self) -> tuple[str, ...]:
        data = self.item.data
        if isinstance(data, ChoiceData):
            return data.options
        assert isinstance(data, ClassifyData)
        return data.categories

    def compose(self) -> ComposeResult:
        with Vertical(classes="options" + (" -inline" if self.item.kind == "classify" else "")):
            for n, text in enumerate(self.options(), start=1):
                yield OptionRow(n, text)

    def on_mount(self) -> None:
        rows = self.query(OptionRow)
        if rows:
            rows.first().focus()

    def action_move(self, delta: int) -> None:
        rows = list(self.query(OptionRow))
        focused = self.screen.focused
        i = rows.index(focused) if focused in rows else -1
        rows[(i + delta) % len(rows)].focus()

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.options()):
            self.submit(number - 1)

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        right = self.item.data.answer
        for row in self.query(OptionRow):
            index = row.number - 1
            if index == right:
                row.add_class("-right")
            elif index == answer:
                row.add_class("-picked")
            else:
                row.add_class("-dim")


WIDGET = OptionsAnswer
