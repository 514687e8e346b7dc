"""Property tests: deck validation never crashes, recall matching is fair, scheduling stays sane."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.domain.cards import MAX_INTERVAL, make_scheduler, review
from trainer.domain.deckparse import parse_deck, validate
from trainer.domain.kinds import KINDS
from trainer.domain.kinds.recall import matches, normalise, within_one_edit
from trainer.domain.problems import Problem
from trainer.domain.skills import SKILL_IDS
from trainer.domain.text import clean

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILE = "gen.toml"
# Characters str.splitlines() treats as line breaks besides "\n".
OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def check_problems(source: bytes, text: str | None = None) -> list[Problem]:
    found = validate(source, FILE)
    assert isinstance(found, list)
    for p in found:
        assert isinstance(p, Problem)
        assert str(p).startswith(f"{FILE}:{p.line}")
        assert p.line >= 1
        if text is not None and not any(c in text for c in OTHER_BREAKS):
            assert p.line <= text.count("\n") + 1, (p, text)
    if not found:
        deck = parse_deck(source, FILE)
        assert deck.items
    return found


# -- arbitrary bytes -----------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
def test_validate_never_raises_on_bytes(data: bytes) -> None:
    found = check_problems(data)
    assert found  # random bytes are never a deck


@FAST
@given(st.binary(max_size=200), st.sampled_from([b"", b"\xef\xbb\xbf", b'id = "x"\n', b"[[items]]\n"]))
def test_validate_never_raises_on_bytes_after_a_plausible_start(data: bytes, start: bytes) -> None:
    check_problems(start + data)


# -- arbitrary TOML documents -------------------------------------------------------------------

BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_str(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\' or c < " " or c == "\x7f":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_key(k: str) -> str:
    return k if BARE.fullmatch(k) else toml_str(k)


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, (datetime, date, time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def to_toml(doc: dict[str, Any], items: list[dict[str, Any]] | None, categories_table: bool) -> str:
    lines = []
    tables = {}
    for k, v in doc.items():
        if categories_table and k == "categories" and isinstance(v, dict):
            tables[k] = v
        else:
            lines.append(f"{toml_key(k)} = {toml_value(v)}")
    for name, table in tables.items():
        lines.append(f"[{name}]")
        lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items())
    for item in items or []:
        lines.append("")
        lines.append("[[items]]")
        lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


FIELDS = ["id", "kind", "prompt", "explanation", "skill", "available_from", "options", "answer",
          "option_tags", "categories", "left", "right", "steps", "answers", "minutes", "inhale",
          "exhale"]
WORDS = ["feeling", "sensation", "thought", "a", "b", "c", "Feeling", "material", "x", "sad", ""]

text = st.text(max_size=30)
scalars = st.one_of(
    text,
    st.integers(min_value=-10, max_value=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    st.times(),
)
keys = st.one_of(st.sampled_from(FIELDS), text)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
plausible = st.one_of(
    st.sampled_from([*KINDS, *SKILL_IDS, "material", "2027-01-15", "not-a-kind", "b c", "x" * 250]),
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.lists(st.integers(min_value=-1, max_value=9), max_size=6),
    st.integers(min_value=-1, max_value=9),
    values,
)
items = st.lists(st.dictionaries(keys, plausible, max_size=12), max_size=6)
headers = st.fixed_dictionaries({}, optional={
    "id": st.sampled_from(["deck", "Bad Id", ""]) | plausible,
    "title": st.just("A deck") | plausible,
    "version": st.just(1) | plausible,
    "skill": st.sampled_from(SKILL_IDS) | plausible,
    "description": plausible,
    "available_from": plausible,
    "categories": st.dictionaries(st.sampled_from(["material", "faux"]) | text,
                                  st.lists(st.sampled_from(WORDS), max_size=10) | values, max_size=3),
})


@FAST
@given(headers, st.dictionaries(keys, values, max_size=3), st.none() | items, st.booleans())
def test_validate_never_raises_on_toml_documents(header: dict[str, Any], extra: dict[str, Any],
                                                  item_list: list[dict[str, Any]] | None,
                                                  categories_table: bool) -> None:
    doc = {**extra, **header}
    doc.pop("items", None)
    source = to_toml(doc, item_list, categories_table)
    tomllib.loads(source)  # the generator writes valid TOML
    check_problems(source.encode(), source)


@FAST
@given(st.dictionaries(keys, values, max_size=6))
def test_validate_never_raises_on_documents_without_items(doc: dict[str, Any]) -> None:
    source = to_toml(doc, None, False)
    tomllib.loads(source)
    found = check_problems(source.encode(), source)
    assert found


@FAST
@given(st.lists(st.dictionaries(keys, plausible, max_size=12), min_size=1, max_size=4))
def test_mostly_valid_decks(item_list: list[dict[str, Any]]) -> None:
    """A valid header, so the parser goes deep into the items."""
    doc = {"id": "deck", "title": "A deck", "version": 1, "skill": "feelings",
           "categories": {"material": ["feeling", "sensation", "thought"]}}
    source = to_toml(doc, item_list, True)
    check_problems(source.encode(), source)


# -- text ---------------------------------------------------------------------------------------

DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@FAST
@given(st.text(max_size=200))
def test_clean_leaves_no_control_characters(s: str) -> None:
    out = clean(s)
    assert not DANGEROUS.search(out)
    assert clean(out) == out
    # Plain text with newlines and tabs is left alone.
    plain = "".join(c for c in s if c in "\n\t" or (c.isprintable() and not DANGEROUS.match(c)
                                                     and unicodedata.category(c) != "Cf"))
    assert clean(plain) == unicodedata.normalize("NFC", plain)


# -- recall -------------------------------------------------------------------------------------

letters = st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=14)
phrases = st.lists(letters, min_size=1, max_size=3).map(" ".join)


@FAST
@given(st.text(max_size=40))
def test_matches_itself(x: str) -> None:
    assert matches(x, x) is bool(normalise(x))
    assert normalise(normalise(x)) == normalise(x)


@FAST
@given(phrases, st.data())
def test_case_spaces_and_accents_do_not_matter(word: str, data: st.DataObject) -> None:
    shouted = "".join(c.upper() if data.draw(st.booleans()) else c for c in word)
    marks = st.sampled_from(["", "\u0301", "\u0300", "\u0308", "\u0327", "\u0302"])
    accented = unicodedata.normalize("NFC", "".join(c + data.draw(marks) for c in shouted))
    spaced = "  " + accented.replace(" ", "   ") + "\t"
    assert matches(spaced, word)
    assert matches(word, spaced)
    assert normalise(spaced) == word


@FAST
@given(letters, st.data())
def test_one_typo_is_forgiven_only_in_longer_words(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(word) - 1))
    typo = word[:i] + word[i + 1:]  # one letter dropped
    if not typo:
        return
    assert within_one_edit(typo, word)
    assert matches(typo, word) is (len(word) >= 5)


# -- scheduling -----------------------------------------------------------------------------------

answers = st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=5_000_000)),
                   min_size=1, max_size=30)


@FAST
@given(answers, st.booleans())
def test_scheduling_stays_within_bounds(seq: list[tuple[bool, int]], fuzz: bool) -> None:
    scheduler = make_scheduler(fuzz=fuzz)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    card = None
    for n, (correct, gap_minutes) in enumerate(seq, start=1):
        now += timedelta(minutes=gap_minutes)
        card = review(card, "t/a", correct, now, scheduler)
        assert card.last_review == now
        assert card.last_review <= card.due <= card.last_review + MAX_INTERVAL
        assert card.reps == n
        assert card.correct == sum(c for c, _ in seq[:n])
        assert card.lapses <= n - card.correct
        assert card.first_seen == datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=seq[0][1])


@FAST
@given(st.lists(st.tuples(st.booleans(), st.integers(min_value=-100_000, max_value=100_000)),
                min_size=1, max_size=20))
def test_scheduling_with_a_clock_that_jumps_around(seq: list[tuple[bool, int]]) -> None:
    scheduler = make_scheduler(fuzz=False)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    card = None
    latest = None
    for correct, jump in seq:
        now += timedelta(minutes=jump)
        card = review(card, "t/a", correct, now, scheduler)
        latest = now if latest is None else max(latest, now)
        assert card.last_review == latest
        assert latest <= card.due <= latest + MAX_INTERVAL
