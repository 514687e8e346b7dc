"""Each benchmark runs once at a tiny size, so they keep working (no timing is asserted)."""

from __future__ import annotations

from benchmarks.bench import run_all


def test_every_benchmark_runs_at_both_scales_and_reports_a_figure() -> None:
    figures = run_all(quick=True)
    names = {f.name for f in figures}
    both = {f"{scale}.{name}" for scale in ("realistic", "large")
            for name in ("startup_to_home", "peak_rss_home", "session_queue", "answer_to_durable")}
    assert names == both | {"large.stats_first_paint", "large.stats_event_loop_block",
                            "large.deck_validate"}
    for f in figures:
        assert f.value > 0 or f.name.endswith("stats_event_loop_block"), f
        assert set(f.to_json()) == {"value", "unit", "baseline", "ratio", "target", "ok"}
