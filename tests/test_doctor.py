"""`doctor`, `export` and `forget`: looking after the data dir from the command line."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import TrainerFactory, deck_with
from trainer.cli import main
from trainer.services.practice import Trainer
from trainer.store import backup, snapshot
from trainer.store.journal import Journal
from trainer.store.store import SNAPSHOT_FILE, Store

DECK = deck_with("".join(f'''
[[items]]
id = "c{n}"
kind = "choice"
prompt = "Question {n}?"
options = ["wrong", "right"]
answer = 2
explanation = "Because."
''' for n in range(4)))


def practised(make_trainer: TrainerFactory, data_dir: Path, *, close: bool = True) -> Trainer:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 8)
    for n in range(3):
        trainer.answer(None, trainer.deckset.decks[0].items[n], n % 2)
    trainer.undo()
    trainer.end_session()
    Journal(data_dir).save("20260302T090000Z-0a0b0c0d",
                           {"v": 1, "id": "20260302T090000Z-0a0b0c0d",
                            "steps": {"observation": "I noticed my breath"}})
    (data_dir / "decks").mkdir(mode=0o700, exist_ok=True)
    (data_dir / "decks" / "class.toml").write_text(DECK)
    os.chmod(data_dir / "decks" / "class.toml", 0o600)  # as deck import writes it
    if close:
        trainer.store.close()
        Store(data_dir).close()  # the daily backup
    return trainer


def doctor(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "doctor", *extra])
    return code, capsys.readouterr().out


def test_healthy_data(make_trainer: TrainerFactory, data_dir: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    code, out = doctor(capsys, data_dir)
    assert code == 0, out
    assert "Everything looks healthy." in out
    for words in ("Free: no window", "Only you can read", "2 card(s)",
                  "all readable", "match a full replay", "1 in "):
        assert words in out, words


def test_no_data_yet_is_healthy(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = doctor(capsys, data_dir)
    assert code == 0 and "No practice data yet" in out


def test_a_damaged_state_file(make_trainer: TrainerFactory, data_dir: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    (data_dir / "state.json").write_text("{")
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert "state.json is damaged" in out and "Fix: Start the app" in out
    assert "1 thing(s) need attention." in out


def test_bad_log_lines_are_reported_with_their_line_numbers(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    log = data_dir / "reviews.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    lines.insert(1, b"garbage\n")
    log.write_bytes(b"".join(lines) + b'{"type": "rev')
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert "1 unreadable line(s) (line 2)" in out
    assert "The last line is unfinished" in out
    assert "backup list" in out and "doctor --repair" in out
    code, out = doctor(capsys, data_dir, "--repair")
    assert code == 0, out
    bad = list(data_dir.glob("reviews.jsonl.bad-*"))
    assert len(bad) == 1 and bad[0].read_bytes() == b"garbage\n"
    assert f"1 unreadable line(s) of your review history were moved to {bad[0]}" in out
    assert stat.S_IMODE(bad[0].stat().st_mode) == 0o600
    assert [b.reason for b in backup.list_backups(data_dir)][-1] == "repair"
    assert b"garbage" not in log.read_bytes()
    store = Store(data_dir)
    assert len(store.history()) == 2 and store.skipped_lines == 0
    store.close()


def test_a_snapshot_that_disagrees_with_the_log_is_repaired(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    snap = snapshot.read(data_dir / SNAPSHOT_FILE)
    assert snap is not None
    key = next(iter(snap.cards))
    snap.cards[key] = replace(snap.cards[key], reps=40)
    snapshot.write(data_dir / SNAPSHOT_FILE, snap)
    code, out = doctor(capsys, data_dir)
    assert code == 1
    assert "1 card state(s) in cards.json differ" in out and "doctor --repair" in out
    code, out = doctor(capsys, data_dir, "--repair")
    assert code == 0, out
    assert "rebuilt from your review history (1 changed)" in out


def test_loose_permissions(make_trainer: TrainerFactory, data_dir: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    os.chmod(data_dir / "journal" / "20260302T090000Z-0a0b0c0d.json", 0o644)
    os.chmod(data_dir / "backups", 0o755)
    code, out = doctor(capsys, data_dir)
    assert code == 1 and "2 file(s) or folder(s) can be read by other users" in out
    assert f"chmod -R go-rwx {data_dir}" in out
    code, out = doctor(capsys, data_dir, "--repair")
    assert code == 0, out
    assert stat.S_IMODE((data_dir / "backups").stat().st_mode) == 0o700


def test_the_lock_held_and_stale(make_trainer: TrainerFactory, data_dir: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    trainer = practised(make_trainer, data_dir, close=False)
    code, out = doctor(capsys, data_dir)
    assert f"The app is open now (process {os.getpid()})" in out
    trainer.store.close()
    Store(data_dir).close()  # the daily backup
    (data_dir / ".lock").write_text("999999999 elsewhere\n")
    code, out = doctor(capsys, data_dir)
    assert code == 0 and "An earlier run (process 999999999) ended without closing" in out


def test_no_backups_of_existing_data(make_trainer: TrainerFactory, data_dir: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    for b in backup.list_backups(data_dir):
        for p in sorted(b.path.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        b.path.rmdir()
    code, out = doctor(capsys, data_dir)
    assert code == 1 and "no backups" in out and "self-empathy backup" in out


# -- export ----------------------------------------------------------------------------------

def test_export_writes_a_readable_archive(make_trainer: TrainerFactory, data_dir: Path,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    dest = tmp_path / "mine.zip"
    assert main(["--data-dir", str(data_dir), "export", str(dest)]) == 0
    out = capsys.readouterr().out
    assert f"Exported to {dest}: 2 answers, 0 practices, 2 cards, 1 journal entry, 1 imported deck." in out
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with zipfile.ZipFile(dest) as z:
        names = set(z.namelist())
        assert {"README.txt", "about.json", "profile.json", "cards.json", "reviews.json",
                "review-log.jsonl", "journal/20260302T090000Z-0a0b0c0d.json",
                "decks/class.toml"} <= names
        assert "reviews.json" in z.read("README.txt").decode()
        reviews = json.loads(z.read("reviews.json"))
        assert [r["card"] for r in reviews] == ["test/c0", "test/c1"]
        assert json.loads(z.read("profile.json"))["session_size"] == 8
        assert len(z.read("review-log.jsonl").splitlines()) == 4  # with the take-back
        entry = json.loads(z.read("journal/20260302T090000Z-0a0b0c0d.json"))
        assert entry["steps"]["observation"] == "I noticed my breath"
    # Never overwrites; a folder gets a named file inside.
    assert main(["--data-dir", str(data_dir), "export", str(dest)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "export", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("self-empathy-export-*.zip"))) == 1


def test_export_works_while_the_app_is_open(make_trainer: TrainerFactory, data_dir: Path,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir, close=False)
    assert main(["--data-dir", str(data_dir), "export", str(tmp_path / "e.zip")]) == 0


# -- forget ----------------------------------------------------------------------------------

def test_forget_without_yes_explains_and_deletes_nothing(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    before = sorted(p.name for p in data_dir.iterdir())
    assert main(["--data-dir", str(data_dir), "forget"]) == 2
    out = capsys.readouterr().out
    assert "forget --yes" in out and "journal" in out and "backups/" in out
    assert sorted(p.name for p in data_dir.iterdir()) == before


def test_forget_exports_first_then_deletes_everything(
        make_trainer: TrainerFactory, data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    (data_dir / "reviews.jsonl.torn-20260302T090000Z").write_text("x")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["--data-dir", str(data_dir), "forget", "--yes"]) == 0
    out = capsys.readouterr().out
    exports = list(here.glob("self-empathy-export-*.zip"))
    assert len(exports) == 1 and str(exports[0]) in out
    with zipfile.ZipFile(exports[0]) as z:
        assert "reviews.json" in z.namelist()
    assert not data_dir.exists()
    assert "Deleted all your practice data" in out


def test_forget_keeps_files_that_are_not_the_apps(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    (data_dir / "my-notes.txt").write_text("mine")
    assert main(["--data-dir", str(data_dir), "forget", "--yes", "--no-export"]) == 0
    assert sorted(p.name for p in data_dir.iterdir()) == ["my-notes.txt"]
    assert "left alone: my-notes.txt" in capsys.readouterr().out


def test_forget_refuses_while_the_app_is_open(
        make_trainer: TrainerFactory, data_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir, close=False)
    before = sorted(p.name for p in data_dir.iterdir())
    code = main(["--data-dir", str(data_dir), "forget", "--yes",
                 "--export", str(tmp_path / "x.zip")])
    assert code == 1
    assert "already open" in capsys.readouterr().err
    assert sorted(p.name for p in data_dir.iterdir()) == before
    assert not (tmp_path / "x.zip").exists()


def test_forget_refuses_an_export_inside_the_data(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    practised(make_trainer, data_dir)
    code = main(["--data-dir", str(data_dir), "forget", "--yes",
                 "--export", str(data_dir / "x.zip")])
    assert code == 1 and "inside the data folder" in capsys.readouterr().err
    assert (data_dir / "reviews.jsonl").exists()


def test_forget_also_removes_the_deck_cache(make_trainer: TrainerFactory, data_dir: Path) -> None:
    from trainer.store.deckcache import CACHE_FILE
    from trainer.store.export import what_forget_removes

    trainer = make_trainer()  # loads the built-in decks, which writes the parse cache
    trainer.store.close()
    assert (data_dir / CACHE_FILE).exists()
    assert data_dir / CACHE_FILE in what_forget_removes(data_dir)
