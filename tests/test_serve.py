"""`serve` without a browser: its command line, the command it runs for each tab, the token
on every HTTP request and the websocket, and the screen a refused tab shows."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks.browser import ROOT, Served
from trainer.cli import _parser, main
from trainer.cli.serve import BOOT, _is_loopback, app_command

pytest.importorskip("textual_serve", reason="the web extra is not installed")


def test_serve_is_a_command_and_the_app_process_flag_is_hidden(
        capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["serve", "--port", "8123", "--host", "::1", "--no-browser"])
    assert (args.command, args.port, args.host, args.no_browser) == ("serve", 8123, "::1", True)
    with pytest.raises(SystemExit):
        main(["--help"])
    helped = capsys.readouterr().out
    assert "serve" in helped and "--in-browser" not in helped


def test_the_app_command_is_this_program_on_the_same_folders_quoted(tmp_path: Path) -> None:
    data = tmp_path / "my data 'quoted' $HOME;"
    decks = tmp_path / "class decks"
    words = shlex.split(app_command(data, [decks]))
    assert words[:2] == ["exec", sys.executable]
    assert words[-5:] == ["--data-dir", str(data), "--decks", str(decks), "--in-browser"]
    # Run by a shell as textual-serve does (with `stats` instead of the app): this program,
    # on that data folder.
    done = subprocess.run(["sh", "-c", app_command(data, [decks]) + " stats --json"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answers"] == 0


@pytest.mark.parametrize(("started_as", "named"), [("__main__.py", "python -m trainer"),
                                                   ("self-empathy", "self-empathy")])
def test_the_app_process_is_this_code_and_names_the_command_the_trainee_ran(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started_as: str, named: str) -> None:
    """Messages in the app name a command to run: the one that started `serve`."""
    import trainer

    monkeypatch.setattr(sys, "argv", [f"/somewhere/{started_as}", "serve"])
    words = shlex.split(app_command(tmp_path, []))[1:]
    boot = words.index("-c") + 1
    assert BOOT in words[boot]
    words[boot] = words[boot].replace(BOOT, "import trainer; from trainer.command import command; "
                                            "print(trainer.__file__, command())")
    done = subprocess.run(words, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.stdout.split(maxsplit=1) == [trainer.__file__, named + "\n"], done.stderr


def test_only_loopback_addresses_count_as_this_computer() -> None:
    assert all(map(_is_loopback, ["127.0.0.1", "127.5.0.1", "::1", "[::1]", "localhost"]))
    assert not any(map(_is_loopback, ["0.0.0.0", "::", "192.168.1.4", "example.org"]))


def test_without_the_web_extra_it_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails
    assert main(["--data-dir", str(tmp_path), "serve", "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert "pip install '.[web]'" in err and "Traceback" not in err


def test_a_port_in_use_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--data-dir", str(tmp_path), "serve", "--no-browser", "--port",
                     str(port)]) == 1
    err = capsys.readouterr().err
    assert f"port {port}" in err and "--port" in err


# -- over HTTP ------------------------------------------------------------------------------

def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def upgrade(origin: str, cookie: str | None, page_origin: str | None = None) -> int:
    """The status of a websocket handshake to /ws."""
    host, port = origin.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if cookie:
        headers["Cookie"] = cookie
    if page_origin:
        headers["Origin"] = page_origin
    try:
        conn.request("GET", "/ws?width=80&height=24", headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def test_every_request_and_the_websocket_need_the_token(tmp_path: Path) -> None:
    with Served(tmp_path / "data") as served:
        origin, token = served.origin, served.url.rsplit("=", 1)[1]
        for path in ("/", f"/?token={token[:-1]}", "/?token=", "/static/js/textual.js", "/ws",
                     "/download/x", "/nothing"):
            status, _, body = get(origin + path)
            assert status == 403, path
            assert token not in body
        assert "serve` printed when it started" in get(origin + "/")[2]

        status, headers, page = get(served.url)
        assert status == 200
        cookie = headers["Set-Cookie"]
        assert cookie.startswith(f"self-empathy-token-{origin.rsplit(':', 1)[1]}={token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"
        # Nothing from outside this machine: every address in the page is its own.
        assert not re.findall(r"(?:https?|wss?)://(?!127\.0\.0\.1:)", page)
        assert "fonts.googleapis" not in page

        jar = cookie.split(";", 1)[0]
        assert get(origin + "/static/js/textual.js", jar)[0] == 200
        assert get(origin + "/static/fonts/RobotoMono-VariableFont_wght.ttf", jar)[0] == 200
        assert get(origin + "/", "self-empathy-token-1=" + token)[0] == 403  # another port's

        assert upgrade(origin, None) == 403
        assert upgrade(origin, jar.replace(token, "x" * len(token))) == 403
        assert upgrade(origin, jar, page_origin="http://127.0.0.1:1") == 403  # another page
        assert upgrade(origin, jar, page_origin=origin) == 101
    assert served.stop() == 0
    assert "Traceback" not in served.output


def test_listening_beyond_this_computer_needs_host_and_warns(tmp_path: Path) -> None:
    with Served(tmp_path / "data", "--host", "0.0.0.0") as served:
        assert "Warning: listening on 0.0.0.0, not only on this computer" in served.output
        assert get(served.url.replace(served.origin.split("//")[1].rsplit(":", 1)[0],
                                      "127.0.0.1"))[0] == 200
    with Served(tmp_path / "data") as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert "Warning" not in served.output
        assert served.output.count(served.url) == 1  # printed once


# -- the screen a refused tab shows ---------------------------------------------------------

async def test_the_notice_says_what_happened_and_reloads_once_the_practice_is_free() -> None:
    from trainer.ui.notice import NoticeApp

    free = False
    app = NoticeApp("Your practice is open somewhere else", "It is open elsewhere.\n\nClose it.",
                    "The data folder /x [bold]y[/] is in use by process 12.",
                    is_free=lambda: free)
    opened: list[tuple[str, bool]] = []
    app.open_url = lambda url, *, new_tab=True: opened.append((url, new_tab))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        from textual.widgets import Static

        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "open somewhere else" in shown and "/x [bold]y[/]" in shown  # not markup
        await pilot.pause(1.3)
        assert opened == []
        free = True
        await pilot.pause(1.3)
        assert opened == [("/", False)]
        await pilot.pause(1.3)
        assert opened == [("/", False)]  # once
        await pilot.press("enter")
        assert opened == [("/", False)] * 2
