"""Backups: one a day and one before risky steps, rotated, restorable, never half-made."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TrainerFactory, deck_with
from trainer.cli import main
from trainer.services.practice import Trainer
from trainer.store import atomic, backup
from trainer.store.atomic import StoreError
from trainer.store.journal import Journal
from trainer.store.settings_file import read_state
from trainer.store.store import Store

DECK = deck_with("".join(f'''
[[items]]
id = "c{n}"
kind = "choice"
prompt = "Question {n}?"
options = ["wrong", "right"]
answer = 2
explanation = "Because."
''' for n in range(5)))
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def answer(trainer: Trainer, n: int) -> None:
    trainer.answer(None, trainer.deckset.decks[0].items[n], 1)


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file()}


def with_journal_and_deck(root: Path) -> None:
    Journal(root).save("20260302T090000Z-0a0b0c0d", {"v": 1, "steps": {"observation": "tea"}})
    (root / "decks").mkdir(mode=0o700, exist_ok=True)
    (root / "decks" / "mine.toml").write_text(DECK)


def test_the_first_open_of_a_day_makes_one_backup_of_everything(
        make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.end_session()
    with_journal_and_deck(data_dir)
    trainer.store.close()
    # The first open had nothing to back up, so closing backs up the first day's practice.
    assert [b.reason for b in backup.list_backups(data_dir)] == ["daily"]
    for b in backup.list_backups(data_dir):
        shutil.rmtree(b.path)  # start the day's count afresh for what follows
    Store(data_dir).close()
    Store(data_dir).close()
    assert [b.reason for b in backup.list_backups(data_dir)] == ["daily"]  # one a day
    for b in backup.list_backups(data_dir):
        b.path.rename(b.path.with_name("20200101T000000Z-daily"))  # as if made long ago
    Store(data_dir).close()
    made = backup.list_backups(data_dir)
    assert [b.name[:4] for b in made] == ["2020", f"{datetime.now(UTC):%Y}"]
    newest = made[-1]
    assert tree(newest.path) == {k: v for k, v in tree(data_dir).items()
                                 if not k.startswith(("backups", ".lock"))}
    assert {"state.json", "reviews.jsonl", "journal/20260302T090000Z-0a0b0c0d.json",
            "decks/mine.toml"} <= set(tree(newest.path))
    for p in [backup.folder(data_dir), *backup.folder(data_dir).rglob("*")]:
        assert stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600), p


def test_no_backup_of_nothing(data_dir: Path) -> None:
    Store(data_dir).close()
    assert backup.list_backups(data_dir) == []


def test_make_names_and_returns_the_backup(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    first = backup.make(data_dir, "import", now=NOON)
    second = backup.make(data_dir, "Import!", now=NOON)
    assert first.name == "20260302T120000Z-import"
    assert second.name == "20260302T120001Z-import"  # never overwrites one
    assert (first / "reviews.jsonl").read_bytes() == (data_dir / "reviews.jsonl").read_bytes()


def test_a_failed_backup_leaves_nothing_half_made(make_trainer: TrainerFactory, data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    before = [b.name for b in backup.list_backups(data_dir)]

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_all", full)
    with pytest.raises(StoreError, match="could not make a backup"):
        backup.make(data_dir, "import")
    assert [b.name for b in backup.list_backups(data_dir)] == before
    assert [p.name for p in backup.folder(data_dir).iterdir()] == before


def test_a_day_whose_backup_fails_still_opens_and_says_so(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.store.close()
    for b in backup.list_backups(data_dir):
        b.path.rename(b.path.with_name("20200101T000000Z-daily"))

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_all", full)
    store = Store(data_dir)
    assert any("Today's backup could not be made" in n for n in store.notices)
    assert len(store.cards) == 1
    monkeypatch.undo()
    store.close()


def test_an_interrupted_backup_is_swept_away_and_never_listed(
        make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    half = backup.folder(data_dir) / ".tmp-gone-abcd"
    half.mkdir(parents=True)
    (half / "state.json").write_text("{")
    busy = backup.folder(data_dir) / f".tmp-{os.getppid()}-abcd"  # another process's, alive
    busy.mkdir()
    assert all(b.path not in (half, busy) for b in backup.list_backups(data_dir))
    backup.make(data_dir, "manual")
    assert not half.exists() and busy.exists()


def fake(root: Path, when: datetime, reason: str) -> str:
    name = f"{when:%Y%m%dT%H%M%SZ}-{reason}"
    (backup.folder(root) / name).mkdir(parents=True)
    return name


def test_rotation_keeps_seven_days_four_weeks_and_five_for_a_reason(tmp_path: Path) -> None:
    root = tmp_path
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)  # a Thursday
    daily = [fake(root, start + timedelta(days=d), "daily") for d in range(60)]
    events = [fake(root, start + timedelta(days=50, hours=h), "import") for h in range(8)]
    gone = set(backup.prune(root))
    kept = {b.name for b in backup.list_backups(root)}
    assert kept | gone == set(daily) | set(events)
    assert set(daily[-7:]) <= kept
    assert set(events[-5:]) <= kept and not set(events[:3]) & kept
    kept_daily = sorted(n for n in kept if n.endswith("daily"))
    # The 7 newest days, plus the newest of each of the 4 newest weeks (2 of them overlap).
    weeks = {datetime.strptime(n[:8], "%Y%m%d").isocalendar()[:2] for n in kept_daily}
    assert len(weeks) >= 4
    assert 7 < len(kept_daily) <= 11
    assert kept_daily[0] >= daily[-7 - 3 * 7]  # nothing older than about four weeks


def test_a_protected_backup_survives_pruning(tmp_path: Path) -> None:
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    old = fake(tmp_path, start, "import")
    for h in range(6):
        fake(tmp_path, start + timedelta(days=1, hours=h), "import")
    assert old in backup.prune(tmp_path)
    old = fake(tmp_path, start, "import")
    assert old not in backup.prune(tmp_path, protect=(old,))


# -- restoring -------------------------------------------------------------------------------

def test_restore_puts_a_backup_back_after_backing_up_the_present(
        make_trainer: TrainerFactory, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.set_setting("session_size", 5)
    with_journal_and_deck(data_dir)
    trainer.end_session()
    then = backup.make(data_dir, "manual")
    then_files = tree(then)
    answer(trainer, 1)
    answer(trainer, 2)
    trainer.set_setting("session_size", 9)
    Journal(data_dir).save("20260303T090000Z-0a0b0c0e", {"v": 1, "steps": {}})
    trainer.store.close()
    now_files = {k: v for k, v in tree(data_dir).items() if not k.startswith("backups")}

    assert main(["--data-dir", str(data_dir), "restore", then.name]) == 0
    out = capsys.readouterr().out
    assert f"Restored {then.name}" in out
    restored = {k: v for k, v in tree(data_dir).items() if not k.startswith(("backups", "."))}
    assert restored == then_files
    before = [b for b in backup.list_backups(data_dir) if b.reason == "restore"]
    assert len(before) == 1 and str(before[0].path) in out
    assert {k: v for k, v in tree(before[0].path).items()} == {
        k: v for k, v in now_files.items() if not k.startswith(".")}
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore")]
    store = Store(data_dir)
    assert set(store.cards) == {"test/c0"} and store.profile["session_size"] == 5
    assert store.notices == []
    store.close()


def test_restore_refuses_while_the_app_is_open(make_trainer: TrainerFactory, data_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    name = backup.make(data_dir, "manual").name
    before = tree(data_dir)
    assert main(["--data-dir", str(data_dir), "restore", name]) == 1
    err = capsys.readouterr().err
    assert "already open" in err and "run `restore` again" in err and str(data_dir) in err
    assert tree(data_dir) == before


def test_restore_of_an_unknown_backup(data_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("nope", "../state.json", "20260302T120000Z-daily"):
        assert main(["--data-dir", str(data_dir), "restore", name]) == 1
        assert "There is no backup called" in capsys.readouterr().err


@pytest.mark.parametrize("crash_at", range(1, 11))
def test_an_interrupted_restore_is_finished_at_the_next_start(
        make_trainer: TrainerFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        crash_at: int) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    with_journal_and_deck(data_dir)
    trainer.end_session()
    target = backup.make(data_dir, "manual")
    wanted = tree(target)
    answer(trainer, 1)
    answer(trainer, 2)
    trainer.store.close()
    (data_dir / "journal").rename(data_dir / "journal-elsewhere")  # not in the data any more
    wanted_after = dict(wanted)

    real_rename, calls = os.rename, [0]

    def crashing(src: Any, dst: Any) -> None:
        if Path(src).parent == data_dir or Path(dst).parent == data_dir:
            calls[0] += 1
            if calls[0] == crash_at:
                raise KeyboardInterrupt("power cut")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", crashing)
    try:
        backup.restore(data_dir, target.name)
        finished_anyway = True
    except KeyboardInterrupt:
        finished_anyway = False
    monkeypatch.undo()
    store = Store(data_dir, daily_backup=False)
    try:
        restored = {k: v for k, v in tree(data_dir).items()
                    if not k.startswith(("backups", ".", "journal-elsewhere"))}
        assert restored == wanted_after
        assert set(store.cards) == {"test/c0"}
        told = any("restore from a backup had been interrupted" in n for n in store.notices)
        assert told is not finished_anyway
    finally:
        store.close()
    assert not (data_dir / backup.RESTORE_MARKER).exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore")]


# -- the command line ------------------------------------------------------------------------

def test_backup_and_backup_list(make_trainer: TrainerFactory, data_dir: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    assert main(["--data-dir", str(data_dir), "backup"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Backup made: ") and "-manual" in out
    assert main(["--data-dir", str(data_dir), "backup", "list"]) == 0
    out = capsys.readouterr().out
    names = [b.name for b in backup.list_backups(data_dir)]
    assert len(names) == 1 and all(n in out for n in names)
    assert "restore NAME" in out


def test_backup_with_no_data(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "backup"]) == 0
    assert "nothing to back up" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "backup", "list"]) == 0
    assert "No backups yet" in capsys.readouterr().out
    assert not data_dir.exists()


def test_read_state_of_a_backup(make_trainer: TrainerFactory, data_dir: Path) -> None:
    trainer = make_trainer(DECK)
    trainer.set_setting("session_size", 4)
    made = backup.make(data_dir, "manual")
    read = read_state(made / "state.json")  # as the store reads a backup's settings
    assert read is not None and read.data is not None
    assert read.data["profile"]["1"]["session_size"] == 4
    (made / "state.json").write_text("{")
    read = read_state(made / "state.json")
    assert read is not None and read.data is None
    assert json.loads((data_dir / "state.json").read_text())["profile"]["1"]["session_size"] == 4


def test_an_empty_backup_is_not_restored(make_trainer: TrainerFactory, data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    trainer = make_trainer(DECK)
    answer(trainer, 0)
    trainer.store.close()
    name = fake(data_dir, NOON, "manual")
    before = tree(data_dir)
    assert main(["--data-dir", str(data_dir), "restore", name]) == 1
    assert "holds no practice data" in capsys.readouterr().err
    assert tree(data_dir) == before


def test_an_interrupted_prune_never_leaves_a_half_backup(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    names = [fake(tmp_path, start + timedelta(hours=h), "import") for h in range(7)]
    for n in names:
        (backup.folder(tmp_path) / n / "reviews.jsonl").write_text("{}\n")

    def power_cut(*_a: Any, **_k: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "rmtree", power_cut)
    with pytest.raises(KeyboardInterrupt):
        backup.prune(tmp_path)
    monkeypatch.undo()
    listed = backup.list_backups(tmp_path)
    assert all((b.path / "reviews.jsonl").exists() for b in listed)
    assert len(listed) == 6  # the first one pruned went out of sight whole


def test_backup_names_are_read_as_utc_moments_and_odd_ones_ignored(tmp_path: Path) -> None:
    b = backup.parse_name(tmp_path / "20261126T235959Z-daily")
    assert b is not None and b.reason == "daily"
    assert b.when == datetime(2026, 11, 26, 23, 59, 59, tzinfo=UTC)
    for odd in ("20261326T000000Z-daily", "20261126T246000Z-daily", "2026112T000000Z-daily",
                "notes"):
        assert backup.parse_name(tmp_path / odd) is None
