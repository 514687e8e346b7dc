"""The Textual UI: thin screens that render trainer state and post messages."""
