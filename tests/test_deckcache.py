"""The parsed-deck cache: exact round trip, used when files are unchanged, ignored when not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.test_content import DECKS
from trainer.domain.deck import Deck, Item
from trainer.domain.deckcodec import body_from_plain, from_plain, to_plain
from trainer.services import decks as deck_service
from trainer.store import deckcache
from trainer.store.deckcache import CACHE_FILE
from trainer.store.store import Store


class Texts:
    def __init__(self, kind_texts: list[tuple[object, ...]]) -> None:
        self.texts = kind_texts
        self.asked: list[int] = []

    def body(self, item: Item, where: int) -> tuple[str, str, object, int]:
        self.asked.append(where)
        return body_from_plain(item.kind, self.texts[where])


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_round_trip_is_exact_and_text_is_read_only_when_asked(deck: Deck) -> None:
    meta, rows, texts = to_plain(deck)
    source = Texts(texts)
    again = from_plain(meta, rows, source)
    assert [(i.key, i.skill, i.kind, i.tags) for i in again.items] == [
        (i.key, i.skill, i.kind, i.tags) for i in deck.items]
    assert again.items[0] != again.items[1] and again.items[2] in again.items
    assert source.asked == []  # told apart by their index fields alone
    assert again.items[3].prompt == deck.items[3].prompt
    assert source.asked == [3]
    assert again == deck


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deck files count as changed long ago (the built-in ones may be fresh from a checkout)."""
    monkeypatch.setattr(deckcache, "RACY_NS", -10**20)


def test_unchanged_decks_come_from_the_cache(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                             settled: None) -> None:
    store = Store(data_dir)
    try:
        first = deck_service.load_decks(store)
        assert (data_dir / CACHE_FILE).exists()

        def no_reading(*_a: object) -> None:
            raise AssertionError("read although the file was unchanged")

        monkeypatch.setattr(deck_service, "parse_any", no_reading)
        monkeypatch.setattr(deck_service, "read_deck", no_reading)
        second = deck_service.load_decks(store)
        assert second.decks == first.decks
    finally:
        store.close()


def test_an_edited_deck_is_parsed_afresh(data_dir: Path) -> None:
    store = Store(data_dir)
    folder = data_dir.parent / "class"
    folder.mkdir()
    deck = folder / "mine.toml"
    body = ('id = "mine"\ntitle = "Mine"\nversion = 1\nskill = "needs"\n[[items]]\nid = "a"\n'
            'kind = "recall"\nprompt = "{p}"\nanswers = ["rest"]\nexplanation = "Rest is a need."\n')
    try:
        deck.write_text(body.replace("{p}", "Name a need."))
        assert deck_service.load_decks(store, [folder]).get("mine").items[0].prompt == "Name a need."
        deck.write_text(body.replace("{p}", "Name one need."))
        again = deck_service.load_decks(store, [folder]).get("mine")
        assert again is not None and again.items[0].prompt == "Name one need."
    finally:
        store.close()


def test_a_deck_changed_moments_ago_is_not_trusted_to_its_file_times(data_dir: Path) -> None:
    """File times are coarse: two quick same-size writes can share them. So a deck written in
    the last seconds is parsed again next time rather than trusted to its signature."""
    now = time.time_ns()
    cache = deckcache.DeckCache(data_dir, writable=True)
    fresh = (100, now, now, 7)
    older = (100, now - 10 * 10**9, now - 10 * 10**9, 8)
    cache.put("fresh.toml", fresh, ("meta",), (), [])
    cache.put("older.toml", older, ("meta",), (), [])
    assert cache.get("fresh.toml", fresh) is None
    assert cache.get("older.toml", older) is not None


def test_unreadable_cached_text_falls_back_to_the_deck_file(data_dir: Path, settled: None
                                                             ) -> None:
    store = Store(data_dir)
    try:
        deck_service.load_decks(store)
        cache = data_dir / CACHE_FILE
        raw = bytearray(cache.read_bytes())
        raw[-200:] = b"\xff" * 200  # the last items' texts, damaged
        cache.write_bytes(bytes(raw))
        decks = deck_service.load_decks(store).decks
        last = decks[-1].items[-1]
        assert last._source is not None  # still from the cache, text not yet read
        assert last.prompt and last.explanation and last.data is not None
    finally:
        store.close()


def test_a_damaged_cache_is_ignored(data_dir: Path) -> None:
    store = Store(data_dir)
    try:
        (data_dir / CACHE_FILE).write_bytes(b"\x00garbage")
        assert len(deck_service.load_decks(store).decks) == 6
    finally:
        store.close()
