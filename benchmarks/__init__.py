"""Benchmarks and stress harnesses (run with `python -m benchmarks.<name>`)."""
