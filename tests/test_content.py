"""Content checks over every built-in deck: counts, balance, and that every item fits 80x24."""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from trainer.domain.deck import Deck, Item
from trainer.domain.deckparse import parse_deck
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.domain.kinds.multi import MultiData
from trainer.domain.skills import SKILL_IDS
from trainer.store.paths import builtin_decks_dir

# The drill screen at 80x24: 2 columns of padding each side and a scrollbar leave 74 columns;
# the progress row and footer leave 20 rows for prompt, options and feedback.
WIDTH = 74
ROWS = 20
COUPLES = re.compile(r"\b(partner|husband|wife|girlfriend|boyfriend|spouse|fianc[ée]e?|"
                     r"anniversary|date night)\b", re.IGNORECASE)


def load_builtin() -> list[Deck]:
    folder = builtin_decks_dir()
    return [parse_deck(p.read_bytes(), p.name) for p in sorted(folder.glob("*.toml"))]


DECKS = load_builtin()
ITEMS = [i for d in DECKS for i in d.items]


def lines(text: str, width: int = WIDTH) -> int:
    return sum(len(textwrap.wrap(part, width)) or 1 for part in text.split("\n"))


def rows_needed(item: Item) -> int:
    """Rows the drill screen needs to show the item with its feedback, unscrolled."""
    data = item.data
    rows = lines(item.prompt) + 1
    options: tuple[str, ...] = ()
    answer_text = ""
    if isinstance(data, ChoiceData):
        options, answer_text = data.options, data.options[data.answer]
    elif isinstance(data, ClassifyData):
        options, answer_text = data.categories, data.categories[data.answer]
    elif isinstance(data, MultiData):
        options = data.options
        answer_text = "4 of 5 calls right"  # the widget's partial-credit line
    if isinstance(data, ClassifyData):  # categories sit in a grid of three columns
        per_row = max(lines(o, WIDTH // 3 - 4) for o in options)
        rows += -(-len(options) // 3) * per_row
    else:
        rows += sum(lines(o, WIDTH - 4) for o in options)
    # feedback: margin, headline, the answer, a confusion note, blank, explanation, blank, hint
    rows += 1 + 1 + lines("The answer: " + answer_text, WIDTH - 3) + 1 + 1 \
        + lines(item.explanation, WIDTH - 3) + 2
    return rows


def test_one_deck_per_skill_with_enough_items() -> None:
    by_skill = {d.skills[0]: d for d in DECKS if len(d.skills) == 1}
    assert set(by_skill) == set(SKILL_IDS)
    for deck in DECKS:
        assert len(deck.items) >= 40, deck.id
    assert len(ITEMS) >= 240


def test_each_skill_uses_three_kinds_and_each_kind_has_three_items() -> None:
    for deck in DECKS:
        assert len(deck.kinds) >= 3, (deck.id, deck.kinds)
    kinds = Counter(i.kind for i in ITEMS)
    for kind in ("choice", "classify", "multi", "match", "order", "recall", "anchor",
                 "walkthrough"):
        assert kinds[kind] >= 3, kind


def test_ids_unique_and_explanations_present() -> None:
    for deck in DECKS:
        ids = [i.id for i in deck.items]
        assert len(ids) == len(set(ids)), deck.id
        for item in deck.items:
            assert len(item.explanation) >= 20, item.key
    assert len({d.id for d in DECKS}) == len(DECKS)


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_choice_answers_are_balanced_and_not_the_longest(deck: Deck) -> None:
    choices = [i.data for i in deck.items if isinstance(i.data, ChoiceData)]
    if not choices:
        return
    positions = Counter(c.answer for c in choices)
    assert max(positions.values()) <= 0.4 * len(choices), positions
    longest = sum(
        1 for c in choices
        if all(len(c.options[c.answer]) > len(o) for n, o in enumerate(c.options) if n != c.answer)
    )
    assert longest <= 0.4 * len(choices), f"{longest} of {len(choices)} right options are longest"


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.key)
def test_item_fits_80x24(item: Item) -> None:
    assert rows_needed(item) <= ROWS, f"{item.key} needs {rows_needed(item)} rows"


def test_a_fifth_of_scenarios_are_about_couples() -> None:
    scenes = [i for i in ITEMS if i.kind not in ("anchor", "walkthrough", "order")]
    couples = [i for i in scenes if COUPLES.search(i.prompt + " " + i.explanation)]
    assert len(couples) >= len(scenes) / 5, f"{len(couples)} of {len(scenes)}"


def test_no_tradition_name_in_item_text() -> None:
    for item in ITEMS:
        text = f"{item.prompt} {item.explanation}"
        assert "NVC" not in text and "Nonviolent" not in text, item.key
