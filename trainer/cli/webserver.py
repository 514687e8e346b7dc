"""The web server behind `serve`: textual-serve's AppService runs one app process per browser
tab, behind a token. A request passes with the token in its query (`?token=`) or in the
cookie the first such request sets (HttpOnly, SameSite=Strict, named after the port: cookies
don't tell ports apart), compared in constant time; anything else gets 403. The page is ours,
not textual-serve's template, so that it loads nothing from outside this machine: its font
and scripts come from the textual-serve package."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import re
import socket
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

STATIC = Path(textual_serve.__file__).resolve().parent / "static"
HOST_HEADER = re.compile(r"^[A-Za-z0-9.:\[\]-]{1,255}$")
STOP_WAIT = 30.0  # seconds an app process gets to quit (a backup may be made at the end)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf" as="font"
      type="font/ttf" crossorigin>
<link rel="stylesheet" href="/static/css/xterm.css">
<style>
@font-face {{
  font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
}}
@font-face {{
  font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
}}
html, body {{ margin: 0; height: 100%; background: #121212; overflow: hidden; }}
body {{ font: 16px "Roboto Mono", monospace; color: rgba(255, 255, 255, 0.95); }}
#terminal {{ position: absolute; inset: 0; opacity: 0; }}
body.-first-byte #terminal {{ opacity: 1; }}
.dialog {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; z-index: 10; background: #0c181f; }}
.dialog > div {{ max-width: 36em; padding: 2em; background: #12232d; line-height: 1.5; }}
body.-first-byte .opening, .closed, body.-closed.-first-byte .opening {{ display: none; }}
body.-closed .closed {{ display: flex; }}
.closed a {{ display: inline-block; margin-top: 1em; padding: 0.6em 1.4em; color: #fff;
  background: #5e0ba7; text-decoration: none; }}
</style>
<script src="/static/js/textual.js"></script>
</head>
<body>
<div class="dialog opening"><div>Opening your practice…</div></div>
<div class="dialog closed"><div>
<p>Your practice in this tab has closed. Every answer you gave is saved.</p>
<a href="/">Open it again</a>
<p>If it doesn't open, start it again with <code>{command}</code>.</p>
</div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="ws://{host}/ws"
     data-font-size="16"></div>
</body>
</html>
"""

REFUSED = """403: this address needs its key.

Open the whole address that `{command}` printed when it started: it ends in ?token=...
"""


class TabApp(AppService):
    """One tab's app process. When it ends, however it ends (a crash, a kill), the tab is
    told: it shows that the practice has closed instead of a screen that no longer answers."""

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            with contextlib.suppress(Exception):
                await self.remote_close()

    async def end(self) -> None:
        """Ask the app to quit (it saves, as on q) and wait for the process to end; kill it
        if it hasn't within STOP_WAIT seconds, so that it can't keep the lock."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop(), STOP_WAIT)
        process = self._process  # kept private by textual-serve (hence its pinned minor)
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), 1.0 if process.returncode is None else None)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class BrowserServer:
    """Serves `command` (a shell command that starts one app process) to whoever holds
    `token`, one app process per websocket, until `stop`."""

    def __init__(self, command: str, *, token: str, port: int, title: str,
                 started_by: str) -> None:
        self.command = command
        self.token = token.encode()
        self.cookie = f"self-empathy-token-{port}"
        self.title = title
        self.started_by = started_by  # the command to name in pages the trainee reads
        self.downloads = DownloadManager()
        self.apps: set[TabApp] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.runner: web.AppRunner | None = None

    # -- who gets in ----------------------------------------------------------------------

    def _valid(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"),
                                                         self.token)

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        by_query = self._valid(request.query.get("token"))
        if not (by_query or self._valid(request.cookies.get(self.cookie))):
            return self._secured(web.Response(
                status=403, text=REFUSED.format(command=self.started_by),
                content_type="text/plain", charset="utf-8"))
        response = await handler(request)
        if not response.prepared:  # a websocket has already answered
            if by_query:
                response.set_cookie(self.cookie, self.token.decode(), httponly=True,
                                    samesite="Strict", path="/")
            self._secured(response)
        return response

    @staticmethod
    def _secured(response: web.StreamResponse) -> web.StreamResponse:
        h = response.headers
        h["Referrer-Policy"] = "no-referrer"  # the token is in the address: never pass it on
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h.setdefault("Cache-Control", "no-store")
        return response

    # -- the page and its app processes ---------------------------------------------------

    def _host(self, request: web.Request) -> str:
        host = request.host
        if not HOST_HEADER.match(host):
            sockname = request.transport.get_extra_info("sockname") if request.transport else None
            host = f"127.0.0.1:{sockname[1]}" if sockname else "127.0.0.1"
        return host

    async def _page(self, request: web.Request) -> web.Response:
        host = self._host(request)
        response = web.Response(
            text=PAGE.format(title=html.escape(self.title), command=html.escape(self.started_by),
                             host=html.escape(host)),
            content_type="text/html", charset="utf-8")
        # Only this machine's own files, and the websocket back to us.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        return response

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"http://{request.host}":
            # Another page of this machine (cookies don't tell ports apart) or a site that
            # rebinds a name to us: only the page we served may drive the app.
            return web.Response(status=403, text="403: not from this page.\n")
        ws = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        await ws.prepare(request)
        self.sockets.add(ws)
        async def close() -> None:
            await ws.close()

        app = TabApp(self.command, write_bytes=ws.send_bytes, write_str=ws.send_str,
                     close=close, download_manager=self.downloads)
        self.apps.add(app)
        try:
            await app.start(_size(request.query.get("width"), 80),
                            _size(request.query.get("height"), 24))
            await self._relay(ws, app)
        finally:
            # The tab closed (or we are stopping): the app quits, which releases the lock.
            self.apps.discard(app)
            await app.end()
            await ws.close()
            self.sockets.discard(ws)
        return ws

    async def _relay(self, ws: web.WebSocketResponse, app: TabApp) -> None:
        """What the page sends: keys and mouse (stdin), its size, focus, pings."""
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = json.loads(message.data)
            except (ValueError, TypeError):
                continue
            data: Any = rest[0] if rest else None
            if kind == "stdin" and isinstance(data, str):
                await app.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app.set_terminal_size(_size(data.get("width"), 80),
                                            _size(data.get("height"), 24))
            elif kind == "ping":
                await ws.send_json(["pong", data])
            elif kind == "blur":
                await app.blur()
            elif kind == "focus":
                await app.focus()

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """A file the app hands to the browser (Textual's deliver_text/deliver_binary)."""
        try:
            meta = await self.downloads.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound() from None
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        how = "inline" if meta.open_method == "browser" else "attachment"
        name = re.sub(r'[^\w .-]', "_", meta.file_name)
        response.headers["Content-Disposition"] = f'{how}; filename="{name}"'
        self._secured(response)
        await response.prepare(request)
        async for chunk in self.downloads.download(request.match_info["key"]):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- start and stop -------------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self._page),
            web.get("/ws", self._websocket),
            web.get("/download/{key}", self._download),
            web.static("/static", STATIC),
        ])
        return app

    async def start(self, sock: socket.socket) -> None:
        self.runner = web.AppRunner(self.web_app(), handle_signals=False, access_log=None,
                                    shutdown_timeout=2.0)
        await self.runner.setup()
        await web.SockSite(self.runner, sock).start()

    async def stop(self) -> None:
        """Every open tab's app quits (each saves as it would on `q`), then the server."""
        await asyncio.gather(*(app.end() for app in list(self.apps)), return_exceptions=True)
        await asyncio.gather(*(ws.close() for ws in list(self.sockets)), return_exceptions=True)
        if self.runner is not None:
            await self.runner.cleanup()


def _size(value: object, default: int) -> int:
    """A terminal width or height from the page, within reason."""
    if isinstance(value, str) and value.isdecimal() and len(value) < 6:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(max(value, 10), 1000)
