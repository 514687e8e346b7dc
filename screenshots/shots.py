"""Drive the real TrainerApp headless with Pilot and save an SVG of every screen.

Each group of screenshots is one `run_test` of the app over the same seeded Trainer, in an
order that leaves today untouched until the session, which comes last. Before each shot the
screen is checked, so a wrong or error screen stops the script instead of being saved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from trainer.domain.clock import FixedClock
from trainer.domain.deck import Item
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.match import MatchData
from trainer.domain.kinds.order import OrderData
from trainer.services.feedback import LOOKALIKE
from trainer.services.practice import Trainer
from trainer.services.run import SessionRun
from trainer.ui.app import TrainerApp
from trainer.ui.screens.anchors import AnchorsScreen
from trainer.ui.screens.checkin import CheckInScreen
from trainer.ui.screens.decks import DecksScreen
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.journal import JournalScreen
from trainer.ui.screens.milestones import MilestonesScreen
from trainer.ui.screens.settings import SettingsScreen
from trainer.ui.screens.stats import StatsScreen
from trainer.ui.screens.summary import SummaryScreen
from trainer.ui.widgets.anchor import AnchorAnswer
from trainer.ui.widgets.answer import AnswerWidget
from trainer.ui.widgets.walkthrough import WalkthroughAnswer

SMALL = (80, 24)
LARGE = (120, 40)

# The showcase session, one item per kind: a preferred key (short enough for 80x24),
# else the first item of that kind.
SHOWCASE = (
    ("choice", "distinguish/dist-012"),
    ("classify", "feelings/feel-001"),
    ("multi", "needs/need-042"),
    ("match", "distinguish/dist-042"),
    ("order", "witness/wit-037"),
    ("recall", "needs/need-037"),
    ("anchor", "anchors/anch-042"),
)
PACER_AT = 35.0  # seconds into the anchor practice when it is shown: mid in-breath

# Home-screen keys and the screens they open, in the order they are shot.
BROWSE: tuple[tuple[str, str, type[Screen[Any]]], ...] = (
    ("t", "stats.svg", StatsScreen),
    ("m", "milestones.svg", MilestonesScreen),
    ("comma", "settings.svg", SettingsScreen),
    ("d", "decks.svg", DecksScreen),
    ("a", "anchors.svg", AnchorsScreen),
    ("j", "journal.svg", JournalScreen),
    ("question_mark", "help.svg", HelpScreen),
)


class Camera:
    """Saves the app's current screen as `name` in `out`, and remembers what it wrote."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[Path] = []

    async def __call__(self, pilot: Pilot[None], name: str, screen: type[Screen[Any]]) -> None:
        await settle(pilot)
        shown = pilot.app.screen
        if not isinstance(shown, screen):
            raise RuntimeError(f"{name}: expected {screen.__name__}, the app shows "
                               f"{type(shown).__name__}")
        pilot.app.save_screenshot(filename=name, path=str(self.out))
        self.written.append(self.out / name)


class FrozenTime:
    """Stands in for the anchor widget's monotonic clock: it moves only when told to."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


async def settle(pilot: Pilot[None]) -> None:
    """Let layout and refreshes finish, so every run draws the same picture."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def in_app(trainer: Trainer, size: tuple[int, int],
                 steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    app = TrainerApp(trainer)
    app.animation_level = "none"  # fades and scrolls jump to their end: same picture, no waiting
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await steps(pilot)


def showcase_items(trainer: Trainer) -> list[Item]:
    items = {i.key: i for i in trainer.available_items(memory_only=False)}
    return [items.get(key) or next(i for i in items.values() if i.kind == kind)
            for kind, key in SHOWCASE]


def lookalike_pick(item: Item) -> int:
    """The deck's index of a wrong option that the deck names as a look-alike."""
    data = item.data
    assert isinstance(data, ChoiceData)
    wrong = [n for n in range(len(data.options)) if n != data.answer]
    named = [n for n in wrong if data.tags and data.tags[n] in LOOKALIKE]
    return (named or wrong)[0]


def key_for(app: App[None], index: int) -> str:
    """The number key of the deck's option `index` as the answer widget shows it (choice and
    multi options are shuffled at each showing)."""
    widget = app.screen.query_one(AnswerWidget)
    shown: list[int] = getattr(widget, "shown", list(range(index + 1)))
    return str(shown.index(index) + 1)


def one_slip(n: int) -> tuple[int, ...]:
    """A match or order answer that is right except for the last two, swapped."""
    order = list(range(n))
    order[-2], order[-1] = order[-1], order[-2]
    return tuple(order)


async def browse(camera: Camera, pilot: Pilot[None]) -> None:
    """Home, then each screen the home screen opens, back home after each."""
    await camera(pilot, "home.svg", HomeScreen)
    for key, name, screen in BROWSE:
        await pilot.press(key)
        await camera(pilot, name, screen)
        await pilot.press("escape")
        await settle(pilot)


async def wide(camera: Camera, pilot: Pilot[None]) -> None:
    await camera(pilot, "home-wide.svg", HomeScreen)
    await pilot.press("t")
    await camera(pilot, "stats-wide.svg", StatsScreen)


async def check_in(camera: Camera, pilot: Pilot[None]) -> None:
    """The check-in dialog before a session (left unanswered: no session starts)."""
    await pilot.press("enter")
    await camera(pilot, "checkin.svg", CheckInScreen)


async def walkthrough(camera: Camera, pilot: Pilot[None]) -> None:
    """The guided walk-through at its feelings step, two words picked (never saved)."""
    await pilot.press("w")
    await settle(pilot)
    for _ in range(4):  # frame, anchor, observation, sensations
        await pilot.press("ctrl+n")
        await settle(pilot)
    await pilot.press("1", "9", "2", "3")  # calm, glad: the prompt asks for something that went well
    if pilot.app.screen.query_one(WalkthroughAnswer).key != "feelings":
        raise RuntimeError("walkthrough.svg: the walk-through is not at its feelings step")
    await camera(pilot, "walkthrough.svg", DrillScreen)


async def session(camera: Camera, pilot: Pilot[None], trainer: Trainer, clock: FixedClock) -> None:
    """One session with an item of every kind, each answered its own way, then the summary."""
    choice, classify, multi, match, order, recall, anchor = showcase_items(trainer)
    assert isinstance(match.data, MatchData) and isinstance(order.data, OrderData)
    app = pilot.app

    def summarise(done: SessionRun | None) -> None:
        if done is not None:
            app.push_screen(SummaryScreen(done, trainer))

    run = SessionRun([choice, classify, multi, match, order, recall, anchor], clock.now())
    app.push_screen(DrillScreen(trainer, run), summarise)
    await settle(pilot)

    async def answer(seconds: float, *keys: str, value: Any = None) -> None:
        clock.advance(seconds=seconds)  # the summary's duration comes from the trainer's clock
        if keys:
            await pilot.press(*keys)
        else:
            screen = app.screen
            assert isinstance(screen, DrillScreen)
            screen.answer_for_test(value)

    async def go_on() -> None:
        await pilot.press("enter")
        await settle(pilot)

    await answer(14, key_for(app, lookalike_pick(choice)))
    await camera(pilot, "drill-feedback.svg", DrillScreen)
    await go_on()
    await camera(pilot, "drill-classify.svg", DrillScreen)
    await answer(9, "2")
    await go_on()
    # A wish slips in among the needs.
    await answer(31, key_for(app, 0), key_for(app, 2), key_for(app, 3), "enter")
    await camera(pilot, "drill-multi.svg", DrillScreen)
    await go_on()
    await answer(44, value=one_slip(len(match.data.left)))
    await camera(pilot, "drill-match.svg", DrillScreen)
    await go_on()
    await answer(52, value=one_slip(len(order.data.steps)))
    await camera(pilot, "drill-order.svg", DrillScreen)
    await go_on()
    await answer(18, *"respect", "enter")
    await camera(pilot, "drill-recall.svg", DrillScreen)
    await go_on()

    widget = app.screen.query_one(AnchorAnswer)
    frozen = FrozenTime()
    widget.now = frozen  # type: ignore[method-assign]  # the pacer's time stands still
    await pilot.press("6", "1")  # activation before, then the first anchor
    frozen.t += PACER_AT
    await pilot.press("r", "r")
    await pilot.pause(0.3)  # a few pacer ticks, all at the same moment
    if widget.phase != "practice":
        raise RuntimeError("anchor.svg: the anchor practice is not under way")
    await camera(pilot, "anchor.svg", DrillScreen)
    frozen.t += 60
    clock.advance(seconds=120)
    await pilot.press("enter", "3")  # finish, then activation after
    await settle(pilot)
    await go_on()  # past the last item: the summary
    await camera(pilot, "summary.svg", SummaryScreen)


async def shoot_all(trainer: Trainer, clock: FixedClock, out: Path) -> list[Path]:
    """Every screenshot, into `out`; returns the files written."""
    camera = Camera(out)
    await in_app(trainer, SMALL, lambda p: browse(camera, p))
    await in_app(trainer, LARGE, lambda p: wide(camera, p))
    trainer.set_setting("checkin", True)
    await in_app(trainer, SMALL, lambda p: check_in(camera, p))
    await in_app(trainer, SMALL, lambda p: walkthrough(camera, p))
    await in_app(trainer, SMALL, lambda p: session(camera, p, trainer, clock))
    return camera.written
