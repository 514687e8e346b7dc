"""Reports for the facilitator (md, json, csv) and the class summary merged from them."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import START, ZONE
from trainer.cli import report as reportcli
from trainer.domain.cards import make_scheduler
from trainer.domain.clock import FixedClock
from trainer.domain.deckparse import parse_deck
from trainer.domain.kinds.anchor import AnchorResult
from trainer.domain.skills import SKILL_IDS
from trainer.services import report
from trainer.services.decks import DeckSet
from trainer.services.journal import save_entry
from trainer.services.practice import Trainer
from trainer.services.run import SessionRun
from trainer.store.paths import builtin_decks_dir
from trainer.store.store import Store

DECK = '''id = "rep"
title = "Report test deck"
version = 1
skill = "distinguish"

[categories]
need_or_strategy = ["need", "strategy"]

[[items]]
id = "d1"
kind = "choice"
prompt = "After a sharp remark from Sam, which line is self-empathy?"
options = ["My chest is tight; I'd love some respect.", "Make a list and move on."]
option_tags = ["self-empathy", "advice"]
answer = 1
explanation = "It names a sensation and a need, kindly."

[[items]]
id = "d2"
kind = "choice"
prompt = "The dinner burnt. Which line is self-empathy?"
options = ["Just order pizza.", "I'm disappointed; I wanted the evening to feel easy."]
option_tags = ["advice", "self-empathy"]
answer = 2
explanation = "It meets the feeling and the need before any fixing."

[[items]]
id = "d3"
kind = "choice"
prompt = "A late reply from Ali. Which line is self-empathy?"
options = ["I'm anxious and I'd love reassurance.", "Don't think about it."]
option_tags = ["self-empathy", "advice"]
answer = 1
explanation = "It names the feeling and the need."

[[items]]
id = "n1"
kind = "classify"
skill = "needs"
prompt = "\\"I need you to text me when you leave.\\""
categories = "need_or_strategy"
answer = "strategy"
explanation = "It names one person and one action: a strategy."

[[items]]
id = "n2"
kind = "classify"
skill = "needs"
prompt = "\\"I'd love some rest.\\""
categories = "need_or_strategy"
answer = "need"
explanation = "Rest names no person, place or time: a need."

[[items]]
id = "a1"
kind = "anchor"
skill = "anchors"
prompt = "Rest your attention on your anchor."
minutes = 1
explanation = "Every return is a repetition."

[[items]]
id = "w1"
kind = "walkthrough"
skill = "witness"
prompt = "Think of a small moment from today."
explanation = "Small moments are the best place to practise."
'''

# What one trainee wrote in a walk-through: it must never appear in a report.
JOURNAL = {
    "observation": "Kwame left the mugs on the windowsill again",
    "feelings": "Exasperated and quietly lonely",
    "needs": "Shared care for our flat",
    "request": "Ask Kwame on Sunday morning over breakfast",
}

BUILTIN_IDS = sorted(parse_deck(p.read_bytes(), p.name).id for p in builtin_decks_dir().glob("*.toml"))

Answer = tuple[str, bool]  # (item id, answered rightly)


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "class-decks"
    folder.mkdir()
    (folder / "rep.toml").write_text(DECK, encoding="utf-8")
    return folder


@pytest.fixture
def trainees(tmp_path: Path) -> Iterator[dict[str, tuple[Trainer, FixedClock]]]:
    """name -> (a Trainer over its own data dir and only the test deck, its clock)."""
    opened: dict[str, tuple[Trainer, FixedClock]] = {}
    for name in ("ana", "ben", "chen"):
        clock = FixedClock(START, ZONE)
        store = Store(tmp_path / name)
        deckset = DeckSet(decks=[parse_deck(DECK.encode(), "rep.toml")])
        trainer = Trainer(store, deckset, clock, make_scheduler(fuzz=False))
        trainer.set_setting("welcomed", True)
        # The report command loads the built-in decks too: switched off, as a trainee can.
        trainer.set_setting("disabled_decks", BUILTIN_IDS)
        opened[name] = (trainer, clock)
    yield opened
    for trainer, _clock in opened.values():
        if not trainer.store._closed:
            trainer.store.close()


def item(trainer: Trainer, item_id: str) -> Any:
    return next(i for d in trainer.decks for i in d.items if i.id == item_id)


def answer_for(it: Any, good: bool) -> Any:
    if it.kind == "choice":
        return it.data.answer if good else 1 - it.data.answer
    assert it.kind == "classify"
    return it.data.answer if good else 1 - it.data.answer


def practise(trainer: Trainer, clock: FixedClock, day: int, answers: list[Answer], *,
             anchor: AnchorResult | None = None, walk: bool = False) -> None:
    """One finished session on study day START + day, 10:00 Berlin, one minute apart."""
    clock.moment = START + timedelta(days=day)
    run = SessionRun([], clock.now())
    for item_id, good in answers:
        it = item(trainer, item_id)
        run.queue.append(it)
        trainer.answer(run, it, answer_for(it, good), seconds=30)
        clock.advance(minutes=1)
    if anchor is not None:
        it = item(trainer, "a1")
        run.queue.append(it)
        trainer.answer(run, it, anchor, seconds=anchor.seconds)
    if walk:  # as the widget does: the entry is saved, then the practice recorded
        it = item(trainer, "w1")
        run.queue.append(it)
        entry = save_entry(trainer, JOURNAL, it)
        trainer.answer(run, it, entry.id, seconds=240)
    trainer.finish_session(run)


def ana(trainer: Trainer, clock: FixedClock) -> None:
    """Day -40 (outside 30 days), then days 0 and 2; today is day 2 (Wed 4 Mar 2026)."""
    practise(trainer, clock, -40, [("d1", False)], anchor=AnchorResult(0, 60))
    practise(trainer, clock, 0, [("d1", True), ("d2", False), ("n1", False)],
             anchor=AnchorResult(returns=3, seconds=90, before=6, after=3))
    practise(trainer, clock, 2, [("d2", False), ("d3", True), ("n2", True)], walk=True)


def ben(trainer: Trainer, clock: FixedClock) -> None:
    practise(trainer, clock, 0, [("d1", True), ("d2", True), ("d3", False), ("n1", False)])
    practise(trainer, clock, 1, [("n1", False)])
    practise(trainer, clock, 2, [("n2", True), ("n1", False)])


def chen(trainer: Trainer, clock: FixedClock) -> None:
    practise(trainer, clock, 2, [("d1", True), ("d2", True)])


def parse(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="self-empathy")
    p.add_argument("--decks", action="append", default=[])
    sub = p.add_subparsers(dest="command")
    reportcli.add_parsers(sub)
    return p.parse_args(list(argv))


def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str,
        clock: FixedClock | None = None) -> tuple[int, str, str]:
    code = reportcli.run(parse(*argv), data_dir, clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def make_report(capsys: pytest.CaptureFixture[str], trainer: Trainer, clock: FixedClock,
                decks_dir: Path, *argv: str) -> str:
    """The report through the command line, on the trainee's data dir, while the app is open."""
    code, out, err = cli(capsys, trainer.store.root, "--decks", str(decks_dir), "report", *argv,
                         clock=clock)
    assert (code, err) == (0, "")
    return out


def as_json(capsys: pytest.CaptureFixture[str], trainer: Trainer, clock: FixedClock,
            decks_dir: Path, *argv: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        make_report(capsys, trainer, clock, decks_dir, "--format", "json", *argv))
    return data


# -- one trainee's report ---------------------------------------------------------------------

def test_json_report_numbers(capsys: pytest.CaptureFixture[str], trainees: Any,
                             decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    data = as_json(capsys, trainer, clock, decks_dir, "--name", "Ana")
    assert data["format"] == "self-empathy-report" and data["version"] == 2
    assert data["name"] == "Ana"
    assert data["period"] == {"from": "2026-02-03", "to": "2026-03-04", "days": 30}
    assert data["practice_days"] == ["2026-03-02", "2026-03-04"]
    assert (data["answers"], data["right"], data["accuracy"]) == (6, 3, 0.5)
    assert (data["sessions"], data["anchor_practices"], data["anchor_returns"],
            data["walkthroughs"]) == (2, 1, 3, 1)
    # 6 answers x 30 s, 90 s with the anchor, 240 s walking through: 8.5 minutes.
    assert data["minutes"] == 8.5
    # Right 2+3 (x3), not yet 2 (x3), anchor 10+2x3, walk-through 20, two sessions 10 each.
    assert data["xp_in_period"] == 15 + 6 + 16 + 20 + 20
    assert data["xp"] == data["xp_in_period"] + 2 + 10 + 10 == trainer.book.xp
    skills = data["skills"]
    assert list(skills) == list(SKILL_IDS)
    d = skills["distinguish"]
    assert (d["answers"], d["right"], d["accuracy"], d["practices"]) == (4, 2, 0.5, 0)
    n = skills["needs"]
    assert (n["answers"], n["right"], n["accuracy"]) == (2, 1, 0.5)
    assert (skills["anchors"]["answers"], skills["anchors"]["accuracy"],
            skills["anchors"]["practices"]) == (0, None, 1)
    assert (skills["witness"]["answers"], skills["witness"]["practices"]) == (0, 1)
    assert skills["feelings"] == {"level": 0, "level_name": "Seed", "score": 0, "learned": 0,
                                  "strong": 0, "items": 0, "answers": 0, "right": 0,
                                  "accuracy": None, "practices": 0}
    # Levels are the trainer's own: d1 and d3 were learned (2 items of the 60 a level counts),
    # n2 one; distinguish has 5 recent results, 2 right: 55 x 2/60 + 15 x 0.4 = 7.
    assert (d["level"], d["level_name"], d["score"], d["learned"], d["items"]) == \
        (0, "Seed", 7, 2, 3)
    assert (n["level"], n["level_name"], n["score"], n["learned"], n["items"]) == \
        (0, "Seed", 0, 1, 2)
    for sid, lv in trainer.levels().items():
        assert (skills[sid]["level"], skills[sid]["score"]) == (lv.level, lv.score)
    assert data["confusions"] == [
        {"skill": "distinguish", "expected": "self-empathy", "given": "advice", "count": 2},
        {"skill": "needs", "expected": "strategy", "given": "need", "count": 1},
    ]
    assert data["milestones"] == [
        {"id": "first-anchor-minute", "title": "First minute with an anchor",
         "earned": "2026-01-21", "in_period": False},
        {"id": "first-walkthrough", "title": "Walked through the whole process once",
         "earned": "2026-03-04", "in_period": True},
    ]


def test_the_period_leaves_older_answers_out(capsys: pytest.CaptureFixture[str], trainees: Any,
                                             decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    two = as_json(capsys, trainer, clock, decks_dir, "--days", "2")
    assert two["period"] == {"from": "2026-03-03", "to": "2026-03-04", "days": 2}
    assert two["practice_days"] == ["2026-03-04"]
    assert (two["answers"], two["right"], two["sessions"]) == (3, 2, 1)
    assert two["skills"]["distinguish"]["answers"] == 2
    assert two["confusions"] == [
        {"skill": "distinguish", "expected": "self-empathy", "given": "advice", "count": 1}]
    assert [m["in_period"] for m in two["milestones"]] == [False, True]
    assert two["xp_in_period"] == 5 + 5 + 2 + 20 + 10
    # 45 days reach back to day -40: its answer, anchor practice and session count too.
    long = as_json(capsys, trainer, clock, decks_dir, "--days", "45")
    assert long["practice_days"] == ["2026-01-21", "2026-03-02", "2026-03-04"]
    assert (long["answers"], long["right"], long["sessions"]) == (7, 3, 3)
    assert long["confusions"][0]["count"] == 3
    assert long["xp_in_period"] == long["xp"]
    assert all(m["in_period"] for m in long["milestones"])
    # A day of study starts at 04:00: 03:30 on Thursday is still Wednesday.
    clock.moment = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)  # 03:30 in Berlin
    assert as_json(capsys, trainer, clock, decks_dir, "--days", "1")["answers"] == 3


def test_markdown_report(capsys: pytest.CaptureFixture[str], trainees: Any,
                         decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    text = make_report(capsys, trainer, clock, decks_dir, "--name", "Ana")
    lines = text.splitlines()
    assert lines[0] == "# Self-empathy practice report: Ana"
    assert "The last 30 days: Tue 3 Feb 2026 to Wed 4 Mar 2026 (made Wed 4 Mar 2026)." in lines
    for line in (
        "- Practised on **2 days** of 30: Mon 2 Mar, Wed 4 Mar.",
        "- 6 answers, 3 right (50%).",
        "- 2 sessions finished; about 8.5 minutes of practice.",
        "- 1 anchor practice (3 returns to the anchor); 1 walk-through (what is written in a "
        "walk-through stays private and is not part of this report).",
        "- XP: 77 in this period, 99 in all.",
        "| Telling self-empathy apart | 0 Seed | 7 | 2 of 3 | 4 | 50% |",
        "| Anchors and regulation | 0 Seed | 0 | 0 of 0 | 0 | – |",
        "| Connecting feelings to needs | 0 Seed | 0 | 1 of 2 | 2 | 50% |",
        "- You mixed up self-empathy and advice twice: self-empathy meets the feeling and the "
        "need with warmth; advice jumps to fixing before the feeling has been met.",
        "- You mixed up a strategy and a need once: a strategy is one particular way to meet a "
        "need; a need is universal and names no particular person or action.",
        "- Wed 21 Jan 2026: First minute with an anchor",
        "- Wed 4 Mar 2026: Walked through the whole process once (new in this period)",
    ):
        assert line in lines, line
    assert text.endswith("\n")


def test_csv_report_is_one_row_per_skill(capsys: pytest.CaptureFixture[str], trainees: Any,
                                         decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    rows = list(csv.DictReader(io.StringIO(
        make_report(capsys, trainer, clock, decks_dir, "--format", "csv", "--name", "=Ana"))))
    assert [r["skill"] for r in rows] == list(SKILL_IDS)
    d = rows[0]
    assert d == {"name": "'=Ana", "from": "2026-02-03", "to": "2026-03-04",
                 "skill": "distinguish", "skill_name": "Telling self-empathy apart",
                 "level": "0", "level_name": "Seed", "score": "7", "learned": "2",
                 "items": "3", "answers": "4", "right": "2", "accuracy": "0.5",
                 "practices": "0"}
    assert rows[1]["accuracy"] == "" and rows[1]["practices"] == "1"


def test_no_journal_text_in_any_report(capsys: pytest.CaptureFixture[str], trainees: Any,
                                       decks_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    journal = trainer.store.root / "journal"
    assert any(JOURNAL["observation"] in p.read_text("utf-8") for p in journal.iterdir())

    # The report never even opens the journal.
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("a report read the journal")

    monkeypatch.setattr("trainer.store.journal.Journal.__init__", refuse)
    for fmt in ("md", "json", "csv"):
        out = tmp_path / f"report.{fmt}"
        said = make_report(capsys, trainer, clock, decks_dir, "--format", fmt, "-o", str(out),
                           "--days", "60")
        assert said == f"Report written to {out}.\n"
        text = out.read_text("utf-8")
        assert text
        for written in JOURNAL.values():
            for word in ("Kwame", "mugs", "windowsill", "Exasperated", "lonely", "flat",
                         "breakfast", written):
                assert word not in text, (fmt, word)


def test_report_on_an_empty_data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clock = FixedClock(START, ZONE)
    code, out, err = cli(capsys, tmp_path / "nobody", "report", "--format", "json", clock=clock)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["answers"], data["accuracy"], data["practice_days"], data["xp"]) == \
        (0, None, [], 0)
    assert not (tmp_path / "nobody").exists()  # read-only: nothing created
    code, out, _err = cli(capsys, tmp_path / "nobody", "report", clock=clock)
    assert "- No practice recorded in these 30 days." in out.splitlines()


def test_days_must_be_sensible(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("0", "-3", "many", "99999"):
        with pytest.raises(SystemExit):
            parse("report", "--days", bad)
    capsys.readouterr()


def test_names_are_never_markup(capsys: pytest.CaptureFixture[str], trainees: Any,
                                decks_dir: Path) -> None:
    trainer, clock = trainees["chen"]
    chen(trainer, clock)
    name = "# Chen\x1b[31m [click](https://x.example) <b>*hi*</b> | www.x.org\u202e"
    text = make_report(capsys, trainer, clock, decks_dir, "--name", name)
    first = text.splitlines()[0]
    assert first == (r"# Self-empathy practice report: \# Chen \[click\](https\://x.example) "
                     r"\<b\>\*hi\*\</b\> \| www\.x.org")
    assert "\x1b" not in text and "\u202e" not in text
    data = as_json(capsys, trainer, clock, decks_dir, "--name", name)
    assert data["name"] == "# Chen [click](https://x.example) <b>*hi*</b> | www.x.org"


def test_markdown_escaping() -> None:
    assert report.md("1. Ana") == r"1\. Ana"
    assert report.md("- Ana\nBo") == r"\- Ana Bo"
    assert report.md("Ana-Maria O'Neil (she/her)") == "Ana-Maria O'Neil (she/her)"
    assert report.md("a`b`c&amp;") == r"a\`b\`c\&amp;"
    assert report.md("x" * 500) == "x" * report.MAX_NAME


# -- the class summary ----------------------------------------------------------------------

@pytest.fixture
def class_reports(capsys: pytest.CaptureFixture[str], trainees: Any, decks_dir: Path,
                  tmp_path: Path) -> list[Path]:
    """Three trainees' JSON reports, made by the real command on their real practice."""
    paths = []
    for name, plan in (("ana", ana), ("ben", ben), ("chen", chen)):
        trainer, clock = trainees[name]
        plan(trainer, clock)
        path = tmp_path / f"{name}.json"
        code, _out, _err = cli(capsys, trainer.store.root, "--decks", str(decks_dir), "report",
                               "--format", "json", "--name", name.title(), "-o", str(path),
                               clock=clock)
        assert code == 0
        paths.append(path)
    return paths


def merge(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str
          ) -> tuple[int, str, str]:
    return cli(capsys, tmp_path / "unused", "report", "merge", *argv)


def test_class_summary_numbers(capsys: pytest.CaptureFixture[str], class_reports: list[Path],
                               tmp_path: Path) -> None:
    code, out, err = merge(capsys, tmp_path, *map(str, class_reports), "--format", "json")
    assert (code, err) == (0, "")
    s = json.loads(out)
    assert s["format"] == "self-empathy-class-summary"
    assert (s["trainees"], s["names"]) == (3, ["Ana", "Ben", "Chen"])
    assert s["period"] == {"from": "2026-02-03", "to": "2026-03-04"}
    # Practice days 2, 3, 1; answers 6, 7, 2.
    assert (s["practice_days_median"], s["answers_median"]) == (2, 6)
    d, n = s["skills"]["distinguish"], s["skills"]["needs"]
    # Accuracy 2/4, 2/3, 2/2; levels: a handful of items learned is still a Seed.
    assert (d["practised_by"], d["median_accuracy"]) == (3, 0.667)
    assert (d["median_level"], d["median_level_name"]) == (0, "Seed")
    # Needs: Ana 1 of 2 right, Ben 1 of 4; Chen none.
    assert (n["practised_by"], n["median_accuracy"]) == (2, 0.375)
    assert (n["median_level"], n["median_level_name"]) == (0, "Seed")
    # Anchors and witness: only Ana's practices (never graded).
    assert s["skills"]["anchors"]["practised_by"] == 1
    assert s["skills"]["anchors"]["median_accuracy"] is None
    assert s["skills"]["feelings"]["practised_by"] == 0
    assert d["top_confusion"] == {"expected": "self-empathy", "given": "advice", "trainees": 2,
                                  "count": 3}
    # Ana took need for strategy once; Ben three times.
    assert n["top_confusion"] == {"expected": "strategy", "given": "need", "trainees": 2,
                                  "count": 4}
    assert s["top_confusion"] == n["top_confusion"]


def test_class_summary_markdown(capsys: pytest.CaptureFixture[str], class_reports: list[Path],
                                tmp_path: Path) -> None:
    out_file = tmp_path / "class.md"
    code, out, err = merge(capsys, tmp_path, *map(str, class_reports), "-o", str(out_file))
    assert (code, err) == (0, "")
    assert out == f"Class summary written to {out_file}.\n"
    lines = out_file.read_text("utf-8").splitlines()
    assert lines[0] == "# Class summary: 3 trainees"
    for line in (
        "Reports covering Tue 3 Feb 2026 to Wed 4 Mar 2026.",
        "Trainees: Ana, Ben, Chen.",
        "- Practice days (median): 2",
        "| Telling self-empathy apart | 3 of 3 | 0 Seed | 67% | advice for self-empathy "
        "(2 of 3, 3 times) |",
        "| Connecting feelings to needs | 2 of 3 | 0 Seed | 38% | a need for a strategy "
        "(2 of 3, 4 times) |",
        "| Naming feelings and sensations | 0 of 3 | 0 Seed | – | – |",
        "A need taken for a strategy: 2 of 3 trainees, 4 times in all. A need is universal "
        "and names no particular person or action.",
    ):
        assert line in lines, line


def good_report(**changes: Any) -> dict[str, Any]:
    skill = {"level": 1, "level_name": "Sprouting", "score": 12, "answers": 4, "accuracy": 0.75}
    data: dict[str, Any] = {
        "format": "self-empathy-report", "version": 1, "name": "Dana",
        "period": {"from": "2026-02-03", "to": "2026-03-04", "days": 30},
        "skills": {s: dict(skill) for s in SKILL_IDS},
        "confusions": [{"expected": "self-empathy", "given": "advice", "count": 2}],
        "practice_days": ["2026-03-01", "2026-03-02"], "milestones": [], "xp": 40,
    }
    data.update(changes)
    return data


def test_a_hand_written_minimal_report_merges() -> None:
    raw = json.dumps(good_report()).encode()
    summary = report.merge([report.parse_report(raw), report.parse_report(raw)])
    assert summary["skills"]["witness"]["median_accuracy"] == 0.75
    assert summary["skills"]["witness"]["top_confusion"] is None  # no skill given
    assert summary["top_confusion"] == {"expected": "self-empathy", "given": "advice",
                                        "trainees": 2, "count": 4}


def test_half_way_levels_are_named_between() -> None:
    reports = [report.check_report(good_report()) for _ in range(2)]
    reports[1]["skills"]["needs"]["level"] = 2
    summary = report.merge(reports)
    assert summary["skills"]["needs"]["median_level"] == 1.5
    assert summary["skills"]["needs"]["median_level_name"] == "between Sprouting and Taking root"


def skills_with(sid: str, **changes: Any) -> dict[str, Any]:
    skills: dict[str, Any] = good_report()["skills"]
    skills[sid] = {**skills[sid], **changes}
    return skills


MALFORMED: dict[str, tuple[bytes, str]] = {
    "not-json.json": (b"level: 3\n", "not readable JSON"),
    "binary.json": (b"\xff\xfe\x00junk", "not UTF-8"),
    "array.json": (b"[1, 2]", "no JSON object"),
    "other-format.json": (json.dumps(good_report(format="anki-deck")).encode(), "\"format\""),
    "newer.json": (json.dumps(good_report(version=3)).encode(), "newer version"),
    "no-skills.json": (json.dumps({k: v for k, v in good_report().items() if k != "skills"}
                                  ).encode(), "\"skills\" is missing"),
    "no-witness.json": (json.dumps(good_report(skills={
        s: v for s, v in good_report()["skills"].items() if s != "witness"})).encode(),
        "\"witness\" is missing"),
    "name-number.json": (json.dumps(good_report(name=7)).encode(), "\"name\""),
    "xp-text.json": (json.dumps(good_report(xp="lots")).encode(), "\"xp\""),
    "xp-bool.json": (json.dumps(good_report(xp=True)).encode(), "\"xp\""),
    "accuracy-2.json": (json.dumps(good_report(skills=skills_with("needs", accuracy=2))).encode(),
                        "skills.needs.accuracy"),
    "accuracy-nan.json": (json.dumps(good_report()).replace("0.75", "NaN", 1).encode(),
                          "not readable JSON"),
    "level-9.json": (json.dumps(good_report(skills=skills_with("feelings", level=9))).encode(),
                     "skills.feelings.level"),
    "bad-day.json": (json.dumps(good_report(practice_days=["yesterday"])).encode(),
                     "\"practice_days\""),
    "bad-period.json": (json.dumps(good_report(period={"from": "2026-03-04", "to": "2026-02-01",
                                                       "days": 30})).encode(), "\"period\""),
    "bad-confusion.json": (json.dumps(good_report(confusions=[{"expected": "a"}])).encode(),
                           "\"confusions\""),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "not readable JSON"),
    "huge.json": (json.dumps(good_report()).encode() + b" " * (5 * 1024 * 1024), "5 MiB"),
}


def test_malformed_reports_are_skipped_and_the_rest_merge(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = []
    for name, (content, _why) in MALFORMED.items():
        (tmp_path / name).write_bytes(content)
        files.append(str(tmp_path / name))
    good = tmp_path / "dana.json"
    good.write_text(json.dumps(good_report()), encoding="utf-8")
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    code, out, err = merge(capsys, tmp_path, *files, str(good), str(tmp_path / "missing.json"),
                           str(folder), str(good), "--format", "json")
    assert code == 1  # something was skipped; the summary of the good one is still written
    assert json.loads(out)["names"] == ["Dana"]
    messages = err.splitlines()
    assert messages.pop() == (f"{len(MALFORMED) + 3} of {len(MALFORMED) + 4} files were "
                              "skipped (see above); the class summary holds the others.")
    for name, (_content, why) in MALFORMED.items():
        line = next((m for m in messages if m.startswith(f"Skipped {tmp_path / name}:")), None)
        assert line is not None, name
        assert why in line, (name, line)
    assert f"Skipped {tmp_path / 'missing.json'}: it could not be read" in err
    assert f"Skipped {folder}: it could not be read (it is a folder)." in err
    assert f"Skipped {good}: it was already given once." in err
    assert len(messages) == len(MALFORMED) + 3
    assert "Traceback" not in err


def test_nothing_readable_means_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, out, err = merge(capsys, tmp_path, str(bad), str(tmp_path / "nope.json"))
    assert (code, out) == (1, "")
    assert "No report could be read" in err


def test_untrusted_names_and_tags_in_the_class_summary(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    evil = good_report(
        name="[@click=app.quit]x[/]\x1b]8;;http://evil\x07link\x1b]8;;\x07 <script>\r\n# big",
        confusions=[{"skill": "needs", "expected": "need", "given": "*bold*|x\x1b[2J",
                     "count": 3}])
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(evil), encoding="utf-8")
    name_file = tmp_path / "name\x1b[31m.json"
    name_file.write_text("nope", encoding="utf-8")
    code, out, err = merge(capsys, tmp_path, str(path), str(name_file))
    assert code == 1  # the name file is no report
    assert "\x1b" not in out + err and "\r" not in out
    assert r"Trainees: \[\@click=app.quit\]x\[/\]link \<script\> # big." in out.splitlines()
    assert r"\*bold\*\|x for a need (1 of 1, 3 times)" in out
    code, out, _err = merge(capsys, tmp_path, str(path), "--format", "json")
    s = json.loads(out)
    assert s["names"] == ["[@click=app.quit]x[/]link <script> # big"]
    assert s["top_confusion"]["given"] == "*bold*|x"


def test_merge_writes_md_json_or_html_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dana.json"
    path.write_text(json.dumps(good_report()), encoding="utf-8")
    code, out, err = cli(capsys, tmp_path, "report", "--format", "csv", "merge", str(path))
    assert (code, out) == (2, "")
    assert "md, json or html" in err
    # An option given before `merge` still counts.
    code, out, _err = cli(capsys, tmp_path, "report", "--format", "json", "merge", str(path))
    assert code == 0 and json.loads(out)["trainees"] == 1


def test_period_helper() -> None:
    assert report.period(date(2026, 3, 4), 30) == (date(2026, 2, 3), date(2026, 3, 4))
    assert report.period(date(2026, 3, 4), 1) == (date(2026, 3, 4), date(2026, 3, 4))
    with pytest.raises(ValueError):
        report.period(date(2026, 3, 4), 0)
