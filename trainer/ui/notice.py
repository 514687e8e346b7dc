"""A one-screen app for a browser tab that can't open the practice (it is open elsewhere, or
the data folder can't be opened): what happened and what to do, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

WATCH_EVERY = 1.0  # seconds between looks at whether the practice can open here now


class NoticeApp(App[None]):
    """Given `is_free`, it looks every second and, once that says yes, reloads the page: the
    new app process opens the practice. Enter reloads at once; q closes the tab's app."""

    TITLE = "Self-Empathy Trainer"
    CSS: ClassVar[str] = """
    Screen { align: center middle; }
    #notice { width: 72; max-width: 100%; height: auto; padding: 1 2;
              border: round $accent; background: $surface; }
    #notice Static { margin-bottom: 1; }
    #notice .title { text-style: bold; color: $text-accent; }
    #notice .detail { color: $text-muted; margin-bottom: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "retry", "Try again"),
        Binding("q,ctrl+c", "quit", "Close", priority=True),
    ]

    def __init__(self, title: str, text: str, detail: str = "", *,
                 is_free: Callable[[], bool] | None = None, page: str = "/") -> None:
        super().__init__()
        self.notice = (title, text, detail)
        self.is_free = is_free
        self.page = page
        self.watching = is_free is not None

    def compose(self) -> ComposeResult:
        title, text, detail = self.notice
        with Vertical(id="notice"):
            yield Static(Content(title), classes="title")
            for paragraph in text.split("\n\n"):
                yield Static(Content(paragraph))
            if detail:
                yield Static(Content(detail), classes="detail")

    def on_mount(self) -> None:
        if self.is_free is not None:
            self.set_interval(WATCH_EVERY, self._look)

    def _look(self) -> None:
        if self.watching and self.is_free is not None and self.is_free():
            self.watching = False  # once: the page is going away
            self.action_retry()

    def action_retry(self) -> None:
        """Load the page again: a new app process, which tries to open the practice."""
        self.open_url(self.page, new_tab=False)
