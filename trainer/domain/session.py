"""Building a session: due reviews first, then new items up to the daily limit, skills mixed."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from trainer.domain.cards import REVIEW, CardState
from trainer.domain.clock import day_end, day_start, study_day
from trainer.domain.deck import Deck, Item
from trainer.domain.kinds import KINDS
from trainer.domain.plan import Plan, unit_released

NEW_DECK_TRY = 5  # new items a day from a deck new to the trainee, beside the daily limit
NEW_SHARE_PERCENT = 30  # of a session kept for new items, while any are allowed today


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    size: int = 10
    new_per_day: int = 10
    day_start_hour: int = 4
    review_cap: int | None = None  # reviews still allowed today (gentle return), None: no cap
    # deck id -> new items still allowed today from that deck's own allowance: a deck just
    # imported or switched on can be tried the same day, without the day's limit growing for
    # everything else.
    try_decks: Mapping[str, int] = field(default_factory=dict)


def decks_to_try(decks: Iterable[Deck], cards: Mapping[str, CardState], today: date,
                 tz: tzinfo, start_hour: int) -> dict[str, int]:
    """Decks new to a trainee who has practised before: none of their items was met before
    today. Each gets NEW_DECK_TRY new items today, less those already met today."""
    start = day_start(today, tz, start_hour)
    if not any(c.first_seen is not None and c.first_seen < start for c in cards.values()):
        return {}  # a first day: every deck is new, and the daily limit is the way in
    out: dict[str, int] = {}
    for deck in decks:
        met = unmet = 0
        for i in deck.items:
            if not i.scheduled:
                continue
            c = cards.get(i.key)
            if c is None:
                unmet += 1
            elif c.first_seen is not None:
                if c.first_seen < start:
                    break  # met before today: not new (most decks end here, early)
                met += 1
        else:
            left = min(NEW_DECK_TRY - met, unmet)
            if left > 0:
                out[deck.id] = left
    return out


def round_robin(items: Iterable[Item], key: Callable[[Item], str]) -> list[Item]:
    """Take one item from each group in turn (groups in order of first appearance), keeping
    each group's own order."""
    groups: dict[str, deque[Item]] = defaultdict(deque)
    for item in items:
        groups[key(item)].append(item)
    out: list[Item] = []
    queues = deque(groups.values())
    while queues:
        q = queues.popleft()
        out.append(q.popleft())
        if q:
            queues.append(q)
    return out


def interleave(items: Iterable[Item]) -> list[Item]:
    """Round-robin across skills, keeping each skill's own order."""
    return round_robin(items, lambda i: i.skill)


def mix_new(items: Iterable[Item]) -> list[Item]:
    """New items in course order: unit by unit (items without a unit first), and within a
    unit skills take turns, and within a skill the drill kinds, so a first session isn't all
    of one kind because a deck lists its kinds in blocks."""
    by_unit: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_unit[item.unit or 0][item.skill].append(item)
    out: list[Item] = []
    for unit in sorted(by_unit):
        out += interleave(i for group in by_unit[unit].values()
                          for i in round_robin(group, lambda i: i.kind))
    return out


def is_available(item: Item, deck_from: date | None, today: date,
                 plan: Plan | None = None) -> bool:
    """Open today: its deck's and its own dates have come, and its unit is open in the plan."""
    return all(start is None or start <= today for start in (deck_from, item.available_from)) \
        and unit_released(plan, item.unit, today)


def new_seen_today(cards: Mapping[str, CardState], today: date, tz: tzinfo, start_hour: int,
                   practices: Collection[str] = ()) -> int:
    """Cards first met during the study day `today`, leaving out the daily `practices` (they
    don't use up the new-item limit)."""
    start, end = day_start(today, tz, start_hour), day_end(today, tz, start_hour)
    met = {k for k, c in cards.items() if c.first_seen is not None and start <= c.first_seen < end}
    return len(met - set(practices))


def new_allowed(cards: Mapping[str, CardState], today: date, tz: tzinfo, policy: SessionPolicy,
                practices: Collection[str] = ()) -> int:
    """New items today's limit still allows: the limit less the cards first met today, not
    counting the daily `practices`, nor the items of decks being tried (their own allowance)."""
    trying = policy.try_decks
    tried = {k for k in cards if k.split("/", 1)[0] in trying} if trying else set()
    seen = new_seen_today(cards, today, tz, policy.day_start_hour, {*practices, *tried})
    return max(0, policy.new_per_day - seen)


def build_session(items: Sequence[Item], cards: Mapping[str, CardState], now: datetime,
                  tz: tzinfo, policy: SessionPolicy,
                  prefer: Callable[[Item], bool] | None = None,
                  practices: Collection[str] = ()) -> list[Item]:
    """The queue for one session. `items` are the available memory items (locked ones excluded).
    New items for which `prefer` is true (e.g. ones contrasting the learner's usual
    confusions) come before the others. `practices` are the keys of daily practices."""
    today = study_day(now, tz, policy.day_start_hour)
    horizon = day_end(today, tz, policy.day_start_hour)
    due: list[tuple[datetime, Item]] = []
    new: list[Item] = []
    for item in items:
        card = cards.get(item.key)
        if card is None:
            new.append(item)
        elif card.due <= horizon:
            due.append((card.due, item))
    due.sort(key=lambda pair: pair[0])
    trying = policy.try_decks
    allowed = new_allowed(cards, today, tz, policy, practices)
    if prefer is not None:
        new = [i for i in new if prefer(i)] + [i for i in new if not prefer(i)]
    regular = mix_new(i for i in new if i.deck_id not in trying)
    trial = {d: [i for i in new if i.deck_id == d][:left] for d, left in trying.items()}
    # Reviews come first, but a share of the session stays for new items while there are any
    # allowed today: otherwise yesterday's reviews fill every session and a course's new
    # material never arrives.
    waiting = min(allowed, len(regular)) + sum(len(v) for v in trial.values())
    keep = min(waiting, policy.size * NEW_SHARE_PERCENT // 100)
    take = policy.size - keep
    if policy.review_cap is not None:
        take = min(take, policy.review_cap)
    reviews = interleave(i for _, i in due[:take])
    room = policy.size - len(reviews)
    fresh = regular[: min(allowed, room)]
    for items_of_deck in trial.values():
        fresh += items_of_deck[: room - len(fresh)]
    return reviews + fresh


@dataclass(slots=True)
class SkillOverview:
    """One skill's memory items in the decks turned on: due today, new, locked (not yet
    available), available in all, and of those learned and held strongly."""

    due: int = 0
    new: int = 0
    locked: int = 0
    total: int = 0
    learned: int = 0
    strong: int = 0


def overview(decks: Iterable[Deck], cards: Mapping[str, CardState], now: datetime, tz: tzinfo,
             start_hour: int, strong_days: float, plan: Plan | None = None
             ) -> dict[str, SkillOverview]:
    """Everything the home screen counts, in one pass over the items."""
    today = study_day(now, tz, start_hour)
    horizon = day_end(today, tz, start_hour)
    memory = {name for name, spec in KINDS.items() if spec.scheduled}
    out: dict[str, SkillOverview] = {}
    for deck in decks:
        deck_open = deck.available_from is None or deck.available_from <= today
        prefix = deck.id + "/"
        for item in deck.items:
            if item.kind not in memory:
                continue
            o = out.get(item.skill)
            if o is None:
                o = out[item.skill] = SkillOverview()
            if not deck_open or (item.available_from is not None and item.available_from > today) \
                    or (plan is not None and not plan.has_opened(item.unit, today)):
                o.locked += 1
                continue
            o.total += 1
            card = cards.get(prefix + item.id)
            if card is None:
                o.new += 1
                continue
            if card.due <= horizon:
                o.due += 1
            if card.reps and card.state == REVIEW:
                o.learned += 1
                if (card.stability or 0.0) >= strong_days:
                    o.strong += 1
    return out


def least_recent(items: Sequence[Item], cards: Mapping[str, CardState], kind: str) -> Item | None:
    """The item of `kind` practised longest ago (never practised first), so practices take
    turns."""
    of_kind = [i for i in items if i.kind == kind]
    if not of_kind:
        return None
    never = datetime.min.replace(tzinfo=UTC)

    def last(i: Item) -> datetime:
        card = cards.get(i.key)
        return card.last_review if card is not None and card.last_review else never

    return min(of_kind, key=last)


def daily_practice(items: Sequence[Item], cards: Mapping[str, CardState], now: datetime,
                   kind: str = "anchor") -> Item | None:
    """The practice of `kind` to offer now: none if one was already done this study day
    (a practice is due again at the next day boundary), else the least recently practised."""
    of_kind = [i for i in items if i.kind == kind]
    if any(i.key in cards and cards[i.key].due > now for i in of_kind):
        return None  # one of them was practised today already: once a day is the rhythm
    return least_recent(of_kind, cards, kind)
