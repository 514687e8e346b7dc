"""Deck loading: the documented examples parse, and every problem is reported at its line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import deck_with
from trainer.domain.deck import Deck
from trainer.domain.deckparse import MAX_BYTES, parse_deck, validate
from trainer.domain.kinds.anchor import AnchorData
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.domain.kinds.match import MatchData
from trainer.domain.kinds.multi import MultiData
from trainer.domain.kinds.order import OrderData
from trainer.domain.kinds.recall import RecallData
from trainer.domain.kinds.walkthrough import WalkthroughData
from trainer.domain.plan import parse_plan
from trainer.domain.problems import DeckError, Problem
from trainer.domain.text import clean

DOC = Path(__file__).resolve().parent.parent / "docs" / "deck-format.md"
KINDS_LIST = "choice, classify, multi, match, order, recall, anchor, walkthrough"
SKILLS_LIST = "distinguish, anchors, shared-humanity, feelings, needs, witness"

# Lines 1-4 are the deck header written by deck_with; this valid item is lines 5-11 and line 12
# is blank, so the item under test always starts at line 13.
FIRST = '''[[items]]
id = "a"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 2
explanation = "Because."

'''


def problems(source: str | bytes, file: str = "t.toml") -> list[str]:
    raw = source.encode() if isinstance(source, str) else source
    return [str(p) for p in validate(raw, file)]


def second(body: str) -> str:
    """A deck whose second item (starting at line 13) is `body`."""
    return deck_with(FIRST + body)


# -- the documentation ---------------------------------------------------------------------


def doc_blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def doc_deck() -> str:
    """The deck the documentation's examples make: its header, one item per kind, and each
    one-line option (`also_pairs`, `either_order`) added to the item it follows."""
    parts: list[str] = []
    for block in doc_blocks():
        if block.startswith(("id =", "[[items]]")):
            parts.append(block)
        elif not block.lstrip().startswith("#"):  # an option of the item above
            parts[-1] += block
    assert len(parts) == 9, "the deck header plus one example per kind"
    return "\n".join(parts)


def test_the_documented_plan_parses() -> None:
    plans = [b for b in doc_blocks() if "[units]" in b]
    assert len(plans) == 1
    plan = parse_plan(plans[0].encode(), "plan.toml")
    assert plan.opens == {1: date(2027, 1, 11), 2: date(2027, 1, 18), 3: date(2027, 1, 25)}


def test_the_documented_examples_parse_into_every_kind() -> None:
    deck = parse_deck(doc_deck().encode(), "doc.toml")
    assert deck.id == "feelings-week-3"
    assert deck.title == "Feelings, week 3"
    assert deck.version == 1
    assert deck.available_from == date(2027, 1, 15)
    assert deck.skills == ("feelings",)
    assert [i.id for i in deck.items] == [
        "d-001", "f-010", "f-020", "n-030", "w-040", "f-050", "a-060", "w-070"]
    assert deck.kinds == ("anchor", "choice", "classify", "match", "multi", "order", "recall",
                          "walkthrough")
    by_id = {i.id: i for i in deck.items}
    assert by_id["d-001"].data == ChoiceData(
        ("I'm such a useless friend.",
         "I'm sad, and I really care about showing Ana she matters.",
         "Just send a gift tomorrow and stop thinking about it."),
        1, ("self-criticism", "self-empathy", "advice"))
    assert by_id["f-010"].data == ClassifyData(("feeling", "sensation", "thought"), 2)
    assert by_id["f-020"].data == MultiData(
        ("relieved", "ignored", "anxious", "manipulated", "content"), frozenset({0, 2, 4}))
    assert by_id["n-030"].data == MatchData(("worried", "lonely", "irritated"),
                                            ("safety", "connection", "consideration"),
                                            frozenset({(0, 1), (1, 0)}))
    assert isinstance(by_id["w-040"].data, OrderData)
    assert by_id["w-040"].data.steps[0] == "Widen the frame"
    assert by_id["w-040"].data.groups == ((1, 2),)
    assert by_id["f-050"].data == RecallData(("disappointed", "sad", "hurt", "let down"))
    assert by_id["a-060"].data == AnchorData(2, 4, 6)
    assert by_id["w-070"].data == WalkthroughData()
    assert by_id["d-001"].key == "feelings-week-3/d-001"
    assert by_id["a-060"].scheduled is False and by_id["d-001"].scheduled is True
    # Each item remembers the line of its [[items]] header.
    lines = doc_deck().split("\n")
    for item in deck.items:
        assert lines[item.line - 1].strip() == "[[items]]"
        assert lines[item.line].strip() == f'id = "{item.id}"'


def test_a_minimal_deck_parses() -> None:
    deck = parse_deck(deck_with(FIRST).encode(), "t.toml")
    assert isinstance(deck, Deck)
    assert deck.items[0].data == ChoiceData(("x", "y"), 1, None)
    assert deck.items[0].line == 5
    assert deck.source == "t.toml"


# -- one problem at a time, at the right line -----------------------------------------------

CASES: list[tuple[str, str, str]] = [
    ("missing field", '''[[items]]
id = "b"
kind = "choice"
options = ["x", "y"]
answer = 1
explanation = "E."
''', "t.toml:13: item b: missing prompt"),
    ("wrong type", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = "2"
explanation = "Because."
''', "t.toml:18: item b: answer should be a whole number, not text"),
    ("list expected", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = "x, y"
answer = 1
explanation = "Because."
''', 't.toml:17: item b: options should be a list like ["a", "b"], not text'),
    ("unknown kind", '''[[items]]
id = "b"
kind = "chioce"
prompt = "Which one?"
explanation = "Because."
''', f"t.toml:15: item b: unknown kind 'chioce'; use one of {KINDS_LIST}"),
    ("unknown skill", '''[[items]]
id = "b"
kind = "choice"
skill = "feelins"
prompt = "Which one?"
options = ["x", "y"]
answer = 1
explanation = "Because."
''', f"t.toml:16: item b: unknown skill 'feelins'; use one of {SKILLS_LIST}"),
    ("duplicate id", '''[[items]]
id = "a"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 1
explanation = "Because."
''', "t.toml:14: item a: id 'a' is used twice (first at line 5)"),
    ("answer out of range", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 3
explanation = "Because."
''', "t.toml:18: item b: answer is 3; it should be from 1 to 2"),
    ("classify answer not a category", '''[[items]]
id = "b"
kind = "classify"
prompt = "My jaw is tight."
categories = ["feeling", "sensation", "thought"]
answer = "sensing"
explanation = "Because."
''', "t.toml:18: item b: answer 'sensing' is not one of the categories: feeling, sensation, thought"),
    ("too-long prompt", f'''[[items]]
id = "b"
kind = "choice"
prompt = "{"x" * 241}"
options = ["x", "y"]
answer = 1
explanation = "Because."
''', "t.toml:16: item b: prompt is 241 characters; keep it to 240 so it fits the screen"),
    ("field over the hard limit", f'''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 1
explanation = "{"y" * 2001}"
''', "t.toml:19: item b: explanation is 2,001 characters; the most a field can hold is 2,000"),
    ("match length mismatch", '''[[items]]
id = "b"
kind = "match"
prompt = "Pair them."
left = ["a", "b", "c"]
right = ["1", "2", "3", "4"]
explanation = "Because."
''', "t.toml:18: item b: left has 3 entries but right has 4; they pair up"),
    ("order duplicate steps", '''[[items]]
id = "b"
kind = "order"
prompt = "Put them in order."
steps = ["One", "Two", "one"]
explanation = "Because."
''', "t.toml:17: item b: two steps have the same text, so their order can't be checked"),
    ("multi position out of range", '''[[items]]
id = "b"
kind = "multi"
prompt = "Which are feelings?"
options = ["sad", "ignored", "glad"]
answer = [1, 4]
explanation = "Because."
''', "t.toml:18: item b: answer names position 4; positions go from 1 to 3"),
    ("multi answer not a list", '''[[items]]
id = "b"
kind = "multi"
prompt = "Which are feelings?"
options = ["sad", "ignored", "glad"]
answer = 1
explanation = "Because."
''', "t.toml:18: item b: answer should be a list of positions like [1, 3]"),
    ("multi same position twice", '''[[items]]
id = "b"
kind = "multi"
prompt = "Which are feelings?"
options = ["sad", "ignored", "glad"]
answer = [1, 1]
explanation = "Because."
''', "t.toml:18: item b: answer names the same position twice"),
    ("field of another kind", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 1
steps = ["x", "y", "z"]
explanation = "Because."
''', "t.toml:19: item b: choice items have no field 'steps'"),
    ("option_tags length", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
option_tags = ["advice"]
answer = 1
explanation = "Because."
''', "t.toml:18: item b: option_tags has 1 entries; it needs 2 to 2"),
    ("too many options", '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["1", "2", "3", "4", "5", "6"]
answer = 1
explanation = "Because."
''', "t.toml:17: item b: options has 6 entries; it needs 2 to 5"),
    ("anchor minutes out of range", '''[[items]]
id = "b"
kind = "anchor"
prompt = "Rest on your anchor."
minutes = 9
explanation = "Because."
''', "t.toml:17: item b: minutes is 9; it should be from 1 to 5"),
    ("bad date", '''[[items]]
id = "b"
kind = "walkthrough"
prompt = "Think of a moment."
available_from = "soon"
explanation = "Because."
''', 't.toml:17: item b: available_from should be a date like "2027-01-15"'),
    ("empty after cleaning", '''[[items]]
id = "b"
kind = "walkthrough"
prompt = "\\u001b[31m\\u202e"
explanation = "Because."
''', "t.toml:16: item b: prompt is empty"),
    ("recall answer only accents", '''[[items]]
id = "b"
kind = "recall"
prompt = "Name one feeling."
answers = ["sad", "\\u0301"]
explanation = "Because."
''', "t.toml:17: item b: an accepted answer is empty"),
    ("bad item id", '''[[items]]
id = "b c"
kind = "walkthrough"
prompt = "Think of a moment."
explanation = "Because."
''', "t.toml:14: item #2: item id 'b c' may use only letters, digits, '-' and '_', up to 64 characters"),
]


@pytest.mark.parametrize(("body", "expected"), [(b, e) for _, b, e in CASES],
                         ids=[name for name, _, _ in CASES])
def test_each_item_problem_is_reported_at_its_line(body: str, expected: str) -> None:
    assert problems(second(body)) == [expected]


def test_the_first_problem_line_is_in_the_right_item_when_both_have_the_key() -> None:
    # Both items have `answer`; only the second's is bad, and its line must be reported.
    src = second('''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y", "z"]
answer = 0
explanation = "Because."
''')
    assert problems(src) == ["t.toml:18: item b: answer is 0; it should be from 1 to 3"]


CATS = 'material = ["feeling", "sensation", "thought"]'


def test_classify_with_a_named_category_set() -> None:
    # [categories] takes lines 5-6, so the first item is lines 7-13 and the second starts at 15.
    good = deck_with(FIRST + '''[[items]]
id = "b"
kind = "classify"
prompt = "My jaw is tight."
categories = "material"
answer = "Sensation"
explanation = "Because."
''', categories=CATS)
    deck = parse_deck(good.encode(), "t.toml")
    assert deck.items[1].data == ClassifyData(("feeling", "sensation", "thought"), 1)
    assert deck.items[1].line == 15


def test_unknown_category_set() -> None:
    bad = deck_with(FIRST + '''[[items]]
id = "b"
kind = "classify"
prompt = "My jaw is tight."
categories = "matrial"
answer = "sensation"
explanation = "Because."
''', categories=CATS)
    assert problems(bad) == [
        "t.toml:19: item b: no category set named 'matrial' in [categories] (material)"]


def test_category_set_with_a_repeat() -> None:
    bad = deck_with(FIRST, categories='twice = ["feeling", "Feeling"]')
    assert problems(bad) == ["t.toml:6: category set 'twice' lists the same category twice"]


def test_no_skill_anywhere() -> None:
    src = 'id = "test"\ntitle = "T"\nversion = 1\n' + FIRST
    assert problems(src) == ["t.toml:4: item a: no skill: set skill on the item or on the deck"]


def test_toml_syntax_error_has_line_and_column() -> None:
    src = second('[[items]]\nid = "b"\nkind = \n')
    assert problems(src) == ["t.toml:15:8: TOML syntax: Invalid value"]


def test_invalid_utf8_has_line_and_column() -> None:
    src = second('[[items]]\nid = "b"\nkind = "walkthrough"\nprompt = "caf').encode() + (
        b'\xe9"\nexplanation = "Because."\n')
    assert problems(src) == ["t.toml:16:14: this is not UTF-8 text; save the file as UTF-8"]


def test_a_file_with_a_bom_parses() -> None:
    deck = parse_deck(b"\xef\xbb\xbf" + deck_with(FIRST).encode(), "t.toml")
    assert deck.id == "test"
    assert deck.items[0].line == 5


def test_a_file_over_5_mib_is_refused_and_one_of_exactly_5_mib_is_not() -> None:
    body = deck_with(FIRST).encode()
    exact = body + b"#" + b"x" * (MAX_BYTES - len(body) - 2) + b"\n"
    assert len(exact) == MAX_BYTES
    assert problems(exact) == []
    too_big = exact + b"\n"
    assert problems(too_big) == ["t.toml:1: the file is 5.0 MiB; a deck can be at most 5 MiB"]
    with pytest.raises(DeckError) as e:
        parse_deck(too_big, "t.toml")
    assert e.value.problems == [Problem("t.toml", 1, "the file is 5.0 MiB; a deck can be at most 5 MiB")]


def test_unknown_deck_field() -> None:
    src = 'id = "test"\ntitle = "T"\nversion = 1\ncolour = "blue"\nskill = "feelings"\n' + FIRST
    assert problems(src) == ["t.toml:4: unknown deck field 'colour'"]


def test_deck_header_problems() -> None:
    src = 'id = "Not Valid"\nversion = 0\nskill = "joy"\n' + FIRST
    assert problems(src) == [
        "t.toml:1: deck id 'Not Valid' may use only a-z, 0-9 and '-', up to 64 characters, "
        "starting with a letter or digit",
        "t.toml:1: missing title",
        "t.toml:2: version is 0; it should be from 1 to 1000000",
        f"t.toml:3: unknown skill 'joy'; use one of {SKILLS_LIST}",
        # the item takes the deck's skill, so it is told too
        f"t.toml:4: item a: unknown skill 'joy'; use one of {SKILLS_LIST}",
    ]


def test_a_deck_without_items() -> None:
    assert problems('id = "test"\ntitle = "T"\nversion = 1\n') == [
        "t.toml:1: the deck has no items; add [[items]] tables"]
    assert problems('id = "test"\ntitle = "T"\nversion = 1\nitems = 3\n') == [
        "t.toml:4: items should be [[items]] tables"]


def test_validate_returns_every_problem_in_line_order() -> None:
    src = deck_with(FIRST + '''[[items]]
id = "b"
kind = "choice"
prompt = "Which one?"
options = ["x", "y"]
answer = 7
explanation = "Because."

[[items]]
id = "c"
kind = "match"
left = ["a", "b", "c"]
right = ["1", "2"]
explanation = "Because."

[[items]]
id = "d"
kind = "sort"
prompt = "Sort."
explanation = "Because."
''').replace('version = 1\n', 'version = 1\nshade = "grey"\n')
    assert problems(src) == [
        "t.toml:4: unknown deck field 'shade'",
        "t.toml:19: item b: answer is 7; it should be from 1 to 2",
        "t.toml:22: item c: missing prompt",
        "t.toml:26: item c: right has 2 entries; it needs 3 to 6",
        f"t.toml:31: item d: unknown kind 'sort'; use one of {KINDS_LIST}",
    ]
    with pytest.raises(DeckError) as e:
        parse_deck(src.encode(), "t.toml")
    assert [str(p) for p in e.value.problems] == problems(src)
    assert str(e.value).splitlines() == problems(src)


def test_one_item_can_have_several_problems() -> None:
    src = second('''[[items]]
id = "b"
kind = "choice"
skill = "joy"
prompt = 5
options = ["x"]
explanation = "Because."
''')
    assert problems(src) == [
        "t.toml:13: item b: missing answer",
        f"t.toml:16: item b: unknown skill 'joy'; use one of {SKILLS_LIST}",
        "t.toml:17: item b: prompt should be text in quotes, not a number",
        "t.toml:18: item b: options has 1 entries; it needs 2 to 5",
    ]


def test_problem_str_formats() -> None:
    assert str(Problem("f.toml", 3, "boom")) == "f.toml:3: boom"
    assert str(Problem("f.toml", 3, "boom", col=7)) == "f.toml:3:7: boom"
    assert str(Problem("f.toml", 3, "boom", item_id="x")) == "f.toml:3: item x: boom"


def test_available_from_dates_parse() -> None:
    src = deck_with(FIRST + '''[[items]]
id = "b"
kind = "walkthrough"
prompt = "Think of a moment."
available_from = "2026-04-01"
explanation = "Because."
''').replace('version = 1\n', 'version = 1\navailable_from = 2026-03-15\n')
    deck = parse_deck(src.encode(), "t.toml")
    assert deck.available_from == date(2026, 3, 15)
    assert deck.items[1].available_from == date(2026, 4, 1)
    assert deck.items[0].available_from is None


# -- found while writing these tests (now fixed) ---------------------------------------------


def test_a_datetime_available_from_is_a_problem_not_a_date() -> None:
    # A TOML datetime is a `date` subclass; accepted, it crashed is_available() later.
    src = second('''[[items]]
id = "b"
kind = "walkthrough"
prompt = "Think of a moment."
available_from = 2027-01-15T10:00:00
explanation = "Because."
''')
    assert problems(src) == ['t.toml:17: item b: available_from should be a date like "2027-01-15"']
    deck_level = deck_with(FIRST).replace('version = 1\n',
                                          'version = 1\navailable_from = 2027-01-15T10:00:00Z\n')
    assert problems(deck_level) == ['t.toml:4: available_from should be a date like "2027-01-15"']


def test_a_line_separator_in_a_comment_does_not_shift_lines() -> None:
    # U+2028, NEL, form feed... are line breaks to str.splitlines(), not to TOML.
    src = deck_with('# pasted from a word processor:\u2028 see\x85notes\n' + FIRST + '''[[items]]
id = "b"
kind = "choice"
prompt = "Which\u2028one?"
options = ["x", "y"]
answer = 3
explanation = "Because."
''')
    assert problems(src) == ["t.toml:19: item b: answer is 3; it should be from 1 to 2"]


def test_an_unclosed_string_at_the_end_is_reported_at_the_last_line() -> None:
    src = second('[[items]]\nid = "b"\nkind = "walkthrough"\nprompt = """Think of a moment.\n\n'
                 'explanation = "Because."\n\n\n')
    assert problems(src) == ["t.toml:18: TOML syntax: Unterminated string"]


# -- untrusted text --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("plain text", "plain text"),
    ("line one\nline two\twith a tab", "line one\nline two\twith a tab"),
    ("windows\r\nline\rends", "windows\nline\nends"),
    ("\x1b[31mred\x1b[0m and \x1b[1;4mbold\x1b[m", "red and bold"),
    ("\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "link"),
    ("\x1b]0;title\x1b\\after", "after"),
    ("\x1bPq#0;2;0;0;0\x1b\\x", "x"),
    ("\x9b31mC1 CSI", "C1 CSI"),
    ("\x9d0;osc\x9cok", "ok"),
    ("nul\x00bell\x07del\x7fc1\x85", "nulbelldelc1"),
    ("\u202egnp.exe", "gnp.exe"),
    ("\u2066iso\u2069 \u200fmark\u200e \u061calm", "iso mark alm"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("Déçu, straße, 😊", "Déçu, straße, 😊"),
])
def test_clean_strips_controls_escapes_and_bidi(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_deck_text_is_cleaned_at_load() -> None:
    src = deck_with('''[[items]]
id = "a"
kind = "choice"
prompt = "Which \\u001b[31mone\\u001b[0m?\\nReally\\tsure? \\u202eevil"
options = ["x\\u0007", "[@click=app.quit]y"]
answer = 2
explanation = "Because\\u0000."
''')
    item = parse_deck(src.encode(), "t.toml").items[0]
    assert item.prompt == "Which one?\nReally\tsure? evil"
    assert item.data.options == ("x", "[@click=app.quit]y")  # markup is kept as plain text
    assert item.explanation == "Because."


def test_datetime_types_are_not_dates_in_the_problem_text() -> None:
    # A TOML time is neither a date nor text.
    src = second('[[items]]\nid = "b"\nkind = "walkthrough"\nprompt = "P."\n'
                 'available_from = 10:00:00\nexplanation = "E."\n')
    assert problems(src) == ['t.toml:17: item b: available_from should be a date like "2027-01-15"']
