"""The command line: version, stats, deck list and deck validate, and where the data lives."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import deck_with
from trainer import __version__
from trainer.cli import main
from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.domain.skills import SKILL_IDS
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.paths import ENV_HOME, builtin_decks_dir
from trainer.store.store import Store

GOOD = deck_with('''[[items]]
id = "a"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 2
explanation = "Because."
''')
BAD = GOOD.replace("answer = 2", "answer = 3").replace('version = 1\n', 'version = 1\ncolour = 1\n')


@pytest.fixture(autouse=True)
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_HOME, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def builtin_counts() -> dict[str, int]:
    """Memory items per skill in the built-in decks (none of them is locked)."""
    decks = [parse_deck(p.read_bytes(), p.name) for p in builtin_decks_dir().glob("*.toml")]
    assert all(i.available_from is None for d in decks for i in d.items)
    return Counter(i.skill for d in decks for i in d.items if i.scheduled)


# -- version ----------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out == f"self-empathy-trainer {__version__}\n"


def test_python_dash_m_trainer_version(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "trainer", "--version"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"self-empathy-trainer {__version__}\n", "")


# -- stats --------------------------------------------------------------------------------------


def core(stats: dict[str, Any]) -> dict[str, Any]:
    """The fields every version of `stats --json` has (it may add more)."""
    return {
        "answers": stats["answers"],
        "skills": {s: {k: v[k] for k in ("answers", "right", "due", "new")}
                   for s, v in stats["skills"].items()},
    }


def test_stats_json_on_a_fresh_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stats = run_json(capsys, "--data-dir", str(tmp_path / "fresh"), "stats", "--json")
    counts = builtin_counts()
    assert core(stats) == {
        "answers": 0,
        "skills": {s: {"answers": 0, "right": 0, "due": 0, "new": counts[s]} for s in SKILL_IDS},
    }
    assert list(stats["skills"]) == list(SKILL_IDS)
    assert all(counts[s] > 10 for s in SKILL_IDS)


def test_stats_change_after_answering(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = run_json(capsys, "--data-dir", str(data), "stats", "--json")
    real_now = datetime.now(UTC)
    clock = FixedClock(real_now - timedelta(days=10), ZoneInfo("Europe/Berlin"))
    store = Store(data)
    trainer = Trainer(store, load_decks(store), clock, make_scheduler(fuzz=False))
    choices = [i for i in trainer.available_items() if i.skill == "feelings" and i.kind == "choice"]
    right, wrong = choices[0], choices[1]
    trainer.answer(None, right, right.data.answer)  # due in 2 days: 8 days ago
    clock.moment = real_now - timedelta(days=1)
    trainer.answer(None, wrong, (wrong.data.answer + 1) % len(wrong.data.options))  # due in 10 min
    # The writer still has the folder open: the report reads it anyway.
    after = run_json(capsys, "--data-dir", str(data), "stats", "--json")
    store.close()
    assert after["answers"] == 2
    feelings = before["skills"]["feelings"]
    assert core(after)["skills"]["feelings"] == {"answers": 2, "right": 1, "due": 2,
                                                 "new": feelings["new"] - 2}
    for skill in SKILL_IDS:
        if skill != "feelings":
            assert core(after)["skills"][skill] == core(before)["skills"][skill]
    # The plain text report says the same.
    code, out, _ = run(capsys, "--data-dir", str(data), "stats")
    assert code == 0
    assert out.splitlines()[0] == ("Answers so far: 2, 1 right; 0 practices (never right or "
                                   "wrong). Due today: 2, tomorrow: 0.")
    line = next(x for x in out.splitlines() if x.strip().startswith("feelings"))
    assert line.split()[:8] == ["feelings", "2", "answered,", "1", "right,", "0", "practices,", "2"]


# -- deck list ----------------------------------------------------------------------------------


def test_deck_list_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "decks").mkdir(parents=True)
    (data / "decks" / "mine.toml").write_text(GOOD, encoding="utf-8")
    (data / "decks" / "broken.toml").write_text(BAD, encoding="utf-8")
    listing = run_json(capsys, "--data-dir", str(data), "deck", "list", "--json")
    rows = {r["id"]: r for r in listing["decks"]}
    assert set(rows) == {*SKILL_IDS, "test"}
    for skill in SKILL_IDS:
        row = rows[skill]
        deck = parse_deck((builtin_decks_dir() / f"{skill}.toml").read_bytes(), "x")
        assert row["builtin"] is True
        assert row["skills"] == [skill]
        assert row["items"] == len(deck.items) > 40
        assert row["kinds"] == list(deck.kinds)
        assert "choice" in row["kinds"]
        assert row["units"] == list(deck.units)
        assert row["version"] >= 1 and row["title"] == deck.title
        assert Path(row["path"]).parent == builtin_decks_dir()
    assert rows["test"] == {"id": "test", "title": "Test deck", "version": 1, "skills": ["feelings"],
                            "items": 1, "kinds": ["choice"], "units": [], "builtin": False,
                            "path": str(data / "decks" / "mine.toml")}
    broken = str(data / "decks" / "broken.toml")
    assert listing["problems"] == [f"{broken}:4: unknown deck field 'colour'",
                                   f"{broken}:11: item a: answer is 3; it should be from 1 to 2"]


def test_deck_list_plain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "deck", "list")
    assert (code, err) == (0, "")
    assert sorted(line.split()[0] for line in out.splitlines()) == sorted(SKILL_IDS)
    assert all(line.endswith("(built in)") for line in out.splitlines())


# -- deck validate ----------------------------------------------------------------------------


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert run(capsys, "deck", "validate", str(path)) == (0, f"{path}: ok\n", "")


def test_validate_the_builtin_decks(capsys: pytest.CaptureFixture[str]) -> None:
    paths = sorted(str(p) for p in builtin_decks_dir().glob("*.toml"))
    code, out, _ = run(capsys, "deck", "validate", *paths)
    assert code == 0
    assert out.splitlines() == [f"{p}: ok" for p in paths]


def test_validate_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = run(capsys, "deck", "validate", str(path))
    assert code == 1
    assert out.splitlines() == [f"{path}:4: unknown deck field 'colour'",
                                f"{path}:11: item a: answer is 3; it should be from 1 to 2"]
    assert err == ""


def test_validate_good_and_bad_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    code, out, _ = run(capsys, "deck", "validate", str(bad), str(good))
    assert code == 1
    assert out.splitlines()[-1] == f"{good}: ok"
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize(("content", "expected"), [
    (None, "{path}:1: could not read the file: No such file or directory"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
     "{path}:1:1: this is not UTF-8 text; save the file as UTF-8"),
    (b"\x00\x01\x02binary\x03", "{path}:1:1: TOML syntax: Invalid statement"),
    (b"", "{path}:1: missing id"),
])
def test_validate_never_shows_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          content: bytes | None, expected: str) -> None:
    path = tmp_path / "deck.toml"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "deck", "validate", str(path))
    assert code == 1
    assert out.splitlines()[0] == expected.format(path=path)
    assert "Traceback" not in out + err


def test_validate_an_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "deck", "validate", str(tmp_path))
    assert code == 1
    assert len(out.splitlines()) == 1
    assert out.startswith(f"{tmp_path}:1: ")
    assert "Traceback" not in out + err


def test_validate_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    done = subprocess.run([sys.executable, "-m", "trainer", "deck", "validate", str(garbage),
                           str(tmp_path / "missing.toml")], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        f"{garbage}:2:118: this is not UTF-8 text; save the file as UTF-8",  # byte 128, after one newline
        f"{tmp_path / 'missing.toml'}:1: could not read the file: No such file or directory",
    ]


# -- where the data lives -------------------------------------------------------------------


def user_deck(folder: Path, deck_id: str) -> None:
    (folder / "decks").mkdir(parents=True)
    (folder / "decks" / f"{deck_id}.toml").write_text(GOOD.replace('id = "test"', f'id = "{deck_id}"', 1),
                                                      encoding="utf-8")


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> set[str]:
    listing = run_json(capsys, *argv, "deck", "list", "--json")
    return {r["id"] for r in listing["decks"] if not r["builtin"]}


def test_self_empathy_home_picks_the_data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    user_deck(tmp_path / "home", "from-env")
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    assert listed(capsys) == {"from-env"}


def test_data_dir_wins_over_the_environment(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    user_deck(tmp_path / "home", "from-env")
    user_deck(tmp_path / "arg", "from-arg")
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    assert listed(capsys, "--data-dir", str(tmp_path / "arg")) == {"from-arg"}


def test_extra_deck_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    user_deck(tmp_path / "class", "class-deck")
    assert listed(capsys, "--data-dir", str(tmp_path / "d"), "--decks",
                  str(tmp_path / "class" / "decks")) == {"class-deck"}
