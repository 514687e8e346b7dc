"""A one-line key bar for the home screen, drawn once from the command table.

Textual's Footer composes empty, then again once the screen's bindings are known: a second
layout and paint that cost about 40 ms of every start. Home's keys never change, so this bar is
made complete in one widget, looks like the Footer, and a click on a key or its name runs it."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

from trainer.ui.commands import COMMANDS

# (key shown, name, action)
KEYS: tuple[tuple[str, str, str], ...] = (
    *((c.key_display or c.key.split(",")[0], c.title, f"app.{c.action}")
      for c in COMMANDS if c.footer),
    ("^p", "palette", "app.command_palette"),
)


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        parts: list[Content] = []
        self.spans: list[tuple[int, int, str]] = []  # columns of each key and its name
        at = 0
        for key, name, action in KEYS:
            part = Content.assemble((f" {key} ", "bold $footer-key-foreground"),
                                    (f"{name} ", "$footer-description-foreground"))
            self.spans.append((at, at + len(part.plain), action))
            at += len(part.plain)
            parts.append(part)
        super().__init__(Content("").join(parts), id="keybar")

    async def on_click(self, event: events.Click) -> None:
        for start, end, action in self.spans:
            if start <= event.x < end:
                await self.run_action(action)
                return
