"""A short run of the crash harness: SIGKILL mid-answer, mid-snapshot, mid-open, and imitated
power cuts; nothing acknowledged is lost."""

from __future__ import annotations

from pathlib import Path

from benchmarks.crash_harness import run


def test_killing_the_app_at_random_moments_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    report = run(15, seed=7, items=200, workdir=tmp_path, max_delay=0.3)
    assert report.problems == []
    assert report.kills == 15
    assert report.acked > 50  # the child really was answering between kills
    assert (report.lost, report.undo_lost, report.mismatches) == (0, 0, 0)
    assert report.damaged_snapshots == 0
    assert report.power_cuts >= 1 and report.torn_tails <= report.power_cuts
