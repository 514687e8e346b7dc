"""The starter decks `deck new` writes: one example of every drill kind, each field explained."""

from __future__ import annotations

import csv
import io

from trainer.domain.csvdeck import id_from_name, title_from_name
from trainer.domain.text import clean

_TOML = '''\
# A starter deck: one example of every drill kind, ready to change into your own.
# Check it with:   self-empathy deck validate {file}
# Hand it out:     trainees run   self-empathy deck import {file}
# Every field is described in docs/deck-format.md. Text is plain text: [brackets] and
# *asterisks* show exactly as you type them.

# --- The deck -------------------------------------------------------------------------------
id = "{deck_id}"    # lower-case letters, digits and "-"; keep it once trainees have the deck
title = "{title}"    # shown in the app
version = 1    # a whole number: raise it each time you hand out a changed deck
skill = "feelings"    # the skill items train unless they say otherwise: distinguish, anchors,
                      # shared-humanity, feelings, needs or witness
description = "A first deck of my own."    # optional, one or two sentences
# available_from = "2027-01-15"    # optional: the whole deck stays locked until this date

[categories]    # named sets of answers for `classify` items; use as many as you like
material = ["feeling", "sensation", "thought"]

# --- Items ----------------------------------------------------------------------------------
# Every item has: id (stable, unique in this deck: never reuse one, because a trainee's
# progress is kept under it), kind, prompt (at most 240 characters) and explanation (why
# the answer is right, at most 300 characters). Optional: skill, available_from.

# choice: one right option among 2-5 (each at most 100 characters).
[[items]]
id = "choice-1"
kind = "choice"
skill = "distinguish"    # this item trains another skill than the deck's
prompt = "Lena snapped at her brother on the phone. Which line is self-empathy?"
options = [
  "I'm a terrible sister; I always ruin things.",
  "I'm tense and sorry; I long for ease between us.",
  "He started it, so it's really on him anyway.",
]
option_tags = ["self-criticism", "self-empathy", "blaming"]    # optional: what each option is
answer = 2    # the position of the right option, counting from 1
explanation = "It meets the tension and the regret kindly and names a need, without blame."

# classify: put a line in one category (2-9 categories, each at most 30 characters).
[[items]]
id = "classify-1"
kind = "classify"
prompt = "\\"My jaw is clenched.\\""
categories = "material"    # a set from [categories] above, or a list like ["need", "strategy"]
answer = "sensation"    # one of the categories
explanation = "A clenched jaw is something the body does: a sensation, often a first sign of a feeling."

# multi: select every option that applies (2-8 options, each at most 60 characters).
[[items]]
id = "multi-1"
kind = "multi"
prompt = "Which of these are feelings?"
options = ["calm", "ignored", "curious", "betrayed", "tender"]
answer = [1, 3, 5]    # the positions of every right option
explanation = "Ignored and betrayed say what we think someone did to us; calm, curious and tender are felt."

# match: pair two columns (3-6 pairs, each side at most 36 characters).
[[items]]
id = "match-1"
kind = "match"
skill = "needs"
prompt = "Ravi's flatmate left the kitchen in a mess again. Match each feeling to a need it may point to."
left = ["tired", "frustrated", "lonely"]
right = ["rest", "shared care", "companionship"]    # right[1] pairs with left[1], and so on
explanation = "Tiredness often asks for rest, frustration for shared care, loneliness for company."

# order: put steps in order (3-7 steps, written in the right order; the app shuffles them).
[[items]]
id = "order-1"
kind = "order"
skill = "witness"
prompt = "Put these moments of a pause in order."
steps = ["Notice what happened", "Feel your feet on the floor", "Name the feeling", "Find the need"]
explanation = "Naming what happened and steadying first makes room to name the feeling, then the need."

# recall: type a word or short phrase (1-20 accepted answers, each at most 40 characters).
[[items]]
id = "recall-1"
kind = "recall"
prompt = "A friend remembers your big day and sends a kind note. Name one feeling."
answers = ["grateful", "touched", "warm", "happy", "moved"]    # the first is shown as the main one
explanation = "Being remembered can bring gratitude and warmth: a need to matter has been met."

# anchor: a timed practice with the trainee's own anchor; never marked wrong.
[[items]]
id = "anchor-1"
kind = "anchor"
skill = "anchors"
prompt = "Rest your attention on your anchor. Each time you notice you drifted, press the key and come back."
minutes = 2    # optional, 1-5; otherwise the trainee's own setting
inhale = 4    # optional, seconds, 2-8
exhale = 6    # optional, seconds, 2-10
explanation = "Noticing that you drifted is the practice: each return makes the anchor a little steadier."

# walkthrough: the guided self-empathy process; the trainee's notes stay private, never graded.
[[items]]
id = "walk-1"
kind = "walkthrough"
skill = "witness"
prompt = "Think of a small moment from this week that still tugs at you."
explanation = "Going slowly through each step is how the process becomes your own."
# available_from = "2027-02-01"    # optional: this item stays locked until this date
'''

_CSV_HEADER = ("id", "kind", "skill", "prompt", "options", "option_tags", "categories", "answer",
               "left", "right", "steps", "answers", "minutes", "explanation", "notes")
# The same items as the TOML starter, one row each; lists are joined with "|".
_CSV_ROWS: tuple[dict[str, str], ...] = (
    {"id": "choice-1", "kind": "choice", "skill": "distinguish",
     "prompt": "Lena snapped at her brother on the phone. Which line is self-empathy?",
     "options": "I'm a terrible sister; I always ruin things.|I'm tense and sorry; I long for ease "
                "between us.|He started it, so it's really on him anyway.",
     "option_tags": "self-criticism|self-empathy|blaming",
     "answer": "2",
     "explanation": "It meets the tension and the regret kindly and names a need, without blame.",
     "notes": "answer: the position of the right option, counting from 1"},
    {"id": "classify-1", "kind": "classify", "prompt": '"My jaw is clenched."',
     "categories": "feeling|sensation|thought", "answer": "sensation",
     "explanation": "A clenched jaw is something the body does: a sensation, often a first sign "
                    "of a feeling.",
     "notes": "answer: one of the categories"},
    {"id": "multi-1", "kind": "multi", "prompt": "Which of these are feelings?",
     "options": "calm|ignored|curious|betrayed|tender", "answer": "1|3|5",
     "explanation": "Ignored and betrayed say what we think someone did to us; calm, curious and "
                    "tender are felt.",
     "notes": "answer: the position of every right option"},
    {"id": "match-1", "kind": "match", "skill": "needs",
     "prompt": "Ravi's flatmate left the kitchen in a mess again. Match each feeling to a need it "
               "may point to.",
     "left": "tired|frustrated|lonely", "right": "rest|shared care|companionship",
     "explanation": "Tiredness often asks for rest, frustration for shared care, loneliness for "
                    "company.",
     "notes": "left and right pair up in order; the app shuffles them"},
    {"id": "order-1", "kind": "order", "skill": "witness",
     "prompt": "Put these moments of a pause in order.",
     "steps": "Notice what happened|Feel your feet on the floor|Name the feeling|Find the need",
     "explanation": "Naming what happened and steadying first makes room to name the feeling, "
                    "then the need.",
     "notes": "steps in the right order; the app shuffles them"},
    {"id": "recall-1", "kind": "recall",
     "prompt": "A friend remembers your big day and sends a kind note. Name one feeling.",
     "answers": "grateful|touched|warm|happy|moved",
     "explanation": "Being remembered can bring gratitude and warmth: a need to matter has been "
                    "met.",
     "notes": "every accepted answer; the first is shown as the main one"},
    {"id": "anchor-1", "kind": "anchor", "skill": "anchors",
     "prompt": "Rest your attention on your anchor. Each time you notice you drifted, press the "
               "key and come back.",
     "minutes": "2",
     "explanation": "Noticing that you drifted is the practice: each return makes the anchor a "
                    "little steadier.",
     "notes": "minutes is optional (1-5); never marked wrong"},
    {"id": "walk-1", "kind": "walkthrough", "skill": "witness",
     "prompt": "Think of a small moment from this week that still tugs at you.",
     "explanation": "Going slowly through each step is how the process becomes your own.",
     "notes": "the trainee's notes stay private and are never graded"},
)


def _starter_csv(deck_id: str, title: str) -> str:
    out = io.StringIO()
    out.write(f"#deck id={deck_id},title={title},version=1,skill=feelings\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_HEADER)
    for row in _CSV_ROWS:
        writer.writerow([row.get(col, "") for col in _CSV_HEADER])
    return out.getvalue()


def starter(file: str) -> str:
    """The starter deck for `file`: CSV if its name ends in .csv, else TOML; id and title are
    made from the file name."""
    deck_id = id_from_name(file) or "my-deck"
    title = " ".join(title_from_name(file).replace("\\", " ").replace('"', "'").split())
    if file.lower().endswith(".csv"):
        return _starter_csv(deck_id, title)
    name = " ".join(clean(file.replace("\\", "/").rsplit("/", 1)[-1]).split())
    return _TOML.format(deck_id=deck_id, title=title, file=name)
