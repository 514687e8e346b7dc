"""Grading per drill kind: what counts as right, partial credit, and forgiving recall."""

from __future__ import annotations

import pytest

from trainer.domain.kinds import KINDS
from trainer.domain.kinds.anchor import MIN_SECONDS, AnchorData, AnchorResult
from trainer.domain.kinds.base import Grade
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.domain.kinds.match import MatchData
from trainer.domain.kinds.multi import MultiData
from trainer.domain.kinds.order import OrderData
from trainer.domain.kinds.recall import RecallData, matches, normalise, within_one_edit
from trainer.domain.kinds.walkthrough import WalkthroughData


def grade(kind: str, data: object, answer: object) -> Grade:
    return KINDS[kind].grade(data, answer)


def test_the_registry_has_every_kind_and_knows_which_are_scheduled() -> None:
    assert list(KINDS) == ["choice", "classify", "multi", "match", "order", "recall", "anchor",
                           "walkthrough"]
    assert {k for k, spec in KINDS.items() if not spec.scheduled} == {"anchor", "walkthrough"}


# -- choice ------------------------------------------------------------------------------------

CHOICE = ChoiceData(("I'm useless.", "I'm sad; I care.", "Just fix it."), 1,
                    ("self-criticism", "self-empathy", "advice"))


def test_choice_right() -> None:
    assert grade("choice", CHOICE, 1) == Grade(True, 1.0, "I'm sad; I care.", "I'm sad; I care.",
                                               "self-empathy", "self-empathy")


def test_choice_wrong_names_both_options_and_tags() -> None:
    assert grade("choice", CHOICE, 2) == Grade(False, 0.0, "Just fix it.", "I'm sad; I care.",
                                               "advice", "self-empathy")


def test_choice_without_tags_and_out_of_range_pick() -> None:
    data = ChoiceData(("a", "b"), 0)
    assert grade("choice", data, 0) == Grade(True, 1.0, "a", "a", None, None)
    assert grade("choice", data, 5) == Grade(False, 0.0, "", "a", None, None)


# -- classify ----------------------------------------------------------------------------------

CLASSIFY = ClassifyData(("feeling", "sensation", "thought"), 1)


def test_classify() -> None:
    assert grade("classify", CLASSIFY, 1) == Grade(True, 1.0, "sensation", "sensation",
                                                   "sensation", "sensation")
    assert grade("classify", CLASSIFY, 2) == Grade(False, 0.0, "thought", "sensation",
                                                   "thought", "sensation")
    assert grade("classify", CLASSIFY, -1).correct is False


# -- multi -------------------------------------------------------------------------------------

MULTI = MultiData(("relieved", "ignored", "anxious", "manipulated", "content"), frozenset({0, 2, 4}))


@pytest.mark.parametrize(("picked", "correct", "score", "given"), [
    ({0, 2, 4}, True, 1.0, "relieved, anxious, content"),
    ({0, 2}, False, 0.8, "relieved, anxious"),  # one missed: 4 of 5 calls right
    ({0, 1, 2, 4}, False, 0.8, "relieved, ignored, anxious, content"),  # one extra
    ({1, 3}, False, 0.0, "ignored, manipulated"),  # every call wrong
    (set(), False, 0.4, "(none)"),
])
def test_multi_partial_credit(picked: set[int], correct: bool, score: float, given: str) -> None:
    g = grade("multi", MULTI, frozenset(picked))
    assert (g.correct, g.given, g.expected) == (correct, given, "relieved, anxious, content")
    assert g.score == pytest.approx(score)


# -- match -------------------------------------------------------------------------------------

MATCH = MatchData(("worried", "lonely", "irritated"), ("safety", "connection", "consideration"))


def test_match_all_right() -> None:
    g = grade("match", MATCH, (0, 1, 2))
    assert g == Grade(True, 1.0, "worried - safety; lonely - connection; irritated - consideration",
                      "worried - safety; lonely - connection; irritated - consideration")


def test_match_partial_and_incomplete() -> None:
    g = grade("match", MATCH, (1, 0, 2))
    assert (g.correct, g.given) == (False, "worried - connection; lonely - safety; irritated - consideration")
    assert g.score == pytest.approx(1 / 3)
    short = grade("match", MATCH, (0, 1))
    assert short.correct is False
    assert short.score == pytest.approx(2 / 3)


# -- order -------------------------------------------------------------------------------------

ORDER = OrderData(("Widen the frame", "Find an anchor", "Observe", "Name feelings"))


def test_order() -> None:
    right = grade("order", ORDER, (0, 1, 2, 3))
    assert right == Grade(True, 1.0, "Widen the frame > Find an anchor > Observe > Name feelings",
                          "Widen the frame > Find an anchor > Observe > Name feelings")
    swapped = grade("order", ORDER, (1, 0, 2, 3))
    assert swapped.correct is False
    assert swapped.score == pytest.approx(0.5)
    assert swapped.given == "Find an anchor > Widen the frame > Observe > Name feelings"
    reversed_ = grade("order", ORDER, (3, 2, 1, 0))
    assert (reversed_.correct, reversed_.score) == (False, 0.0)
    assert grade("order", ORDER, (0, 1, 2)).correct is False


# -- recall ------------------------------------------------------------------------------------

RECALL = RecallData(("disappointed", "sad", "hurt", "let down", "plenty of"))


@pytest.mark.parametrize("typed", [
    "disappointed", "Disappointed", "DISAPPOINTED", "  sad  ", "Hurt",
    "let down", "Let   Down", " let\tdown ",
])
def test_recall_ignores_case_and_spaces(typed: str) -> None:
    assert grade("recall", RECALL, typed).correct is True


def test_recall_ignores_accents() -> None:
    data = RecallData(("déçu", "naïve"))
    for typed in ("decu", "DÉÇU", "de\u0301c\u0327u", "naive", "NAÏVE"):
        assert grade("recall", data, typed).correct, typed
    assert normalise("  Déçu  ÉLAN ") == "decu elan"
    assert normalise("Straße") == "strasse"


@pytest.mark.parametrize(("typed", "ok"), [
    ("dissapointed", False),  # two edits away from disappointed
    ("disapointed", True),  # one letter missing
    ("disappointted", True),  # one letter extra
    ("disappointes", True),  # one letter wrong
    ("disappionted", True),  # two letters swapped: one typo
    ("sda", False),  # swapped letters in a short word
    ("mad", False),  # one letter wrong in a short word
    ("sa", False),  # one letter missing in a short word
    ("hurts", False),  # hurt has 4 letters: no typo allowed
    ("hrut", False),
    ("plenyt of", True),  # a swap inside a long word of a phrase
    ("", False),
    ("   ", False),
    ("angry", False),
])
def test_recall_forgives_one_typo_only_in_words_of_five_letters_or_more(typed: str, ok: bool) -> None:
    assert grade("recall", RECALL, typed).correct is ok


def test_recall_typo_at_exactly_five_letters() -> None:
    data = RecallData(("happy",))
    assert grade("recall", data, "hapy").correct is True
    assert grade("recall", data, "hpapy").correct is True
    assert grade("recall", data, "happyy").correct is True
    assert grade("recall", data, "hippo").correct is False
    four = RecallData(("glad",))
    assert grade("recall", four, "glda").correct is False
    assert grade("recall", four, "glad").correct is True


def test_recall_grade_text() -> None:
    g = grade("recall", RECALL, "  Sad ")
    assert g == Grade(True, 1.0, "Sad", "disappointed, sad, hurt, let down, plenty of")
    assert grade("recall", RECALL, "angry") == Grade(
        False, 0.0, "angry", "disappointed, sad, hurt, let down, plenty of")


def test_within_one_edit() -> None:
    assert within_one_edit("abcde", "abcde")
    assert within_one_edit("abcde", "abxde")
    assert within_one_edit("abcde", "abde")
    assert within_one_edit("abde", "abcde")
    assert within_one_edit("abcde", "bacde")
    assert within_one_edit("abcde", "abced")
    assert not within_one_edit("abcde", "badce")
    assert not within_one_edit("abcde", "acbed")
    assert not within_one_edit("abcde", "abc")
    assert not within_one_edit("abcde", "xbcdy")
    assert not within_one_edit("abcde", "abcxyz")


def test_matches_is_about_the_normalised_text() -> None:
    assert matches("Let Down", "let down")
    assert not matches("", "x")
    assert not matches("\u0301", "\u0301")  # nothing left after folding accents


def test_recall_does_not_forgive_a_typo_in_a_short_word_of_a_phrase() -> None:
    assert matches("so mad", "so sad") is False
    assert matches("get down", "let down") is False


# -- practices: never wrong ---------------------------------------------------------------------


def test_anchor_is_never_wrong_and_counts_after_a_few_breaths() -> None:
    data = AnchorData(2, 4, 6)
    assert grade("anchor", data, AnchorResult(returns=3, seconds=120)) == Grade(
        True, 1.0, "3 returns to your anchor", "")
    assert grade("anchor", data, AnchorResult(returns=1, seconds=60)).given == "1 return to your anchor"
    assert grade("anchor", data, AnchorResult(returns=0, seconds=MIN_SECONDS)).correct is True
    # Ended at once (found by hand: 0:00 earned 10 XP and "thank you for taking this time"):
    # not a practice yet, whatever the returns pressed.
    for quick in (AnchorResult(returns=0, seconds=0), AnchorResult(returns=9, seconds=3)):
        assert grade("anchor", data, quick) == Grade(False, 0.0, quick_given(quick), "")


def quick_given(r: AnchorResult) -> str:
    return f"{r.returns} {'return' if r.returns == 1 else 'returns'} to your anchor"


def test_a_walkthrough_is_done_when_something_was_written() -> None:
    """Never graded for content: an entry saved (its id) is a practice done; None (nothing
    was written) is nothing to count."""
    for answer in ("20260302T090000Z-0a0b0c0d", {"feelings": "tired"}, ""):
        assert grade("walkthrough", WalkthroughData(), answer) == Grade(
            True, 1.0, "walk-through completed", "")
    assert grade("walkthrough", WalkthroughData(), None) == Grade(False, 0.0, "", "")


@pytest.mark.parametrize(("typed", "accepted", "ok"), [
    ("being heard", "to be heard", True),
    ("heard", "to be heard", True),
    ("to be heard", "heard", True),
    ("a rest", "rest", True),
    ("The quiet", "quiet", True),
    ("to matter", "mattering", False),  # a different word: decks list both
    ("to belong", "belonging", False),
    ("to", "to", True),  # a particle alone is kept, so it is still compared
    ("to", "to be heard", False),
    ("being seen", "to be heard", False),
    ("to be haerd", "to be heard", True),  # one typo still forgiven after the particle
])
def test_recall_forgives_a_leading_particle(typed: str, accepted: str, ok: bool) -> None:
    assert matches(typed, accepted) is ok


@pytest.mark.parametrize(("typed", "accepted", "ok"), [
    ("Sad.", "sad", True),
    ("angry!", "sad", False),  # punctuation goes, the word must still be right
    ("heard!", "to be heard", True),
    ("heavy hearted", "heavy-hearted", True),
    ("heavy-hearted", "heavy hearted", True),
    ("“relieved”", "relieved", True),
    ("let down...", "let down", True),
    ("...", "sad", False),
])
def test_recall_reads_punctuation_as_a_space(typed: str, accepted: str, ok: bool) -> None:
    assert matches(typed, accepted) is ok


def test_normalise_keeps_text_of_punctuation_only() -> None:
    assert normalise(" ?! ") == "?!"
    assert normalise("Can't-stop, really") == "can t stop really"
