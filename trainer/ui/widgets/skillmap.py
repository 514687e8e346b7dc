"""The skill map: six small cards, each with its level, what's due and what's new."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Static

from trainer.domain.levels import LEVELS, SkillLevel
from trainer.domain.skills import SKILLS, Skill


def level_bar(level: SkillLevel, width: int = 10) -> str:
    filled = round(level.score / 100 * width)
    return "▰" * filled + "▱" * (width - filled)


class SkillCard(Static):
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

    def __init__(self, skill: Skill) -> None:
        super().__init__(id=f"skill-{skill.id}")
        self.skill = skill
        self.border_title = skill.short

    def show(self, level: SkillLevel, due: int, new: int, coming: int) -> None:
        nxt = level.to_next
        lines = [
            Content.assemble((level.name, "bold"), " ", level_bar(level, 6)),
            Content(f"{due} due · {new} new" + (f" · {coming} coming" if coming else "")),
            Content(f"next: {LEVELS[level.level + 1][1]}" if nxt is not None else "rooted deep"),
        ]
        self.update(Content("\n").join(lines))
        self.set_class(due > 0, "-due")
        self.tooltip = f"{self.skill.name}: {self.skill.blurb}"


class SkillMap(Grid):
    DEFAULT_CSS = """
    SkillMap {
        grid-size: 3 2;
        grid-gutter: 0 1;
        height: 10;
    }
    """

    def compose(self) -> ComposeResult:
        for skill in SKILLS:
            yield SkillCard(skill)

    def show(self, levels: dict[str, SkillLevel], counts: dict[str, tuple[int, int]],
             coming: dict[str, int]) -> None:
        for card in self.query(SkillCard):
            due, new = counts[card.skill.id]
            card.show(levels[card.skill.id], due, new, coming.get(card.skill.id, 0))
