"""`report`: a trainee's practice report for their facilitator; `report merge`: a class summary.

The report is read from the review log through a read-only store, so it works while the app
is open. It never reads the journal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.domain.text import sentence

if TYPE_CHECKING:
    from trainer.domain.clock import Clock

COMMANDS: tuple[str, ...] = ("report",)


def _days(text: str) -> int:
    from trainer.services.report import MAX_DAYS

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= n <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"use a number of days from 1 to {MAX_DAYS}")
    return n


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register this module's subcommands (names listed in COMMANDS)."""
    r = sub.add_parser(
        "report", help="summarise your recent practice for your facilitator",
        description="Summarise the last N days of practice: practice days, answers, accuracy "
                    "and level per skill, the look-alikes still being learned, milestones and "
                    "XP. Your journal is never read and never part of a report. "
                    "`report merge FILE...` combines trainees' JSON reports into a class "
                    "summary.")
    r.add_argument("--format", choices=["md", "json", "csv"], default="md",
                   help="md (a readable page, the default), json (for merging) or csv "
                        "(one row per skill)")
    r.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    r.add_argument("--name", default="", help="your name as it should appear in the report")
    r.add_argument("--days", type=_days, default=30, metavar="N",
                   help="how many days back the report covers, today included (default 30)")
    actions = r.add_subparsers(dest="report_action", metavar="merge", title="class summary",
                               description="without it, your own report is made")
    m = actions.add_parser(
        "merge", help="combine trainees' JSON reports into a class summary",
        description="Combine trainees' JSON reports (made with `report --format json`) into a "
                    "class summary. Files that aren't usable reports are skipped with a "
                    "message; the rest are still merged.")
    m.add_argument("files", nargs="+", metavar="FILE", help="a trainee's JSON report")
    # SUPPRESS: an option given before `merge` (report --format json merge ...) still counts.
    m.add_argument("--format", choices=["md", "json"], default=argparse.SUPPRESS,
                   help="md (the default) or json")
    m.add_argument("-o", "--output", metavar="FILE", default=argparse.SUPPRESS,
                   help="write to FILE instead of the screen")


def run(args: argparse.Namespace, data_dir: Path, *, clock: Clock | None = None) -> int:
    """`clock` is for tests; the command line uses the system clock."""
    if getattr(args, "report_action", None) == "merge":
        return _merge(args)
    return _report(args, data_dir, clock)


def _write(text: str, output: str | None, what: str) -> int:
    from trainer.domain.text import clean

    if not output:
        sys.stdout.write(text)
        return 0
    path = Path(output).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        print(f"Couldn't write {clean(str(path))}: {sentence(e.strerror or e)}", file=sys.stderr)
        return 1
    print(f"{what} written to {clean(str(path))}.")
    return 0


def _report(args: argparse.Namespace, data_dir: Path, clock: Clock | None) -> int:
    from trainer.services import report
    from trainer.services.opening import open_trainer
    from trainer.store.atomic import StoreError

    extra = [Path(d).expanduser() for d in getattr(args, "decks", None) or []]
    try:
        trainer = open_trainer(data_dir, extra, writable=False, clock=clock)
        try:
            history = trainer.store.history()
        finally:
            trainer.store.close()
    except StoreError as e:
        print(f"Couldn't read your practice: {sentence(e.strerror)}", file=sys.stderr)
        return 1
    for notice in trainer.store.notices:
        print(f"Note: {notice}", file=sys.stderr)
    made = report.from_trainer(trainer, history, days=args.days, name=args.name)
    return _write(report.render(made, args.format), args.output, "Report")


def _merge(args: argparse.Namespace) -> int:
    from trainer.domain.text import clean
    from trainer.services import report
    from trainer.store.reports import read_report

    fmt = getattr(args, "format", "md")
    if fmt not in ("md", "json"):
        print("A class summary can be written as md or json.", file=sys.stderr)
        return 2
    reports: list[report.Report] = []
    seen: set[Path] = set()
    for name in args.files:
        path = Path(name).expanduser()
        shown = clean(str(path))
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path
        if key in seen:
            print(f"Skipped {shown}: it was already given once.", file=sys.stderr)
            continue
        seen.add(key)
        try:
            parsed = report.parse_report(read_report(path, report.MAX_REPORT_BYTES))
        except OSError as e:
            print(f"Skipped {shown}: it could not be read ({e.strerror or e}).", file=sys.stderr)
            continue
        except report.ReportError as e:
            print(f"Skipped {shown}: {sentence(e)}", file=sys.stderr)
            continue
        reports.append(parsed)
    if not reports:
        print("No report could be read, so there is no class summary.", file=sys.stderr)
        return 1
    summary = report.merge(reports)
    return _write(report.render_class(summary, fmt), getattr(args, "output", None),
                  "Class summary")
