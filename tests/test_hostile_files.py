"""Every file the app reads may be damaged or hostile (issue 15): generated values of every
JSON type and numbers out of range in every field of every file; parsers that stay linear in
any shape; wide text that fits the screen it was measured for; no echo of a file that isn't a
deck. The loaders raise only their own clear errors, and start, stats and doctor never print
a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TrainerFactory, deck_with
from trainer.domain import progress as prog
from trainer.domain.csvdeck import parse_csv
from trainer.domain.deckparse import parse_deck, validate
from trainer.domain.problems import MAX_PROBLEMS, DeckError
from trainer.services.decks import load_decks
from trainer.services.journal import entries
from trainer.services.practice import Trainer
from trainer.store import snapshot
from trainer.store.atomic import StoreError
from trainer.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
SOME = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Every JSON type, and the numbers that break things: huge, negative, fractional, floats that
# aren't finite in Python's reading of JSON (1e999 reads as inf).
HUGE = st.sampled_from([2**31, 2**63, 2**64, -(2**63) - 1, 10**400, -1, 1e308, 1e999, -1e999])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), HUGE, st.floats(allow_nan=False),
                    st.text(max_size=20))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def dumps(value: Any) -> str:
    return json.dumps(value).replace("Infinity", "1e999")  # what a hand edit would write


@pytest.fixture
def practised(make_trainer: TrainerFactory, data_dir: Path) -> Path:
    """A data folder with a few answers and a saved card table, closed."""
    trainer = make_trainer(None)
    items = trainer.available_items()[:3]
    for item in items:
        trainer.answer(None, item, getattr(item.data, "answer", 0))
    trainer.end_session()
    trainer.store.close()
    return data_dir


def opens(root: Path) -> Store:
    """The store opens (or refuses with its own error) whatever the files hold."""
    try:
        store = Store(root, daily_backup=False)
    except StoreError:
        raise AssertionError("a damaged file must be set aside, not refuse the folder") from None
    return store


# -- state.json: settings --------------------------------------------------------------------

SETTING_NAMES = st.sampled_from(["session_size", "new_per_day", "day_start_hour", "anchors",
                                 "disabled_decks", "daily_goal", "desired_retention",
                                 "set_aside", "class_folder", "theme", "welcomed"])


@SOME
@given(st.dictionaries(SETTING_NAMES, JSON, max_size=4))
def test_any_setting_value_is_checked_where_it_is_read(practised: Path, values: dict[str, Any]
                                                      ) -> None:
    state = {"meta": {"1": {"schema": 2}}, "profile": {"1": values}}
    (practised / "state.json").write_text(dumps(state))
    store = opens(practised)
    try:
        trainer = Trainer(store, load_decks(store), __import__(
            "trainer.domain.clock", fromlist=["SystemClock"]).SystemClock())
        trainer.start_session()  # every setting in use: sizes, limits, hours, lists
        trainer.policy  # noqa: B018
        from trainer.services import views

        views.stats(trainer)
    finally:
        store.close()


@SOME
@given(JSON)
def test_any_json_in_state_json_is_set_aside(practised: Path, value: Any) -> None:
    (practised / "state.json").write_text(dumps(value))
    opens(practised).close()


def test_a_bad_setting_is_named_and_mended(practised: Path) -> None:
    (practised / "state.json").write_text(json.dumps(
        {"meta": {"1": {"schema": 2}},
         "profile": {"1": {"day_start_hour": 99, "anchors": 3, "session_size": "ten",
                           "new_per_day": 5}}}))
    store = opens(practised)
    try:
        said = " ".join(store.notices)
        for name in ("day_start_hour", "anchors", "session_size"):
            assert f"the setting {name!r}" in said, name
        assert store.profile == {"new_per_day": 5}
    finally:
        store.close()
    assert list(practised.glob("state.json.corrupt-*"))  # the file as it was, kept
    again = opens(practised)
    assert again.notices == [] and again.profile == {"new_per_day": 5}
    again.close()


# -- cards.json: card documents, progress, scheduler -----------------------------------------

CARD_FIELDS = st.sampled_from(["key", "state", "step", "stability", "difficulty", "due",
                               "last_review", "first_seen", "reps", "correct", "lapses"])


@SOME
@given(st.sampled_from(["cards", "progress", "scheduler", "meta"]), CARD_FIELDS, JSON)
def test_any_value_in_any_field_of_the_card_table(practised: Path, table: str, field: str,
                                                  value: Any) -> None:
    path = practised / "cards.json"
    data = json.loads(path.read_text())
    before = json.loads(path.read_text())
    doc = next(iter(data[table].values()))
    doc[field if table == "cards" else next(iter(doc), field)] = value
    path.write_text(dumps(data))
    store = opens(practised)
    try:
        expected = store.cards  # always the log's truth for every card
        assert set(expected) == {d["key"] for d in before["cards"].values()}
        from trainer.services.progress import ProgressBook

        ProgressBook(store, __import__("datetime").UTC, 4)
    finally:
        store.close()


@SOME
@given(JSON)
def test_any_json_as_the_card_table(practised: Path, value: Any) -> None:
    (practised / "cards.json").write_text(dumps(value))
    store = opens(practised)
    assert len(store.cards) == 3
    store.close()


@SOME
@given(st.dictionaries(st.sampled_from(list(prog.empty())), JSON, max_size=5))
def test_the_progress_check_accepts_only_a_whole_fold(values: dict[str, Any]) -> None:
    p = {**prog.empty(), **values}
    checked = prog.check_progress(p)
    if checked is not None:
        prog.apply(checked, {"type": "review", "at": "2026-03-02T09:00:00+00:00",
                             "kind": "choice", "skill": "needs", "correct": True}, __import__(
            "datetime").UTC, 4)


def test_snapshot_read_raises_only_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "cards.json"
    for raw in (b"", b"\xff", b"[" * 100_000, b'{"meta": {"1": {"format": 1, "log_offset": -1}}}',
                b'{"meta": {"1": {"format": 1, "log_offset": 0}}, "cards": []}'):
        path.write_bytes(raw)
        with pytest.raises(snapshot.Unusable):
            snapshot.read(path)


# -- the review log ------------------------------------------------------------------------

REVIEW_FIELDS = st.sampled_from(["type", "rid", "card", "at", "skill", "kind", "correct", "ms",
                                 "returns", "practice_seconds", "tags", "given", "given_tag",
                                 "expected_tag", "after", "before", "state", "id", "level"])


@SOME
@given(st.lists(st.dictionaries(REVIEW_FIELDS, JSON, max_size=8), max_size=6))
def test_any_log_lines_fold_replay_and_open(practised: Path, records: list[dict[str, Any]]
                                           ) -> None:
    import datetime

    for rec in records:
        rec.setdefault("type", "review")
    prog.fold(records, datetime.UTC, 4)  # never raises
    with open(practised / "reviews.jsonl", "a") as f:
        for rec in records:
            f.write(dumps(rec) + "\n")
    store = opens(practised)
    try:
        assert len(store.cards) >= 3
        store.history()
        from trainer.services.progress import ProgressBook

        ProgressBook(store, datetime.UTC, 4)
    finally:
        store.close()


def test_counters_out_of_range_in_a_log_line_are_skipped_not_overflowed(practised: Path) -> None:
    lines = (practised / "reviews.jsonl").read_text().splitlines()
    rec = json.loads(lines[-1])
    for big in (2**31, 2**63, 10**400):
        bad = {**rec, "rid": f"x{big % 97}", "after": {**rec["after"], "reps": big, "step": big}}
        lines.append(dumps(bad))
    (practised / "reviews.jsonl").write_text("\n".join(lines) + "\n")
    store = opens(practised)
    try:
        assert store.cards[rec["card"]].reps < 10
        assert any("could not be read" in n for n in store.notices)
    finally:
        store.close()
    for command in (["stats", "--json"], ["doctor"]):
        done = run_cli(practised, *command)
        assert "Traceback" not in done.stderr, done.stderr
    assert "out-of-range" in run_cli(practised, "doctor").stdout


# -- the deck cache and the journal ----------------------------------------------------------

@SOME
@given(st.binary(max_size=300))
def test_any_bytes_as_the_deck_cache(practised: Path, data: bytes) -> None:
    from trainer.store.deckcache import CACHE_FILE

    (practised / CACHE_FILE).write_bytes(data)
    store = opens(practised)
    try:
        decks = load_decks(store)
        assert len(decks.decks) == 6 and not decks.problems
        item = decks.decks[0].items[0]
        assert item.prompt  # read from the file, the cache being unusable
    finally:
        store.close()


def test_a_damaged_item_text_in_the_deck_cache_is_noticed(practised: Path) -> None:
    from trainer.store.deckcache import CACHE_FILE

    store = opens(practised)
    load_decks(store)
    store.close()
    raw = bytearray((practised / CACHE_FILE).read_bytes())
    at = raw.index(b"\n") + 5  # inside the first item's text
    raw[at] = ord("Z") if raw[at] != ord("Z") else ord("Y")
    (practised / CACHE_FILE).write_bytes(bytes(raw))
    store = opens(practised)
    try:
        first = load_decks(store).decks[0].items[0]
        fresh = parse_deck((ROOT / "drills" / f"{first.deck_id}.toml").read_bytes(), "x.toml")
        assert first.prompt == next(i for i in fresh.items if i.id == first.id).prompt
    finally:
        store.close()


@SOME
@given(JSON)
def test_any_json_as_a_journal_entry(practised: Path, value: Any) -> None:
    folder = practised / "journal"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "20260302T090000Z-0a0b0c0d.json").write_text(dumps(value))
    store = opens(practised)
    try:
        trainer = Trainer(store, load_decks(store), __import__(
            "trainer.domain.clock", fromlist=["SystemClock"]).SystemClock())
        found = entries(trainer)
        assert len(found) <= 1
    finally:
        store.close()


# -- the plan, reports, decks: their own property tests live in test_bad_decks, test_properties
#    and test_report*; here, the time they take ----------------------------------------------

def timed(make: Callable[[int], bytes], parse: Callable[[bytes], object], n: int) -> float:
    source = make(n)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        try:
            parse(source)
        except DeckError as e:
            assert len(e.problems) <= MAX_PROBLEMS + 1  # the first few dozen, then a count
        best = min(best, time.perf_counter() - t0)
    return best


SHAPES: dict[str, tuple[Callable[[int], bytes], Callable[[bytes], object]]] = {
    "TOML unknown top-level keys": (
        lambda n: ("".join(f"k{i} = 1\n" for i in range(n))).encode(),
        lambda b: parse_deck(b, "x.toml")),
    "TOML items each with an unknown field": (
        lambda n: ('id = "x"\ntitle = "t"\nversion = 1\nskill = "needs"\n' + "".join(
            f'[[items]]\nid = "i{i}"\nkind = "recall"\nprompt = "p"\nexplanation = "e"\n'
            f'answers = ["a"]\nodd{i} = 1\n' for i in range(n))).encode(),
        lambda b: parse_deck(b, "x.toml")),
    "TOML items naming an unknown category set": (
        lambda n: ('id = "x"\ntitle = "t"\nversion = 1\nskill = "needs"\n[categories]\n'
                   + "".join(f's{i} = ["a", "b"]\n' for i in range(n)) + "".join(
                       f'[[items]]\nid = "i{i}"\nkind = "classify"\nprompt = "p"\n'
                       f'explanation = "e"\ncategories = "nope"\nanswer = "a"\n'
                       for i in range(n))).encode(),
        lambda b: parse_deck(b, "x.toml")),
    "CSV #deck line of a=b pieces": (
        lambda n: ("#deck " + "a=b," * n + "\nid,kind,prompt,explanation\n"
                   "i,recall,p,e\n").encode(),
        lambda b: parse_csv(b, "x.csv")),
    "CSV header of unknown columns": (
        lambda n: ("id,kind,prompt,explanation," + ",".join(f"c{i}" for i in range(n))
                   + "\ni,recall,p,e\n").encode(),
        lambda b: parse_csv(b, "x.csv")),
    "CSV title of many commas": (
        lambda n: ("#deck id=x,title=" + "t," * n + "version=1\nid,kind,prompt,explanation,"
                   "answers\ni,recall,p,e,a\n").encode(),
        lambda b: parse_csv(b, "x.csv")),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_each_parser_grows_linearly_with_a_pathological_shape(shape: str) -> None:
    """The same shape at n and 8n: time grows about 8 times, nowhere near 64."""
    make, parse = SHAPES[shape]
    small, big = timed(make, parse, 2_000), timed(make, parse, 16_000)
    assert big / max(small, 1e-4) < 24, (shape, small, big)


FIVE_MIB = 5 * 1024 * 1024
HEAD = 'id = "x"\ntitle = "t"\nversion = 1\nskill = "needs"\n'
AT_THE_LIMIT = {
    "unknown keys": "".join(f"k{i} = 1\n" for i in range(600_000)),
    "inline tables": HEAD + "x = [\n" + "{a=1},\n" * 900_000 + "]\n",
    "one long list": HEAD + '[[items]]\nid="i"\nkind="choice"\nprompt="p"\nexplanation="e"\n'
                     'answer=1\noptions = [\n' + '"a",\n' * 1_100_000 + ']\n',
    "fields in many items": HEAD + "".join(f'[[items]]\nid = "i{i}"\nx{i} = 1\n'
                                           for i in range(300_000)),
}


@pytest.mark.parametrize("shape", AT_THE_LIMIT)
def test_a_hostile_deck_at_the_size_limit_is_refused_quickly_with_one_clear_reason(
        shape: str) -> None:
    source = AT_THE_LIMIT[shape].encode()[:FIVE_MIB]
    source = source[: source.rfind(b"\n") + 1]
    assert len(source) > 3 * 1024 * 1024
    t0 = time.perf_counter()
    problems = validate(source, "big.toml")
    took = time.perf_counter() - t0
    assert took < 2, took  # a tenth to a third of a second here, unloaded
    assert 1 <= len(problems) <= MAX_PROBLEMS + 1 and "not read" in str(problems)


# -- wide text and files that aren't decks --------------------------------------------------

def test_wide_characters_count_twice_against_the_limits() -> None:
    prompt = "日" * 121  # 242 columns
    source = deck_with(f'''
[[items]]
id = "w"
kind = "recall"
prompt = "{prompt}"
answers = ["a"]
explanation = "Because."
''').encode()
    (problem,) = validate(source, "w.toml")
    assert "242 characters (wide characters count twice)" in problem.message


async def test_wide_text_at_the_limits_keeps_the_question_in_view(make_trainer: TrainerFactory
                                                                 ) -> None:
    from trainer.ui.app import TrainerApp

    options = ", ".join(f'"{"語" * 49}{n}"' for n in range(5))  # 99 columns each, 5 of them
    trainer = make_trainer(deck_with(f'''
[[items]]
id = "w"
kind = "choice"
prompt = "{"問" * 120}"
options = [{options}]
answer = 1
explanation = "Because."
'''))
    app = TrainerApp(trainer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        card = app.screen.query_one("#card")
        prompt = app.screen.query_one("#prompt")
        assert card.scroll_y == 0 and prompt.region.y >= card.region.y
        last = list(app.screen.query(".option"))[-1]
        assert last.region.bottom <= card.region.bottom  # every option in view too


def test_a_file_that_is_not_a_deck_is_not_quoted(tmp_path: Path) -> None:
    secret = "root:x:0:0:root:/root:/bin/bash"
    (tmp_path / "passwd").write_text(f"{secret}\ndaemon:x:1:1\n")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "linked.csv").symlink_to(tmp_path / "passwd")
    with pytest.raises(DeckError) as e:
        parse_csv((tmp_path / "passwd").read_bytes(), "linked.csv")
    text = "\n".join(str(p) for p in e.value.problems)
    assert "doesn't look like a deck" in text and "root" not in text


# -- start, stats and doctor on a hostile folder: never a traceback ------------------------

def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "trainer", "--data-dir", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


START = r"""
import sys
from pathlib import Path
from trainer.cli import run_app

async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()

sys.exit(run_app(Path(sys.argv[1]), [], headless=True, size=(80, 24), auto_pilot=stop))
"""


def test_start_stats_and_doctor_on_a_folder_of_damaged_files(practised: Path) -> None:
    (practised / "state.json").write_text('{"profile": {"1": {"day_start_hour": 99}}}')
    (practised / "cards.json").write_text('{"meta": {"1": {"format": 1, "log_offset": 7}}, '
                                          '"progress": {"1": {"xp": "lots"}}}')
    with open(practised / "reviews.jsonl", "a") as f:
        f.write('{"type": "review", "card": 5, "after": []}\n[1, 2]\n{"type": "level"}\n')
    (practised / "deck-cache.json").write_text("not json")
    doctor = run_cli(practised, "doctor")
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert "need attention" in doctor.stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = subprocess.run([sys.executable, "-c", START, str(practised)], capture_output=True,
                             text=True, timeout=120, env=env, cwd=ROOT)
    assert started.returncode == 0 and "Traceback" not in started.stderr, started.stderr
    stats = run_cli(practised, "stats", "--json")
    assert stats.returncode == 0 and "Traceback" not in stats.stderr
    assert json.loads(stats.stdout)["answers"] == 3
    repaired = run_cli(practised, "doctor", "--repair")
    assert "Traceback" not in repaired.stderr
    assert run_cli(practised, "doctor").returncode == 0, run_cli(practised, "doctor").stdout


def test_a_lock_that_is_a_folder_is_named_by_doctor_and_moved_aside_by_repair(
        practised: Path) -> None:
    (practised / ".lock").unlink(missing_ok=True)
    (practised / ".lock").mkdir()
    out = run_cli(practised, "doctor").stdout
    assert "is a folder, not the lock file" in out
    run_cli(practised, "doctor", "--repair")
    assert (practised / ".lock").is_file() or not (practised / ".lock").exists()
    assert list(practised.glob(".lock.corrupt-*"))
    opens(practised).close()


# -- a data folder others can write, and links planted in it --------------------------------

def test_a_folder_others_can_write_or_own_is_refused_with_the_fix(tmp_path: Path) -> None:
    from trainer.store.safety import UnsafeFolder

    loose = tmp_path / "loose"
    loose.mkdir()
    os.chmod(loose, 0o777)
    with pytest.raises(UnsafeFolder, match=f"run: chmod go-w {loose}"):
        Store(loose)
    done = run_cli(loose, "stats")  # read-only commands still read it
    assert "Traceback" not in done.stderr
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)  # the tests run as root: give it to "nobody"
    with pytest.raises(UnsafeFolder, match="belongs to another user"):
        Store(theirs)
    started = run_cli(theirs)  # the app itself: refused before any screen
    assert started.returncode == 1 and "Traceback" not in started.stderr
    assert "belongs to another user" in started.stderr


@pytest.mark.parametrize("name", ["reviews.jsonl", ".lock", "cards.json", "state.json"])
def test_a_planted_link_is_never_written_through(practised: Path, tmp_path: Path,
                                                 name: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    os.chmod(outside, 0o644)
    path = practised / name
    path.unlink(missing_ok=True)
    path.symlink_to(outside)
    try:
        store = Store(practised, daily_backup=False)
    except StoreError as e:
        assert "symbolic link" in str(e)
    else:  # a file only read at open (cards.json, state.json): replaced, never followed
        store.set_profile(session_size=5)
        store.changed()
        store.close()
        assert not path.is_symlink()
    assert outside.read_text() == "precious\n"
    assert oct(outside.stat().st_mode & 0o777) == "0o644"


def test_deck_import_never_writes_through_a_linked_decks_folder(practised: Path,
                                                               tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (practised / "decks").symlink_to(elsewhere)
    deck = tmp_path / "mine.toml"
    deck.write_text(deck_with('''
[[items]]
id = "r"
kind = "recall"
prompt = "A word for it?"
answers = ["calm"]
explanation = "Because."
''').replace('id = "test"', 'id = "mine"'))
    done = run_cli(practised, "deck", "import", str(deck))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not a plain folder" in done.stderr
    assert list(elsewhere.iterdir()) == []
    doctor = run_cli(practised, "doctor")
    assert "symbolic link(s) inside the data folder: decks ->" in doctor.stdout
    run_cli(practised, "doctor", "--repair")
    assert not (practised / "decks").is_symlink() and list(practised.glob("decks.link-*"))
