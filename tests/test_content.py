"""Content checks over every built-in deck: counts, balance, and that every item fits 80x24."""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from tests import content_rules as rules
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


SCORED = [i for i in ITEMS if i.scheduled]
UNITS = range(1, 9)  # the course path: drills/README.md says what each unit teaches


def test_one_deck_per_skill_with_depth() -> None:
    by_skill = {d.skills[0]: d for d in DECKS if len(d.skills) == 1}
    assert set(by_skill) == set(SKILL_IDS)
    for skill in SKILL_IDS:
        scored = [i for i in SCORED if i.skill == skill]
        assert len(scored) >= 80, (skill, len(scored))
        kinds = {i.kind for i in scored}
        assert len(kinds) >= 4, (skill, kinds)
    assert len(SCORED) >= 480


def test_every_kind_has_items() -> None:
    kinds = Counter(i.kind for i in ITEMS)
    for kind in ("choice", "classify", "multi", "match", "order", "recall", "anchor",
                 "walkthrough"):
        assert kinds[kind] >= 3, kind


def test_every_item_is_on_the_course_path_and_each_skill_starts_in_unit_one() -> None:
    for item in ITEMS:
        assert item.unit in UNITS, (item.key, item.unit)
    for skill in SKILL_IDS:
        units = Counter(i.unit for i in SCORED if i.skill == skill)
        # The basics of every skill come first, and every unit of the path has some practice.
        assert units[1] >= 6, (skill, units)
        assert set(units) == set(UNITS), (skill, sorted(units))


def test_ids_unique_and_explanations_present() -> None:
    for deck in DECKS:
        ids = [i.id for i in deck.items]
        assert len(ids) == len(set(ids)), deck.id
        for item in deck.items:
            assert len(item.explanation) >= 20, item.key
    assert len({d.id for d in DECKS}) == len(DECKS)


@pytest.mark.parametrize("result", rules.solver_report(DECKS),
                         ids=lambda r: f"{r.skill}-{r.kind}")
def test_no_word_list_answers_the_items(result: rules.SolverResult) -> None:
    """A solver that knows feeling and need words, quantifiers, length and position does no
    better than chance plus 0.20 on any skill's choice or classify items."""
    assert result.ok, (f"{result.skill} {result.kind}: {result.accuracy:.2f} against chance "
                       f"{result.chance:.2f} with {result.strategy!r}")


def test_the_solver_would_catch_keyword_decks() -> None:
    """The solver is not toothless: on items whose answer is the only line with a need word,
    or with 'many people', it scores far above chance."""
    deck = parse_deck(b"""id = "cues"\ntitle = "Cues"\nversion = 1\nskill = "distinguish"
[categories]
sh = ["shared humanity", "isolating", "comparison"]
""" + b"".join(f"""
[[items]]
id = "c{n}"
kind = "choice"
prompt = "Scene {n}: which line is self-empathy?"
options = ["I'm such a failure.", "I'm sad and I long for connection.", "Just move on.", "It's nothing."]
answer = 2
explanation = "It names a feeling and a need."

[[items]]
id = "k{n}"
kind = "classify"
prompt = "Many people feel this way after a loss, scene {n}."
categories = "sh"
answer = "shared humanity"
explanation = "It remembers others."
""".encode() for n in range(10)), "cues.toml")
    choice, classify = rules.solver_report([deck])[:2]
    assert choice.above_chance > 0.5 and classify.above_chance > 0.5


def test_no_scene_is_used_more_than_twice() -> None:
    over = [g for g in rules.scene_groups(SCORED) if len(g) > rules.MAX_PER_SCENE]
    assert not over, "\n".join(" | ".join(f"{i.key}: {i.prompt[:50]}" for i in g) for g in over)


def test_the_scene_check_finds_a_repeated_scene() -> None:
    items = parse_deck(b"""id = "s"\ntitle = "S"\nversion = 1\nskill = "needs"
""" + b"".join(f"""
[[items]]
id = "r{n}"
kind = "recall"
prompt = "{name}'s idea was passed over in a team meeting. What does {name} need?"
answers = ["recognition"]
explanation = "To be seen."
""".encode() for n, name in enumerate(["Ana", "Bo", "Cy"])), "s.toml").items
    assert [len(g) for g in rules.scene_groups(list(items))] == [3, 3, 3]


def test_a_name_belongs_to_one_deck() -> None:
    shared = {n: sorted(d) for n, d in rules.names_by_deck(DECKS).items() if len(d) > 1}
    assert not shared, shared


def test_couples_scenes_are_a_quarter_to_two_fifths() -> None:
    share = sum(rules.is_couples(i) for i in SCORED) / len(SCORED)
    low, high = rules.COUPLES_SHARE
    assert low <= share <= high, f"{share:.0%}"


# A topic every course needs (CONTENT-GUIDE.md): words that mark an item as about it, and how
# many items (of at least two drill kinds) must carry it.
TOPICS: dict[str, tuple[str, int]] = {
    "sympathy or self-pity": (r"\bsympath|\bself-pity|\bpoor me\b|\bpity\b", 6),
    "the inner critic": (r"\binner critic|\bself-judg|\bi should\b|\bshould have\b", 8),
    "should into a choice": (r"\bi choose\b|\bchoose to\b", 4),
    "mourning a regret": (r"\bmourn|\bregret", 6),
    "self-forgiveness": (r"\bforgiv", 4),
    "manipulated": (r"\bmanipulated\b", 2),
    "abandoned": (r"\babandoned\b", 2),
    "rejected": (r"\brejected\b", 2),
    "pleasant sensations": (r"\bpleasant\b|\bspacious|\bwarmth\b|\btingl", 6),
    "body scan": (r"\bbody scan|\bscan\b|\bscanning\b", 4),
    "freeze": (r"\bfreez|\bfroze", 4),
    "mixed states": (r"\bmixed\b|\bboth\b.*\band\b.*\bat once\b|\bat the same time\b", 3),
    "when to pause": (r"\bpause\b", 4),
    "repair after a fight": (r"\brepair\b|\bmake up\b|\bafter (a|the|their|our) (fight|row|argument)", 6),
    "requests to oneself": (r"\brequest to (myself|herself|himself|themselves|yourself)|"
                            r"\bask (myself|herself|himself|themselves|yourself)", 4),
    "celebrating met needs": (r"\bcelebrat|\bmet need|\bneeds? (that )?(were|was) met", 5),
    "observing oneself": (r"\bi wasted\b|\bobserv\w* (yourself|myself|herself|himself|oneself)|"
                          r"\babout (herself|himself|themselves|myself)\b", 4),
    "grief": (r"\bgrie|\bdied\b|\bdeath\b|\bfuneral\b|\bpassed away\b", 4),
    "illness": (r"\bill\b|\billness|\bdiagnos|\bhospital|\bchemo|\bchronic", 4),
    "disability": (r"\bdisab|\bwheelchair|\bdeaf\b|\bblind\b|\bhearing aid|\bcane\b", 3),
    "faith": (r"\bfaith\b|\bmosque|\bchurch|\btemple|\bsynagogue|\bprayer|\bpray", 3),
    "job loss": (r"\blaid off\b|\bredundan|\blost (his|her|their) job|\bjob loss|\bfired\b", 3),
    "racism": (r"\bracis|\bracial|\bskin colou?r|\baccent\b.*\bmock|"
               r"\bwhere (are you|she's|he's) really from", 3),
    "living alone": (r"\blives alone\b|\bliving alone\b|\bon (her|his|their) own since", 3),
}


def _text(item: Item) -> str:
    data = item.data
    parts = [item.prompt, item.explanation]
    for name in ("options", "left", "right", "steps", "answers"):
        parts += list(getattr(data, name, ()) or ())
    return " ".join(parts).lower()


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_a_course_needs_has_items_of_two_kinds(topic: str) -> None:
    pattern, least = TOPICS[topic]
    found = [i for i in ITEMS if re.search(pattern, _text(i))]
    assert len(found) >= least, (topic, [i.key for i in found])
    assert len({i.kind for i in found}) >= 2, (topic, {i.kind for i in found})


def test_order_and_match_alternatives_are_used() -> None:
    """Where two steps or pairs are interchangeable, decks say so rather than grading
    all-or-nothing."""
    from trainer.domain.kinds.match import MatchData
    from trainer.domain.kinds.order import OrderData

    orders = [i for i in ITEMS if isinstance(i.data, OrderData) and i.data.groups]
    matches = [i for i in ITEMS if isinstance(i.data, MatchData) and i.data.also]
    assert len(orders) >= 3 and len(matches) >= 3, (len(orders), len(matches))


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


# Choice and multi options are shuffled at each showing: "the second line" would point at
# another option on most showings. An explanation quotes the option's words instead.
POSITION = re.compile(r"\b(first|second|third|fourth|fifth|sixth|last|top|bottom|final)\s+"
                      r"(line|lines|option|options|answer|answers|choice|choices|one|two|three)\b"
                      r"|\boption \d|\bthe other (two|three)\b", re.I)


def test_no_explanation_of_a_shuffled_item_points_at_a_position() -> None:
    pointing = [f"{i.key}: {m.group(0)!r}" for i in ITEMS if i.kind in ("choice", "multi")
                if (m := POSITION.search(i.explanation))]
    assert pointing == []


def test_the_position_check_finds_one() -> None:
    assert POSITION.search("The second line pins the need on him.")
    assert POSITION.search("Option 3 is a demand.")
    assert not POSITION.search("The first step is to breathe; at last she rests.")


def test_no_tradition_name_in_item_text() -> None:
    for item in ITEMS:
        text = f"{item.prompt} {item.explanation}"
        assert "NVC" not in text and "Nonviolent" not in text, item.key


def test_every_look_alike_has_a_human_name_and_a_whole_sentence() -> None:
    from trainer.services.feedback import LOOKALIKES, confusion_sentence

    tags = {t for i in ITEMS for t in i.tags}
    assert tags - set(LOOKALIKES) == set()
    english = {"self-empathy", "self-criticism", "self-pity", "bright-siding", "one-upping"}
    for tag, (name, what) in LOOKALIKES.items():
        sentence = confusion_sentence(tag, "advice", 2)
        assert sentence.startswith(f"You mixed up {name} and advice twice: {what}; ")
        if "-" in tag and tag not in english:  # a tag as a deck writes it never shows
            assert tag not in sentence, (tag, sentence)
        assert len(what.split()) >= 5 and not what.endswith((".", ",", ";")), (tag, what)


def test_the_pacing_the_guide_claims_is_what_the_simulation_gives() -> None:
    """drills/README.md's pacing table comes from the app's own session builder."""
    from benchmarks.pacing import simulate

    table = (builtin_decks_dir() / "README.md").read_text(encoding="utf-8")
    for a_day, label in ((1, "one session a day"), (2, "two sessions a day")):
        r = simulate(a_day, 0.8, 400)
        weeks = " | ".join(str(r["met_after_weeks"][w]) for w in (1, 4, 8, 12))
        assert f"| {label} | {weeks} | {r['days_to_meet_all']} days |" in table, (label, r)
