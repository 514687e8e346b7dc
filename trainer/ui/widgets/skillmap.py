"""The skill map: six small cards, each with its level, what's due and what's new."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Static

from trainer.domain.levels import LEVELS, SkillLevel
from trainer.domain.skills import SKILLS, Skill


def level_bar(level: SkillLevel, width: int = 10) -> str:
    filled = round(level.score / 100 * width)
    return "▰" * filled + "▱" * (width - filled)


class CardView(NamedTuple):
    """One skill card's numbers."""

    level: SkillLevel
    due: int
    new: int
    coming: int


def card_text(view: CardView) -> Content:
    level = view.level
    lines = [
        Content.assemble((level.name, "bold"), " ", level_bar(level, 6)),
        Content(f"{view.due} due · {view.new} new"
                + (f" · {view.coming} coming" if view.coming else "")),
    ]
    return Content("\n").join(lines)


def next_text(view: CardView) -> Content:
    level = view.level
    return Content(f"next: {LEVELS[level.level + 1][1]}" if level.to_next is not None
                   else "rooted deep")


class SkillCard(Static):
    """A skill's level and counts, and the next level on a third line. One widget with a
    border: at start-up each widget costs layout and styling, and home has six of these. On a
    short card (narrow screens, height 4) the third line is simply not shown, rather than
    being cut off mid-word."""

    DEFAULT_CSS = """
    SkillCard {
        border: round $primary 60%;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        height: 5;
    }
    SkillCard.-due { border: round $accent; }
    """

    def __init__(self, skill: Skill, view: CardView) -> None:
        super().__init__(self._content(view), id=f"skill-{skill.id}",
                         classes="-due" if view.due else "")
        self.skill = skill
        self.border_title = skill.short
        self.tooltip = f"{skill.name}: {skill.blurb}"

    @staticmethod
    def _content(view: CardView) -> Content:
        return Content("\n").join([card_text(view), next_text(view)])

    def show(self, view: CardView) -> None:
        self.update(self._content(view))
        self.set_class(view.due > 0, "-due")


class SkillMap(Grid):
    DEFAULT_CSS = """
    SkillMap {
        grid-size: 3 2;
        grid-gutter: 0 1;
        height: 10;
    }
    """

    def __init__(self, views: dict[str, CardView], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views = views

    def compose(self) -> ComposeResult:
        for skill in SKILLS:
            yield SkillCard(skill, self.views[skill.id])

    def show(self, views: dict[str, CardView]) -> None:
        for card in self.query(SkillCard):
            card.show(views[card.skill.id])
