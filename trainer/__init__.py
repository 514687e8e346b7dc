"""Self-Empathy Trainer: practise the six skills of self-empathy in your terminal."""

__version__ = "0.1.0"
