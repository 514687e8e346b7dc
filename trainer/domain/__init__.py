"""Pure domain: skills, decks, drill kinds, grading, scheduling policy. No Textual, no I/O."""
