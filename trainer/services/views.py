"""What the home and stats screens, `stats` and the summary show, read from a Trainer: rhythm,
today's goal, what's coming tomorrow, confusions, and the counts per skill.

Counts follow one definition everywhere: an answer is a response to a scored item, right or
not; anchor practices and walk-throughs are practices, never right or wrong, and counted
apart. Accuracy is right answers over answers."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from trainer.domain import progress as prog
from trainer.domain.skills import SKILL_IDS
from trainer.domain.stats import accuracy, forecast
from trainer.services.practice import Trainer
from trainer.services.run import Result


def top_confusion(trainer: Trainer, results: list[Result] | None = None
                  ) -> tuple[str, str, int] | None:
    """(expected tag, given tag, times): from a session's results, or from all practice."""
    if results is not None:
        counts: dict[str, int] = defaultdict(int)
        for r in results:
            pair = prog.confusion(r.grade.correct, r.grade.expected_tag, r.grade.given_tag)
            if pair is not None:
                counts[pair] += 1
    else:
        counts = trainer.book.data["confusions"]
    if not counts:
        return None
    pair, n = max(counts.items(), key=lambda kv: kv[1])
    expected, given = pair.split(">", 1)
    return expected, given, n


def rhythm(trainer: Trainer) -> dict[str, Any]:
    days = trainer.book.practice_days()
    today = trainer.today()
    streak, bank = prog.streak(days, today)
    return {
        "rhythm_7d": prog.rhythm(days, today),
        "streak_days": streak,
        "rest_days_banked": bank,
        "days_away": prog.days_away(days, today),
        "returning": prog.returning(days, today),
        "practised_today": today in days,
    }


def goal_progress(trainer: Trainer) -> tuple[float, float, str]:
    """(done, target, unit) for today's goal: sessions or minutes."""
    goal = str(trainer.setting("daily_goal"))
    today = trainer.book.data["days"].get(trainer.today().isoformat(), {})
    if goal.endswith("min"):
        return float(today.get("seconds", 0)) / 60, float(goal.split()[0]), "min"
    return float(today.get("sessions", 0)), 1.0, "session"


def coming(trainer: Trainer, days: int = 14) -> list[int]:
    """Reviews falling due on each of the next `days` study days (today first, with what is
    overdue); daily practices are not reviews."""
    return forecast(trainer.cards, trainer.today(), trainer.clock.tz(), trainer.day_start_hour,
                    days, skip=trainer.practice_keys())


def stats(trainer: Trainer) -> dict[str, Any]:
    """Everything `stats --json` says, all time."""
    view = trainer.overview()
    counts = trainer.skill_counts(view)
    levels = trainer.levels(view)
    totals = trainer.book.data["totals"]
    ahead = coming(trainer, 2)
    skills = {}
    for s in SKILL_IDS:
        answers, right, practices = totals.get(s, (0, 0, 0))
        skills[s] = {"answers": answers, "right": right, "accuracy": accuracy(right, answers),
                     "practices": practices, "due": counts[s][0], "new": counts[s][1],
                     "level": levels[s].level, "level_name": levels[s].name,
                     "score": levels[s].score}
    return {
        "answers": trainer.book.data["answers"],
        "right": sum(v["right"] for v in skills.values()),
        "practices": trainer.book.data["practices"],
        "due_today": ahead[0],
        "due_tomorrow": ahead[1],
        "xp": trainer.book.xp,
        **{k: v for k, v in rhythm(trainer).items()
           if k in ("rhythm_7d", "streak_days", "rest_days_banked")},
        "milestones": sorted(trainer.book.data["earned"]),
        "skills": skills,
    }
