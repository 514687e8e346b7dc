"""The Textual app: handed a Trainer (store, decks, clock), it only shows and forwards."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from trainer.services.practice import Trainer
from trainer.services.run import SessionRun
from trainer.ui.commands import COMMANDS
from trainer.ui.saving import save_setting
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.welcome import WelcomeScreen

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFFFF",
    secondary="#FFFF00",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFA500",
    error="#FF4040",
    dark=True,
)


class TrainerApp(App[None]):
    """Only the home screen is imported at start; every other screen is imported when first
    opened, which keeps start-up close to a bare Textual app's."""

    CSS_PATH = "app.tcss"
    TITLE = "Self-Empathy Trainer"
    # Screens get -narrow under 70 columns and -short under 22 rows: layouts that stay
    # readable and complete down to 60x20.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        # q quits from every screen and dialog (while typing in a field, q is a letter).
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self.register_theme(HIGH_CONTRAST)
        saved = trainer.setting("theme")
        if saved in self.available_themes:
            self.theme = saved

    def save_setting(self, name: str, value: Any) -> bool:
        """Save a setting; on a full disk say so and keep running (it applies until quit)."""
        return save_setting(self, self.trainer, name, value)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name != self.trainer.setting("theme"):
            self.save_setting("theme", theme.name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every app command (one table: ui/commands.py), then Textual's."""
        for c in COMMANDS:
            yield SystemCommand(c.title, c.help, partial(self.run_action, c.action))
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit the application",):
                yield command

    def get_key_display(self, binding: Binding) -> str:
        """Enter is written "enter" on every screen (Textual draws "⏎" unless told), as home's
        footer and the help screen write it."""
        if not binding.key_display and binding.key.split(",")[0] == "enter":
            return "enter"
        return super().get_key_display(binding)

    def get_default_screen(self) -> Screen[Any]:
        """Home is the app's first screen itself (pushing it over Textual's blank default
        screen composed and painted one screen more at every start)."""
        return HomeScreen(self.trainer)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for notice in self.trainer.store.notices:
            self.notify(notice, title="About your data", severity="warning", timeout=30, markup=False)
        if not self.trainer.setting("welcomed"):
            self.push_screen(WelcomeScreen(), self._welcomed)

    def on_ready(self) -> None:
        if not gc.isenabled():  # run_app turned the cycle collector off while starting
            gc.freeze()  # what start-up made lives as long as the app: leave it out of passes
            gc.enable()

    def _welcomed(self, _result: None) -> None:
        self.save_setting("welcomed", True)

    def action_start_session(self) -> None:
        from trainer.ui.screens.checkin import CheckInScreen

        if not self.trainer.start_session().queue:  # say so before asking how they feel
            self._nothing_to_practise()
            return
        if self.trainer.setting("checkin"):
            self.push_screen(CheckInScreen(), self._checked_in)
        else:
            self._begin(None, anchor_first=False)

    def _checked_in(self, activation: int | None) -> None:
        from trainer.ui.screens.checkin import NOT_NOW, AnchorOfferScreen

        if activation == NOT_NOW:
            return
        if activation is not None and activation >= 7 and self.trainer.anchor_item() is not None:
            self.push_screen(AnchorOfferScreen(),
                             lambda yes: self._begin(activation, anchor_first=bool(yes)))
        else:
            self._begin(activation, anchor_first=False)

    def _begin(self, activation: int | None, *, anchor_first: bool) -> None:
        from trainer.ui.screens.drill import DrillScreen

        run = self.trainer.start_session(anchor_first=anchor_first)
        run.checkin = activation
        if not run.queue:
            self._nothing_to_practise()
            return
        self.push_screen(DrillScreen(self.trainer, run), self._session_done)

    def _nothing_to_practise(self) -> None:
        self.notify("Nothing is due right now, and today's new items are done. "
                    "Come back tomorrow, or rest: that's practice too.", timeout=6)

    def action_walkthrough(self) -> None:
        from trainer.ui.screens.drill import DrillScreen

        run = self.trainer.walkthrough_session()
        if not run.queue:
            self.notify("No walk-through is in your decks yet.", timeout=4)
            return
        self.push_screen(DrillScreen(self.trainer, run), self._session_done)

    def action_anchors(self) -> None:
        from trainer.ui.screens.anchors import AnchorsScreen

        self.push_screen(AnchorsScreen(self.trainer))

    def action_journal(self) -> None:
        from trainer.ui.screens.journal import JournalScreen

        self.push_screen(JournalScreen(self.trainer))

    def action_decks(self) -> None:
        from trainer.ui.screens.decks import DecksScreen

        self.push_screen(DecksScreen(self.trainer))

    def action_stats(self) -> None:
        from trainer.ui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.trainer))

    def action_milestones(self) -> None:
        from trainer.ui.screens.milestones import MilestonesScreen

        self.push_screen(MilestonesScreen(self.trainer))

    def action_settings(self) -> None:
        from trainer.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.trainer))

    def _session_done(self, run: SessionRun | None) -> None:
        from trainer.ui.screens.summary import SummaryScreen

        if run is not None and run.practised:
            self.push_screen(SummaryScreen(run, self.trainer))

    def action_help(self) -> None:
        from trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
