"""The order an item's entries are shown in: fresh at each showing, the same on a redraw.

Options that never move teach a returning trainee "it was 2" instead of the line itself, so
choice and multi options, match partners and order steps are shuffled for every showing. The
seed is the card key and how many times the card was answered before, so redrawing the
screen, or taking an answer back, shows the same order again."""

from __future__ import annotations

import random
import zlib


def shown_order(key: str, n: int, showing: int = 0, *, never_written: bool = False) -> list[int]:
    """Indices into the deck's list, in the order shown. With `never_written`, the deck's own
    order is never the one shown (for match and order, where it would be the answer)."""
    order = list(range(n))
    random.Random(zlib.crc32(f"{key}#{showing}".encode())).shuffle(order)
    if never_written and n > 1 and order == list(range(n)):
        order = order[1:] + order[:1]
    return order
