"""The only code that touches files: data dir, card-state snapshot, review log, decks, lock."""
