"""A session: one item at a time, instant feedback, progress across the top."""

from __future__ import annotations

import time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import plural, sentence
from trainer.services.flags import Flag, flag
from trainer.services.practice import Trainer
from trainer.services.run import SessionRun
from trainer.store.atomic import StoreError
from trainer.ui.widgets.answer import AnswerWidget
from trainer.ui.widgets.feedback import Feedback
from trainer.ui.widgets.footer import Footer
from trainer.ui.widgets.kinds import answer_widget_for


class DrillScreen(Screen[SessionRun | None]):
    """Owns the session's progress; answer widgets post `AnswerWidget.Submitted`. Dismissed
    with the run when it is done, or with None when the trainee leaves it early (Esc)."""

    BINDINGS = [
        Binding("1", "pick(1)", "Pick", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("enter,space", "next", "Continue", key_display="enter"),
        Binding("u", "undo", "Undo"),
        Binding("f", "flag", "Flag"),
        Binding("escape", "leave", "Home", key_display="esc"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    answered: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, trainer: Trainer, run: SessionRun) -> None:
        super().__init__()
        self.trainer = trainer
        self.run = run
        self.shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        with Horizontal(id="progress-row"):
            yield Static(id="counter")
            yield ProgressBar(total=len(self.run.queue), show_eta=False, show_percentage=False,
                              id="progress")
            yield Static(id="xp")
            yield Static(id="skill-label")
        card = VerticalScroll(id="card")
        card.can_focus = False  # keys belong to the answer widget, even after a click on the prompt
        yield card
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show_item()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        if action == "undo":
            # Shown only where it works: an answer (not a practice) of this session.
            return self.trainer.can_undo(self.run)
        if action == "pick":
            return not self.answered
        if action == "flag":
            return self.run.current is not None or self.answered
        return True

    async def show_item(self) -> None:
        item = self.run.current
        if item is None:
            try:
                self.trainer.finish_session(self.run)
            except StoreError as e:
                self.notify(f"{sentence(str(e.strerror))} Your answers are saved.",
                            title="Couldn't note the session's end", severity="warning",
                            markup=False)
            self.dismiss(self.run)
            return
        self.answered = False
        self.refresh_bindings()
        n = self.run.position
        self.query_one("#counter", Static).update(Content(f"{n + 1} of {len(self.run.queue)}"))
        self.query_one(ProgressBar).update(total=len(self.run.queue), progress=n)
        skill = SKILLS_BY_ID[item.skill]
        self.query_one("#skill-label", Static).update(Content(skill.short))
        self.query_one("#xp", Static).update(
            Content(f"{self.run.xp} XP this session" if self.run.xp else ""))
        card = self.query_one("#card", VerticalScroll)
        await card.remove_children()
        checkin = self.run.checkin if n == 0 else None
        await card.mount(Static(Content(item.prompt), id="prompt"),
                         answer_widget_for(item, self.trainer, checkin))
        card.scroll_home(animate=False)
        self.shown_at = time.monotonic()

    def action_pick(self, number: int) -> None:
        widgets = self.query(AnswerWidget)
        if widgets and not self.answered:
            widgets.first().pick(number)

    @on(AnswerWidget.Submitted)
    async def record(self, event: AnswerWidget.Submitted) -> None:
        event.stop()
        item = self.run.current
        if item is None or self.answered:
            return
        xp_before, milestones_before = self.run.xp, len(self.run.milestones)
        try:
            grade = self.trainer.answer(self.run, item, event.answer,
                                        time.monotonic() - self.shown_at)
        except StoreError as e:
            self.notify(f"{sentence(str(e.strerror))} Your earlier answers are safe; free some "
                        "space and try again.", title="Couldn't save this answer",
                        severity="error", timeout=10, markup=False)
            return
        self.answered = True
        self.refresh_bindings()
        self.flash_xp(self.run.xp - xp_before)
        event_widget = self.query(AnswerWidget).first()
        event_widget.reveal(grade, event.answer)
        self.query_one(ProgressBar).update(progress=self.run.position)
        card = self.query_one("#card", VerticalScroll)
        feedback = Feedback(item, grade, [m.title for m in self.run.milestones[milestones_before:]],
                            id="feedback")
        await card.mount(feedback)
        # Two refreshes: the revealed rows re-wrap first, then the feedback is in its place.
        self.call_after_refresh(lambda: self.call_after_refresh(
            card.scroll_to_widget, feedback, animate=False, top=False))
        self.set_focus(None)

    def flash_xp(self, gained: int) -> None:
        """Show XP as it is earned: a gentle fade, or plain text with reduced motion."""
        if not gained:
            return
        label = self.query_one("#xp", Static)
        label.update(Content(f"+{gained} XP  {self.run.xp} this session"))
        if self.trainer.setting("reduced_motion"):
            return
        label.styles.opacity = 0.0
        label.styles.animate("opacity", value=1.0, duration=0.6)

    async def action_next(self) -> None:
        if self.answered:
            await self.show_item()

    async def action_undo(self) -> None:
        """Take back the last answer, from its feedback or from the item after it."""
        if not self.trainer.can_undo(self.run):
            return
        try:
            self.trainer.undo()
        except StoreError as e:
            self.notify(sentence(str(e.strerror)), title="Couldn't take it back",
                        severity="error", markup=False)
            return
        self.notify("Answer taken back, and its XP with it. Try it again whenever you're "
                    "ready.", timeout=4)
        await self.show_item()

    def action_flag(self) -> None:
        from trainer.ui.screens.flag import FlagScreen

        item = self.run.current if not self.answered else self.run.results[-1].item
        if item is not None:
            self.app.push_screen(FlagScreen(), lambda choice: self._flagged(item, choice))

    def _flagged(self, item: Any, choice: Flag | None) -> None:
        if choice is None:
            return
        try:
            said = flag(self.trainer, item, choice)
        except StoreError as e:
            self.notify(f"{sentence(str(e.strerror))} Nothing was changed.",
                        title="Couldn't save the flag", severity="error", markup=False)
            return
        upset = choice.reason == "upset"
        self.notify(said, timeout=20 if upset else 6, markup=False)
        if (upset or choice.set_aside) and not self.answered:
            # Set aside before it was answered: it leaves this session too.
            self.run.queue.remove(item)
            self.call_later(self.show_item)

    def action_leave(self) -> None:
        """Back home; every answer given is already saved."""
        n = len(self.run.scored)
        if n:
            self.notify(f"Your {plural(n, 'answer')} {'is' if n == 1 else 'are'} saved. Come "
                        "back whenever you like.", timeout=5)
        self.dismiss(None)

    def on_unmount(self) -> None:
        try:
            self.trainer.end_session()
        except StoreError as e:
            # Every answer is already in the review log; only the quick-start copy is behind.
            self.app.notify(f"Your answers are safe in your review history "
                            f"({sentence(str(e.strerror))[:-1]}).",
                            title="Couldn't save your progress summary", severity="warning",
                            timeout=10, markup=False)

    def answer_for_test(self, answer: Any) -> None:
        """Submit an answer directly (used by tests and screenshots)."""
        self.query(AnswerWidget).first().submit(answer)
