"""Textual's Footer, drawn as one widget.

It is Textual's `Footer` (the same bindings, the same look and colours, composed again when
the screen's keys change), but its keys are drawn by one widget rather than one widget per
key: at start-up each widget is styled and laid out, and the footer's seven keys and the
palette key were the most costly part of the home screen (the README's benchmark section
gives the figure, from `python -m benchmarks optimizations`). It also composes with the
screen's keys the first time, where Textual's composes empty and then again a frame later.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter


class Key(NamedTuple):
    key: str  # the key to simulate when clicked
    display: str
    description: str
    enabled: bool


class FooterKeys(Widget):
    """Every key of the footer on one line; a click on a key presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-keys--key", "footer-keys--description"}
    DEFAULT_CSS = """
    FooterKeys {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-keys--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-keys--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, keys: list[Key], palette: Key | None) -> None:
        super().__init__()
        self.keys = keys
        self.palette = palette
        self._spans: list[tuple[int, int, Key]] = []

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-keys--key")
        text_style = self.get_component_rich_style("footer-keys--description")
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, Key]] = []

        def add(k: Key) -> None:
            start = line.cell_len
            dim = "" if k.enabled else " dim"
            line.append(k.display, f"{key_style}{dim}")
            line.append(f" {k.description} ", f"{text_style}{dim}")
            spans.append((start, line.cell_len, k))

        for k in self.keys:
            add(k)
        palette = self.palette
        if palette is not None:
            width = len(palette.display) + len(palette.description) + 3  # "▏^p palette "
            if line.cell_len + width <= self.size.width:  # only where there is room
                line.append(" " * (self.size.width - line.cell_len - width))
                line.append("▏", text_style)
                add(palette)
        self._spans = spans
        line.stylize_before(self.rich_style)
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, k in self._spans:
            if start <= event.x < end:
                if k.enabled:
                    self.app.simulate_key(k.key)
                else:
                    self.app.bell()
                return


class Footer(TextualFooter):
    _shown: tuple[list[Key], Key | None] | None = None  # what it was composed with

    def compose(self) -> ComposeResult:
        self.set_reactive(TextualFooter._bindings_ready, True)
        self._shown = self._keys_now()
        yield FooterKeys(*self._shown)

    def _keys_now(self) -> tuple[list[Key], Key | None]:
        """The screen's keys to show (one per action, as Textual's Footer shows them), and
        the palette's."""
        active = self.screen.active_bindings
        keys: list[Key] = []
        seen: set[str] = set()
        for _ns, binding, enabled, _tip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append(Key(binding.key, self.app.get_key_display(binding),
                                binding.description, enabled))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _ns, binding, enabled, _tip = found
                palette = Key(binding.key, self.app.get_key_display(binding),
                              binding.description, enabled)
        return keys, palette

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._shown is not None and screen is self.screen and self.is_attached \
                and self._keys_now() == self._shown:
            return  # the same keys: nothing to compose again
        super().bindings_changed(screen)
