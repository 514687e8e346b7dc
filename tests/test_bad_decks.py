"""A corpus of bad decks, TOML and CSV, each refused with exactly the message a facilitator sees:
never a traceback, never a hang, and never anything written anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli import main
from trainer.domain.problems import DeckError
from trainer.services.decks import parse_any

HEAD = 'id = "bad"\ntitle = "Bad"\nversion = 1\nskill = "feelings"\n'  # lines 1-4
# Lines 5-11 (the answer is line 10).
CHOICE = '''[[items]]
id = "a"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 2
explanation = "Because."
'''
KINDS = "choice, classify, multi, match, order, recall, anchor, walkthrough"
SKILLS = "distinguish, anchors, shared-humanity, feelings, needs, witness"
CSV_HEAD = "id,kind,prompt,options,answer,explanation\n"  # line 1; the first row is line 2
COLUMNS = ("id, kind, skill, unit, prompt, options, option_tags, categories, answer, left, right, "
           "also_pairs, steps, either_order, answers, minutes, inhale, exhale, explanation, "
           "available_from")


def item(**fields: str) -> str:
    """CHOICE with fields replaced (value is the TOML text) or dropped (value "")."""
    lines = []
    for line in CHOICE.splitlines():
        key = line.split(" = ")[0]
        if key in fields:
            if fields[key]:
                lines.append(f"{key} = {fields.pop(key)}")
            else:
                fields.pop(key)
        else:
            lines.append(line)
    lines += [f"{k} = {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, str, bytes, list[str]]] = [
    # -- the file itself ---------------------------------------------------------------------
    ("not UTF-8", "bad.toml", (HEAD + CHOICE).encode().replace(b"Because", b"Caf\xe9"),
     ["bad.toml:11:19: this is not UTF-8 text; save the file as UTF-8"]),
    ("over 5 MiB", "bad.toml", (HEAD + CHOICE).encode() + b"#" * (5 * 1024 * 1024),
     ["bad.toml:1: the file is 5.0 MiB; a deck can be at most 5 MiB"]),
    ("an empty file", "bad.toml", b"",
     ["bad.toml:1: missing id", "bad.toml:1: missing title", "bad.toml:1: missing version",
      "bad.toml:1: the deck has no items; add [[items]] tables"]),
    ("binary", "bad.toml", bytes(range(1, 9)) * 4, ["bad.toml:1:1: TOML syntax: Invalid statement"]),
    ("a NUL inside a string", "bad.toml", (HEAD + 'x = "a\x00b"\n' + CHOICE).encode(),
     ["bad.toml:5:7: TOML syntax: Illegal character '\\x00'"]),
    ("an unclosed string at the end", "bad.toml", (HEAD + CHOICE + 'description = """oh\n').encode(),
     ["bad.toml:12: TOML syntax: Unterminated string"]),
    # -- shapes that would make the parser slow or huge ---------------------------------------
    ("lists nested 5,000 deep", "bad.toml", ("a = " + "[" * 5000 + "]" * 5000).encode(),
     ["bad.toml:1: the file nests lists or tables too deeply"]),
    ("tables nested 5,000 deep", "bad.toml", ("a = " + "{b=" * 5000 + "1" + "}" * 5000).encode(),
     ["bad.toml:1: the file nests lists or tables too deeply"]),
    ("a dotted key 20,000 deep", "bad.toml", (HEAD + "a" + ".a" * 20000 + " = 1\n").encode(),
     ["bad.toml:5: the file has over 1,000 dots outside quoted text (as in a.b = 1 or [a.b]); "
      "decks don't need them"]),
    ("300,000 tables", "bad.toml", "".join(f"[t{n}]\n" for n in range(300_000)).encode(),
     ["bad.toml:1: the file has 300,000 [table] headers; a deck has at most 10,000 [[items]] and "
      "a [categories] table"]),
    ("10,001 items", "bad.toml",
     (HEAD + "items = [" + ", ".join(['{id = "a"}'] * 10_001) + "]\n").encode(),
     ["bad.toml:1: the deck has 10,001 items; a deck can have at most 10,000"]),
    ("a 2,001-character field", "bad.toml", (HEAD + item(prompt='"' + "x" * 2001 + '"')).encode(),
     ["bad.toml:8: item a: prompt is 2,001 characters; the most a field can hold is 2,000"]),
    ("a 5,000-character field name", "bad.toml", (HEAD + "k" * 5000 + " = 1\n" + CHOICE).encode(),
     [f"bad.toml:5: unknown deck field '{'k' * 40}...'"]),
    # -- ids --------------------------------------------------------------------------------
    ("a deck id that is a path", "bad.toml",
     (HEAD.replace('"bad"', '"../../etc"') + CHOICE).encode(),
     ["bad.toml:1: deck id '../../etc' may use only a-z, 0-9 and '-', up to 64 characters, "
      "starting with a letter or digit"]),
    ("an item id with a slash", "bad.toml", (HEAD + item(id='"a/b"')).encode(),
     ["bad.toml:6: item #1: item id 'a/b' may use only letters, digits, '-' and '_', up to 64 "
      "characters"]),
    ("an item id used twice", "bad.toml", (HEAD + CHOICE + "\n" + CHOICE).encode(),
     ["bad.toml:14: item a: id 'a' is used twice (first at line 5)"]),
    # -- wrong types -------------------------------------------------------------------------
    ("a number for a title", "bad.toml", (HEAD.replace('"Bad"', "5") + CHOICE).encode(),
     ["bad.toml:2: title should be text in quotes, not a number"]),
    ("true for a version", "bad.toml", (HEAD.replace("version = 1", "version = true") + CHOICE).encode(),
     ["bad.toml:3: version should be a whole number, not true/false"]),
    ("text for items", "bad.toml", (HEAD + 'items = "all of them"\n').encode(),
     ["bad.toml:5: items should be [[items]] tables"]),
    ("text for options", "bad.toml", (HEAD + item(options='"x, y"')).encode(),
     ['bad.toml:9: item a: options should be a list like ["a", "b"], not text']),
    ("a list for a choice answer", "bad.toml", (HEAD + item(answer="[2]")).encode(),
     ["bad.toml:10: item a: answer should be a whole number, not a list"]),
    ("a number for [categories]", "bad.toml", (HEAD + "categories = 3\n" + CHOICE).encode(),
     ["bad.toml:5: [categories] should be a table of named lists"]),
    ("a datetime for available_from", "bad.toml",
     (HEAD + item(available_from="2027-01-15T10:00:00")).encode(),
     ['bad.toml:12: item a: available_from should be a date like "2027-01-15"']),
    # -- content -----------------------------------------------------------------------------
    ("an unknown kind", "bad.toml", (HEAD + item(kind='"quiz"', options="", answer="")).encode(),
     [f"bad.toml:7: item a: unknown kind 'quiz'; use one of {KINDS}"]),
    ("an unknown skill", "bad.toml", (HEAD + item(skill='"joy"')).encode(),
     [f"bad.toml:12: item a: unknown skill 'joy'; use one of {SKILLS}"]),
    ("a prompt that is only escape codes", "bad.toml",
     (HEAD + item(prompt='"\\u001b[31m\\u202e\\u0007"')).encode(),
     ["bad.toml:8: item a: prompt is empty"]),
    ("a multi answer out of range", "bad.toml",
     (HEAD + item(kind='"multi"', answer="[1, 4]")).encode(),
     ["bad.toml:10: item a: answer names position 4; positions go from 1 to 2"]),
    ("match columns of different lengths", "bad.toml",
     (HEAD + item(kind='"match"', options="", answer="", left='["a", "b", "c"]',
                  right='["1", "2", "3", "4"]')).encode(),
     ["bad.toml:11: item a: left has 3 entries but right has 4; they pair up"]),
    ("order with a repeated step", "bad.toml",
     (HEAD + item(kind='"order"', options="", answer="", steps='["a", "b", "A"]')).encode(),
     ["bad.toml:10: item a: two steps have the same text, so their order can't be checked"]),
    # -- CSV ---------------------------------------------------------------------------------
    ("CSV: an empty file", "bad.csv", b"",
     ["bad.csv:1: there is no header row: the first row names the columns, like "
      "id,kind,skill,prompt,options,answer,explanation"]),
    ("CSV: a header and no rows", "bad.csv", CSV_HEAD.encode(),
     ["bad.csv:1: the deck has no items: add one row per item under the header row"]),
    ("CSV: saved as Windows-1252", "bad.csv",
     (CSV_HEAD + "a,choice,Café?,x|y,2,Because.\n").encode("cp1252"),
     ["bad.csv:2:13: this is not UTF-8 text; save the file as UTF-8"]),
    ("CSV: an unknown column", "bad.csv",
     b"id,kind,prompt,options,answer,explanation,colour\na,choice,P?,x|y,2,E.,blue\n",
     [f"bad.csv:1: unknown column 'colour'; columns can be {COLUMNS} (and notes)"]),
    ("CSV: required columns missing", "bad.csv", b"id,prompt\na,P?\n",
     ["bad.csv:1: the header row has no kind, explanation columns; every item needs id, kind, "
      "prompt, explanation"]),
    ("CSV: a column twice", "bad.csv", (CSV_HEAD.strip() + ",prompt\na,choice,P?,x|y,2,E.,Q?\n").encode(),
     ["bad.csv:1: the column 'prompt' appears twice"]),
    ("CSV: a quote never closed", "bad.csv", (CSV_HEAD + 'a,choice,"P?,x|y,2,E.\nb,walkthrough\n').encode(),
     ['bad.csv:2: a quoted cell that starts in this row is never closed: a " is missing']),
    ("CSV: a stray quote", "bad.csv", (CSV_HEAD + 'a,choice,"P"?,x|y,2,E.\n').encode(),
     ['bad.csv:2: a " ends a quoted cell too early; inside a quoted cell, write "" for each " you '
      "mean"]),
    ("CSV: a cell of 200,000 characters", "bad.csv",
     (CSV_HEAD + 'a,choice,"' + "x" * 200_000 + '",x|y,2,E.\n').encode(),
     ["bad.csv:2: a cell is over 131,072 characters; a field can hold at most 2,000"]),
    ("CSV: 10,001 rows", "bad.csv",
     (CSV_HEAD + "".join(f"a{n},choice,P?,x|y,2,E.\n" for n in range(10_001))).encode(),
     ["bad.csv:1: the deck has 10,001 items; a deck can have at most 10,000"]),
    ("CSV: too many cells in a row", "bad.csv", (CSV_HEAD + "a,choice,P?,x|y,2,E.,extra\n").encode(),
     ["bad.csv:2: item a: this row has more cells than the header row has columns"]),
    ("CSV: multi answers with commas", "bad.csv", (CSV_HEAD + 'a,multi,P?,x|y|z,"1,3",E.\n').encode(),
     ["bad.csv:2: item a: answer should be positions separated by |, like 1|3"]),
    ("CSV: an unknown #deck field", "bad.csv",
     ("#deck id=x,colour=blue\n" + CSV_HEAD + "a,choice,P?,x|y,2,E.\n").encode(),
     ["bad.csv:1: the #deck line can set id, title, version, skill, description, available_from, unit; "
      "not 'colour'"]),
    ("CSV: a #deck id that is a path", "bad.csv",
     ("#deck id=../../etc,skill=feelings\n" + CSV_HEAD + "a,choice,P?,x|y,2,E.\n").encode(),
     ["bad.csv:1: deck id '../../etc' may use only a-z, 0-9 and '-', up to 64 characters, "
      "starting with a letter or digit"]),
    ("CSV: a word for a version", "bad.csv",
     ("#deck version=two,skill=needs\n" + CSV_HEAD + "a,choice,P?,x|y,2,E.\n").encode(),
     ["bad.csv:1: version should be a whole number, not text"]),
    ("CSV: a huge number", "bad.csv",
     ("#deck skill=needs\n" + CSV_HEAD + "a,choice,P?,x|y," + "9" * 5000 + ",E.\n").encode(),
     ["bad.csv:3: item a: answer should be a whole number, not text"]),
    ("CSV: the same row problems as TOML", "bad.csv",
     ("#deck skill=joy\n" + CSV_HEAD + "a,choice,P?,x,2,\n").encode(),
     [f"bad.csv:1: unknown skill 'joy'; use one of {SKILLS}",
      f"bad.csv:3: item a: unknown skill 'joy'; use one of {SKILLS}",
      "bad.csv:3: item a: missing explanation",
      "bad.csv:3: item a: options has 1 entries; it needs 2 to 5"]),
]


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 25
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(("file", "source", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_bad_deck_gets_its_exact_message(file: str, source: bytes, expected: list[str]) -> None:
    with pytest.raises(DeckError) as e:
        parse_any(source, file)
    assert [str(p) for p in e.value.problems] == expected


SMALL = [c for c in CASES if len(c[2]) < 100_000]


@pytest.mark.parametrize(("file", "source", "expected"), [c[1:] for c in SMALL],
                         ids=[c[0] for c in SMALL])
def test_validate_prints_them_and_import_writes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, file: str, source: bytes,
        expected: list[str]) -> None:
    path = tmp_path / file
    path.write_bytes(source)
    assert main(["deck", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (out.splitlines(), err) == ([f"{tmp_path}/{line}" for line in expected], "")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "deck", "import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.splitlines()[-1] == "Nothing was imported. Fix the problems above, then import again."
    assert not (data / "decks").exists()


def test_odd_files_in_a_class_folder_never_hang_or_crash(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    import os

    folder = tmp_path / "class"
    folder.mkdir()
    os.mkfifo(folder / "a-fifo.toml")  # reading it would wait forever
    (folder / "b-huge.toml").write_bytes(b"#" * (6 * 1024 * 1024))
    (folder / "c-zero.csv").symlink_to("/dev/zero")
    (folder / "d-folder.toml").mkdir()
    code = main(["--data-dir", str(tmp_path / "data"), "--decks", str(folder), "deck", "list"])
    out, err = capsys.readouterr()
    assert code == 0
    # Only regular files are decks; the others are named as skipped, the huge one not read.
    skipped = "skipped: this is not a regular file (it is a pipe, a device or a folder), so it " \
              "was not read"
    assert err.splitlines() == [
        f"not loaded: {folder / 'a-fifo.toml'}:1: {skipped}",
        f"not loaded: {folder / 'b-huge.toml'}:1: the file is 6.0 MiB; a deck can be at most 5 MiB",
        f"not loaded: {folder / 'c-zero.csv'}:1: {skipped}",
    ]
    assert "(built in)" in out
    # Named directly, they are refused with a reason.
    assert main(["deck", "validate", str(folder / "a-fifo.toml"), str(folder / "c-zero.csv")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{folder / 'a-fifo.toml'}:1: {skipped}",
        f"{folder / 'c-zero.csv'}:1: {skipped}",
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([b"", b"\xef\xbb\xbf", b"#deck id=x\n",
                                                   b"id,kind,prompt,explanation\n"]))
def test_csv_never_raises_anything_but_problems(data: bytes, start: bytes) -> None:
    try:
        parse_any(start + data, "gen.csv")
    except DeckError as e:
        assert e.problems and all(str(p).startswith(f"gen.csv:{p.line}") for p in e.problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(max_size=30), max_size=8), max_size=12))
def test_csv_from_any_cells_never_raises_anything_but_problems(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([["id", "kind", "skill", "prompt", "options", "answer",
                                "explanation", "categories"], *rows])
    try:
        deck = parse_any(out.getvalue().encode(), "gen.csv")
    except DeckError as e:
        assert e.problems
    else:
        assert deck.items
