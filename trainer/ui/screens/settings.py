"""Settings: a few choices, each cycled with Enter, space, arrows or a click."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.domain.settings import GOALS, NEW_PER_DAY, RETENTIONS, SESSION_SIZES
from trainer.services.practice import Trainer
from trainer.ui.saving import save_setting
from trainer.ui.widgets.footer import Footer

CHOICES: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("daily_goal", "Daily goal", GOALS),
    ("session_size", "Items per session", SESSION_SIZES),
    ("new_per_day", "New items per day", NEW_PER_DAY),
    ("desired_retention", "How well to remember", RETENTIONS),
    ("anchor_minutes", "Anchor practice, minutes", (1, 2, 3, 4, 5)),
    ("checkin", "Check in before a session", (True, False)),
    ("reduced_motion", "Reduced motion", (False, True)),
)
# One line under a setting that needs saying what it does.
EXPLAINED = {
    "desired_retention": "Higher means items come back sooner and more often, so you hold "
                         "more of them; lower, fewer reviews. 90% suits most people.",
}


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.0%}"
    return str(value)


class SettingRow(Static, can_focus=True):
    BINDINGS = [
        Binding("enter,space,right,l", "cycle(1)", "Change", show=False),
        Binding("left,h", "cycle(-1)", show=False),
    ]

    def __init__(self, trainer: Trainer, key: str, label: str, options: tuple[Any, ...]) -> None:
        super().__init__(classes="setting", id=f"set-{key}")
        self.trainer, self.key, self.label, self.options = trainer, key, label, options

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        self.update(Content.assemble(f"{self.label:<28}", (f"‹ {shown(self.value)} ›", "bold")))

    @property
    def value(self) -> Any:
        return self.trainer.setting(self.key)

    def action_cycle(self, step: int) -> None:
        try:
            index = self.options.index(self.value)
        except ValueError:
            index = 0
        save_setting(self, self.trainer, self.key, self.options[(index + step) % len(self.options)])
        self.show()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_cycle(1)


class SettingsScreen(Screen[None]):
    AUTO_FOCUS = ".setting"
    BINDINGS = [
        Binding("escape,comma", "app.pop_screen", "Back"),
        Binding("down,j", "app.focus_next", show=False),
        Binding("up,k", "app.focus_previous", show=False),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings"):
            yield Static(Content("Settings"), classes="title")
            for key, label, options in CHOICES:
                yield SettingRow(self.trainer, key, label, options)
                if key in EXPLAINED:
                    yield Static(Content(EXPLAINED[key]), classes="setting-help")
            yield Static(Content("Enter or space changes a setting; it is saved at once."),
                         classes="hint")
        yield Footer(compact=True, show_command_palette=False)
