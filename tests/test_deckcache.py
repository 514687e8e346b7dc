"""The parsed-deck cache: exact round trip, used when files are unchanged, ignored when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_content import DECKS
from trainer.domain.deckcodec import from_plain, to_plain
from trainer.services import decks as deck_service
from trainer.store.deckcache import CACHE_FILE
from trainer.store.store import Store


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_round_trip_is_exact(deck: object) -> None:
    assert from_plain(to_plain(deck)) == deck  # type: ignore[arg-type]


def test_unchanged_decks_come_from_the_cache(data_dir: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    store = Store(data_dir)
    try:
        first = deck_service.load_decks(store)
        assert (data_dir / CACHE_FILE).exists()

        def no_parsing(*_a: object) -> None:
            raise AssertionError("parsed although the file was unchanged")

        monkeypatch.setattr(deck_service, "parse_any", no_parsing)
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


def test_a_damaged_cache_is_ignored(data_dir: Path) -> None:
    store = Store(data_dir)
    try:
        (data_dir / CACHE_FILE).write_bytes(b"\x00garbage")
        assert len(deck_service.load_decks(store).decks) == 6
    finally:
        store.close()
