"""The private journal: walk-through entries listed by date, one shown at a time, deletable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from trainer.services import journal
from trainer.services.practice import Trainer
from trainer.store.atomic import StoreError
from trainer.ui.widgets.footer import Footer

PRIVACY = "Kept only on this computer. Nothing here is shared or scored."


class ConfirmDelete(ModalScreen[bool]):
    """Asks before an entry is deleted for good. Answers True to delete."""

    DEFAULT_CSS = """
    ConfirmDelete { align: center middle; }
    #confirm {
        width: 60; max-width: 100%; height: auto;
        padding: 1 2; border: round $warning; background: $surface;
    }
    #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    #confirm-buttons Button { margin-left: 2; }
    """

    BINDINGS = [
        Binding("escape,n", "answer(False)", "Keep it"),
        Binding("y", "answer(True)", "Delete"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content.assemble(("Delete this entry?", "bold")))
            yield Static(Content(f"The walk-through from {self.when} will be gone for good. "
                                 "Your practice record stays."))
            with Horizontal(id="confirm-buttons"):
                yield Button("Keep it (n)", id="keep", compact=True)
                yield Button("Delete (y)", id="delete", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "delete")


class JournalScreen(Screen[None]):
    """Browse and delete walk-through entries. Pushed by the app; Esc goes back."""

    DEFAULT_CSS = """
    #journal { height: 1fr; padding: 1 2 0 2; }
    #journal-title { text-style: bold; color: $text-accent; }
    #journal-privacy { color: $text-muted; margin-bottom: 1; }
    #journal-body { height: 1fr; }
    #entries { width: 34; height: 1fr; }
    #entry { width: 1fr; height: 1fr; padding: 0 1 0 2; }
    #entry .step-label { text-style: bold; margin-top: 1; }
    #entry .when { color: $text-accent; text-style: bold; }
    #entry .prompt { color: $text-muted; }
    #journal-empty { color: $text-muted; }
    #journal-actions { height: 1; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("d,delete", "delete", "Delete entry", key_display="d"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self.entries: list[journal.Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="journal"):
            yield Static(Content("Your journal"), id="journal-title")
            yield Static(Content(PRIVACY), id="journal-privacy")
            yield Static(Content(
                "Your journal is empty for now. Each walk-through you finish is kept here."),
                id="journal-empty")
            with Horizontal(id="journal-body"):
                yield OptionList(id="entries", markup=False)
                yield VerticalScroll(id="entry")
            with Horizontal(id="journal-actions"):
                yield Button("Delete entry (d)", id="delete", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.reload()

    def reload(self, select: int = 0) -> None:
        self.entries = journal.entries(self.trainer)
        tz = self.trainer.clock.tz()
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        options.add_options(
            Option(Content.assemble((e.when(tz), "bold"), "\n", e.preview(5)), id=e.id)
            for e in self.entries)
        empty = not self.entries
        self.query_one("#journal-empty").display = empty
        self.query_one("#journal-body").display = not empty
        self.query_one("#journal-actions").display = not empty
        self.refresh_bindings()
        if not empty:
            options.highlighted = min(select, len(self.entries) - 1)
            options.focus()
            self.show(options.highlighted)

    @property
    def current(self) -> journal.Entry | None:
        index = self.query_one("#entries", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    @on(OptionList.OptionHighlighted, "#entries")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(event.option_index)

    def show(self, index: int | None) -> None:
        pane = self.query_one("#entry", VerticalScroll)
        pane.remove_children()
        if index is None or not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        parts: list[Static] = [Static(Content(entry.when(self.trainer.clock.tz())),
                                      classes="when")]
        if entry.prompt:
            parts.append(Static(Content(entry.prompt), classes="prompt"))
        for key, text in entry.steps.items():
            parts.append(Static(Content(journal.STEP_LABELS[key]), classes="step-label"))
            parts.append(Static(Content(text), classes="step-text"))
        pane.mount_all(parts)
        pane.scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete":
            return bool(self.entries)
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#delete")
    def delete_pressed(self) -> None:
        self.action_delete()

    def action_delete(self) -> None:
        entry = self.current
        if entry is None:
            return
        index = self.query_one("#entries", OptionList).highlighted or 0

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                journal.delete_entry(self.trainer, entry.id)
            except StoreError as e:
                self.notify(str(e.strerror), title="Couldn't delete that entry",
                            severity="error")
                return
            self.notify("Entry deleted.", timeout=3)
            self.reload(select=index)

        self.app.push_screen(ConfirmDelete(entry.when(self.trainer.clock.tz())), answered)
