"""Personal anchors: the trainee names, edits and removes their own, or adopts a suggestion."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.domain.text import clean
from trainer.services.practice import Trainer
from trainer.ui.saving import save_setting
from trainer.ui.widgets.anchor import SUGGESTED_ANCHORS
from trainer.ui.widgets.footer import Footer

MAX_ANCHORS = 12
MAX_LENGTH = 60


def tidy(name: str) -> str:
    """One line, no control characters, no runs of spaces, at most MAX_LENGTH characters."""
    return " ".join(clean(name).split())[:MAX_LENGTH]


class AnchorsScreen(Screen[None]):
    """Pushed by the app; every change is saved at once with trainer.set_setting("anchors")."""

    DEFAULT_CSS = """
    #anchors-page { height: 1fr; padding: 1 2 0 2; }
    #anchors-title { text-style: bold; color: $text-accent; }
    #anchors-intro { color: $text-muted; margin-bottom: 1; }
    #anchors-lists { height: 1fr; min-height: 5; max-height: 16; }
    #anchors-lists > Vertical { width: 1fr; height: 1fr; }
    #anchors-lists > Vertical#suggested-col { margin-left: 2; }
    .list-label { text-style: bold; height: 1; }
    #mine, #suggested { height: 1fr; }
    #anchor-input { margin-top: 1; }
    #anchor-actions { height: 1; margin-top: 1; }
    #anchor-actions Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "remove", "Remove", key_display="d"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self.anchors = trainer.personal_anchors()
        self.editing: int | None = None  # index of the anchor being renamed, if any
        self.ideas: list[str] = []  # the suggestions not yet among the trainee's anchors

    def compose(self) -> ComposeResult:
        with Vertical(id="anchors-page"):
            yield Static(Content("Your anchors"), id="anchors-title")
            yield Static(Content(
                "Steady places to rest your attention, named in your own words. The anchor "
                "practice and the walk-through offer these."), id="anchors-intro")
            with Horizontal(id="anchors-lists"):
                with Vertical(id="mine-col"):
                    yield Static(Content("Yours · Enter renames"), classes="list-label")
                    yield OptionList(id="mine", markup=False)
                with Vertical(id="suggested-col"):
                    yield Static(Content("Ideas · Enter adds"), classes="list-label")
                    yield OptionList(id="suggested", markup=False)
            yield Input(id="anchor-input", placeholder="Name a new anchor, then press Enter",
                        max_length=MAX_LENGTH, select_on_focus=False)
            with Horizontal(id="anchor-actions"):
                yield Button("Add", id="add-btn", compact=True)
                yield Button("Edit", id="edit-btn", compact=True)
                yield Button("Remove", id="remove-btn", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show_list()
        self.query_one("#mine" if self.anchors else "#anchor-input").focus()

    def show_list(self, highlight: int | None = None) -> None:
        mine = self.query_one("#mine", OptionList)
        mine.clear_options()
        mine.add_options(Option(Content.assemble((f"{n:>2} ", "bold"), name))
                         for n, name in enumerate(self.anchors, start=1))
        if self.anchors:
            mine.highlighted = min(highlight or 0, len(self.anchors) - 1)
        taken = {a.lower() for a in self.anchors}
        self.ideas = [s for s in SUGGESTED_ANCHORS if s.lower() not in taken]
        ideas = self.query_one("#suggested", OptionList)
        kept = ideas.highlighted
        ideas.clear_options()
        ideas.add_options(Option(Content(s)) for s in self.ideas)
        if self.ideas:
            ideas.highlighted = min(kept or 0, len(self.ideas) - 1)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return bool(self.anchors)
        return True

    # -- saving --------------------------------------------------------------------------------

    def save(self, anchors: list[str], highlight: int | None = None) -> bool:
        if not save_setting(self, self.trainer, "anchors", list(anchors)):
            return False
        self.anchors = list(anchors)
        self.show_list(highlight)
        return True

    def add(self, name: str) -> bool:
        name = tidy(name)
        if not name:
            return False
        if name.lower() in (a.lower() for a in self.anchors):
            self.notify(f"“{name}” is already one of yours.", timeout=3)
            return False
        if len(self.anchors) >= MAX_ANCHORS:
            self.notify(f"You have {MAX_ANCHORS} anchors already; remove one to make room.",
                        timeout=4)
            return False
        if self.save([*self.anchors, name], len(self.anchors)):
            self.notify(f"Added “{name}”.", timeout=2)
            return True
        return False

    def rename(self, index: int, name: str) -> bool:
        name = tidy(name)
        if not name or not 0 <= index < len(self.anchors):
            return False
        others = [a.lower() for i, a in enumerate(self.anchors) if i != index]
        if name.lower() in others:
            self.notify(f"“{name}” is already one of yours.", timeout=3)
            return False
        anchors = list(self.anchors)
        anchors[index] = name
        return self.save(anchors, index)

    def remove_anchor(self, index: int) -> None:
        if 0 <= index < len(self.anchors):
            self._stop_editing()
            name = self.anchors[index]
            if self.save(self.anchors[:index] + self.anchors[index + 1:], index):
                self.notify(f"Removed “{name}”. You can add it back any time.", timeout=3)

    # -- actions -------------------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        index = self.query_one("#mine", OptionList).highlighted
        return index if index is not None and index < len(self.anchors) else None

    def action_add(self) -> None:
        self._stop_editing()
        self.query_one("#anchor-input", Input).focus()

    def action_edit(self) -> None:
        index = self.highlighted
        if index is None:
            return
        self.editing = index
        field = self.query_one("#anchor-input", Input)
        field.value = self.anchors[index]
        field.placeholder = "Rename this anchor, then press Enter (Esc to cancel)"
        field.cursor_position = len(field.value)
        field.focus()

    def action_remove(self) -> None:
        index = self.highlighted
        if index is not None:
            self.remove_anchor(index)

    def action_back(self) -> None:
        if self.editing is not None or self.query_one("#anchor-input", Input).has_focus:
            self._stop_editing()
            self.query_one("#mine" if self.anchors else "#suggested").focus()
            return
        self.dismiss(None)

    def _stop_editing(self) -> None:
        self.editing = None
        field = self.query_one("#anchor-input", Input)
        field.value = ""
        field.placeholder = "Name a new anchor, then press Enter"

    @on(Input.Submitted, "#anchor-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ok = (self.rename(self.editing, event.value) if self.editing is not None
              else self.add(event.value))
        if ok:
            self._stop_editing()
            self.query_one("#mine", OptionList).focus()

    @on(OptionList.OptionSelected, "#suggested")
    def suggestion_chosen(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.ideas):
            self.add(self.ideas[event.option_index])

    @on(OptionList.OptionSelected, "#mine")
    def mine_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    @on(Button.Pressed, "#add-btn")
    def add_pressed(self) -> None:
        field = self.query_one("#anchor-input", Input)
        if field.value.strip() and self.editing is None:
            if self.add(field.value):
                self._stop_editing()
        else:
            self.action_add()

    @on(Button.Pressed, "#edit-btn")
    def edit_pressed(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#remove-btn")
    def remove_pressed(self) -> None:
        self.action_remove()
