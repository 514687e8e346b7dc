"""`cards.json`: the card table, the progress cache and the scheduler's parameters, one TinyDB
database written at once, with the review-log offset all of it covers.

It is a cache of the review log (every review record carries the card's state after it), so
it is written atomically off the answer path, and at start brought up to date from the log's
tail. One file for the three: they describe the same point of the log, so one atomic write
keeps them in step. Settings live apart in `state.json`, so saving a setting never rewrites
the card table.

Tables:
  cards      one document per card: CardState.to_dict()
  progress   one document: the progress fold (XP, days, recent answers...), when in step
  scheduler  one document: fsrs Scheduler.to_dict() the cards were scheduled with
  meta       one document: {"format", "log_offset"}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.domain.cards import Cards, card_or_none, saved_scheduler
from trainer.store.atomic import StoreError

SNAPSHOT_FILE = "cards.json"
FORMAT = 1
MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024  # far above 10,000 cards (about 3 MB)


@dataclass
class Snapshot:
    cards: Cards = field(default_factory=dict)
    offset: int = 0  # bytes of the review log the snapshot covers
    progress: dict[str, Any] | None = None  # None: rebuild from the log
    scheduler: dict[str, Any] | None = None  # None: today's defaults
    set_aside: int = 0  # card documents that could not be used (rebuilt from the log)


class Unusable(ValueError):
    """The snapshot can't be used at all; the message says why, in words for the trainee."""


def _one(tables: dict[str, Any], name: str) -> dict[str, Any] | None:
    table = tables.get(name)
    if table is None:
        return None
    if not isinstance(table, dict) or len(table) > 1:
        raise Unusable(f"its {name!r} table is damaged")
    doc = next(iter(table.values()), None)
    if doc is not None and not isinstance(doc, dict):
        raise Unusable(f"its {name!r} table is damaged")
    return doc


def read(path: Path) -> Snapshot | None:
    """The snapshot at `path`, every value checked; None if there is none. Card documents
    that can't be used are left out (and counted): the log has their states. Raises Unusable
    when the file as a whole can't be trusted, OSError when it can't be read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size > MAX_SNAPSHOT_BYTES:
        raise Unusable(f"it is {size // 1048576} MiB, far more than any card table")
    from trainer.store.tinystorage import AtomicJSONStorage

    try:
        tables = AtomicJSONStorage(path).read()
    except (ValueError, RecursionError):
        raise Unusable("it is not readable JSON") from None
    if not isinstance(tables, dict):
        raise Unusable("it does not hold the expected tables")
    meta = _one(tables, "meta") or {}
    offset, fmt = meta.get("log_offset"), meta.get("format")
    if fmt != FORMAT:
        raise Unusable(f"its format ({fmt!r}) is not one this version knows")
    if type(offset) is not int or offset < 0:
        raise Unusable("its note of how much of your history it covers is damaged")
    raw = tables.get("cards", {})
    if not isinstance(raw, dict):
        raise Unusable("its card table is damaged")
    out = Snapshot(offset=offset)
    for doc in raw.values():
        card = card_or_none(doc)
        if card is None or card.key in out.cards:
            out.set_aside += 1
        else:
            out.cards[card.key] = card
    progress = _one(tables, "progress")
    out.progress = progress if isinstance(progress, dict) else None
    out.scheduler = saved_scheduler(_one(tables, "scheduler"))
    return out


def write(path: Path, snap: Snapshot) -> None:
    """Replace `path` with `snap` through TinyDB, in one atomic write. Raises StoreError."""
    from tinydb import TinyDB
    from tinydb.middlewares import CachingMiddleware

    from trainer.store.tinystorage import AtomicJSONStorage

    cache = CachingMiddleware(AtomicJSONStorage)  # type: ignore[no-untyped-call]
    cache.WRITE_CACHE_SIZE = 1_000_000  # one write, at flush
    db = TinyDB(path, storage=cache, preloaded={})
    db.table("meta").insert({"format": FORMAT, "log_offset": snap.offset})
    if snap.scheduler is not None:
        db.table("scheduler").insert(snap.scheduler)
    if snap.progress is not None:
        db.table("progress").insert(snap.progress)
    db.table("cards").insert_multiple([c.to_dict() for c in snap.cards.values()])
    try:
        cache.flush()  # type: ignore[no-untyped-call]
    except (TypeError, ValueError) as e:  # not JSON-able: a bug, never a half-written file
        raise StoreError(0, f"could not save {path.name}: {e}") from e


def describe(path: Path) -> str:
    """One line for `doctor` about the file, without loading it into a Store."""
    try:
        snap = read(path)
    except Unusable as e:
        return f"{path.name} can't be used ({e}); the next start rebuilds it from your history"
    except OSError as e:
        return f"{path.name} could not be read ({e.strerror or e})"
    if snap is None:
        return f"there is no {path.name} yet; it is written when a session ends"
    extra = f", {snap.set_aside} damaged card(s) set aside" if snap.set_aside else ""
    return f"{path.name} is readable: {len(snap.cards)} card(s){extra}"
