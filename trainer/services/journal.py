"""Walk-through journal entries for the UI: save, list, read and delete, through the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from trainer.domain.deck import Item
from trainer.domain.kinds.walkthrough import STEPS
from trainer.domain.text import clean
from trainer.services.practice import Trainer
from trainer.store.journal import Journal, new_entry_id

VERSION = 1
STEP_KEYS = tuple(key for key, _label in STEPS)
STEP_LABELS = dict(STEPS)
MAX_FIELD = 4000  # per step; a walk-through is a few sentences, not an essay


@dataclass(frozen=True, slots=True)
class Entry:
    """One saved walk-through: what the trainee wrote at each step."""

    id: str
    created: datetime  # UTC
    item: str  # the card key of the walk-through item, or "" if none
    prompt: str
    steps: dict[str, str]  # step key -> text, only the steps that were written

    def local_time(self, tz: tzinfo) -> datetime:
        return self.created.astimezone(tz)

    def when(self, tz: tzinfo) -> str:
        """`Mon 2 Mar 2026, 10:00` in the trainee's time zone."""
        t = self.local_time(tz)
        return f"{t:%a} {t.day} {t:%b %Y, %H:%M}"

    def preview(self, words: int = 7) -> str:
        """The first words of the observation (or of whatever was written first)."""
        text = self.steps.get("observation") or next(iter(self.steps.values()), "")
        parts = text.split()
        if not parts:
            return "(nothing written)"
        return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def journal(trainer: Trainer) -> Journal:
    return Journal(trainer.store.root, writable=trainer.store.writable)


def save_entry(trainer: Trainer, steps: Mapping[str, str], item: Item | None = None) -> Entry:
    """Save a walk-through privately. Raises StoreError (nothing half-written) if it can't."""
    now = trainer.now()
    written = {k: steps[k].strip()[:MAX_FIELD] for k in STEP_KEYS
               if k in steps and steps[k].strip()}
    entry = Entry(new_entry_id(now), now.astimezone(UTC), item.key if item else "",
                  item.prompt if item else "", written)
    journal(trainer).save(entry.id, {
        "v": VERSION,
        "id": entry.id,
        "created": entry.created.isoformat(),
        "item": entry.item,
        "prompt": entry.prompt,
        "steps": entry.steps,
    })
    return entry


def _entry(entry_id: str, record: dict[str, object]) -> Entry | None:
    try:
        created = datetime.fromisoformat(str(record.get("created")))
    except ValueError:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    raw = record.get("steps")
    steps = raw if isinstance(raw, dict) else {}
    # Files can be edited by hand: keep known steps with text, cleaned of terminal controls.
    text = {k: clean(v) for k in STEP_KEYS if isinstance(v := steps.get(k), str) and v.strip()}
    return Entry(entry_id, created.astimezone(UTC), clean(str(record.get("item", ""))),
                 clean(str(record.get("prompt", ""))), text)


def entries(trainer: Trainer) -> list[Entry]:
    """Every readable entry, newest first. Reads each file: only when the journal is opened."""
    j = journal(trainer)
    out: list[Entry] = []
    for entry_id in j.ids():
        record = j.read(entry_id)
        entry = _entry(entry_id, record) if record is not None else None
        if entry is not None:
            out.append(entry)
    return out


def load_entry(trainer: Trainer, entry_id: str) -> Entry | None:
    record = journal(trainer).read(entry_id)
    return _entry(entry_id, record) if record is not None else None


def delete_entry(trainer: Trainer, entry_id: str) -> bool:
    """Delete one entry for good. Raises StoreError if the file can't be removed."""
    return journal(trainer).delete(entry_id)
