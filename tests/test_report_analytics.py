"""Report format 2: item analytics and flags in a trainee's report, the class summary built
from them, and the merge rules (skipped files, unnamed and same-named trainees, old
reports, a byte-order mark, numbers out of range)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests import test_report
from tests.conftest import START
from tests.test_report import (
    ana,
    as_json,
    ben,
    chen,
    cli,
    good_report,
    make_report,
    merge,
)
from trainer.domain.clock import FixedClock
from trainer.domain.skills import SKILL_IDS
from trainer.services import report
from trainer.services.practice import Trainer

# Fixtures shared with test_report.py.
class_reports = test_report.class_reports
decks_dir = test_report.decks_dir
trainees = test_report.trainees

SECRET = "only-for-me: my sister's name is Wanjiru"


def flag(trainer: Trainer, clock: FixedClock, key: str, reason: str, *, note: str = "",
         share: bool = False, aside: bool = False, day: int | None = None) -> None:
    """A flag record as the app's flag dialog writes it (now, or on study day START + day)."""
    at = (START + timedelta(days=day)) if day is not None else clock.now()
    item = key.split("/", 1)[1]
    skill = "needs" if item.startswith("n") else "distinguish"
    trainer.store.append({"type": "flag", "v": 1, "fid": f"{abs(hash((key, at))):x}",
                          "card": key, "skill": skill, "kind": "choice",
                          "at": at.isoformat(), "reason": reason, "note": note,
                          "share_note": share, "set_aside": aside})


def ana_flags(trainer: Trainer, clock: FixedClock) -> None:
    flag(trainer, clock, "rep/d2", "unclear", note="The second option reads oddly.", share=True)
    flag(trainer, clock, "rep/n1", "wrong", note=SECRET)  # not shared: never in a report
    flag(trainer, clock, "rep/d2", "unclear", aside=True)
    flag(trainer, clock, "rep/d1", "upset", day=-40)  # before the period
    # Damaged or hand-edited lines never reach a report.
    trainer.store.append({"type": "flag", "card": "../etc/passwd", "reason": "wrong",
                          "skill": "needs", "at": clock.now().isoformat()})
    trainer.store.append({"type": "flag", "card": "rep/d1", "reason": "rude",
                          "skill": "needs", "at": clock.now().isoformat()})
    trainer.store.append({"type": "flag", "card": "rep/d1", "reason": "wrong",
                          "skill": "needs", "at": "yesterday"})


# -- one trainee's report -------------------------------------------------------------------

def test_items_in_the_period_with_answers_and_right(capsys: pytest.CaptureFixture[str],
                                                     trainees: Any, decks_dir: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    data = as_json(capsys, trainer, clock, decks_dir)
    # d1 was also missed on day -40, outside the period; the anchor and the walk-through are
    # practices, never answers, so they are no item here.
    assert data["items"] == [
        {"deck": "rep", "item": "d1", "skill": "distinguish", "kind": "choice", "answers": 1,
         "right": 1},
        {"deck": "rep", "item": "d2", "skill": "distinguish", "kind": "choice", "answers": 2,
         "right": 0},
        {"deck": "rep", "item": "d3", "skill": "distinguish", "kind": "choice", "answers": 1,
         "right": 1},
        {"deck": "rep", "item": "n1", "skill": "needs", "kind": "classify", "answers": 1,
         "right": 0},
        {"deck": "rep", "item": "n2", "skill": "needs", "kind": "classify", "answers": 1,
         "right": 1},
    ]
    # One definition of an answer: the items add up to the report's own counts.
    assert sum(i["answers"] for i in data["items"]) == data["answers"] == 6
    assert sum(i["right"] for i in data["items"]) == data["right"] == 3
    for sid in SKILL_IDS:
        assert sum(i["answers"] for i in data["items"] if i["skill"] == sid) == \
            data["skills"][sid]["answers"]
    assert data["flags"] == []
    # 45 days reach the day -40 miss.
    long = as_json(capsys, trainer, clock, decks_dir, "--days", "45")
    assert next(i for i in long["items"] if i["item"] == "d1") == {
        "deck": "rep", "item": "d1", "skill": "distinguish", "kind": "choice", "answers": 2,
        "right": 1}


def test_flags_in_the_report_and_only_shared_notes(capsys: pytest.CaptureFixture[str],
                                                   trainees: Any, decks_dir: Path,
                                                   tmp_path: Path) -> None:
    trainer, clock = trainees["ana"]
    ana(trainer, clock)
    ana_flags(trainer, clock)
    data = as_json(capsys, trainer, clock, decks_dir)
    assert data["flags"] == [
        {"deck": "rep", "item": "d2", "skill": "distinguish", "reason": "unclear", "count": 2,
         "set_aside": 1, "notes": ["The second option reads oddly."]},
        {"deck": "rep", "item": "n1", "skill": "needs", "reason": "wrong", "count": 1,
         "set_aside": 0, "notes": []},
    ]
    text = make_report(capsys, trainer, clock, decks_dir)
    lines = text.splitlines()
    assert "## Items you flagged" in lines
    assert "- rep/d2: unclear (twice). Set aside. Your note: “The second option reads oddly.”" \
        in lines
    assert "- rep/n1: the answer seems wrong (once)." in lines
    for fmt in ("md", "json", "csv", "html"):
        out = make_report(capsys, trainer, clock, decks_dir, "--format", fmt, "--days", "60")
        assert "Wanjiru" not in out and "only-for-me" not in out, fmt


def test_a_report_without_flags_has_no_flag_section(capsys: pytest.CaptureFixture[str],
                                                    trainees: Any, decks_dir: Path) -> None:
    trainer, clock = trainees["chen"]
    chen(trainer, clock)
    assert "## Items you flagged" not in make_report(capsys, trainer, clock, decks_dir)


# -- the class summary from format-2 reports ------------------------------------------------

def summary_of(capsys: pytest.CaptureFixture[str], tmp_path: Path, *files: Path | str
               ) -> tuple[int, dict[str, Any], str]:
    code, out, err = merge(capsys, tmp_path, *map(str, files), "--format", "json")
    return code, json.loads(out) if out else {}, err


def test_the_class_summary_of_items_levels_and_weeks(capsys: pytest.CaptureFixture[str],
                                                     class_reports: list[Path],
                                                     tmp_path: Path) -> None:
    code, s, err = summary_of(capsys, tmp_path, *class_reports)
    assert (code, err) == (0, "")
    assert s["version"] == 2 and s["item_reports"] == 3 and s["notes"] == []
    # d1 right for all three; d2: Ana 0 of 2, Ben and Chen right; n1: Ana 0 of 1, Ben 0 of 3.
    by_item = {e["item"]: e for e in s["items"]}
    assert by_item["d1"] == {"deck": "rep", "item": "d1", "skill": "distinguish", "answers": 3,
                             "right": 3, "accuracy": 1.0, "trainees": 3}
    assert (by_item["d2"]["answers"], by_item["d2"]["right"], by_item["d2"]["trainees"]) == \
        (4, 2, 3)
    assert (by_item["n1"]["answers"], by_item["n1"]["right"], by_item["n1"]["trainees"]) == \
        (4, 0, 2)
    assert [e["item"] for e in s["items"]] == ["n1", "d2", "d3", "d1", "n2"]
    # Most missed: missed at all, and answered at least 3 times (d3 has only 2 answers).
    assert [e["item"] for e in s["most_missed"]] == ["n1", "d2"]
    # Every level is a Seed: the distribution says so, for each skill.
    assert all(sk["levels"] == [3, 0, 0, 0, 0, 0] for sk in s["skills"].values())
    # Four whole weeks end on the period's last day; practice only in the last one.
    assert [(w["from"], w["to"]) for w in s["weeks"]] == [
        ("2026-02-05", "2026-02-11"), ("2026-02-12", "2026-02-18"),
        ("2026-02-19", "2026-02-25"), ("2026-02-26", "2026-03-04")]
    assert [w["spread"] for w in s["weeks"][:3]] == [[3, 0, 0, 0, 0, 0, 0, 0]] * 3
    assert s["weeks"][3]["spread"] == [0, 1, 1, 1, 0, 0, 0, 0]  # Chen 1, Ana 2, Ben 3 days
    assert s["weeks"][3]["median"] == 2
    # Each trainee's rhythm, alphabetically.
    assert [(r["name"], r["last_week"], r["last_practised"]) for r in s["rhythm"]] == [
        ("Ana", 2, "2026-03-04"), ("Ben", 3, "2026-03-04"), ("Chen", 1, "2026-03-04")]
    assert s["rhythm"][0]["recent"][-3:] == [1, 0, 1] and len(s["rhythm"][0]["recent"]) == 28
    assert s["confusions"][0] == s["top_confusion"]


def test_flags_travel_to_the_class_summary(capsys: pytest.CaptureFixture[str], trainees: Any,
                                           decks_dir: Path, tmp_path: Path) -> None:
    files = []
    for name, plan in (("ana", ana), ("ben", ben)):
        trainer, clock = trainees[name]
        plan(trainer, clock)
        files.append(tmp_path / f"{name}.json")
    ana_flags(*trainees["ana"])
    flag(*trainees["ben"], "rep/d2", "wrong", note="Both lines name a need.", share=True)
    flag(*trainees["ben"], "rep/n1", "upset", aside=True)
    for name, path in zip(("ana", "ben"), files, strict=True):
        trainer, clock = trainees[name]
        code, _out, _err = cli(capsys, trainer.store.root, "--decks", str(decks_dir), "report",
                               "--format", "json", "--name", name.title(), "-o", str(path),
                               clock=clock)
        assert code == 0
    code, s, _err = summary_of(capsys, tmp_path, *files)
    assert code == 0
    assert s["flags"] == [
        {"deck": "rep", "item": "d2", "skill": "distinguish",
         "reasons": {"wrong": 1, "unclear": 2}, "count": 3, "trainees": 2, "set_aside": 1,
         "notes": ["The second option reads oddly.", "Both lines name a need."]},
        {"deck": "rep", "item": "n1", "skill": "needs", "reasons": {"wrong": 1, "upset": 1},
         "count": 2, "trainees": 2, "set_aside": 1, "notes": []},
    ]
    assert s["flagged_by"] == 2
    code, out, _err = merge(capsys, tmp_path, *map(str, files), "--decks", str(decks_dir))
    lines = out.splitlines()
    assert "## Items trainees flagged" in lines
    assert ("- rep/d2: the answer seems wrong (1), unclear (2); 2 trainees. “The second option "
            "reads oddly.” “Both lines name a need.”") in lines
    assert "Wanjiru" not in out
    # The prompt comes from the facilitator's own deck folder.
    assert "| rep | n1 | \"I need you to text me when you leave.\" | 0% | 2 trainees, 4 answers |" \
        in lines


def test_an_item_not_in_the_decks_given_says_so(capsys: pytest.CaptureFixture[str],
                                                class_reports: list[Path],
                                                tmp_path: Path) -> None:
    code, out, _err = merge(capsys, tmp_path, *map(str, class_reports))
    assert code == 0
    assert "| rep | n1 | (not in the decks given here) | 0% | 2 trainees, 4 answers |" in \
        out.splitlines()


# -- merge rules ----------------------------------------------------------------------------

def write(tmp_path: Path, name: str, data: dict[str, Any] | str, *, bom: bool = False) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_reports_without_a_name_are_numbered(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    files = [write(tmp_path, "a.json", good_report(name="")),
             write(tmp_path, "b.json", good_report(name="Dana")),
             write(tmp_path, "c.json", good_report(name="  \x1b[2J ")),
             write(tmp_path, "d.json", good_report(name=""))]
    code, s, err = summary_of(capsys, tmp_path, *files)
    assert (code, err) == (0, "")
    assert s["names"] == ["Trainee 1", "Dana", "Trainee 2", "Trainee 3"]
    assert "3 reports had no name, so they are called Trainee 1, Trainee 2 and Trainee 3 here." \
        in s["notes"]
    assert [r["name"] for r in s["rhythm"]] == ["Dana", "Trainee 1", "Trainee 2", "Trainee 3"]
    code, out, _err = merge(capsys, tmp_path, *map(str, files[:2]))
    assert "Note: 1 report had no name, so it is called Trainee 1 here." in out.splitlines()


def test_reports_with_the_same_name_stay_separate_trainees(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    files = [write(tmp_path, "ana-1.json", good_report(name="Ana")),
             write(tmp_path, "ana-2.json", good_report(name="ana", xp=99)),
             write(tmp_path, "bo.json", good_report(name="Bo"))]
    code, s, err = summary_of(capsys, tmp_path, *files)
    assert code == 0
    assert (s["trainees"], s["names"]) == (3, ["Ana (1)", "ana (2)", "Bo"])
    assert err == "Note: 2 reports are named Ana; they are merged as separate trainees " \
                  "(Ana (1), ana (2)).\n"
    assert s["same_names"] == [{"name": "Ana", "reports": 2, "shown_as": ["Ana (1)", "ana (2)"]}]
    assert "2 reports are named Ana; they are kept as 2 trainees, Ana (1) and ana (2)." in \
        s["notes"]


def test_a_byte_order_mark_is_fine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "saved-by-notepad.json", good_report(), bom=True)
    code, s, err = summary_of(capsys, tmp_path, path)
    assert (code, err, s["names"]) == (0, "", ["Dana"])


OUT_OF_RANGE: dict[str, tuple[str, str]] = {
    # file -> (the JSON text, what the message names)
    "answers-huge.json": (json.dumps(good_report()).replace('"answers": 4', '"answers": 1' + "0" * 400, 1),
                          "skills.distinguish.answers"),
    "count-huge.json": (json.dumps(good_report()).replace('"count": 2', f'"count": {10**400}'),
                        "\"confusions\""),
    "answers-negative.json": (json.dumps(good_report()).replace('"answers": 4', '"answers": -4', 1),
                              "skills.distinguish.answers"),
    "score-nan.json": (json.dumps(good_report()).replace('"score": 12', '"score": NaN', 1),
                       "not readable JSON"),
    "score-overflow.json": (json.dumps(good_report()).replace('"score": 12', '"score": 1e400', 1),
                            "skills.distinguish.score"),
    "xp-too-many.json": (json.dumps(good_report(xp=10**10)), "\"xp\""),
    "days-huge.json": (json.dumps(good_report(period={"from": "2026-02-03", "to": "2026-03-04",
                                                      "days": 10**400})), "\"period\""),
    "digits.json": (json.dumps(good_report()).replace('"xp": 40', '"xp": ' + "9" * 5000),
                    "not readable JSON"),
    "version-huge.json": (json.dumps(good_report(version=10**400)), "\"version\""),
    "item-huge.json": (json.dumps(good_report(version=2, flags=[], items=[
        {"deck": "rep", "item": "d1", "skill": "needs", "answers": 10**400, "right": 1}])),
        "\"items\""),
    "right-over-answers.json": (json.dumps(good_report(version=2, flags=[], items=[
        {"deck": "rep", "item": "d1", "skill": "needs", "answers": 2, "right": 3}])), "\"items\""),
    "flag-negative.json": (json.dumps(good_report(version=2, items=[], flags=[
        {"deck": "rep", "item": "d1", "skill": "needs", "reason": "wrong", "count": -1}])),
        "\"flags\""),
}


def test_numbers_out_of_range_skip_that_file_only(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    files = [write(tmp_path, name, text) for name, (text, _why) in OUT_OF_RANGE.items()]
    good = write(tmp_path, "dana.json", good_report())
    code, s, err = summary_of(capsys, tmp_path, *files, good)
    assert code == 1
    assert s["names"] == ["Dana"]
    assert f"{len(OUT_OF_RANGE)} files could not be read and are not included (the command said " \
           "why)." in s["notes"]
    for name, (_text, why) in OUT_OF_RANGE.items():
        line = next(m for m in err.splitlines() if m.startswith(f"Skipped {tmp_path / name}:"))
        assert why in line, (name, line)
    assert "Traceback" not in err and "OverflowError" not in err


def test_version_1_reports_still_merge_and_the_summary_says_what_they_lack(
        capsys: pytest.CaptureFixture[str], class_reports: list[Path], tmp_path: Path) -> None:
    old = write(tmp_path, "dana-v1.json", good_report())
    code, s, _err = summary_of(capsys, tmp_path, *class_reports, old)
    assert code == 0
    assert (s["trainees"], s["item_reports"]) == (4, 3)
    assert s["notes"] == ["1 report (Dana) was made by an older version of the app, without item "
                          "details or flags: the items below come from the other 3 reports."]
    assert {e["trainees"] for e in s["items"]} <= {1, 2, 3}
    # Its levels and practice still count.
    assert sum(s["skills"]["needs"]["levels"]) == 4
    code, s, _err = summary_of(capsys, tmp_path, old)
    assert (s["items"], s["flags"], s["item_reports"]) == ([], [], 0)
    assert "without item details or flags, so those parts are left out" in s["notes"][0]
    code, out, _err = merge(capsys, tmp_path, str(old), "--format", "html")
    assert "These reports have no item details (an older version of the app)." in out


def test_a_skipped_file_is_said_on_the_class_page(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    good = write(tmp_path, "dana.json", good_report())
    bad = write(tmp_path, "half.json", '{"format": "self-empathy-report", "vers')
    out_file = tmp_path / "class.html"
    code, out, err = merge(capsys, tmp_path, str(good), str(bad), "--format", "html", "-o",
                           str(out_file))
    assert code == 1
    assert out == f"Class summary written to {out_file}.\n"
    assert err.splitlines() == [
        f"Skipped {bad}: it is not a JSON report (not readable JSON).",
        "1 of 2 files was skipped (see above); the class summary holds the others."]
    assert "1 file could not be read and is not included (the command said why)." in \
        out_file.read_text("utf-8")


def test_merge_and_render_are_pure(class_reports: list[Path]) -> None:
    """The same reports give the same summary and the same page, whatever their order's
    names; the services never touch a file."""
    parsed = [report.parse_report(p.read_bytes()) for p in class_reports]
    one, two = report.merge(parsed), report.merge(parsed)
    assert one == two
    assert report.render_class(one, "html") == report.render_class(two, "html")
