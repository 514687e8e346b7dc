"""What follows an answer: a warm headline, the right answer and the item's explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.domain.deck import Item
from trainer.domain.kinds.base import Grade
from trainer.services.feedback import confusion_note, headline


class Feedback(Vertical):
    DEFAULT_CSS = """
    Feedback { height: auto; }
    """

    def __init__(self, item: Item, grade: Grade, milestones: list[str] | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.item = item
        self.grade = grade
        self.milestones = milestones or []
        self.add_class("-right" if grade.correct else "-not-yet")

    def compose(self) -> ComposeResult:
        g = self.grade
        yield Static(Content(headline(g, self.item.key, self.item.kind)), classes="headline")
        # Other kinds mark the right answer in their own widget when they reveal it.
        if not g.correct and g.expected and self.item.kind in ("choice", "classify"):
            yield Static(Content.assemble(("The answer: ", "bold"), g.expected), classes="expected")
        # For classify, "The answer: need" already names the category: the note would repeat it.
        note = confusion_note(g) if self.item.kind != "classify" else None
        if note:
            yield Static(Content(note), classes="note")
        yield Static(Content(self.item.explanation), classes="explanation")
        for title in self.milestones:
            yield Static(Content.assemble(("Milestone reached: ", "bold"), title),
                         classes="milestone")
        hint = "Enter or space to go on"
        if self.item.scheduled:
            hint += "  ·  u to take this answer back"
        yield Static(Content(hint), classes="hint")
