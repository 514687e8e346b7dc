"""Answer widget for `order`: press the steps' numbers (or click them) in the order they go."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.order import OrderData
from trainer.ui.widgets.answer import AnswerWidget, OptionRow, check_controls


def ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th')}"


class StepRow(OptionRow):
    """A step, in the pool or in a place of the learner's order."""


class OrderAnswer(AnswerWidget, can_focus=True):
    """The answer is a tuple of the original step indices, in the learner's order."""

    DEFAULT_CSS = """
    OrderAnswer { height: auto; }
    OrderAnswer Vertical { height: auto; }
    OrderAnswer .heading { text-style: bold; }
    OrderAnswer .heading.-pool { margin-top: 1; }
    OrderAnswer .empty { color: $text-muted; padding: 0 1 0 8; }
    OrderAnswer StepRow { height: auto; }
    OrderAnswer StepRow .gutter { width: 7; text-align: right; padding-right: 1; }
    OrderAnswer StepRow .text { width: 1fr; }
    OrderAnswer .controls { height: auto; margin-top: 1; }
    OrderAnswer .controls Button { margin-right: 2; }
    OrderAnswer .status { width: 1fr; color: $text-muted; }
    OrderAnswer .tally { margin-top: 1; text-style: bold; display: none; }
    OrderAnswer:focus StepRow.-cursor { background: $accent 30%; }
    """

    BINDINGS = [
        Binding("backspace", "take_back", "Take back"),
        Binding("enter", "check", "Check"),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("space", "place_highlighted", "Place", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown = self.shown_order(len(self.data.steps), never_written=True)  # shown[k]: step index
        self.sequence: list[int] = []  # the learner's order so far, as indices into `shown`
        self.cursor = 0  # the step in the pool the arrows are on (an index into `shown`)

    @property
    def data(self) -> OrderData:
        data = self.item.data
        assert isinstance(data, OrderData)
        return data

    def compose(self) -> ComposeResult:
        n = len(self.shown)
        yield Static(Content("Your order"), classes="heading -order")
        yield Static(classes="empty -order")
        with Vertical(classes="placed"):
            for place in range(n):
                yield StepRow(place, self.take_back_from, "-place")
        yield Static(Content(f"Steps to place: press their numbers (1-{n}) in order"),
                     classes="heading -pool")
        with Vertical(classes="pool"):
            for k in range(n):
                yield StepRow(k, self.place, "-step")
        yield from check_controls()

    def on_mount(self) -> None:
        self.focus()
        self._show()

    def _show(self) -> None:
        steps = self.data.steps
        n = len(self.shown)
        for row in self.query(StepRow).filter(".-place"):
            place = row.value
            row.display = place < len(self.sequence)
            if row.display:
                k = self.sequence[place]
                row.show(ordinal(place + 1), steps[self.shown[k]])
        pool = [k for k in range(n) if k not in self.sequence]
        if pool and self.cursor not in pool:
            self.cursor = min(pool, key=lambda k: (k < self.cursor, abs(k - self.cursor)))
        for row in self.query(StepRow).filter(".-step"):
            row.display = row.value not in self.sequence
            here = not self.locked and row.value == self.cursor
            row.set_class(here, "-cursor")
            row.show(f"{'▸' if here else ' '} {row.value + 1}", steps[self.shown[row.value]])
        empty_order = self.query_one(".empty.-order", Static)
        empty_order.display = not self.sequence
        empty_order.update(Content("Nothing placed yet: start with the step that comes first."))
        self.query_one(".heading.-pool").display = len(self.sequence) < n
        if len(self.sequence) == n:
            status = "All placed. Enter checks · Backspace takes back the last"
        elif self.sequence:
            status = f"{len(self.sequence)} of {n} placed · Backspace takes back the last"
        else:
            status = "Press a step's number, or click it, to put it next"
        self.query_one(".status", Static).update(Content(status))

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.shown):
            self.place(number - 1)

    def action_move(self, delta: int) -> None:
        """Up and down move through the steps still to place; space places it next."""
        pool = [k for k in range(len(self.shown)) if k not in self.sequence]
        if pool and not self.locked:
            at = pool.index(self.cursor) if self.cursor in pool else 0
            self.cursor = pool[(at + delta) % len(pool)]
            self._show()

    def action_place_highlighted(self) -> None:
        if self.cursor not in self.sequence:
            self.place(self.cursor)

    def place(self, k: int) -> None:
        """Put shown step k next in the order; if it is already placed, take it out again."""
        if self.locked:
            return
        if k in self.sequence:
            self.sequence.remove(k)
        else:
            self.sequence.append(k)
        self._show()

    def take_back_from(self, place: int) -> None:
        if not self.locked and place < len(self.sequence):
            del self.sequence[place]
            self._show()

    def action_take_back(self) -> None:
        if self.sequence:
            self.take_back_from(len(self.sequence) - 1)

    @on(Button.Pressed, "#check")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_check()

    def action_check(self) -> None:
        left = len(self.shown) - len(self.sequence)
        if left:
            self.query_one(".status", Static).update(
                Content(f"{left} still to place before checking."))
            return
        self.submit(tuple(self.shown[k] for k in self.sequence))

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        steps = self.data.steps
        given = list(answer)
        hits = 0
        for row in self.query(StepRow).filter(".-place"):
            place = row.value
            right = place < len(given) and self.data.accepts(place, given[place])
            hits += right
            # Where either order is fine, the trainee's own order is the one shown.
            text = Content(steps[given[place] if right else place])
            if not right and place in given:
                text = Content.assemble(text, (f"  (you had it {ordinal(given.index(place) + 1)})",
                                               "italic"))
            row.show(f"{'✓' if right else ' '} {ordinal(place + 1)}", text)
            row.display = True
            row.add_class("-right" if right else "-picked")
        self.query_one(".heading.-order", Static).update(Content("The right order"))
        self.query_one(".empty.-order").display = False
        for widget in self.query(".heading.-pool, .pool, .controls"):
            widget.display = False
        tally = self.query_one(".tally", Static)
        tally.update(Content(f"{hits} of {len(steps)} in the right place"))
        tally.display = True


WIDGET = OrderAnswer
