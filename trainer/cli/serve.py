"""`serve`: the app in a browser tab, for trainees who never open a terminal.

textual-serve starts one app process per tab by running a command: here, this program again
with the same data folder and decks and the hidden `--in-browser` flag (`run_in_browser`).
The server (webserver.py) lets in only whoever has the token it prints. The data folder's
lock still keeps one live app per folder: a tab that can't take it shows a screen that says
so, and opens the practice by itself once the other tab or window has closed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.command import command

if TYPE_CHECKING:
    import socket

    from trainer.cli.webserver import BrowserServer
    from trainer.store.lock import AlreadyOpen

LOOPBACK = "127.0.0.1"
COMMANDS: tuple[str, ...] = ("serve",)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser(
        "serve", help="practise in a browser tab instead of the terminal",
        description="Open the app in a browser tab on this computer. The address it prints "
                    "carries a key (?token=...): without it nobody gets in. One tab at a time "
                    "can hold your practice, as one window can in the terminal. Stop it with "
                    "ctrl+c. Needs the web extra: pip install '.[web]'.")
    s.add_argument("--port", type=int, default=0, metavar="N",
                   help="the port to listen on (default: a free one)")
    s.add_argument("--host", metavar="HOST",
                   help=f"the address to listen on (default: {LOOPBACK}, this computer only); "
                        "anything else lets other computers reach it")
    s.add_argument("--no-browser", action="store_true",
                   help="don't open a browser; just print the address")


# -- the server -------------------------------------------------------------------------------

def run(args: argparse.Namespace, data_dir: Path, extra: list[Path]) -> int:
    """Serve until ctrl+c: 0 once stopped, 1 if it can't start, 2 for a port out of range."""
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        print("The browser mode needs the web extra. From the folder you installed from:\n"
              f"    {sys.executable} -m pip install '.[web]'", file=sys.stderr)
        return 1
    import secrets

    from trainer.cli.webserver import BrowserServer

    host: str = args.host or LOOPBACK
    if not 0 <= args.port <= 65535:
        print(f"--port {args.port}: use a port from 1 to 65535, or leave it out for a free one.",
              file=sys.stderr)
        return 2
    try:
        sock = _listen(host, args.port)
    except OSError as e:
        print(f"Can't listen on {host} port {args.port}: {e.strerror or e}. "
              + ("Choose another with --port N, or leave --port out for a free one."
                 if args.port else "Check the --host address."), file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    if not _is_loopback(host):
        print(f"Warning: listening on {host}, not only on this computer. Anyone who can reach "
              "this computer and gets the address with its key can open your practice and "
              "your journal, and the connection is not encrypted. Use --host only on a "
              "network you trust.", file=sys.stderr, flush=True)
    url = f"http://{_url_host(host)}:{port}/?token="
    token = secrets.token_urlsafe(32)
    server = BrowserServer(app_command(data_dir, extra), token=token, port=port,
                           title="Self-Empathy Trainer", started_by=f"{command()} serve")
    import asyncio

    try:
        asyncio.run(_serve(server, sock, url + token, browser=not args.no_browser))
    except KeyboardInterrupt:  # before the signal handlers were in place
        return 130
    return 0


async def _serve(server: BrowserServer, sock: socket.socket, url: str, *, browser: bool) -> None:
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await server.start(sock)
    print(f"Self-Empathy Trainer is ready in your browser at\n\n    {url}\n\n"
          "This address is your key: keep it to yourself. Leave this window open while you "
          "practise, and press ctrl+c here to stop.", flush=True)
    if browser:
        print(await loop.run_in_executor(None, _open_browser, url), flush=True)
    await stop.wait()
    print("\nStopping: each open tab saves and closes. Every answer you gave is saved.",
          flush=True)
    await server.stop()


def _open_browser(url: str) -> str:
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "No browser found here: open the address above in yours."
    # A browser that runs inside this terminal (lynx, w3m) would take it over and can't run
    # the page's scripts anyway.
    if type(browser) is webbrowser.GenericBrowser or not browser.open(url):
        return "Open the address above in your browser."
    return "Opening it in your browser now."


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    import socket

    if host in ("0.0.0.0", "::", "[::]"):  # everywhere: name this computer
        return socket.gethostname()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _listen(host: str, port: int) -> socket.socket:
    """A bound socket (the port is known before the address is printed)."""
    import socket

    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM,
                               flags=socket.AI_PASSIVE)
    infos.sort(key=lambda info: info[0] != socket.AF_INET)  # 127.0.0.1 before ::1
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def app_command(data_dir: Path, extra: list[Path]) -> str:
    """The shell command that starts one tab's app process: this program, on the same data
    folder and decks. `exec`, so that the app process is the one textual-serve watches."""
    import shlex

    argv = [sys.executable, *_launcher(), "--data-dir", str(data_dir.absolute())]
    for folder in extra:
        argv += ["--decks", str(folder.absolute())]
    argv.append("--in-browser")
    return "exec " + shlex.join(argv)


BOOT = "from trainer.cli import main; raise SystemExit(main())"


def _launcher() -> list[str]:
    """How the app process starts the same code as this one (not another copy that Python
    would find first, nor a folder called `trainer` in the current folder: -P), under the
    name the trainee used, which messages in the app repeat."""
    import trainer

    root = str(Path(trainer.__file__).parent.parent)
    name = "self-empathy" if command() == "self-empathy" else str(
        Path(trainer.__file__).parent / "__main__.py")
    return ["-P", "-c", f"import sys; root = {root!r}\n"
                        "if root not in sys.path: sys.path.insert(0, root)\n"
                        f"sys.argv[0] = {name!r}\n{BOOT}"]


# -- one tab's app process ----------------------------------------------------------------

def run_in_browser(data_dir: Path, extra: list[Path]) -> int:
    """The app, as textual-serve runs it for one tab; when the data folder can't be opened
    here, a screen in the tab that says why, instead of a closed tab."""
    import signal

    from trainer.cli import app
    from trainer.store.atomic import StoreError
    from trainer.store.lock import AlreadyOpen

    # ctrl+c in the server's terminal reaches us too: the server ends us through the tab, and
    # a ctrl+c typed in the tab arrives as a key.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_the_server()
    try:
        # These two come only from opening the data folder, before the app starts, so a
        # second app can take the tab.
        return app.run_app(data_dir, extra)
    except AlreadyOpen as e:
        return _open_elsewhere(e)
    except StoreError as e:
        from trainer.ui.notice import NoticeApp

        print(f"Self-Empathy Trainer couldn't open {data_dir}: {e.strerror or e}",
              file=sys.stderr)
        NoticeApp("Your practice couldn't be opened",
                  f"{e.strerror or e}.\n\nPress Enter to try again, once that is put right.",
                  f"The data folder: {data_dir}").run()
        return 1


def _end_with_the_server(every: float = 0.5) -> None:
    """If the server dies without ending us (SIGKILL, a crash), quit as on ctrl+c: an app
    left running would hold the data folder's lock with no tab to reach it."""
    import os
    import signal
    import threading
    import time

    server = os.getppid()

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)  # the app's driver quits on it, saving first

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


def _open_elsewhere(e: AlreadyOpen) -> int:
    import os

    from trainer.store.lock import holder, pid_alive
    from trainer.ui.notice import NoticeApp

    first = holder(e.path)
    pid, host = first
    here = host in (None, os.uname().nodename)

    def is_free() -> bool:
        """The process that had the folder has let go of it, or has ended."""
        return holder(e.path) != first or (here and pid is not None and not pid_alive(pid))

    who = (f"process {pid}" + ("" if here else f" on {host}")) if pid else "another process"
    NoticeApp(
        "Your practice is open somewhere else",
        "It is open in another browser tab or window, or in a terminal. It can be open in "
        "one place at a time, so that each answer is saved once and in order.\n\n"
        + ("Close the other tab, or quit the app there with q, and your practice opens here "
           "by itself. Or press Enter to try again." if pid else
           "Close the other tab, or quit the app there with q, then press Enter here."),
        f"The data folder {e.path.parent} is in use by {who}.",
        is_free=is_free if pid else None,
    ).run()
    return 1
