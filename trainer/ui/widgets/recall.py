"""Answer widget for `recall`: type a word or short phrase, Enter checks it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.recall import RecallData
from trainer.ui.widgets.answer import AnswerWidget


class RecallAnswer(AnswerWidget):
    """The answer is the text typed. Digits and letters go into the input, not to the screen's
    keys, because a focused Input consumes printable keys before any binding sees them."""

    DEFAULT_CSS = """
    RecallAnswer { height: auto; }
    RecallAnswer Input { width: 60; max-width: 100%; }
    RecallAnswer .hint { color: $text-muted; padding: 0 1; margin-top: 0; }
    RecallAnswer .accepted { padding: 0 1; margin-top: 1; display: none; }
    RecallAnswer Input.-right { border: tall $success; }
    RecallAnswer Input.-not-yet { border: tall $warning; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked_again = False

    @property
    def data(self) -> RecallData:
        data = self.item.data
        assert isinstance(data, RecallData)
        return data

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type a word or short phrase", max_length=80, select_on_focus=False,
                    id="recall-input")
        yield Static(Content("Enter checks your answer."), classes="hint")
        yield Static(classes="accepted")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def pick(self, number: int) -> None:
        """A digit reached the screen, so the input had lost focus: put it back, with the digit."""
        if self.locked:
            return
        box = self.query_one(Input)
        box.focus()
        box.insert_text_at_cursor(str(number))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text and not self.asked_again:
            # An empty Enter is often a slip; a second one means "show me".
            self.asked_again = True
            self.query_one(".hint", Static).update(Content(
                "Not sure? A guess is fine. Or press Enter again to see the answer."))
            return
        self.submit(text)

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        box = self.query_one(Input)
        box.disabled = True
        box.add_class("-right" if grade.correct else "-not-yet")
        self.query_one(".hint").display = False
        accepted = self.query_one(".accepted", Static)
        accepted.update(Content.assemble(("Accepted: ", "bold"), ", ".join(self.data.answers)))
        accepted.display = True


WIDGET = RecallAnswer
