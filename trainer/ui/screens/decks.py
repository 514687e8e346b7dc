"""Decks: every loaded deck, switched on or off with a key or a click, and the decks that
could not be loaded with the reasons. Deck text is shown as Content, never as markup."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ListItem, ListView, Static

from trainer.domain.deck import Deck, Item
from trainer.domain.skills import SKILLS_BY_ID
from trainer.domain.text import clean, sentence
from trainer.services.flags import set_aside, set_aside_items
from trainer.services.practice import Trainer
from trainer.store.atomic import StoreError
from trainer.ui.saving import save_setting
from trainer.ui.widgets.footer import Footer


def switch_mark(on: bool) -> Content:
    return Content.styled("on", "bold $text-success") if on else Content.styled("off", "dim")


def deck_about(deck: Deck, origin: str, on: bool) -> Content:
    """The title, then id, items, skills and where the deck comes from."""
    skills = ", ".join(SKILLS_BY_ID[s].short if s in SKILLS_BY_ID else s for s in deck.skills)
    items = f"{len(deck.items)} item{'' if len(deck.items) == 1 else 's'}"
    return Content.assemble(
        (deck.title, "bold" if on else "dim"),
        "\n",
        (f"{deck.id} · {items} · {skills} · {origin}", "dim"),
    )


class DeckRow(ListItem):
    """One deck in the list: on or off, and what the deck is. Remembers which deck."""

    DEFAULT_CSS = """
    DeckRow > Horizontal { height: auto; }
    DeckRow .switch { width: 5; padding-left: 1; }
    DeckRow .about { width: 1fr; }
    """

    def __init__(self, deck: Deck, origin: str, on: bool) -> None:
        super().__init__(Horizontal(Static(switch_mark(on), classes="switch"),
                                    Static(deck_about(deck, origin, on), classes="about")))
        self.deck = deck
        self.origin = origin

    def show(self, on: bool) -> None:
        self.query_one(".switch", Static).update(switch_mark(on))
        self.query_one(".about", Static).update(deck_about(self.deck, self.origin, on))
        self.set_class(not on, "-off")


class AsideRow(ListItem):
    """An item the trainee set aside: Enter or space brings it back."""

    DEFAULT_CSS = """
    AsideRow { padding: 0 1; }
    """

    def __init__(self, item: Item) -> None:
        prompt = item.prompt if len(item.prompt) <= 70 else item.prompt[:69] + "…"
        super().__init__(Static(Content.assemble((prompt, "bold"), "\n",
                                                 (f"{item.deck_id} · {item.id}", "dim"))))
        self.item = item


class DecksScreen(Screen[None]):
    """The decks in use: space, Enter or a click switches the highlighted deck on or off."""

    BINDINGS = [
        Binding("space", "switch", "On/off"),
        Binding("escape,d", "app.pop_screen", "Back"),
    ]

    DEFAULT_CSS = """
    DecksScreen #decks-body { padding: 1 2 0 2; }
    DecksScreen .title { text-style: bold; color: $text-accent; margin-bottom: 1; }
    DecksScreen #deck-list { height: auto; background: transparent; }
    DecksScreen #deck-list > DeckRow { padding: 0 0 0 0; }
    DecksScreen #decks-hint { color: $text-muted; margin: 1 0; }
    DecksScreen #deck-problems { height: auto; }
    DecksScreen .problem { color: $text-warning; margin-bottom: 1; }
    """

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def _off(self) -> set[str]:
        return {str(d) for d in self.trainer.setting("disabled_decks")}

    def compose(self) -> ComposeResult:
        deckset = self.trainer.deckset
        off = self._off()
        with VerticalScroll(id="decks-body"):
            yield Static(Content("Decks"), classes="title")
            yield ListView(*(DeckRow(d, deckset.origin(d), d.id not in off) for d in deckset.decks),
                           id="deck-list")
            yield Static(id="decks-hint")
            aside = set_aside_items(self.trainer)
            if aside:
                yield Static(Content("Set aside by you"), classes="title")
                yield ListView(*(AsideRow(i) for i in aside), id="aside-list")
                yield Static(Content("They don't come up in your sessions. Enter or space "
                                     "brings one back."), classes="hint")
            if deckset.problems:
                files = len({p.file for p in deckset.problems})
                with VerticalScroll(id="deck-problems"):
                    yield Static(Content(f"Not loaded ({files} file{'' if files == 1 else 's'}): "
                                         "fix these, then start the app again"), classes="title")
                    for problem in deckset.problems:
                        yield Static(Content(clean(str(problem))), classes="problem")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        off = self._off()
        for row in self.query(DeckRow):
            row.set_class(row.deck.id in off, "-off")
        self.query_one("#deck-list", ListView).focus()
        self._hint()

    def _hint(self) -> None:
        total = len(self.trainer.deckset.decks)
        on = sum(1 for d in self.trainer.deckset.decks if d.id not in self._off())
        if not total:
            text = "No decks are loaded."
        elif not on:
            text = ("Every deck is switched off, so sessions will be empty. Space or Enter "
                    "switches the highlighted deck on.")
        else:
            text = (f"{on} of {total} decks on. Space, Enter or a click switches one on or off; "
                    "your progress stays either way.")
        problems = self.trainer.deckset.problems
        if problems:
            files = len({p.file for p in problems})
            text += f" {files} file{'' if files == 1 else 's'} could not be loaded (see below)."
        self.query_one("#decks-hint", Static).update(Content(text))

    @on(ListView.Selected, "#deck-list")
    def _selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, DeckRow):
            self.toggle(event.item)

    @on(ListView.Selected, "#aside-list")
    def _bring_back(self, event: ListView.Selected) -> None:
        if not isinstance(event.item, AsideRow):
            return
        try:
            set_aside(self.trainer, event.item.item.key, False)
        except StoreError as e:
            self.notify(sentence(e.strerror), title="Couldn't save that", severity="error",
                        markup=False)
            return
        event.item.remove()
        self.notify("It's back: it will come up in your sessions again.", timeout=4)

    def action_switch(self) -> None:
        focused = self.focused
        if isinstance(focused, ListView) and focused.id == "aside-list":
            focused.action_select_cursor()
            return
        row = self.query_one("#deck-list", ListView).highlighted_child
        if isinstance(row, DeckRow):
            self.toggle(row)

    def toggle(self, row: DeckRow) -> None:
        """Switch one deck on or off and save the choice at once."""
        off = self._off()
        now_on = row.deck.id in off
        off.symmetric_difference_update({row.deck.id})
        if not save_setting(self, self.trainer, "disabled_decks", sorted(off)):
            return
        row.show(now_on)
        self._hint()
