"""Answer widget for `walkthrough`: the guided self-empathy process, one step per page.

Never graded. On finishing, the entry is saved privately to the journal, then submitted."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Input, Static, TextArea

from trainer.domain.deck import Item
from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.walkthrough import STEPS
from trainer.services import journal
from trainer.services.practice import Trainer
from trainer.store.atomic import StoreError
from trainer.ui.widgets.anchor import SUGGESTED_ANCHORS, Chip
from trainer.ui.widgets.answer import AnswerWidget
from trainer.ui.widgets.wordpicker import WordPicker, split_words

# Our own short lists of everyday words: a starting point, never the only right words.
FEELINGS = (
    "anxious", "worried", "scared", "tense", "overwhelmed", "frustrated",
    "irritated", "angry", "sad", "lonely", "hurt", "disappointed",
    "embarrassed", "confused", "tired", "discouraged", "tender", "curious",
    "calm", "relieved", "hopeful", "grateful", "glad", "moved",
)
NEEDS = (
    "rest", "safety", "ease", "order", "clarity", "support",
    "reassurance", "understanding", "to be heard", "to be seen", "acceptance", "belonging",
    "closeness", "trust", "respect", "consideration", "honesty", "choice",
    "space", "fairness", "contribution", "growth", "meaning", "play",
)

# step key -> (kind hint, placeholder, field: "input" or "area")
PAGES: dict[str, tuple[str, str, str]] = {
    "frame": (
        "Before looking closely, let this moment sit inside the longer arc of your life: one "
        "day among many, in a life that holds far more than this.",
        "A few words to name the moment (optional)", "input"),
    "anchor": (
        "Pick one of your anchors and rest with it for a breath or two before going on.",
        "Or write another anchor", "input"),
    "observation": (
        "Just what was seen and heard, as a camera would record it. No judging needed yet.",
        "e.g. At dinner, my partner looked at their phone while I was talking.", "area"),
    "sensations": (
        "Where do you feel it? Tight, heavy, warm, fluttery, numb: any word will do.",
        "e.g. a tight throat, warm cheeks", "input"),
    "feelings": (
        "Pick any words that fit (click or type their number), or write your own.",
        "Your feelings, separated by commas", "input"),
    "needs": (
        "What might these feelings point to? Needs are universal: no particular person or act.",
        "What matters to you, separated by commas", "input"),
    "beliefs": (
        "Let the thoughts be here as thoughts: \"I'm telling myself that...\" You don't have "
        "to believe them.",
        "e.g. I'm telling myself I'm boring to be with.", "area"),
    "request": (
        "Something small and doable, now or soon, in positive words. It can be to yourself.",
        "e.g. I'll ask if we can put phones away at dinner.", "area"),
}
LABELS = dict(STEPS)
PICKERS = ("anchor", "feelings", "needs")
KEYS = tuple(key for key, _label in STEPS)


class WalkthroughAnswer(AnswerWidget):
    """Eight pages, one per step; ctrl+n / ctrl+b (or the chips) move between them."""

    DEFAULT_CSS = """
    WalkthroughAnswer { height: auto; }
    WalkthroughAnswer #wt-step { color: $text-accent; text-style: bold; }
    WalkthroughAnswer ContentSwitcher { height: auto; }
    WalkthroughAnswer ContentSwitcher > Vertical { height: auto; }
    WalkthroughAnswer .kind-hint { color: $text-muted; }
    WalkthroughAnswer Input { margin-top: 1; }
    WalkthroughAnswer .-after-picker { margin-top: 0; }
    WalkthroughAnswer TextArea { height: 6; margin-top: 1; }
    WalkthroughAnswer #wt-nav { height: 1; margin-top: 1; }
    WalkthroughAnswer #wt-nav .nav-hint { color: $text-muted; width: 1fr; }
    WalkthroughAnswer #wt-saved { height: auto; }
    """

    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next step"),
        Binding("ctrl+n", "finish", "Save"),
        Binding("ctrl+b,ctrl+p", "previous_step", "Back", key_display="^b"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("q", "guard_quit", "Quit"),  # reached only outside the text fields
        Binding("escape", "guard_leave", "Home", key_display="esc"),
    ]

    page: reactive[int] = reactive(0, bindings=True, init=False)

    def __init__(self, item: Item, *, trainer: Trainer | None = None, **kwargs: Any) -> None:
        super().__init__(item, trainer=trainer, **kwargs)
        own = trainer.personal_anchors() if trainer is not None else []
        self.anchors = own or list(SUGGESTED_ANCHORS[:4])
        self.saved: journal.Entry | None = None
        self._quit_asked = False

    def compose(self) -> ComposeResult:
        yield Static(id="wt-step")
        with ContentSwitcher(initial="page-frame"):
            for key in KEYS:
                hint, placeholder, field = PAGES[key]
                with Vertical(id=f"page-{key}"):
                    yield Static(Content(hint), classes="kind-hint")
                    if key == "anchor":
                        yield WordPicker(self.anchors, columns=2, single=True,
                                         id="picker-anchor")
                    elif key == "feelings":
                        yield WordPicker(FEELINGS, id="picker-feelings")
                    elif key == "needs":
                        yield WordPicker(NEEDS, id="picker-needs")
                    if field == "area":
                        yield TextArea(id=f"field-{key}", soft_wrap=True, tab_behavior="focus",
                                       placeholder=placeholder)
                    else:
                        yield Input(id=f"field-{key}", placeholder=placeholder,
                                    max_length=journal.MAX_FIELD, select_on_focus=False,
                                    classes="-after-picker" if key in PICKERS else "")
        with Horizontal(id="wt-nav"):
            yield Chip("← back", "back", id="wt-back")
            yield Chip("next →", "next", id="wt-next")
            yield Static(id="wt-keys", classes="nav-hint")
        yield Static(id="wt-saved")

    def on_mount(self) -> None:
        self.watch_page(0)

    # -- pages ---------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        return KEYS[self.page]

    def watch_page(self, page: int) -> None:
        key = KEYS[page]
        last = page == len(KEYS) - 1
        self.query_one("#wt-step", Static).update(
            Content(f"Step {page + 1} of {len(KEYS)} · {LABELS[key]}"))
        self.query_one(ContentSwitcher).current = f"page-{key}"
        self.query_one("#wt-back", Chip).display = page > 0
        self.query_one("#wt-next", Chip).update(Content("save ✓" if last else "next →"))
        keys = "ctrl+n save" if last else "ctrl+n next"
        if page > 0:
            keys += " · ctrl+b back"
        self.query_one("#wt-keys", Static).update(Content(keys))
        if not self.locked:
            self.call_after_refresh(self._focus_page)

    def _focus_page(self) -> None:
        page = self.query_one(f"#page-{self.key}")
        pickers = page.query(WordPicker)
        target = pickers.first() if pickers else page.query_one(f"#field-{self.key}")
        target.focus()

    def action_next_step(self) -> None:
        if self.locked:
            return
        if self.page < len(KEYS) - 1:
            self.page += 1
        else:
            self.action_save()

    def action_finish(self) -> None:
        self.action_save()

    def action_previous_step(self) -> None:
        if not self.locked and self.page > 0:
            self.page -= 1

    def pick(self, number: int) -> None:
        pickers = self.query_one(f"#page-{self.key}").query(WordPicker)
        if pickers and not self.locked:
            pickers.first().toggle(number)

    # -- fields --------------------------------------------------------------------------------

    def value(self, key: str) -> str:
        field = self.query_one(f"#field-{key}")
        if isinstance(field, TextArea):
            return field.text
        assert isinstance(field, Input)
        return field.value

    def values(self) -> dict[str, str]:
        """What was written at each step; picked-word lists are tidied to `a, b, c`."""
        out = {key: self.value(key) for key in KEYS}
        for key in ("feelings", "needs"):
            out[key] = ", ".join(split_words(out[key]))
        return out

    @on(WordPicker.Toggled)
    def word_toggled(self, event: WordPicker.Toggled) -> None:
        event.stop()
        picker = event.picker
        key = (picker.id or "").removeprefix("picker-")
        field = self.query_one(f"#field-{key}", Input)
        if picker.single:
            words = [] if field.value.strip().lower() == event.word.lower() else [event.word]
        else:
            words = split_words(field.value)
            lowered = [w.lower() for w in words]
            if event.word.lower() in lowered:
                words.pop(lowered.index(event.word.lower()))
            else:
                words.append(event.word)
        field.value = ", ".join(words)
        field.cursor_position = len(field.value)

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("field-")
        pickers = self.query(f"#picker-{key}").results(WordPicker)
        for picker in pickers:
            picker.show_picked([event.value.strip()] if picker.single
                               else split_words(event.value))

    @on(Input.Submitted)
    def field_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next_step()

    @on(Chip.Pressed, "#wt-back, #wt-next")
    def nav_pressed(self, event: Chip.Pressed) -> None:
        event.stop()
        if event.chip.value == "back":
            self.action_previous_step()
        else:
            self.action_next_step()

    # -- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.locked:
            return
        values = self.values()
        if not any(v.strip() for v in values.values()):
            self.query_one("#wt-saved", Static).update(Content(
                "Nothing was written, so nothing was saved."))
            self.submit(None)
            return
        if self.trainer is None:
            self.submit(None)
            return
        try:
            self.saved = journal.save_entry(self.trainer, values, self.item)
        except StoreError as e:
            self.notify(f"{e.strerror} What you wrote is still here; free some space and press "
                        "ctrl+s to try again.", title="Couldn't save your entry",
                        severity="error", timeout=10)
            return
        self.query_one("#wt-saved", Static).update(Content(
            "Saved privately in your journal, only on this computer. Thank you for taking this "
            "time with yourself."))
        self.submit(self.saved.id)

    async def action_guard_quit(self) -> None:
        """q on a word list: written words are not lost to a stray key."""
        await self._guard("q", "app.quit")

    async def action_guard_leave(self) -> None:
        """Esc, back home: written words are not lost to a stray key either."""
        await self._guard("Esc", "screen.leave")

    async def _guard(self, key: str, action: str) -> None:
        written = any(v.strip() for v in self.values().values())
        if self.locked or not written or self._quit_asked:
            await self.run_action(action)
            return
        self._quit_asked = True
        self.notify(f"What you've written isn't saved yet. Press ctrl+s to keep it, or {key} "
                    "again to leave without saving.", title="Not saved yet", timeout=8)

    def reveal(self, grade: Grade, answer: Any) -> None:
        super().reveal(grade, answer)
        for widget in self.query("Input, TextArea, WordPicker"):
            widget.disabled = True
        for part in ("#wt-step", "#wt-nav", "ContentSwitcher"):
            self.query_one(part).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked:
            return False
        last = self.page == len(KEYS) - 1
        if action == "previous_step":
            return self.page > 0
        if action == "next_step":
            return not last
        if action == "finish":
            return last
        return True


WIDGET = WalkthroughAnswer
