"""Answer widget for `match`: pair numbered entries on the left with lettered ones on the right."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.match import MatchData
from trainer.ui.widgets.answer import AnswerWidget, OptionRow, check_controls

LETTERS = string.ascii_lowercase[:6]  # match items have at most 6 pairs


class MatchRow(OptionRow):
    """One entry in either column: a gutter (number or letter), the text, and a pair marker."""

    def __init__(self, value: int, on_click: Callable[[int], None], classes: str) -> None:
        super().__init__(value, on_click, classes, marker=True)


class MatchAnswer(AnswerWidget, can_focus=True):
    """The answer is a tuple: answer[i] is the index into `right` paired with left[i]."""

    DEFAULT_CSS = """
    MatchAnswer { height: auto; }
    MatchAnswer .columns { height: auto; }
    MatchAnswer .column { height: auto; width: 1fr; }
    MatchAnswer .column.-left { margin-right: 2; }
    MatchAnswer MatchRow { height: auto; }
    MatchAnswer MatchRow .gutter { width: 4; }
    MatchAnswer MatchRow.-right-entry .gutter { width: 2; }
    MatchAnswer MatchRow .text { width: 1fr; }
    MatchAnswer MatchRow .marker { width: 5; padding-left: 1; }
    MatchAnswer MatchRow.-reveal .marker { display: none; }
    MatchAnswer .option.-current { background: $accent 30%; text-style: bold; }
    MatchAnswer .option.-paired { color: $text-muted; }
    MatchAnswer .controls { height: auto; margin-top: 1; }
    MatchAnswer .controls Button { margin-right: 2; }
    MatchAnswer .status { width: 1fr; color: $text-muted; }
    MatchAnswer .tally { margin-top: 1; text-style: bold; display: none; }
    """

    BINDINGS = [
        Binding("a", "pair_with(0)", "Pair", key_display="a-f"),
        *[Binding(letter, f"pair_with({i})", show=False) for i, letter in enumerate(LETTERS) if i],
        Binding("enter", "check", "Check"),
        # Arrows read the layout: up and down in a column, left and right between the two;
        # space chooses the entry (left) or pairs it (right).
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("left,h", "side('left')", show=False),
        Binding("right,l", "side('right')", show=False),
        Binding("space", "choose_highlighted", "Choose", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        n = len(self.data.left)
        self.shown = self.shown_order(n, never_written=True)  # shown[k]: right index under letter k
        self.pairs: dict[int, int] = {}  # left index -> right index
        self.current: int | None = 0
        self.side = "left"  # the column the arrows are in
        self.cursor = 0  # the row the arrows are on in the right column (a letter's place)

    @property
    def data(self) -> MatchData:
        data = self.item.data
        assert isinstance(data, MatchData)
        return data

    def letter_of(self, right_index: int) -> str:
        return LETTERS[self.shown.index(right_index)]

    def compose(self) -> ComposeResult:
        # Each column gets room in proportion to its longest entry (plus gutter and marker), and
        # no more than that entry needs, so on a wide screen the markers stay near the text.
        left_w = max(Content(t).cell_length for t in self.data.left) + 11
        right_w = max(Content(t).cell_length for t in self.data.right) + 9
        left_col = Vertical(classes="column -left")
        left_col.styles.width = f"{left_w}fr"
        left_col.styles.max_width = left_w
        right_col = Vertical(classes="column -right")
        right_col.styles.width = f"{right_w}fr"
        right_col.styles.max_width = right_w
        with Horizontal(classes="columns"):
            with left_col:
                for i in range(len(self.data.left)):
                    yield MatchRow(i, self.pick_left, "-left")
            with right_col:
                for k in range(len(self.shown)):
                    yield MatchRow(k, self.pick_letter, "-right-entry")
        yield from check_controls()

    def on_mount(self) -> None:
        self.focus()
        self._show()

    def _show(self) -> None:
        data = self.data
        partner_of = {r: left for left, r in self.pairs.items()}
        for row in self.query(MatchRow).filter(".-left"):
            i = row.value
            paired = self.pairs.get(i)
            row.show(f"{'▸' if i == self.current else ' '} {i + 1}", data.left[i],
                     f"→ {self.letter_of(paired)}" if paired is not None else "")
            row.set_class(i == self.current, "-current")
        for row in self.query(MatchRow).filter(".-right-entry"):
            r = self.shown[row.value]
            left = partner_of.get(r)
            row.show(LETTERS[row.value], data.right[r], f"← {left + 1}" if left is not None else "")
            row.set_class(left is not None, "-paired")
            row.set_class(self.side == "right" and row.value == self.cursor, "-current")
        self.query_one(".status", Static).update(Content(self._status()))

    def _status(self) -> str:
        n = len(self.data.left)
        if len(self.pairs) == n:
            return "All paired. Enter checks; a number undoes its pair."
        letters = f"a-{LETTERS[n - 1]}"
        if self.current is not None:
            return (f"{self.current + 1} is chosen: now its partner ({letters}). "
                    f"{len(self.pairs)} of {n} paired.")
        return f"Choose an entry (1-{n}), then its partner ({letters})."

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self.data.left):
            self.pick_left(number - 1)

    def pick_left(self, i: int) -> None:
        """Choose left entry i; if it was paired, the pair is undone so it can be paired again."""
        if self.locked:
            return
        self.pairs.pop(i, None)
        self.current = i
        self._show()

    def pick_letter(self, k: int) -> None:
        if self.locked or not 0 <= k < len(self.shown):
            return
        if self.current is None:
            self.query_one(".status", Static).update(
                Content("Choose an entry on the left first, by its number or a click."))
            return
        r = self.shown[k]
        for left, right in list(self.pairs.items()):
            if right == r:  # that partner moves to the entry chosen now
                del self.pairs[left]
        self.pairs[self.current] = r
        unpaired = [i for i in range(len(self.data.left)) if i not in self.pairs]
        later = [i for i in unpaired if i > self.current]
        rest = later or unpaired
        self.current = rest[0] if rest else None
        self._show()

    def action_pair_with(self, k: int) -> None:
        self.pick_letter(k)

    def action_move(self, delta: int) -> None:
        if self.locked:
            return
        n = len(self.data.left)
        if self.side == "left":
            self.current = ((self.current if self.current is not None else -1) + delta) % n
        else:
            self.cursor = (self.cursor + delta) % n
        self._show()

    def action_side(self, side: str) -> None:
        if not self.locked:
            self.side = side
            if side == "left" and self.current is None:
                self.current = 0
            self._show()

    def action_choose_highlighted(self) -> None:
        if self.side == "left" and self.current is not None:
            self.pick_left(self.current)
        elif self.side == "right":
            self.pick_letter(self.cursor)

    @on(Button.Pressed, "#check")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_check()

    def action_check(self) -> None:
        n = len(self.data.left)
        if len(self.pairs) < n:
            left = n - len(self.pairs)
            self.query_one(".status", Static).update(
                Content(f"{left} still to pair before checking."))
            return
        self.submit(tuple(self.pairs[i] for i in range(n)))

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        data = self.data
        given = tuple(answer)
        hits = 0
        for row in self.query(MatchRow).filter(".-left"):
            i = row.value
            j = given[i] if i < len(given) else -1
            right = 0 <= j < len(data.right) and data.accepts(i, j)
            hits += right
            row.remove_class("-current")
            row.add_class("-reveal", "-right" if right else "-picked")
            text = Content.assemble(data.left[i], " → ", (data.right[j if right else i], "bold"))
            if right and j != i:
                text = Content.assemble(text, ("  (this pairing works too)", "italic"))
            elif not right and 0 <= j < len(data.right):
                text = Content.assemble(text, ("  (you paired ", "italic"), (data.right[j], "italic"),
                                        (")", "italic"))
            row.show(f"{'✓' if right else ' '} {i + 1}", text)
        self.query_one(".column.-right").display = False
        left_col = self.query_one(".column.-left")
        left_col.styles.width = "1fr"
        left_col.styles.max_width = None
        self.query_one(".controls").display = False
        tally = self.query_one(".tally", Static)
        tally.update(Content(f"{hits} of {len(data.left)} pairs right"))
        tally.display = True


WIDGET = MatchAnswer
