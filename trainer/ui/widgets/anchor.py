"""Answer widget for `anchor`: rate, choose one of your anchors, breathe with a pacer, rate again.

Each press of "I came back" counts a return: noticing the drift is the practice, never a failure.
"""

from __future__ import annotations

import math
import time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from trainer.domain.deck import Item
from trainer.domain.kinds.anchor import MIN_SECONDS, AnchorData, AnchorResult
from trainer.domain.kinds.base import Grade
from trainer.services.practice import Trainer
from trainer.ui.widgets.answer import AnswerWidget

SUGGESTED_ANCHORS = (
    "breath",
    "feet on the floor",
    "hand on heart",
    "a sound nearby",
    "a calm phrase",
    "counting breaths",
    "a caring presence",
    "the seat beneath me",
    "a colour in the room",
    "slow, gentle movement",
)
DEFAULT_MINUTES = 2
PACER_WIDTH = 36


def clock_text(seconds: float) -> str:
    m, s = divmod(max(0, math.ceil(seconds)), 60)
    return f"{m}:{s:02d}"


class Chip(Static):
    """A small clickable label; the keyboard reaches the same action through a key."""

    DEFAULT_CSS = """
    Chip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
    }
    Chip:hover { background: $accent 40%; }
    Chip.-picked { background: $accent 60%; text-style: bold; }
    Chip.-cursor { background: $accent 30%; }
    """

    class Pressed(Message):
        """A chip was clicked."""

        def __init__(self, chip: Chip) -> None:
            super().__init__()
            self.chip = chip

        @property
        def control(self) -> Chip:
            return self.chip

    def __init__(self, label: str | Content, value: str, **kwargs: Any) -> None:
        text = label if isinstance(label, Content) else Content(label)
        super().__init__(text, **kwargs)
        self.value = value

    def on_click(self) -> None:
        self.post_message(self.Pressed(self))


class RatingRow(Horizontal):
    """0-10 and skip, as chips."""

    DEFAULT_CSS = """
    RatingRow { height: 1; width: auto; margin: 1 0; }
    RatingRow Chip { min-width: 4; content-align: center middle; }
    RatingRow Chip.skip { margin-left: 2; }
    """

    def compose(self) -> ComposeResult:
        for n in range(11):
            yield Chip(str(n), f"rate:{n}")
        yield Chip("skip", "skip", classes="skip")


class AnchorAnswer(AnswerWidget, can_focus=True):
    """Phases: before (rating), choose (anchor), practice (pacer), after (rating), done."""

    DEFAULT_CSS = """
    AnchorAnswer { height: auto; }
    AnchorAnswer ContentSwitcher { height: auto; }
    AnchorAnswer ContentSwitcher > Vertical { height: auto; }
    AnchorAnswer #anchor-list { height: auto; }
    AnchorAnswer .question { text-style: bold; }
    AnchorAnswer .hint { color: $text-muted; }
    AnchorAnswer .anchor-row { width: 100%; margin-bottom: 0; background: transparent; }
    AnchorAnswer .anchor-row:hover { background: $boost; }
    AnchorAnswer #anchor-now { color: $text-accent; text-style: bold; }
    AnchorAnswer #breath-label { text-align: center; width: 100%; margin-top: 1; }
    AnchorAnswer #pacer { text-align: center; width: 100%; color: $accent; height: 1; }
    AnchorAnswer #time-left { text-align: center; width: 100%; color: $text-muted; }
    AnchorAnswer #returns { margin-top: 1; }
    AnchorAnswer #practice-chips { height: 1; margin-top: 1; }
    """

    BINDINGS = [
        *[Binding(str(n), f"digit({n})", show=False) for n in range(10)],
        Binding("t", "digit(10)", "Rate 10", show=False),
        Binding("s", "skip", "Skip rating"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("enter", "choose_highlighted", "Choose", show=False),
        Binding("r,space", "came_back", "I came back", key_display="r"),
        Binding("enter", "finish", "Finish"),
    ]

    phase: reactive[str] = reactive("before", bindings=True, init=False)

    def __init__(self, item: Item, *, trainer: Trainer | None = None,
                 checkin: int | None = None, **kwargs: Any) -> None:
        super().__init__(item, trainer=trainer, **kwargs)
        data = item.data
        assert isinstance(data, AnchorData)
        self.data = data
        setting = trainer.setting("anchor_minutes") if trainer is not None else DEFAULT_MINUTES
        self.minutes: float = float(data.minutes or setting or DEFAULT_MINUTES)
        self.reduced_motion = bool(trainer.setting("reduced_motion")) if trainer else False
        own = trainer.personal_anchors() if trainer is not None else []
        self.own_anchors = bool(own)
        self.anchors = own or list(SUGGESTED_ANCHORS[:4])
        # Asked at the session's check-in already: not asked again.
        self.before: int | None = checkin
        self.after: int | None = None
        self.chosen: str | None = None
        self.returns = 0
        self.started: float | None = None
        self.seconds = 0
        self.cursor = 0
        self._timer: Timer | None = None

    # -- time: patch `now` in tests so nothing waits minutes -----------------------------------

    def now(self) -> float:
        return time.monotonic()

    @property
    def total_seconds(self) -> float:
        return self.minutes * 60

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="before"):
            with Vertical(id="before"):
                yield Static(Content(
                    "Before you begin: how activated do you feel right now, from 0 (settled) "
                    "to 10 (very stirred up)?"), classes="question")
                yield RatingRow()
                yield Static(Content("Press 0-9, t for 10, or s to skip. Any number is fine."),
                             classes="hint")
            with Vertical(id="choose"):
                lead = ("Which of your anchors would you like to rest with?" if self.own_anchors
                        else "You haven't named your own anchors yet. Here are a few to try; "
                             "you can name yours on the anchors screen.")
                yield Static(Content(lead), classes="question")
                with Vertical(id="anchor-list"):
                    for n, name in enumerate(self.anchors, start=1):
                        label = Content.assemble((f"{n} " if n <= 9 else "  ", "bold"), name)
                        yield Chip(label, f"anchor:{n}", classes="anchor-row")
                yield Static(Content("Press its number, or click it."), classes="hint")
            with Vertical(id="practice"):
                yield Static(id="anchor-now")
                yield Static(id="breath-label")
                yield Static(id="pacer")
                yield Static(id="time-left")
                yield Static(id="returns")
                with Horizontal(id="practice-chips"):
                    yield Chip("r  I drifted and came back", "return")
                    yield Chip("enter  Finish", "finish")
            with Vertical(id="after"):
                yield Static(Content(
                    "Welcome back. How activated do you feel now, from 0 to 10?"),
                    classes="question")
                yield RatingRow()
                yield Static(Content("Press 0-9, t for 10, or s to skip."), classes="hint")
            with Vertical(id="done"):
                yield Static(id="anchor-summary")

    def on_mount(self) -> None:
        self.focus()
        self._show_cursor()
        if self.before is not None:
            self.phase = "choose"

    def watch_phase(self, phase: str) -> None:
        self.query_one(ContentSwitcher).current = phase

    # -- keys and clicks -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked:
            return False
        allowed = {
            "digit": ("before", "after", "choose", "practice"),  # no-op while practising
            "skip": ("before", "after"),
            "move": ("choose",),
            "choose_highlighted": ("choose",),
            "came_back": ("practice",),
            "finish": ("practice",),
        }
        return self.phase in allowed.get(action, (self.phase,))

    def pick(self, number: int) -> None:
        if not self.locked and self.phase in ("before", "after", "choose"):
            self.action_digit(number)

    def action_digit(self, n: int) -> None:
        if self.phase == "choose":
            if 1 <= n <= len(self.anchors):
                self.choose(n - 1)
        elif self.phase in ("before", "after"):
            self.rate(n)

    def action_skip(self) -> None:
        self.rate(None)

    def action_move(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(self.anchors)
        self._show_cursor()

    def action_choose_highlighted(self) -> None:
        self.choose(self.cursor)

    def action_came_back(self) -> None:
        if self.phase == "practice":
            self.returns += 1
            self._show_returns()

    def action_finish(self) -> None:
        if self.phase == "practice":
            self.end_practice()

    @on(Chip.Pressed)
    def chip_pressed(self, event: Chip.Pressed) -> None:
        event.stop()
        self.focus()
        if self.locked:
            return
        kind, _, arg = event.chip.value.partition(":")
        if kind == "rate" and self.phase in ("before", "after"):
            self.rate(int(arg))
        elif kind == "skip" and self.phase in ("before", "after"):
            self.rate(None)
        elif kind == "anchor" and self.phase == "choose":
            self.choose(int(arg) - 1)
        elif kind == "return":
            self.action_came_back()
        elif kind == "finish":
            self.action_finish()

    # -- the flow ------------------------------------------------------------------------------

    def rate(self, value: int | None) -> None:
        if self.phase == "before":
            self.before = value
            self.phase = "choose"
        elif self.phase == "after":
            self.after = value
            self.submit(AnchorResult(self.returns, self.seconds, self.before, self.after))

    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.anchors):
            return
        self.chosen = self.anchors[index]
        self.start_practice()

    def start_practice(self) -> None:
        self.started = self.now()
        self.returns = 0
        self.query_one("#anchor-now", Static).update(
            Content.assemble("Your anchor: ", (self.chosen or "", "bold")))
        self._show_returns()
        self.phase = "practice"
        self.tick()
        self._timer = self.set_interval(0.5 if self.reduced_motion else 0.1, self.tick,
                                        name="anchor-pacer")

    def elapsed(self) -> float:
        return 0.0 if self.started is None else max(0.0, self.now() - self.started)

    def tick(self) -> None:
        """Redraw the pacer and clock; end the practice when the time is up."""
        if self.phase != "practice":
            return
        elapsed = self.elapsed()
        if elapsed >= self.total_seconds:
            self.end_practice()
            return
        label, pacer = self.breath(elapsed)
        self.query_one("#breath-label", Static).update(Content(label))
        self.query_one("#pacer", Static).update(Content(pacer))
        self.query_one("#time-left", Static).update(
            Content(f"{clock_text(self.total_seconds - elapsed)} left"))

    def breath(self, elapsed: float) -> tuple[str, str]:
        """The breathing cue at `elapsed` seconds: a label and a bar (no bar in reduced motion)."""
        inhale, exhale = self.data.inhale, self.data.exhale
        t = elapsed % (inhale + exhale)
        breathing_in = t < inhale
        if self.reduced_motion:
            count = int(t if breathing_in else t - inhale) + 1
            return (f"Breathe in... {count}" if breathing_in else f"Breathe out... {count}"), ""
        fraction = t / inhale if breathing_in else 1 - (t - inhale) / exhale
        eased = (1 - math.cos(math.pi * fraction)) / 2  # soft at both ends, like a breath
        width = max(1, round(eased * PACER_WIDTH))
        return ("breathe in" if breathing_in else "breathe out"), "━" * width

    def end_practice(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.seconds = int(min(self.elapsed(), self.total_seconds))
        if self.seconds < MIN_SECONDS:  # only a moment: nothing to rate, nothing to count
            self.submit(AnchorResult(self.returns, self.seconds, self.before, None))
        else:
            self.phase = "after"

    def _show_returns(self) -> None:
        n = self.returns
        if n == 0:
            text = ("When you notice your mind has wandered, press r (or space) and gently come "
                    "back. Noticing is the practice.")
        elif n == 1:
            text = "1 return. Welcome back: noticing the drift is the repetition that counts."
        else:
            text = f"{n} returns. Welcome back: each return is a repetition that counts."
        self.query_one("#returns", Static).update(Content(text))

    def _show_cursor(self) -> None:
        for i, row in enumerate(self.query(".anchor-row").results(Chip)):
            row.set_class(i == self.cursor, "-cursor")

    # -- after grading -------------------------------------------------------------------------

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        if self._timer is not None:
            self._timer.stop()
        result = answer if isinstance(answer, AnchorResult) else None
        if result is not None and grade.correct:
            self.query_one("#anchor-summary", Static).update(Content(self.summary(result)))
        self.phase = "done"

    def summary(self, r: AnchorResult) -> str:
        times = "once" if r.returns == 1 else f"{r.returns} times"
        came = (f"You came back to your anchor {times} in {clock_text(r.seconds)}."
                if r.returns else f"You stayed with your anchor for {clock_text(r.seconds)}.")
        if r.before is not None and r.after is not None:
            came += f" Activation: {r.before} before, {r.after} after."
        return came + " Thank you for taking this time."


WIDGET = AnchorAnswer
