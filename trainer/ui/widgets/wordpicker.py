"""A grid of numbered words to pick from (the walk-through's feelings, needs and anchors)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from trainer.ui.widgets.anchor import Chip


def split_words(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


class WordPicker(Widget, can_focus=True):
    """Numbered words in a grid: click one, type its number, or move with arrows and press space.

    It mirrors a text field: picking adds the word there, picking again takes it out."""

    DEFAULT_CSS = """
    WordPicker { height: auto; layout: grid; grid-size: 4; grid-gutter: 0 1; margin-top: 1; }
    WordPicker Chip { width: 100%; margin: 0; background: transparent;
                      text-wrap: nowrap; text-overflow: ellipsis; }
    WordPicker Chip:hover { background: $boost; }
    WordPicker:focus Chip.-cursor { background: $accent 30%; }
    WordPicker Chip.-picked { background: $accent 50%; text-style: bold; }
    """

    BINDINGS = [
        *[Binding(str(n), f"digit({n})", show=False) for n in range(10)],
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("up", "move_row(-1)", show=False),
        Binding("down", "move_row(1)", show=False),
        Binding("space,enter", "toggle_cursor", "Pick word", key_display="space"),
    ]
    WAIT = 0.9  # seconds to wait for a second digit (only when one could follow)

    class Toggled(Message):
        """A word was picked or unpicked."""

        def __init__(self, picker: WordPicker, word: str) -> None:
            super().__init__()
            self.picker = picker
            self.word = word

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, words: tuple[str, ...] | list[str], *, columns: int = 4,
                 single: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.words = tuple(words)
        self.columns = columns  # at most; fewer where the longest word wouldn't fit
        self.single = single
        self.styles.grid_size_columns = columns
        self._pending = ""
        self._wait: Timer | None = None

    def compose(self) -> ComposeResult:
        width = len(str(len(self.words)))
        for n, word in enumerate(self.words, start=1):
            yield Chip(Content.assemble((f"{n:>{width}} ", "bold"), word), f"word:{n}")

    def on_mount(self) -> None:
        self.watch_cursor(self.cursor)

    def on_resize(self) -> None:
        self.styles.grid_size_columns = self.fitting_columns(self.size.width)

    def fitting_columns(self, width: int) -> int:
        """As many columns as `width` holds with every word whole (a chip's padding and the
        grid's gutter included), up to `columns`."""
        label = len(str(len(self.words))) + 1 + max((len(w) for w in self.words), default=0)
        return max(1, min(self.columns, (width + 1) // (label + 3)))

    def watch_cursor(self, cursor: int) -> None:
        for i, chip in enumerate(self.query(Chip)):
            chip.set_class(i == cursor, "-cursor")

    def show_picked(self, picked: list[str]) -> None:
        lowered = {p.lower() for p in picked}
        for word, chip in zip(self.words, self.query(Chip), strict=True):
            chip.set_class(word.lower() in lowered, "-picked")

    def toggle(self, number: int) -> None:
        if 1 <= number <= len(self.words):
            self.cursor = number - 1
            self.post_message(self.Toggled(self, self.words[number - 1]))

    def action_move(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(self.words)

    def action_move_row(self, delta: int) -> None:
        target = self.cursor + delta * self.fitting_columns(self.size.width)
        if 0 <= target < len(self.words):
            self.cursor = target

    def action_toggle_cursor(self) -> None:
        self._clear_pending()
        self.toggle(self.cursor + 1)

    def action_digit(self, digit: int) -> None:
        """Numbers above 9 take two keys: "1" then "2" is 12; a lone "1" counts after a moment."""
        typed = self._pending + str(digit)
        if int(typed) == 0:
            self._clear_pending()
            return
        if int(typed) > len(self.words):
            self._clear_pending()
            if digit:
                self.action_digit(digit)
            return
        number = int(typed)
        self.cursor = number - 1
        if number * 10 > len(self.words):
            self._clear_pending()
            self.toggle(number)
        else:
            self._clear_pending()
            self._pending = typed
            self._wait = self.set_timer(self.WAIT, self._commit_pending)

    def _commit_pending(self) -> None:
        if self._pending:
            number = int(self._pending)
            self._clear_pending()
            self.toggle(number)

    def _clear_pending(self) -> None:
        self._pending = ""
        if self._wait is not None:
            self._wait.stop()
            self._wait = None

    @on(Chip.Pressed)
    def chip_pressed(self, event: Chip.Pressed) -> None:
        event.stop()
        if not self.disabled:
            self.focus()
            self.toggle(int(event.chip.value.partition(":")[2]))
