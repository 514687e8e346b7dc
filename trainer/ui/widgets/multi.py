"""Answer widget for `multi`: numbered options (shuffled at each showing) toggled by number
key, by space on the row the arrows moved to, or by click; Enter checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.multi import MultiData
from trainer.ui.widgets.answer import AnswerWidget, check_controls


class MultiRow(Horizontal):
    """One option: its tick box and number, its text, and after checking a short mark.
    Deck text is shown literally, never as markup."""

    def __init__(self, number: int, text: str, on_click: Callable[[int], None],
                 text_width: int) -> None:
        super().__init__(classes="option")
        self.number = number  # as shown: 1 is the first row
        self.checked = False
        self.current = False
        self.when_clicked = on_click
        self.cell_box = Static(classes="box")
        self.cell_text = Static(Content(text), classes="text")
        self.cell_text.styles.max_width = text_width  # so the marks after it line up
        self.cell_mark = Static(classes="mark")
        self.show()

    def compose(self) -> ComposeResult:
        yield self.cell_box
        yield self.cell_text
        yield self.cell_mark

    def show(self, mark: str = "") -> None:
        pointer = "▸" if self.current else " "
        self.cell_box.update(Content.styled(
            f"{pointer}[{'x' if self.checked else ' '}] {self.number}", "bold"))
        self.cell_mark.update(Content.styled(mark, "italic"))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.when_clicked(self.number)


class MultiAnswer(AnswerWidget, can_focus=True):
    """Select all that apply: the answer is the frozenset of 0-based positions ticked."""

    DEFAULT_CSS = """
    MultiAnswer { height: auto; }
    MultiAnswer .options { height: auto; }
    MultiAnswer MultiRow { height: auto; }
    MultiAnswer MultiRow .box { width: 7; }
    MultiAnswer:focus MultiRow.-current { background: $accent 30%; }
    MultiAnswer MultiRow .text { width: 1fr; }
    MultiAnswer MultiRow .mark { width: 2; }
    MultiAnswer.-revealed MultiRow .mark { width: 15; padding-left: 2; }
    MultiAnswer .option.-checked { background: $accent 20%; }
    MultiAnswer .option.-missed { background: $primary 20%; }
    MultiAnswer .controls { height: auto; margin-top: 1; }
    MultiAnswer .controls Button { margin-right: 2; }
    MultiAnswer .status { width: 1fr; color: $text-muted; }
    MultiAnswer .tally { margin-top: 1; text-style: bold; display: none; }
    """

    BINDINGS = [
        Binding("enter", "check", "Check"),
        Binding("space", "tick", "Tick", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown = self.shown_order(len(self.data.options))  # shown[k]: deck index on row k+1
        self.cursor = 0  # the row space ticks (0-based, as shown)

    @property
    def data(self) -> MultiData:
        data = self.item.data
        assert isinstance(data, MultiData)
        return data

    def compose(self) -> ComposeResult:
        with Vertical(classes="options"):
            width = max(Content(o).cell_length for o in self.data.options)
            for n, index in enumerate(self.shown, start=1):
                yield MultiRow(n, self.data.options[index], self.pick, width)
        yield from check_controls()

    def on_mount(self) -> None:
        self.focus()
        self._move_to(0)
        self._show_status()

    def chosen(self) -> frozenset[int]:
        """The deck's indices of the options ticked."""
        return frozenset(self.shown[row.number - 1] for row in self.query(MultiRow) if row.checked)

    def _show_status(self) -> None:
        n = len(self.chosen())
        count = "none chosen yet" if n == 0 else f"{n} chosen"
        self.query_one(".status", Static).update(
            Content(f"{count} · a number or space ticks · Enter checks"))

    def _move_to(self, cursor: int) -> None:
        self.cursor = cursor
        for row in self.query(MultiRow):
            row.current = row.number - 1 == cursor
            row.set_class(row.current, "-current")
            row.show()

    def action_move(self, delta: int) -> None:
        if not self.locked:
            self._move_to((self.cursor + delta) % len(self.shown))

    def action_tick(self) -> None:
        self.pick(self.cursor + 1)

    def pick(self, number: int) -> None:
        if self.locked:
            return
        for row in self.query(MultiRow):
            if row.number == number:
                row.checked = not row.checked
                row.set_class(row.checked, "-checked")
                self._move_to(number - 1)
                self._show_status()

    @on(Button.Pressed, "#check")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_check()

    def action_check(self) -> None:
        if not self.chosen():
            # At least one option always applies, so an empty check is most likely a slip.
            self.query_one(".status", Static).update(
                Content("Tick at least one first: press its number or click it."))
            return
        self.submit(self.chosen())

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        self.add_class("-revealed")
        picked = frozenset(answer)
        right = self.data.answer
        for row in self.query(MultiRow):
            i = self.shown[row.number - 1]
            row.current = False
            row.remove_class("-checked", "-current")
            if i in picked and i in right:
                mark, cls = "✓ applies", "-right"
            elif i in right:
                mark, cls = "applies too", "-missed"
            elif i in picked:
                mark, cls = "doesn't apply", "-picked"
            else:
                mark, cls = "", "-dim"
            row.add_class(cls)
            row.show(mark)
        n = len(self.data.options)
        calls = sum(1 for i in range(n) if (i in picked) == (i in right))
        self.query_one(".controls").display = False
        tally = self.query_one(".tally", Static)
        tally.update(Content(f"{calls} of {n} calls right"))
        tally.display = True


WIDGET = MultiAnswer
