"""Hostile deck text: escape sequences, control and bidi characters are gone at load; markup shows
literally in the app and never acts; the decks screen shows everything as plain text."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import TrainerFactory, option_key
from trainer.cli import main
from trainer.domain.csvdeck import parse_csv
from trainer.domain.deck import Deck
from trainer.domain.deckparse import parse_deck
from trainer.domain.problems import Problem
from trainer.services.decks import DeckSet
from trainer.store.paths import builtin_decks_dir
from trainer.ui.app import TrainerApp
from trainer.ui.screens.decks import DeckRow, DecksScreen
from trainer.ui.screens.drill import DrillScreen

# TOML escapes are how escape sequences get into a deck: ESC (CSI colours, an OSC 8 link, an
# OSC 52 clipboard write), C1 CSI, BEL, backspace, NUL, and a right-to-left override.
HOSTILE = r'''id = "hostile"
title = "[bold]Hostile[/] \u001b[5mdeck"
version = 1
skill = "feelings"
description = "[link=https://x]click me[/link] \u202eevil"

[[items]]
id = "h-1"
kind = "choice"
prompt = """[bold]Loud?[/] [/] \u001b[31mred\u001b[0m \
\u001b]8;;https://x.example\u0007link\u001b]8;;\u0007 [@click=app.quit]quit[/]"""
options = [
  "[@click=app.quit]Quit the app[/]",
  "\u009b31m[red]not red[/red]\u0008\u0000",
  "[link=https://x]a link[/link] \u001b]52;c;ZXZpbA==\u0007",
]
answer = 2
explanation = "[b]Because[/b] \u202etxet\u202c [@click=app.quit]this[/] stays text. \u0007"

[[items]]
id = "h-2"
kind = "classify"
prompt = "[dim]A line[/dim]"
categories = ["[bold]feeling", "sensation[/]", "thought \u001b[2J"]
answer = "sensation[/]"
explanation = "[i]Also plain.[/i]"
'''
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def all_text(deck: Deck) -> list[str]:
    out = [deck.title, deck.description]
    for item in deck.items:
        out += [item.prompt, item.explanation]
        data = item.data
        for name in ("options", "categories", "tags"):
            out += list(getattr(data, name, None) or ())
    return out


def screen_text(app: TrainerApp) -> str:
    """What the terminal shows, from the app's own SVG screenshot."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


def statics_text(app: TrainerApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


# -- at load ------------------------------------------------------------------------------------


def test_escapes_and_controls_are_removed_at_load_and_markup_is_kept() -> None:
    deck = parse_deck(HOSTILE.encode(), "hostile.toml")
    for text in all_text(deck):
        assert not ESCAPES.search(text), repr(text)
    choice, classify = deck.items
    assert deck.title == "[bold]Hostile[/] deck"
    assert choice.prompt == "[bold]Loud?[/] [/] red link [@click=app.quit]quit[/]"
    assert choice.data.options == ("[@click=app.quit]Quit the app[/]", "[red]not red[/red]",
                                   "[link=https://x]a link[/link]")
    assert choice.explanation == "[b]Because[/b] txet [@click=app.quit]this[/] stays text."
    assert classify.data.categories == ("[bold]feeling", "sensation[/]", "thought")


def test_raw_escape_bytes_in_a_csv_are_removed_too() -> None:
    raw = ("id,kind,skill,prompt,options,answer,explanation\n"
           "x,choice,feelings,\x1b[31m[bold]P\x1b]0;title\x07?,\x9b1ma|\u202eb,1,\x1bPq#0\x1b\\E.\n")
    item = parse_csv(raw.encode(), "raw.csv").items[0]
    assert (item.prompt, item.data.options, item.explanation) == ("[bold]P?", ("a", "b"), "E.")


def test_cli_output_never_carries_escapes(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "class\x1b[2J"
    folder.mkdir()
    (folder / "x\x1b]0;pwned\x07.toml").write_text('id = "x"\n\x1b = 1\n', encoding="utf-8")
    main(["--data-dir", str(tmp_path / "data"), "--decks", str(folder), "deck", "list"])
    out, err = capsys.readouterr()
    assert "not loaded:" in err
    assert "\x1b" not in out + err and "\x07" not in out + err


# -- in the app ---------------------------------------------------------------------------------


async def test_markup_in_a_deck_shows_literally_and_never_acts(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(HOSTILE))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.run.current is not None and app.screen.run.current.id == "h-1"
        shown = screen_text(app)
        for literal in ("[bold]Loud?[/] [/]", "[@click=app.quit]", "[@click=app.quit]Quit the app[/]",
                        "[red]not red[/red]", "[link=https://x]a link[/link]"):
            assert literal in shown, literal
            assert literal in statics_text(app), literal
        assert "\x1b" not in shown and not ESCAPES.search(statics_text(app))
        # Clicking the text that would be a quit action as markup does nothing but be clicked.
        await pilot.click("#prompt")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DrillScreen)
        # A wrong answer: the feedback shows the explanation and the right option literally.
        await pilot.press(option_key(app, 0))
        await pilot.pause()
        shown = screen_text(app) + statics_text(app)
        assert "[b]Because[/b] txet [@click=app.quit]this[/] stays text." in shown
        assert "[red]not red[/red]" in shown
        assert "\x1b" not in shown
        await pilot.click(".explanation")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert app.screen.run.current is not None and app.screen.run.current.id == "h-2"
        assert "[bold]feeling" in screen_text(app) and "sensation[/]" in screen_text(app)


# -- the decks screen ---------------------------------------------------------------------------


def deckset_for_screens() -> DeckSet:
    """The built-in decks (named as in the checkout), the hostile deck as an import, a shared
    deck, and the problems of a broken file: fixed names, so a snapshot is stable."""
    decks = [parse_deck(p.read_bytes(), f"drills/{p.name}")
             for p in sorted(builtin_decks_dir().glob("*.toml"))]
    hostile = parse_deck(HOSTILE.encode(), "decks/hostile.toml")
    shared = parse_deck(HOSTILE.replace('id = "hostile"', 'id = "week-3"')
                        .replace("[bold]Hostile[/] \\u001b[5mdeck", "Week 3: needs").encode(),
                        "class/week-3.toml")
    problems = [Problem("class/broken.toml", 4, "unknown deck field '[@click=app.quit]'"),
                Problem("class/broken.toml", 9, "answer is 7; it should be from 1 to 3",
                        item_id="b-2")]
    return DeckSet(decks=[*decks, hostile, shared], builtin={d.id for d in decks},
                   imported={"hostile"}, problems=problems)


def open_decks(make_trainer: TrainerFactory) -> TrainerApp:
    trainer = make_trainer(HOSTILE)
    trainer.deckset = deckset_for_screens()
    trainer.set_setting("disabled_decks", ["needs"])
    return TrainerApp(trainer)


def test_the_decks_screen(snap_compare: Any, make_trainer: TrainerFactory) -> None:
    app = open_decks(make_trainer)

    async def show(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(DecksScreen(app.trainer))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


async def test_the_decks_screen_switches_decks_and_shows_text_literally(
        make_trainer: TrainerFactory) -> None:
    app = open_decks(make_trainer)
    trainer = app.trainer
    async with app.run_test(size=(80, 40)) as pilot:
        await app.push_screen(DecksScreen(trainer))
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]Hostile[/] deck" in shown and "\x1b" not in shown
        assert "class/broken.toml:4: unknown deck field '[@click=app.quit]'" in shown
        rows = list(app.screen.query(DeckRow))
        assert [r.deck.id for r in rows][-2:] == ["hostile", "week-3"]
        assert [r.has_class("-off") for r in rows].count(True) == 1  # needs
        await pilot.press("space")  # the first deck (anchors) goes off
        assert trainer.setting("disabled_decks") == ["anchors", "needs"]
        await pilot.press("down", "enter")  # distinguish goes off too
        assert trainer.setting("disabled_decks") == ["anchors", "distinguish", "needs"]
        await pilot.press("up", "enter")  # and anchors comes back on
        assert trainer.setting("disabled_decks") == ["distinguish", "needs"]
        await pilot.click(DeckRow, offset=(10, 0))  # a click on the first row: one click is enough
        await pilot.pause()
        assert trainer.setting("disabled_decks") == ["anchors", "distinguish", "needs"]
        assert not [d for d in trainer.decks if d.id in ("anchors", "distinguish", "needs")]
        await pilot.press("escape")
        assert not isinstance(app.screen, DecksScreen)
