"""Checks that keep the built-in decks teaching the skill rather than keyword spotting.

Used by tests/test_content.py, and by deck writers directly:

    python -m tests.content_rules                 # every built-in deck
    python -m tests.content_rules drills/needs.toml

- A surface-cue solver: word lists (feelings, needs, sensations, quantifiers such as
  many/only/at least, demand and fixing words), option length and answer position. For each
  skill, its best strategy's accuracy on choice items and on classify items must stay within
  0.20 of chance.
- Scenes: prompts that share their content words are the same scene; at most two items
  per scene across all decks.
- Names: a character's name belongs to one deck, and no two names are near-identical (one
  letter apart, or one the start of the other: Tomas/Tomasz, Obi/Obinna), so two people are
  not taken for one.
- Couples: between a quarter and two fifths of scored items are about partners.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.domain.deck import Deck, Item
from trainer.domain.deckparse import parse_deck
from trainer.domain.kinds.base import tag_of
from trainer.domain.kinds.choice import ChoiceData
from trainer.domain.kinds.classify import ClassifyData
from trainer.domain.skills import SKILL_IDS
from trainer.store.paths import builtin_decks_dir

MAX_ABOVE_CHANCE = 0.20
MAX_PER_SCENE = 2
COUPLES_SHARE = (0.25, 0.40)

# -- word lists (our own) ------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(text.split())


FEELING_WORDS = _words("""
    sad lonely anxious afraid scared frightened nervous worried uneasy tense disappointed hurt
    angry furious annoyed irritated frustrated resentful bitter ashamed embarrassed guilty
    regretful sorry glad happy joyful delighted content calm relieved grateful thankful hopeful
    excited tender moved touched warm peaceful relaxed serene proud confident curious eager
    bored restless overwhelmed exhausted tired weary drained discouraged hopeless helpless
    confused torn ambivalent jealous envious lost grief grieving sorrow heartbroken miserable
    low down blue gloomy despairing dread dreading apprehensive shy vulnerable insecure
    rattled shaken stunned shocked surprised amazed awed inspired playful cheerful buoyant
    safe secure satisfied fulfilled loving affectionate friendly open trusting numb lonesome
    homesick wistful nostalgic bittersweet deflated flat sulky impatient edgy jittery panicky
    terrified horrified disgusted contempt indignant outraged enraged livid upset distressed
    troubled concerned disheartened dismayed crushed devastated mournful melancholy pensive
    hurtful anxiousness joy fear anger sadness shame guilt love hope relief gratitude worry
    agitated alarmed unsettled discontent dissatisfied grumpy cranky sheepish humiliated
    mortified self-conscious awkward stuck fed-up fed exasperated weary listless apathetic
    refreshed rested energised energized alive lively enthusiastic passionate tender-hearted
""")
SENSATION_WORDS = _words("""
    tight tightness heavy heaviness hollow buzzing warm warmth tingling tingly clenched
    fluttery fluttering numb shaky shaking trembling flushed spacious knot knotted churning
    queasy nauseous dizzy light lightness loose soft relaxed hot cold chilly sweaty clammy
    pounding racing thumping pulsing throbbing ache aching sore stiff tense jaw chest stomach
    belly throat shoulders hands fingers feet legs neck back face cheeks eyes breath breathing
    heart heartbeat pressure prickly itchy restless jittery fizzy electric sinking lump
    burning cool open expanded contracted hunched slumped fidgety twitchy limp floppy
    grounded steady settled pins needles goosebumps shiver shivery dry
""")
NEED_WORDS = _words("""
    need needs long longing wish wishing want matter matters value valued important care
    connection belonging closeness acceptance appreciation respect recognition trust support
    understanding empathy warmth love affection intimacy companionship company seen heard
    autonomy choice freedom independence space meaning purpose contribution growth competence
    learning rest safety security nourishment movement touch ease peace harmony order beauty
    honesty authenticity integrity fun play humour humor celebration mourning reassurance
    consideration fairness justice equality inclusion cooperation collaboration mutuality
    reliability predictability stability clarity understanding self-expression creativity
    hope inspiration effectiveness efficiency competence dignity privacy comfort relaxation
    leisure protection shelter health wellbeing well-being presence attention kindness
    gentleness compassion inclusion partnership teamwork consistency acknowledgement
""")
SHARED_CUES = ("many", "most", "others", "other people", "people", "everyone", "everybody",
               "human", "humans", "lots of", "so many", "not alone", "we all", "anyone", "all of us",
               "common", "countless", "plenty of", "part of being")
ISOLATING_CUES = ("only", "nobody", "no one", "but me", "just me", "everyone else", "alone",
                  "the only", "never", "always", "something wrong with me", "no-one")
COMPARISON_CUES = ("at least", "worse", "lucky", "real problems", "could be worse", "shouldn't",
                   "should", "compared", "nothing compared", "luckier", "grateful", "moan",
                   "complain", "fuss", "overreacting")
TWIST_CUES = ("should", "must", "have to", "need you to", "needs to", "so i'll", "i'll just",
              "just", "always", "never", "at least", "but", "only", "stupid", "useless",
              "hopeless", "pathetic", "fault", "because", "why", "make him", "make her",
              "make them", "or else", "for the best", "everything happens", "why me")
DEMAND_CUES = ("have to", "must", "need you to", "or else", "you'd better", "you will", "right now",
               "immediately", "no excuses", "you should", "i expect", "i insist", "!")
REQUEST_CUES = ("would you", "could you", "are you willing", "would you be willing", "can we",
                "could we", "?", "i'd like", "how would it be", "i'm asking")
OBSERVATION_CUES = ("said", "wrote", "minutes", "hours", "o'clock", "am", "pm", "times", "days",
                    "yesterday", "today", "last", "when", "didn't", "did not", "sent", "left")
EVALUATION_CUES = ("always", "never", "lazy", "rude", "selfish", "careless", "too", "so",
                   "thoughtless", "inconsiderate", "useless", "mean", "unfair", "ridiculous",
                   "doesn't care", "every", "typical", "again")
WITNESS_CUES = ("i notice", "i'm noticing", "i can feel", "there's", "there is", "part of me",
                "i'm aware", "i can see", "i sense", "is here", "i can hold", "a wave of")
FUSED_CUES = ("i am", "i'm right", "always", "never", "completely", "totally", "i can't stand",
              "!", "everything", "nothing", "ruined", "i'm done")
SETTLING_CUES = ("slow", "slowly", "longer out-breath", "out-breath", "exhale", "ground",
                 "soften", "lie down", "feet", "heavy", "count", "counting", "cool", "sit",
                 "quiet", "still", "hand on", "gentle", "weight", "lean")
ENERGISING_CUES = ("stand", "walk", "shake", "stretch", "bright", "cold water", "upright",
                   "move", "open the window", "music", "brisk", "clap", "jump", "splash",
                   "sit up", "look around", "name", "colours", "lively", "light")
FAUX_WORDS = _words("""
    abandoned attacked betrayed ignored manipulated misunderstood rejected unappreciated used
    cheated criticised criticized dismissed disrespected invisible unheard unseen let-down
    neglected patronised patronized pressured put-down taken unloved unwanted excluded
    judged blamed bullied cornered interrupted mocked overlooked provoked tricked
""")
RESPONSE_CUES: dict[str, tuple[str, ...]] = {
    "self-criticism": ("i'm such", "stupid", "useless", "hopeless", "pathetic", "idiot",
                       "what's wrong with me", "should have", "i always mess", "failure",
                       "terrible", "can't do anything"),
    "advice": ("just", "i'll", "i should", "make a list", "next time", "so i'll", "i need to",
               "plan", "tomorrow i", "fix"),
    "minimising": ("only", "just", "it's nothing", "no big deal", "overreacting", "doesn't matter",
                   "silly", "it's fine", "tiny", "too sensitive"),
    "comparison": ("others", "worse", "at least", "lucky", "real problems", "some people",
                   "compared"),
    "analysing": ("because", "childhood", "pattern", "that's why", "probably", "explains",
                  "since", "grew up", "the reason"),
    "self-pity": ("always happens to me", "poor me", "why me", "never", "always", "every time",
                  "nobody ever", "just my luck"),
    "bright-siding": ("for the best", "reason", "silver lining", "grateful", "at least",
                      "look on the bright side", "gift", "blessing", "stronger"),
    "blaming": ("he ", "she ", "they ", "you ", "his fault", "her fault", "their fault", "made me",
                "because of him", "because of her"),
    "rumination": ("keep", "again and again", "replaying", "over and over", "reread", "went over",
                   "can't stop thinking"),
    "distracting": ("watch", "scroll", "eat", "drink", "instead", "not think", "binge", "busy"),
    "sympathy": ("poor you", "poor thing", "oh no", "how awful", "that's terrible", "i'm so sorry"),
    "self-empathy": tuple(sorted(NEED_WORDS | FEELING_WORDS)),
    "empathy": ("are you feeling", "do you need", "sounds like", "i'm guessing", "is it that"),
}
NAME_STOP = _words("""
    I I'm I'd I'll I've Which What Who When Where Why How A An The This That These Those It It's
    In On At Of For To From With After Before During And But Or If Then So Yes No Not Is Are
    Was Were Do Does Did Be Been Being My Your His Her Their Our Its Me You He She They We Us
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Christmas Eid Diwali Ramadan Easter
    Hanukkah Passover Lunar New Year Mum Mom Dad Mummy Daddy Grandma Grandad Grandpa Nana
    Papa God Allah Sir Ms Mr Mrs Dr OK Okay English Spanish French Hindi Arabic Zoom WhatsApp
    Instagram Facebook Sensation Feeling Thought Need Strategy Observation Evaluation Request
    Demand Self-empathy Shared Put Pick Choose Match Name Type Sort Order Select Tick Fill
    Breathe Notice Let Take Find Hold Give Say Tell One Two Three Four Five Six Seven Eight
    Nine Ten First Second Third Next Last Now Later Today Tomorrow Yesterday Step Steps
    Everyone Nobody Someone Anyone People Many Most Some All Others Only Even Still Just Maybe
    Perhaps Often Sometimes Always Never Again Here There Back Up Down Out Over Under Through
    Oh Ah TV Sundays
""")
# Words that open a sentence in the decks and are not names. An opening word counts as a name
# when it is a name elsewhere or when the decks never write it in lower case, so an opening
# word wrongly taken for a name (the checks below would list it) belongs here.
NOT_NAMES = _words("""
    Birdsong Brushed Changing Cheer Chin Classic Confusion Controlling Correcting Curl Downcast
    Energise Fancy Fizzing Forcing Freezing Grown-ups Hail Insist Laughing Lingering
    Mid-practice Mid-sentence Newcomers Observe Picking Putting Quoting Rate Recall Recline
    Recurring Reread Revs Scold Shall Soaked Spotting Surgeons Teachers Treating Unasked
    Weeding Worn-out
""")
NEAR_PREFIX = 3  # a name this long or longer that starts another name (Obi, Obinna)
COUPLES = re.compile(r"\b(partner|partner's|husband|wife|girlfriend|boyfriend|spouse|fianc[ée]e?|"
                     r"anniversary|date night)\b", re.IGNORECASE)
STOPWORDS = _words("""
    a an the and or but if then so of to in on at for from with by as is are was were be been
    being am do does did has have had having it its it's this that these those there here
    he him his she her hers they them their theirs we us our you your yours i me my mine
    what which who whom whose when where why how not no yes all any some each every both
    few more most other such own same than too very can could would should will shall may
    might must just only also even still again ever never always into out up down over under
    about after before while during through one two three four five six seven eight nine ten
    line lines shows show self-empathy empathy feeling feelings need needs thought thoughts
    sensation sensations strategy observation evaluation request demand which's best most
    fits fit choose pick name type sort match order step steps put item items kind true false
    says say said tells tell told asks ask asked feel feels felt like likely sounds really
    own gets get got goes go went come comes came makes make made takes take took gives give
    gave back away off now today tonight week day days time times much many lot lots thing
    things something nothing anything everything someone anyone everyone nobody people
    partner friend mother father mum mom dad sister brother husband wife girlfriend boyfriend
    colleague colleagues manager boss team son daughter child children kids family parent
    parents cousin aunt uncle neighbour neighbor flatmate housemate roommate teacher doctor
    grandmother grandfather grandma grandad nephew niece baby wife's husband's partner's
    friend's mother's sister's brother's later their they're thinks think thinking wonders
    notices notice realises realizes says tells writes texts inwardly which thought whose
    remembers shared humanity lines moment right wrong select apply tend tends help helps
    serve signs point each real likely under uses word words these those following
""")
_IRREGULAR = {"forgot": "forget", "forgotten": "forget", "forgets": "forget", "left": "leave",
              "ran": "run", "came": "come", "went": "go", "gone": "go", "ate": "eat", "brought":
              "bring", "bought": "buy", "sent": "send", "spoke": "speak", "broke": "break",
              "broken": "break", "lost": "lose", "met": "meet", "paid": "pay", "told": "tell"}


def stem(word: str) -> str:
    w = _IRREGULAR.get(word, word)
    for suffix in ("'s", "ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def scene_words(text: str) -> set[str]:
    """A prompt's content words, stemmed: what tells one scene from another."""
    words = re.findall(r"[A-Za-zÀ-ÿ'-]+", text)
    out = set()
    for n, w in enumerate(words):
        if w[:1].isupper() and n and w not in NAME_STOP:
            continue  # a name: the same scene with another name is still the same scene
        low = w.lower().strip("'-")
        if len(low) >= 4 and low not in STOPWORDS:
            out.add(stem(low))
    return out


def has_cue(text: str, cue: str) -> bool:
    """A cue as a whole word or phrase (or a punctuation mark)."""
    if not cue[:1].isalnum():
        return cue in text
    return re.search(r"(?<![a-z])" + re.escape(cue) + r"(?![a-z])", text) is not None


def count_cues(text: str, cues: Iterable[str]) -> int:
    low = text.lower()
    return sum(1 for c in cues if has_cue(low, c))


def count_words(text: str, words: set[str]) -> int:
    return sum(1 for w in re.findall(r"[a-z'-]+", text.lower()) if w in words)


# -- the solver --------------------------------------------------------------------------------

Scorer = Callable[[str], float]

CHOICE_STRATEGIES: dict[str, Scorer] = {
    "need words": lambda t: count_words(t, NEED_WORDS),
    "feeling words": lambda t: count_words(t, FEELING_WORDS),
    "feeling and need words": lambda t: count_words(t, NEED_WORDS) + count_words(t, FEELING_WORDS),
    "sensation words": lambda t: count_words(t, SENSATION_WORDS),
    "shared-humanity quantifiers": lambda t: count_cues(t, SHARED_CUES)
    - count_cues(t, ISOLATING_CUES) - count_cues(t, COMPARISON_CUES),
    "fewest twist words": lambda t: -count_cues(t, TWIST_CUES),
    "warm words, no twist": lambda t: count_words(t, NEED_WORDS) + count_words(t, FEELING_WORDS)
    - 2 * count_cues(t, TWIST_CUES),
    "witness words": lambda t: count_cues(t, WITNESS_CUES) - count_cues(t, FUSED_CUES),
    "request words": lambda t: count_cues(t, REQUEST_CUES) - count_cues(t, DEMAND_CUES),
    "longest": lambda t: len(t),
    "shortest": lambda t: -len(t),
}


def expected_pick(scores: Sequence[float], answer: int) -> float:
    """The chance of picking `answer` by taking the best score (ties broken at random)."""
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    return 1 / len(tied) if answer in tied else 0.0


def category_cues(label: str) -> Scorer:
    """How strongly a line's words point at a classify category (by its tag)."""
    tag = tag_of(label)
    table: dict[str, Scorer] = {
        "feeling": lambda t: count_words(t, FEELING_WORDS) - count_cues(t, ("feel that", "feel like",
                                                                             "feel as if")),
        "sensation": lambda t: count_words(t, SENSATION_WORDS),
        "thought": lambda t: count_cues(t, ("feel that", "feel like", "feel as if", "such a",
                                            "always", "never", "should", "he's", "she's",
                                            "they're", "you're", "i'm a")),
        "faux-feeling": lambda t: count_words(t, FAUX_WORDS),
        "need": lambda t: count_words(t, NEED_WORDS) - count_cues(t, ("you", "him", "her", "them",
                                                                       "to call", "tonight")),
        "strategy": lambda t: count_cues(t, ("you", "him", "her", "them", "to call", "tonight",
                                             "every", "tomorrow", "on ", "at ", "to stop",
                                             "to text", "to go")),
        "observation": lambda t: count_cues(t, OBSERVATION_CUES) + len(re.findall(r"\d", t)),
        "evaluation": lambda t: count_cues(t, EVALUATION_CUES),
        "request": lambda t: count_cues(t, REQUEST_CUES),
        "demand": lambda t: count_cues(t, DEMAND_CUES),
        "witnessing": lambda t: count_cues(t, WITNESS_CUES),
        "fused": lambda t: count_cues(t, FUSED_CUES),
        "shared-humanity": lambda t: count_cues(t, SHARED_CUES),
        "isolating": lambda t: count_cues(t, ISOLATING_CUES),
        "comparison": lambda t: count_cues(t, COMPARISON_CUES),
        "minimising": lambda t: count_cues(t, RESPONSE_CUES["minimising"] + COMPARISON_CUES),
        "settling": lambda t: count_cues(t, SETTLING_CUES),
        "energising": lambda t: count_cues(t, ENERGISING_CUES),
    }
    if tag in table:
        return table[tag]
    if tag in RESPONSE_CUES:
        cues = RESPONSE_CUES[tag]
        return lambda t: count_cues(t, cues)
    words = [w for w in re.split(r"[\s/-]+", label.lower()) if len(w) > 2]
    return lambda t: count_cues(t, words)  # the category's own words in the line


@dataclass
class SolverResult:
    skill: str
    kind: str  # "choice" or "classify"
    items: int
    chance: float
    accuracy: float  # the best strategy's
    strategy: str
    by_strategy: dict[str, float]

    @property
    def above_chance(self) -> float:
        return self.accuracy - self.chance

    @property
    def ok(self) -> bool:
        return self.items == 0 or self.above_chance <= MAX_ABOVE_CHANCE


def _best(skill: str, kind: str, results: dict[str, list[float]], chance: list[float]
          ) -> SolverResult:
    n = len(chance)
    by = {name: sum(v) / n for name, v in results.items()} if n else {}
    name = max(by, key=lambda k: by[k]) if by else "-"
    return SolverResult(skill, kind, n, sum(chance) / n if n else 0.0, by.get(name, 0.0), name, by)


def solve_choice(skill: str, items: Sequence[Item]) -> SolverResult:
    data = [i.data for i in items if isinstance(i.data, ChoiceData)]
    results: dict[str, list[float]] = defaultdict(list)
    for name, scorer in CHOICE_STRATEGIES.items():
        for d in data:
            results[name].append(expected_pick([scorer(o) for o in d.options], d.answer))
    # Answer position: always the position most often right in this skill's items.
    positions = Counter(d.answer for d in data)
    if positions:
        common = positions.most_common(1)[0][0]
        results["most common position"] = [1.0 if d.answer == common else 0.0 for d in data]
    return _best(skill, "choice", results, [1 / len(d.options) for d in data])


def solve_classify(skill: str, items: Sequence[Item]) -> SolverResult:
    data = [(i, i.data) for i in items if isinstance(i.data, ClassifyData)]
    results: dict[str, list[float]] = defaultdict(list)
    labels = Counter(tag_of(d.categories[d.answer]) for _, d in data)
    common = labels.most_common(1)[0][0] if labels else ""
    for item, d in data:
        tags = [tag_of(c) for c in d.categories]
        results["most common category"].append(1.0 if tags[d.answer] == common else 0.0)
        scores = [category_cues(c)(item.prompt) for c in d.categories]
        results["category words"].append(expected_pick(scores, d.answer))
    return _best(skill, "classify", results, [1 / len(d.categories) for _, d in data])


def solver_report(decks: Sequence[Deck]) -> list[SolverResult]:
    by_skill: dict[str, list[Item]] = defaultdict(list)
    for deck in decks:
        for item in deck.items:
            by_skill[item.skill].append(item)
    out = []
    for skill in SKILL_IDS:
        out += [solve_choice(skill, by_skill[skill]), solve_classify(skill, by_skill[skill])]
    return out


# -- scenes, names, couples ----------------------------------------------------------------


def same_scene(a: set[str], b: set[str]) -> bool:
    """Prompts sharing three content words (two, if that is most of the shorter one)."""
    shared = len(a & b)
    overlap = shared / max(1, min(len(a), len(b)))
    return (shared >= 3 and overlap >= 0.4) or (shared >= 2 and overlap >= 0.6)


def scene_groups(items: Sequence[Item]) -> list[list[Item]]:
    """For each item that shares its scene with others, the item and those others (no chains:
    A like B and B like C doesn't make A like C)."""
    words = [scene_words(i.prompt) for i in items]
    index: dict[str, list[int]] = defaultdict(list)
    for n, ws in enumerate(words):
        for w in ws:
            index[w].append(n)
    out = []
    for n, ws in enumerate(words):
        near = Counter(m for w in ws for m in index[w] if m != n)
        like = [m for m, shared in near.items() if shared >= 2 and same_scene(ws, words[m])]
        if like:
            out.append([items[n], *(items[m] for m in sorted(like))])
    return out


def _texts(item: Item) -> list[str]:
    texts = [item.prompt, item.explanation]
    data = item.data
    for field in ("options", "left", "right", "steps", "answers"):
        texts += list(getattr(data, field, ()) or ())
    return texts


def capitalised(item: Item) -> tuple[set[str], set[str]]:
    """An item's capitalised words (a possessive 's dropped) that may be names: those inside a
    sentence, and those opening one."""
    inside: set[str] = set()
    opening: set[str] = set()
    for text in _texts(item):
        for sentence in re.split(r"(?<=[.!?:;'\"‘“])\s+", text):
            words = re.findall(r"[A-Za-zÀ-ÿ'-]+", sentence)
            for n, w in enumerate(words):
                bare = w.removesuffix("'s")
                if bare[:1].isupper() and bare not in NAME_STOP and len(bare) > 1:
                    (inside if n else opening).add(bare)
    return inside, opening


def names_in(item: Item) -> set[str]:
    """The capitalised words inside an item's sentences (a name opening a sentence is found
    only across decks: see name_uses)."""
    return capitalised(item)[0]


def name_uses(decks: Sequence[Deck]) -> dict[str, set[str]]:
    """name -> the items ("deck/id") it appears in. A word opening a sentence ("Maryam hears
    ...") is a name when it is one elsewhere, or when the decks never write it in lower case
    and it is not in NOT_NAMES."""
    lower: set[str] = set()
    found = []
    for deck in decks:
        for item in deck.items:
            for text in _texts(item):
                lower.update(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ'-]+", text)
                             if w[:1].islower())
            found.append((f"{deck.id}/{item.id}", *capitalised(item)))
    inside_anywhere = {w for _, inside, _ in found for w in inside}
    out: dict[str, set[str]] = defaultdict(set)
    for key, inside, opening in found:
        for w in inside:
            out[w].add(key)
        for w in opening:
            if w in inside_anywhere or (w.lower() not in lower and w not in NOT_NAMES):
                out[w].add(key)
    return out


def names_by_deck(decks: Sequence[Deck]) -> dict[str, set[str]]:
    """name -> the decks it appears in."""
    return {name: {key.split("/")[0] for key in keys} for name, keys in name_uses(decks).items()}


def one_letter_apart(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def near_identical(a: str, b: str) -> bool:
    """Two names a reader may take for one: one letter apart (Omar/Umar, Tomas/Tomasz), or one
    the start of the other (Obi/Obinna), case aside."""
    a, b = a.lower(), b.lower()
    if a == b:
        return False
    short, long_ = sorted((a, b), key=len)
    return one_letter_apart(a, b) or (len(short) >= NEAR_PREFIX and long_.startswith(short))


def near_identical_names(decks: Sequence[Deck]) -> list[tuple[str, str]]:
    """Pairs of near-identical names, across all decks and within one."""
    names = sorted(names_by_deck(decks))
    return [(a, b) for n, a in enumerate(names) for b in names[n + 1:] if near_identical(a, b)]


def is_couples(item: Item) -> bool:
    texts = [item.prompt, *(getattr(item.data, "options", ()) or ())]
    return any(COUPLES.search(t) for t in texts)


# -- loading and the command line ---------------------------------------------------------------


def load(paths: Sequence[Path] | None = None) -> list[Deck]:
    files = list(paths) if paths else sorted(builtin_decks_dir().glob("*.toml"))
    return [parse_deck(p.read_bytes(), str(p)) for p in files]


def main(argv: list[str]) -> int:
    decks = load([Path(a) for a in argv] or None)
    scored = [i for d in decks for i in d.items if i.scheduled]
    print("Surface-cue solver (accuracy of its best strategy vs chance; must be <= +0.20):")
    failed = False
    for r in solver_report(decks):
        if not r.items:
            continue
        flag = "ok " if r.ok else "FAIL"
        failed |= not r.ok
        print(f"  {flag} {r.skill:16} {r.kind:8} {r.items:3} items  chance {r.chance:.2f}  "
              f"solver {r.accuracy:.2f} ({r.above_chance:+.2f}, {r.strategy})")
    groups = scene_groups(scored)
    over = [g for g in groups if len(g) > MAX_PER_SCENE]
    print(f"Items whose scene is used more than {MAX_PER_SCENE} times: {len(over)}")
    for g in over:
        failed = True
        print("  - " + "\n    ".join(f"{i.deck_id}/{i.id}: {i.prompt[:90]}" for i in g))
    print(f"Items whose scene is used twice (allowed): {sum(len(g) == 2 for g in groups)}")
    by_deck = names_by_deck(decks)
    shared = {n: d for n, d in by_deck.items() if len(d) > 1}
    print(f"Names in more than one deck: {len(shared)}")
    for name, where in sorted(shared.items()):
        failed = True
        print(f"  - {name}: {', '.join(sorted(where))}")
    near = near_identical_names(decks)
    print(f"Near-identical names: {len(near)}")
    for a, b in near:
        failed = True
        print(f"  - {a} ({', '.join(sorted(by_deck[a]))}) / {b} ({', '.join(sorted(by_deck[b]))})")
    couples = sum(is_couples(i) for i in scored)
    share = couples / len(scored) if scored else 0.0
    print(f"Couples items: {couples} of {len(scored)} scored ({share:.0%}; "
          f"{COUPLES_SHARE[0]:.0%}-{COUPLES_SHARE[1]:.0%} over all decks)")
    print("Counts (scored items per skill, kind and unit):")
    for skill in SKILL_IDS:
        of = [i for i in scored if i.skill == skill]
        kinds = Counter(i.kind for i in of)
        units = Counter(i.unit for i in of)
        print(f"  {skill:16} {len(of):3}  kinds {dict(sorted(kinds.items()))}  "
              f"units {dict(sorted(units.items(), key=lambda kv: kv[0] or 0))}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
