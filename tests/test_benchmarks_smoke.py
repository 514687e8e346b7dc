"""Each benchmark runs once at a tiny size, so they keep working (no timing is asserted)."""

from __future__ import annotations

from benchmarks.bench import run_all


def test_every_benchmark_runs_and_reports_a_figure() -> None:
    figures = run_all(cards=60, reviews=200, runs=1, answers=5, deck_items=20)
    names = {f.name for f in figures}
    assert names == {"startup_to_home", "peak_rss_home", "session_queue", "stats_first_paint",
                     "stats_event_loop_block", "deck_validate", "answer_to_durable"}
    for f in figures:
        assert f.value > 0 or f.name == "stats_event_loop_block", f
        assert set(f.to_json()) == {"value", "unit", "baseline", "ratio", "target", "ok"}
