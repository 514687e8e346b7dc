"""The facilitator's loop from the command line: deck new, validate, import (TOML, CSV, folders),
list, remove, export and folder, with exit codes, messages, and progress kept across versions."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest

from trainer.cli import main
from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.lock import DataLock
from trainer.store.paths import ENV_HOME
from trainer.store.store import Store

V1 = '''id = "needs-week-3"
title = "Needs, week 3"
version = 1
skill = "needs"

[[items]]
id = "n-1"
kind = "choice"
prompt = "Which one names a need?"
options = ["You never call", "Connection"]
answer = 2
explanation = "Connection names no person, action or time."

[[items]]
id = "n-2"
kind = "recall"
prompt = "Name a need that rest meets."
answers = ["ease", "renewal"]
explanation = "Rest can meet a need for ease or renewal."

[[items]]
id = "n-3"
kind = "classify"
prompt = "I need you to text me back."
categories = ["need", "strategy"]
answer = "strategy"
explanation = "It names a person and an action: a strategy."
'''
# v2: n-1 reworded, n-2 retired, n-4 new, n-3 unchanged.
V2 = V1.replace("version = 1", "version = 2").replace(
    "Which one names a need?", "Which of these names a universal need?").replace('''[[items]]
id = "n-2"
kind = "recall"
prompt = "Name a need that rest meets."
answers = ["ease", "renewal"]
explanation = "Rest can meet a need for ease or renewal."
''', '''[[items]]
id = "n-4"
kind = "recall"
prompt = "Name a need a kind word can meet."
answers = ["appreciation", "being seen"]
explanation = "A kind word can meet a need to be seen and appreciated."
''')

CSV = '''#deck id=csv-deck,title=Needs, from a spreadsheet,version=3,skill=needs
id,kind,prompt,options,answer,categories,explanation,notes
c-1,choice,"Which one names a need, not a strategy?",A new phone|Safety|Call me now,2,,\
Safety names no person or action.,a note
c-2,classify,I need a walk.,,strategy,need|strategy,A walk is one way to meet a need for movement.,
c-3,multi,Which are needs?,rest|a holiday|safety,1|3,,Rest and safety are universal.,
'''


@pytest.fixture(autouse=True)
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_HOME, raising=False)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def deck(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--data-dir", str(data), "deck", *argv)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def tree(root: Path) -> dict[str, str]:
    """Every file under root (lock file aside) with a hash of its bytes."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


# -- deck new -----------------------------------------------------------------------------------


def test_new_writes_a_starter_deck_that_validates(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "feelings-week-2.toml"
    code, out, err = run(capsys, "deck", "new", str(path))
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote a starter deck to {path}")
    text = path.read_text(encoding="utf-8")
    assert text.count("# ") > 20  # every field explained
    starter = parse_deck(text.encode(), str(path))
    assert starter.id == "feelings-week-2" and starter.title == "Feelings week 2"
    assert set(starter.kinds) == {"choice", "classify", "multi", "match", "order", "recall",
                                  "anchor", "walkthrough"}
    assert run(capsys, "deck", "validate", str(path)) == (0, f"{path}: ok\n", "")


def test_new_writes_a_csv_starter_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "Needs week 4.csv"
    assert run(capsys, "deck", "new", str(path))[0] == 0
    assert path.read_text(encoding="utf-8").startswith("#deck id=needs-week-4,title=Needs week 4,")
    assert run(capsys, "deck", "validate", str(path)) == (0, f"{path}: ok\n", "")


def test_new_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", "my precious deck")
    code, out, err = run(capsys, "deck", "new", str(path))
    assert (code, out) == (1, "")
    assert err == f"{path} already exists, and `deck new` never overwrites a file: choose another name.\n"
    assert path.read_text(encoding="utf-8") == "my precious deck"


def test_new_wants_a_deck_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "deck", "new", str(tmp_path / "mine"))
    assert code == 1
    assert "try `deck new" in err and "mine.toml`" in err
    assert not (tmp_path / "mine").exists()


# -- deck validate ------------------------------------------------------------------------------


def test_validate_reports_every_problem_of_every_file(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    a = write(tmp_path / "a.toml", V1.replace("answer = 2", "answer = 5").replace(
        'skill = "needs"', 'skill = "joy"'))
    b = write(tmp_path / "b.csv", CSV.replace("2,,Safety", "7,,Safety"))
    good = write(tmp_path / "c.toml", V2)
    code, out, err = run(capsys, "deck", "validate", str(a), str(b), str(good))
    assert (code, err) == (1, "")
    skills = "distinguish, anchors, shared-humanity, feelings, needs, witness"
    assert out.splitlines() == [
        f"{a}:4: unknown skill 'joy'; use one of {skills}",
        f"{a}:6: item n-1: unknown skill 'joy'; use one of {skills}",
        f"{a}:11: item n-1: answer is 5; it should be from 1 to 2",
        f"{a}:14: item n-2: unknown skill 'joy'; use one of {skills}",
        f"{a}:21: item n-3: unknown skill 'joy'; use one of {skills}",
        f"{b}:3: item c-1: answer is 7; it should be from 1 to 3",
        f"{good}: ok",
    ]


def test_validate_a_folder_checks_every_toml_and_csv(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write(folder / "one.toml", V1)
    write(folder / "two.csv", CSV)
    write(folder / "notes.txt", "not a deck")
    write(folder / ".hidden.toml", "not = a deck")
    code, out, _ = run(capsys, "deck", "validate", str(folder))
    assert code == 0
    assert out.splitlines() == [f"{folder / 'one.toml'}: ok", f"{folder / 'two.csv'}: ok"]


def test_validate_an_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "deck", "validate", str(tmp_path))
    assert (code, out) == (1, f"{tmp_path}:1: there are no .toml or .csv decks in this folder\n")


def test_validate_finds_one_id_in_two_files_and_a_built_in_id(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a = write(tmp_path / "a.toml", V1)
    b = write(tmp_path / "b.toml", V2)
    c = write(tmp_path / "c.toml", V1.replace('id = "needs-week-3"', 'id = "needs"'))
    code, out, _ = run(capsys, "deck", "validate", str(a), str(b), str(c))
    assert code == 1
    assert out.splitlines() == [
        f"{a}: ok",
        f"{b}:1: deck id 'needs-week-3' is also used by {a}; each deck needs its own",
        f"{c}:1: deck id 'needs' belongs to a built-in deck; give your deck its own id, like "
        "'needs-week-1'",
    ]


def test_validate_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["deck", "validate"])
    assert e.value.code == 2
    assert "PATH" in capsys.readouterr().err


# -- deck import --------------------------------------------------------------------------------


def test_import_copies_a_deck_into_the_data_dir(capsys: pytest.CaptureFixture[str], data: Path,
                                                tmp_path: Path) -> None:
    src = write(tmp_path / "handout" / "week3.toml", V1)
    code, out, err = deck(capsys, data, "import", str(src))
    assert (code, err) == (0, "")
    assert out == "Imported needs-week-3 v1: 3 items.\n"
    assert tree(data) == {"decks/needs-week-3.toml": hashlib.sha256(V1.encode()).hexdigest()}
    code, out, _ = deck(capsys, data, "list")
    assert f"needs-week-3            3 items  needs  (imported: {data / 'decks' / 'needs-week-3.toml'})" \
        in out.splitlines()


def test_an_invalid_deck_is_refused_and_nothing_changes(capsys: pytest.CaptureFixture[str],
                                                        data: Path, tmp_path: Path) -> None:
    deck(capsys, data, "import", str(write(tmp_path / "v1.toml", V1)))
    before = tree(data)
    folder = tmp_path / "batch"
    write(folder / "a-good.toml", V2)
    bad = write(folder / "b-bad.toml", V2.replace('answer = "strategy"', 'answer = "demand"'))
    code, out, err = deck(capsys, data, "import", str(folder))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{bad}:26: item n-3: answer 'demand' is not one of the categories: need, strategy",
        "Nothing was imported. Fix the problems above, then import again.",
    ]
    assert tree(data) == before  # the good deck beside it was not imported either


def test_a_built_in_deck_id_is_refused(capsys: pytest.CaptureFixture[str], data: Path,
                                       tmp_path: Path) -> None:
    src = write(tmp_path / "feelings.toml", V1.replace('id = "needs-week-3"', 'id = "feelings"'))
    code, out, err = deck(capsys, data, "import", str(src))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (f"{src}:1: deck id 'feelings' belongs to a built-in deck; give "
                                   "your deck its own id, like 'feelings-week-1'")
    assert tree(data) == {}


def test_a_built_in_deck_file_itself_is_refused(capsys: pytest.CaptureFixture[str],
                                                data: Path) -> None:
    from trainer.store.paths import builtin_decks_dir

    code, _, err = deck(capsys, data, "import", str(builtin_decks_dir() / "needs.toml"))
    assert code == 1
    assert "belongs to a built-in deck" in err
    assert tree(data) == {}


def test_an_id_cannot_escape_the_data_dir(capsys: pytest.CaptureFixture[str], data: Path,
                                          tmp_path: Path) -> None:
    src = write(tmp_path / "evil.toml", V1.replace('id = "needs-week-3"', 'id = "../../etc"'))
    code, _, err = deck(capsys, data, "import", str(src))
    assert code == 1
    assert err.splitlines()[0] == (f"{src}:1: deck id '../../etc' may use only a-z, 0-9 and '-', "
                                   "up to 64 characters, starting with a letter or digit")
    assert tree(data) == {} and not (tmp_path / "etc").exists()
    # Whatever the file is called, the copy is named after the deck id, inside <data>/decks.
    odd = write(tmp_path / "..evil name;rm -rf.toml", V1)
    assert deck(capsys, data, "import", str(odd))[0] == 0
    assert list(tree(tmp_path)) == ["..evil name;rm -rf.toml", "data/decks/needs-week-3.toml",
                                    "evil.toml"]


def test_import_a_csv_converts_it_to_toml(capsys: pytest.CaptureFixture[str], data: Path,
                                          tmp_path: Path) -> None:
    src = write(tmp_path / "from-a-spreadsheet.csv", CSV)
    code, out, _ = deck(capsys, data, "import", str(src))
    assert (code, out) == (0, "Imported csv-deck v3: 3 items.\n")
    copy = data / "decks" / "csv-deck.toml"
    assert list(tree(data)) == ["decks/csv-deck.toml"]
    text = copy.read_text(encoding="utf-8")
    assert text.startswith("# Converted from from-a-spreadsheet.csv (CSV).")
    converted, original = parse_deck(text.encode(), str(copy)), load_csv(CSV, "x.csv")
    assert (converted.id, converted.title, converted.version) == ("csv-deck",
                                                                  "Needs, from a spreadsheet", 3)
    assert [(i.id, i.kind, i.skill, i.prompt, i.data, i.explanation) for i in converted.items] == \
        [(i.id, i.kind, i.skill, i.prompt, i.data, i.explanation) for i in original.items]


def load_csv(text: str, name: str) -> object:
    from trainer.domain.csvdeck import parse_csv

    return parse_csv(text.encode(), name)


@pytest.mark.parametrize("variant", ["bom", "crlf", "semicolons", "all three"])
def test_csv_variants_from_spreadsheets(capsys: pytest.CaptureFixture[str], data: Path,
                                        tmp_path: Path, variant: str) -> None:
    text = CSV
    if variant in ("semicolons", "all three"):
        # As a spreadsheet in a comma-decimal locale saves it: the #deck line is one cell.
        first, rest = text.split("\n", 1)
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(rest)))
        text = first + "\n" + out.getvalue()
        assert ";Which one names a need, not a strategy?;" in text
    if variant in ("crlf", "all three"):
        text = text.replace("\n", "\r\n")
    raw = text.encode()
    if variant in ("bom", "all three"):
        raw = b"\xef\xbb\xbf" + raw
    src = write(tmp_path / "deck.csv", raw)
    assert run(capsys, "deck", "validate", str(src)) == (0, f"{src}: ok\n", "")
    assert deck(capsys, data, "import", str(src))[:2] == (0, "Imported csv-deck v3: 3 items.\n")
    got = parse_deck((data / "decks" / "csv-deck.toml").read_bytes(), "x.toml")
    assert got.title == "Needs, from a spreadsheet"
    assert got.items[0].prompt == "Which one names a need, not a strategy?"
    assert "\r" not in got.items[0].explanation


def test_csv_problems_point_at_the_csvs_own_lines(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    text = ('#deck id=csv-deck,title=T,version=1,skill=needs\r\n'
            'id;kind;prompt;options;answer;explanation\r\n'
            'ok-1;choice;"A prompt\r\nover two lines";a|b;1;Because.\r\n'
            'bad-1;choice;Pick one;a|b;9;Because.\r\n'
            ';choice;No id;a|b;1;Because.\r\n'
            'bad-2;chose;Typo;a|b;1;\r\n')
    src = write(tmp_path / "week.csv", b"\xef\xbb\xbf" + text.encode())
    code, out, _ = run(capsys, "deck", "validate", str(src))
    assert code == 1
    kinds = "choice, classify, multi, match, order, recall, anchor, walkthrough"
    assert out.splitlines() == [
        f"{src}:5: item bad-1: answer is 9; it should be from 1 to 2",
        f"{src}:6: item #3: missing id",
        f"{src}:7: item bad-2: unknown kind 'chose'; use one of {kinds}",
        f"{src}:7: item bad-2: missing explanation",
    ]


def test_csv_without_a_deck_line_takes_its_id_and_title_from_the_file_name(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "Feelings week 5.csv",
                "id,kind,skill,prompt,categories,answer,explanation\n"
                "f-1,classify,feelings,My chest is tight.,feeling|sensation,sensation,Tightness is "
                "felt in the body.\n")
    assert deck(capsys, data, "import", str(src))[:2] == (0, "Imported feelings-week-5 v1: 1 item.\n")
    got = parse_deck((data / "decks" / "feelings-week-5.toml").read_bytes(), "x.toml")
    assert (got.title, got.version) == ("Feelings week 5", 1)


def test_import_a_folder_of_decks(capsys: pytest.CaptureFixture[str], data: Path,
                                  tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write(folder / "a.toml", V1)
    write(folder / "b.csv", CSV)
    code, out, _ = deck(capsys, data, "import", str(folder))
    assert code == 0
    assert out.splitlines() == ["Imported needs-week-3 v1: 3 items.", "Imported csv-deck v3: 3 items."]
    assert list(tree(data)) == ["decks/csv-deck.toml", "decks/needs-week-3.toml"]


def test_a_new_version_keeps_progress(capsys: pytest.CaptureFixture[str], data: Path,
                                      tmp_path: Path, clock: FixedClock) -> None:
    deck(capsys, data, "import", str(write(tmp_path / "v1.toml", V1)))

    def open_trainer() -> Trainer:
        store = Store(data)
        return Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))

    trainer = open_trainer()
    ours = {i.id: i for d in trainer.deckset.decks if d.id == "needs-week-3" for i in d.items}
    trainer.answer(None, ours["n-1"], 1)  # right
    trainer.answer(None, ours["n-2"], "ease")  # right; this item is retired in v2
    kept_card = trainer.cards["needs-week-3/n-1"]
    trainer.store.close()

    code, out, err = deck(capsys, data, "import", str(write(tmp_path / "v2.toml", V2)))
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Imported needs-week-3 v2: 1 new item, 1 retired, 2 kept.",
                                "Progress on the kept items carries on where it was."]
    assert list(tree(data / "decks")) == ["needs-week-3.toml"]
    # The v1 it replaced is kept in a backup made first.
    [kept] = (data / "backups").glob("*-import/decks/needs-week-3.toml")
    assert kept.read_text(encoding="utf-8") == V1

    trainer = open_trainer()
    try:
        ours = {i.id: i for d in trainer.deckset.decks if d.id == "needs-week-3" for i in d.items}
        assert set(ours) == {"n-1", "n-3", "n-4"}
        assert ours["n-1"].prompt == "Which of these names a universal need?"
        assert trainer.cards["needs-week-3/n-1"] == kept_card  # the reworded item keeps its card
        assert "needs-week-3/n-4" not in trainer.cards  # the new item is new
        assert "needs-week-3/n-3" not in trainer.cards
        # The retired item no longer shows in sessions, but its history stays in the log.
        trainer.set_setting("disabled_decks", sorted(trainer.deckset.builtin))
        queue = [i.key for i in trainer.start_session().queue]
        assert queue and "needs-week-3/n-2" not in queue
        assert "needs-week-3/n-4" in queue and "needs-week-3/n-1" not in queue  # n-1 is not due
        assert all(i.id != "n-2" for i in trainer.available_items(memory_only=False))
        cards = [r["card"] for r in trainer.store.history()]
        assert cards == ["needs-week-3/n-1", "needs-week-3/n-2"]
    finally:
        trainer.store.close()


def test_importing_while_the_app_is_open_says_so(capsys: pytest.CaptureFixture[str], data: Path,
                                                 tmp_path: Path) -> None:
    data.mkdir()
    lock = DataLock(data)
    lock.acquire()
    try:
        code, out, err = deck(capsys, data, "import", str(write(tmp_path / "v1.toml", V1)))
    finally:
        lock.release()
    assert (code, out) == (1, "")
    assert "already open" in err
    assert not (data / "decks").exists()


# -- deck remove --------------------------------------------------------------------------------


def test_remove_an_imported_deck_keeps_the_history(capsys: pytest.CaptureFixture[str], data: Path,
                                                   tmp_path: Path, clock: FixedClock) -> None:
    deck(capsys, data, "import", str(write(tmp_path / "v1.toml", V1)))
    store = Store(data)
    trainer = Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))
    trainer.answer(None, trainer.deckset.get("needs-week-3").items[0], 1)  # type: ignore[union-attr]
    store.close()
    log = (data / "reviews.jsonl").read_bytes()

    code, out, err = deck(capsys, data, "remove", "needs-week-3")
    assert (code, err) == (0, "")
    assert out == ("Removed Needs, week 3 (needs-week-3, 3 items). Your answers to it stay in your "
                   "history; importing it again brings its cards back where you left them.\n")
    assert not (data / "decks" / "needs-week-3.toml").exists()
    assert (data / "reviews.jsonl").read_bytes() == log
    # The deck file it deleted is kept in a backup made first.
    [kept] = (data / "backups").glob("*-remove/decks/needs-week-3.toml")
    assert kept.read_text(encoding="utf-8") == V1
    assert "needs-week-3" not in deck(capsys, data, "list")[1]


def test_a_built_in_deck_cannot_be_removed(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = deck(capsys, data, "remove", "feelings")
    assert (code, out) == (1, "")
    assert err == ("feelings is one of the built-in decks, so it stays. If you'd rather not "
                   "practise it for now, switch it off in the app's Decks screen.\n")


@pytest.mark.parametrize("deck_id", ["nope", "../../etc", "decks"])
def test_remove_an_unknown_deck(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path,
                                deck_id: str) -> None:
    deck(capsys, data, "import", str(write(tmp_path / "v1.toml", V1)))
    before = tree(tmp_path)
    code, out, err = deck(capsys, data, "remove", deck_id)
    assert (code, out) == (1, "")
    assert err == (f"There is no imported deck with the id {deck_id!r}. `deck list` shows the "
                   "decks in use.\n")
    assert tree(tmp_path) == before


def test_a_shared_deck_is_not_removed(capsys: pytest.CaptureFixture[str], data: Path,
                                      tmp_path: Path) -> None:
    shared = write(tmp_path / "class" / "v1.toml", V1)
    code, _, err = run(capsys, "--data-dir", str(data), "--decks", str(shared.parent), "deck",
                       "remove", "needs-week-3")
    assert code == 1
    assert err.startswith(f"needs-week-3 comes from a shared folder ({shared}), not from an import")
    assert shared.exists()


# -- deck export --------------------------------------------------------------------------------


def test_export_writes_the_decks_toml_and_never_overwrites(capsys: pytest.CaptureFixture[str],
                                                           data: Path, tmp_path: Path) -> None:
    deck(capsys, data, "import", str(write(tmp_path / "in.csv", CSV)))
    out_path = tmp_path / "out.toml"
    code, out, err = deck(capsys, data, "export", "csv-deck", str(out_path))
    assert (code, out, err) == (0, f"Wrote csv-deck to {out_path}.\n", "")
    assert out_path.read_bytes() == (data / "decks" / "csv-deck.toml").read_bytes()
    out_path.write_text("edited by hand", encoding="utf-8")
    code, out, err = deck(capsys, data, "export", "csv-deck", str(out_path))
    assert (code, out) == (1, "")
    assert err == f"{out_path} already exists; choose another name, or move that file first.\n"
    assert out_path.read_text(encoding="utf-8") == "edited by hand"


def test_export_a_built_in_deck_into_a_folder(capsys: pytest.CaptureFixture[str], data: Path,
                                              tmp_path: Path) -> None:
    from trainer.store.paths import builtin_decks_dir

    assert deck(capsys, data, "export", "needs", str(tmp_path))[0] == 0
    assert (tmp_path / "needs.toml").read_bytes() == (builtin_decks_dir() / "needs.toml").read_bytes()


def test_export_a_shared_csv_deck_converts_it(capsys: pytest.CaptureFixture[str], data: Path,
                                              tmp_path: Path) -> None:
    write(tmp_path / "class" / "c.csv", CSV)
    code, _, _ = run(capsys, "--data-dir", str(data), "--decks", str(tmp_path / "class"), "deck",
                     "export", "csv-deck", str(tmp_path / "c.toml"))
    assert code == 0
    assert parse_deck((tmp_path / "c.toml").read_bytes(), "c.toml").id == "csv-deck"


def test_export_an_unknown_deck(capsys: pytest.CaptureFixture[str], data: Path,
                                tmp_path: Path) -> None:
    code, _, err = deck(capsys, data, "export", "nope", str(tmp_path / "x.toml"))
    assert code == 1
    assert err == "There is no deck with the id 'nope'. `deck list` shows the decks in use.\n"
    assert not (tmp_path / "x.toml").exists()


# -- the class folder ---------------------------------------------------------------------------


def test_the_class_folder_setting_loads_its_decks(capsys: pytest.CaptureFixture[str], data: Path,
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write(folder / "a.toml", V1)
    write(folder / "b.csv", CSV)
    assert deck(capsys, data, "folder")[1].startswith("No class folder is set.")
    code, out, _ = deck(capsys, data, "folder", str(folder))
    assert (code, out) == (0, f"Class folder set: the decks in {folder.resolve()} load each time "
                              "the app starts.\n")
    listing = deck(capsys, data, "list")[1]
    assert f"(shared: {folder.resolve() / 'a.toml'})" in listing
    assert f"(shared: {folder.resolve() / 'b.csv'})" in listing
    assert deck(capsys, data, "folder")[1] == f"Class folder: {folder.resolve()}\n"
    assert deck(capsys, data, "folder", "--clear")[0] == 0
    assert "(shared:" not in deck(capsys, data, "list")[1]


def test_a_missing_class_folder_is_reported(capsys: pytest.CaptureFixture[str], data: Path,
                                            tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data-dir", str(data), "--decks", str(tmp_path / "gone"), "deck",
                       "list")
    assert code == 0
    assert err == (f"not loaded: {tmp_path / 'gone'}:1: this deck folder isn't there; check the "
                   "--decks path or the class folder setting\n")


def test_the_folder_must_exist(capsys: pytest.CaptureFixture[str], data: Path,
                               tmp_path: Path) -> None:
    code, _, err = deck(capsys, data, "folder", str(tmp_path / "nowhere"))
    assert (code, err) == (1, f"{tmp_path / 'nowhere'} is not a folder.\n")


# -- in a real process ----------------------------------------------------------------------------


def test_the_whole_loop_in_a_subprocess(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, ENV_HOME: str(tmp_path / "home")}

    def trainer(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "trainer", "deck", *argv], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path, env=env)

    assert trainer("new", "week-1.toml").returncode == 0
    assert trainer("new", "week-1.toml").returncode == 1
    assert trainer("validate", "week-1.toml").stdout == "week-1.toml: ok\n"
    done = trainer("import", "week-1.toml")
    assert (done.returncode, done.stdout, done.stderr) == (0, "Imported week-1 v1: 8 items.\n", "")
    assert "week-1" in trainer("list").stdout
    assert trainer("remove", "week-1").returncode == 0
    assert trainer("remove", "needs").returncode == 1
    assert "Traceback" not in trainer("import", "nowhere.toml").stderr


def test_the_documented_csv_example_imports(capsys: pytest.CaptureFixture[str], data: Path,
                                            tmp_path: Path) -> None:
    import re

    doc = Path(__file__).resolve().parent.parent / "docs" / "deck-format.md"
    (example,) = re.findall(r"```csv\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    src = write(tmp_path / "needs-week-3.csv", example)
    assert deck(capsys, data, "import", str(src))[:2] == (0, "Imported needs-week-3 v2: 4 items.\n")


def test_locked_counts_per_skill(make_trainer: Any) -> None:

    later = V1.replace('skill = "needs"\n', 'skill = "needs"\navailable_from = "2026-04-01"\n', 1)
    trainer = make_trainer(V2.replace('id = "n-4"\n', 'id = "n-4"\navailable_from = 2026-03-09\n'))
    assert trainer.locked_counts() == {"distinguish": 0, "anchors": 0, "shared-humanity": 0,
                                      "feelings": 0, "needs": 1, "witness": 0}
    trainer.deckset.decks.append(parse_deck(later.replace("needs-week-3", "later").encode(), "l.toml"))
    assert trainer.locked_counts()["needs"] == 4
    trainer.set_setting("disabled_decks", ["later"])
    assert trainer.locked_counts()["needs"] == 1


@pytest.mark.parametrize(("first_line", "title"), [
    ("#deck id=d,title=Needs, week 3,version=2,skill=needs", "Needs, week 3"),  # typed by hand
    ('"#deck id=d,title=Needs, week 3,version=2,skill=needs",,,', "Needs, week 3"),  # Excel, commas
    ("#deck id=d,title=Needs, week 3,version=2,skill=needs;;;", "Needs, week 3"),  # Excel, semicolons
    ('#deck id=d,title="Needs, week 3",version=2,skill=needs', "Needs, week 3"),  # quoted value
    ("# Deck id=d; title=Needs week 3; version=2; skill=needs", "Needs week 3"),
    ("#deck\tid=d\ttitle=Needs, week 3\tversion=2\tskill=needs", "Needs, week 3"),  # tabs
])
def test_the_deck_line_as_spreadsheets_and_people_write_it(first_line: str, title: str) -> None:
    from trainer.domain.csvdeck import parse_csv

    sep = "\t" if "\t" in first_line else ";" if first_line.endswith(";") else ","
    rows = sep.join(["id", "kind", "prompt", "explanation"]) + "\n" + sep.join(
        ["a", "walkthrough", "Think of a moment.", "Going slowly helps."]) + "\n"
    got = parse_csv((first_line + "\n" + rows).encode(), "whatever.csv")
    assert (got.id, got.title, got.version, got.items[0].skill) == ("d", title, 2, "needs")
