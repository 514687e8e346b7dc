"""A trainee can trust every key, every number and every word on screen (issue 14): the
places a first try by a new user broke that trust, each with its test."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from textual.widgets import ContentSwitcher, Static

from tests.conftest import TrainerFactory, deck_with, option_key
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.domain.kinds.anchor import AnchorResult
from trainer.services import views
from trainer.services.decks import DeckSet
from trainer.services.journal import save_entry
from trainer.services.report import build_report
from trainer.store.export import export
from trainer.ui.app import TrainerApp
from trainer.ui.screens.checkin import AnchorOfferScreen, CheckInScreen
from trainer.ui.screens.drill import DrillScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.welcome import WelcomeScreen
from trainer.ui.widgets.anchor import AnchorAnswer
from trainer.ui.widgets.choice import ChoiceRow, OptionsAnswer

CHOICES = "".join(f'''
[[items]]
id = "c{n}"
kind = "choice"
prompt = "Question {n}?"
options = ["wrong one", "right one", "also wrong"]
option_tags = ["advice", "self-empathy", "minimising"]
answer = 2
explanation = "Because it names a feeling and a need."
''' for n in range(4))
PRACTICES = '''
[[items]]
id = "a1"
kind = "anchor"
prompt = "A minute with an anchor."
explanation = "Coming back is the practice."

[[items]]
id = "w1"
kind = "walkthrough"
prompt = "Walk through a moment."
explanation = "It stays private."
'''
CLASSIFY = '''
[[items]]
id = "k1"
kind = "classify"
prompt = "My shoulders are tight."
categories = ["feeling", "sensation", "thought"]
answer = "sensation"
explanation = "Tightness is felt in the body."
'''
DECK = deck_with(CHOICES)


def text(app: TrainerApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


# -- 1. Esc leaves a session for home; Esc on a dialog is "not now"; q quits everywhere -----

async def test_escape_leaves_a_session_for_home_and_the_answers_stay(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("enter")
        await pilot.press(option_key(app, 1))
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert len(trainer.store.history()) == 1
    assert any("Your 1 answer is saved" in m for m in said), said


async def test_escape_on_the_check_in_means_not_now(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK, checkin=True)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no session was started
    assert trainer.store.history() == []


async def test_q_quits_from_the_welcome(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK, welcomed=False))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_quits_from_the_check_in(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK, checkin=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# -- 2 and 5. Undo: answers only, never a practice; also from the next item --------------------

async def test_a_saved_walk_through_is_never_taken_back(make_trainer: TrainerFactory,
                                                       data_dir: Path) -> None:
    trainer = make_trainer(deck_with(PRACTICES))
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(DrillScreen(trainer, trainer.walkthrough_session()))
        await pilot.pause()
        await pilot.press(*"I noticed the kettle", "ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.answered
        assert screen.check_action("undo", ()) is False  # not offered in the key bar
        xp = trainer.book.xp
        await pilot.press("u")
        await pilot.pause()
        assert screen.answered and trainer.book.xp == xp == 20
    assert len(list((data_dir / "journal").glob("*.json"))) == 1
    assert len(trainer.store.history()) == 1


async def test_undo_from_the_next_item_takes_back_the_last_answer(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        first = screen.run.current
        assert first is not None
        await pilot.press(option_key(app, 0), "enter")  # wrong, then on to the next item
        assert screen.run.position == 1 and not screen.answered
        assert screen.check_action("undo", ()) is True
        await pilot.press("u")
        await pilot.pause()
        assert screen.run.current == first and not screen.answered
        assert first.key not in trainer.cards and trainer.book.xp == 0
    assert trainer.store.history() == []


# -- 3. Levels never drop because decks were added or switched --------------------------------

def test_adding_or_switching_decks_never_lowers_a_level(make_trainer: TrainerFactory,
                                                       clock: FixedClock) -> None:
    many = deck_with("".join(f'''
[[items]]
id = "m{n}"
kind = "choice"
skill = "needs"
prompt = "Question {n}?"
options = ["a", "b"]
answer = 1
explanation = "Because."
''' for n in range(30)))
    trainer = make_trainer(many)
    for _day in range(40):  # answer everything right, day after day, until it is learned
        run = trainer.start_session()
        for it in run.queue:
            trainer.answer(run, it, 0)
        trainer.finish_session(run)
        clock.advance(days=1)
    before = trainer.levels()["needs"]
    assert before.level >= 2, before
    more = parse_deck(deck_with("".join(f'''
[[items]]
id = "x{n}"
kind = "choice"
skill = "needs"
prompt = "Another {n}?"
options = ["a", "b"]
answer = 1
explanation = "Because."
''' for n in range(200))).replace('id = "test"', 'id = "more"').encode(), "more.toml")
    trainer.deckset = DeckSet(decks=[*trainer.deckset.decks, more])
    assert trainer.levels()["needs"].level == before.level  # 200 new items: the same level
    trainer.set_setting("disabled_decks", ["test"])
    assert trainer.levels()["needs"].level == before.level  # what was learned stays learned


# -- 4 and 15. Arrows follow the layout; the picked and the right option are marked in words --

async def test_classify_arrows_move_along_the_row(make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(deck_with(CLASSIFY)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        rows = list(app.screen.query(ChoiceRow))
        assert app.screen.focused is rows[0]
        await pilot.press("right")
        assert app.screen.focused is rows[1]
        await pilot.press("right", "left")
        assert app.screen.focused is rows[1]
        await pilot.press("down")  # one row of three: nowhere to go down
        assert app.screen.focused is rows[1]
        await pilot.press("enter")
        assert app.screen.query_one(OptionsAnswer).locked  # Enter picked "sensation"


async def test_the_pick_and_the_answer_are_marked_with_symbols_not_colour_alone(
        make_trainer: TrainerFactory) -> None:
    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press(option_key(app, 0))
        shown = {r.shown for r in app.screen.query(ChoiceRow)}
        assert "• wrong one  your pick" in shown and "✓ right one" in shown


# -- 8 lives in test_widgets_walkthrough; 9. A new deck can be tried the same day ------------

def test_a_deck_imported_after_todays_new_items_gets_a_few_of_its_own(
        make_trainer: TrainerFactory, clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("new_per_day", 2)
    for item in trainer.start_session().queue[:2]:
        trainer.answer(None, item, 1)
    clock.advance(days=1)
    for item in trainer.start_session().queue:  # today's two new, and the reviews due
        trainer.answer(None, item, 1)
    assert [i for i in trainer.start_session().queue if i.key not in trainer.cards] == []
    fresh = parse_deck(deck_with(CHOICES).replace('id = "test"', 'id = "class"').encode(),
                       "class.toml")
    trainer.deckset = DeckSet(decks=[*trainer.deckset.decks, fresh])
    queue = trainer.start_session().queue
    assert [i.key for i in queue if i.deck_id == "class"] == [f"class/c{n}" for n in range(4)]
    assert trainer.new_left_today() == (0, 4)


# -- 10. One definition of an answer, everywhere ------------------------------------------

def test_stats_report_and_export_count_the_same_answers(make_trainer: TrainerFactory,
                                                        data_dir: Path, tmp_path: Path) -> None:
    trainer = make_trainer(deck_with(CHOICES + PRACTICES))
    items = {i.id: i for d in trainer.deckset.decks for i in d.items}
    trainer.answer(None, items["c0"], 1)
    trainer.answer(None, items["c1"], 0)
    trainer.answer(None, items["a1"], AnchorResult(returns=2, seconds=60))
    entry = save_entry(trainer, {"observation": "the kettle"}, items["w1"])
    trainer.answer(None, items["w1"], entry.id)
    stats = views.stats(trainer)
    assert (stats["answers"], stats["right"], stats["practices"]) == (2, 1, 2)
    assert stats["skills"]["feelings"]["accuracy"] == 0.5
    report = build_report(trainer.store.history(), levels=trainer.levels(),
                          earned=trainer.book.data["earned"], day_log=trainer.book.data["days"],
                          xp_total=trainer.book.xp, clock=trainer.clock)
    assert (report["answers"], report["right"], report["accuracy"]) == (2, 1, 0.5)
    _path, counts = export(trainer.store, tmp_path / "out.zip")
    assert (counts["answers"], counts["practices"]) == (2, 2)
    # The week's accuracy on the stats screen counts the practices as neither right nor wrong.
    day = trainer.book.data["days"][trainer.today().isoformat()]
    assert (day["answers"], day["right"], day["practices"]) == (2, 1, 2)


# -- 11. The check-in is asked once -----------------------------------------------------------

async def test_an_anchor_first_after_the_check_in_does_not_ask_again(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(deck_with(CHOICES + PRACTICES), checkin=True)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "8")
        assert isinstance(app.screen, AnchorOfferScreen)
        await pilot.press("y")
        await pilot.pause()
        widget = app.screen.query_one(AnchorAnswer)
        assert widget.before == 8 and widget.phase == "choose"
        assert widget.query_one(ContentSwitcher).current == "choose"  # the question isn't shown


# -- 12. Plurals and punctuation; 13. messages name the command the user ran ----------------

async def test_one_item_to_look_at_again_is_said_in_the_singular(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 2)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press(option_key(app, 0), "enter")
        await pilot.press(option_key(app, 1), "enter")
        await pilot.pause()
        shown = text(app)
        assert "To look at again: 1 item. It will come back soon, so it gets another go." \
            in shown


def test_messages_name_the_command_that_was_run(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "data").mkdir(mode=0o700)
    (tmp_path / "data" / "reviews.jsonl").write_text("")
    done = subprocess.run([sys.executable, "-m", "trainer", "--data-dir", str(tmp_path / "data"),
                           "forget"], capture_output=True, text=True, cwd=root, timeout=60)
    assert "To go ahead: python -m trainer forget --yes" in done.stdout
    assert "self-empathy forget" not in done.stdout


# -- 16. Tomorrow --------------------------------------------------------------------------

def test_home_and_stats_say_how_many_reviews_tomorrow(make_trainer: TrainerFactory,
                                                      clock: FixedClock) -> None:
    trainer = make_trainer(DECK)
    for item in trainer.start_session().queue:
        trainer.answer(None, item, 1)  # right: due again in a day or two
    clock.advance(hours=1)
    ahead = views.coming(trainer, 4)
    assert sum(ahead[:4]) == 4
    tomorrow = views.stats(trainer)["due_tomorrow"]
    assert tomorrow == ahead[1]
    home = HomeScreen(trainer)
    texts, _cards = home._texts()
    hint = str(texts["start-hint"])
    if tomorrow:
        assert f"Tomorrow: {tomorrow} review" in hint
    clock.advance(days=1)
    assert views.stats(trainer)["due_today"] >= tomorrow
    assert timedelta(days=1)  # the clock moved a whole study day


# -- Flags (issue 18): from a key press in a session to the log, and back in the Decks screen --

async def test_flagging_an_item_that_upset_me_sets_it_aside_and_it_can_come_back(
        make_trainer: TrainerFactory) -> None:
    from trainer.ui.screens.decks import AsideRow, DecksScreen
    from trainer.ui.screens.flag import FlagScreen

    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        item = drill.run.current
        assert item is not None and len(drill.run.queue) == 4
        await pilot.press("f")
        assert isinstance(app.screen, FlagScreen)
        await pilot.press("3")  # "It upset me"
        await pilot.press("tab", *"too close to home", "enter")
        await pilot.pause()
        assert app.screen is drill and item not in drill.run.queue
        assert any("emergency number" in m for m in said), said  # where to find support
        flags = trainer.store.events("flag")
        assert [(f["card"], f["reason"], f["note"], f["share_note"], f["set_aside"])
                for f in flags] == [(item.key, "upset", "too close to home", False, True)]
        assert item.key in trainer.setting("set_aside")
        assert item not in trainer.available_items()
        await pilot.press("escape")
        await pilot.press("d")
        assert isinstance(app.screen, DecksScreen)
        rows = list(app.screen.query(AsideRow))
        assert [r.item.key for r in rows] == [item.key]
        app.screen.query_one("#aside-list").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert trainer.setting("set_aside") == [] and item in trainer.available_items()


async def test_escape_on_the_flag_dialog_records_nothing(make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
    assert trainer.store.events("flag") == [] and trainer.setting("set_aside") == []


async def test_enter_sends_the_flag_from_the_reasons_but_not_from_not_now(
        make_trainer: TrainerFactory) -> None:
    trainer = make_trainer(DECK)
    app = TrainerApp(trainer)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "f", "2", "enter")  # the reasons have focus
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert [f["reason"] for f in trainer.store.events("flag")] == ["unclear"]
        await pilot.press("f", "tab", "tab", "tab", "tab", "tab")  # note, 2 boxes, Send, Not now
        assert str(app.screen.focused.label) == "Not now"  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert len(trainer.store.events("flag")) == 1


async def test_the_whole_flag_dialog_fits_60x20(make_trainer: TrainerFactory) -> None:
    from textual.widgets import Input

    app = TrainerApp(make_trainer(DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "f")
        await pilot.pause()
        note = app.screen.query_one(Input)
        hint = app.screen.query(".hint").last()
        assert note.display and note.region.height == 1
        assert hint.region.bottom <= 19, hint.region


async def test_with_nothing_to_practise_start_says_so_before_asking_the_check_in(
        make_trainer: TrainerFactory) -> None:
    from trainer.ui.screens.checkin import CheckInScreen

    trainer = make_trainer(DECK)
    trainer.store.set_profile(disabled_decks=["test"])  # nothing new and nothing due
    app = TrainerApp(trainer)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInScreen | DrillScreen)
        assert any("Nothing is due right now" in m for m in said), said
