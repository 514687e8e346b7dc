"""Driving `self-empathy serve` in headless Chromium (Debian's, through Playwright's Python
API): shared by the browser tests, the crash harness's served run and the screenshots.

xterm.js draws the terminal on a canvas, so the text on the screen is read from its buffer:
an init script keeps the page's Terminal object as it is made (textual.js doesn't expose it)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
URL = re.compile(r"http://\S+/\?token=[\w-]+")

# Runs before the page's scripts: the first object that gets a `terminal` that looks like an
# xterm.js Terminal (textual.js's own wrapper) hands it to window.__terminal.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true,
                                             enumerable: true});
    if (value && value.buffer && value.onData) window.__terminal = value;
  },
});
"""
SCREEN_JS = """() => {
  const t = window.__terminal;
  if (!t) return "";
  const b = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
HAS_ALL_JS = f"""(texts) => {{
  const screen = ({SCREEN_JS})();
  return texts.every((t) => screen.includes(t)) ? screen : false;
}}"""


def chromium() -> str | None:
    """Debian's chromium (or $SELF_EMPATHY_CHROMIUM), if it is installed."""
    given = os.environ.get("SELF_EMPATHY_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    return shutil.which("chromium") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).is_file()), None)


def launch(playwright: Playwright) -> Browser:
    path = chromium()
    if path is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=60_000)


def open_page(browser: Browser, url: str | None = None, *, width: int = 1000,
              height: int = 600) -> Page:
    """A page in a context of its own (its own cookies), reading the terminal's buffer."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=1, reduced_motion="reduce")
    context.add_init_script(KEEP_TERMINAL)
    page = context.new_page()
    page.set_default_timeout(20_000)
    if url is not None:
        page.goto(url)
    return page


def new_tab(page: Page, url: str) -> Page:
    """Another tab of the same browser window (the same cookies)."""
    tab = page.context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(url)
    return tab


def screen(page: Page) -> str:
    text: str = page.evaluate(SCREEN_JS)
    return text


def wait_for(page: Page, *texts: str, timeout: float = 20.0) -> str:
    """The screen, once it shows every one of `texts`; AssertionError with what it shows if
    that takes longer than `timeout` seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(HAS_ALL_JS, arg=list(texts), timeout=timeout * 1000,
                                        polling=50)
    except PlaywrightTimeout:
        raise AssertionError(f"the page never showed {texts!r}; it shows:\n{screen(page)}") from None
    shown: str = handle.json_value()
    return shown


def press(page: Page, *keys: str) -> None:
    """Keys typed into the terminal (it takes them once its hidden textarea has focus)."""
    page.focus(".xterm-helper-textarea")
    for key in keys:
        page.keyboard.press(key)


class Served:
    """`python -m trainer ... serve --no-browser` in a subprocess, for as long as the `with`
    lasts: `url` is the address it printed, token and all."""

    def __init__(self, data: Path, *args: str, decks: list[Path] | None = None,
                 timeout: float = 60.0) -> None:
        extra = [a for d in decks or [] for a in ("--decks", str(d))]
        self.argv = [sys.executable, "-m", "trainer", "--data-dir", str(data), *extra, "serve",
                     "--no-browser", *args]
        self.timeout = timeout
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> Served:
        env = {k: v for k, v in os.environ.items() if k != "SELF_EMPATHY_HOME"}
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=env, text=True, bufsize=1,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            found = next((m.group(0) for line in self.lines if (m := URL.search(line))), None)
            if found:
                self.url = found
                return self
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("serve printed no address:\n" + self.output)

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def origin(self) -> str:
        return self.url.split("/?", 1)[0]

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self, timeout: float = 30.0) -> int:
        """ctrl+c, as the trainee would stop it; its exit status (killed if it hangs)."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        time.sleep(0.05)  # the reader thread takes the last lines
        return self.proc.returncode

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def prepare(data: Path, decks: list[Path], **settings: object) -> None:
    """A data folder past its welcome, with no check-in, only the `decks` folders' decks on,
    and `settings`: a session that goes the same way every time."""
    from trainer.services.opening import open_trainer

    trainer = open_trainer(data, decks, writable=True)
    try:
        decks_here = trainer.deckset
        trainer.set_setting("disabled_decks", sorted(
            d.id for d in decks_here.decks if decks_here.origin(d) != "shared"))
        for name, value in {"welcomed": True, "checkin": False, **settings}.items():
            trainer.set_setting(name, value)
    finally:
        trainer.store.close()
