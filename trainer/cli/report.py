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
                    "and level per skill, the look-alikes still being learned, the items you "
                    "flagged, milestones and XP. Your journal is never read and never part of "
                    "a report, and a flag's note only when you chose to share it. "
                    "`report merge FILE...` combines trainees' JSON reports into a class "
                    "summary.")
    r.add_argument("--format", choices=["md", "json", "csv", "html"], default="md",
                   help="md (a readable page, the default), json (for your facilitator to "
                        "merge), csv (one row per skill) or html (a page with your year, your "
                        "levels over time and what you have come to hold)")
    r.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    r.add_argument("--name", default="", help="your name as it should appear in the report")
    r.add_argument("--days", type=_days, default=30, metavar="N",
                   help="how many days back the report covers, today included (default 30)")
    actions = r.add_subparsers(dest="report_action", metavar="merge", title="class summary",
                               description="without it, your own report is made")
    m = actions.add_parser(
        "merge", help="combine trainees' JSON reports into a class summary",
        description="Combine trainees' JSON reports (made with `report --format json`) into a "
                    "class summary; `--format html` writes a class page to look at (one file "
                    "that works offline and prints on A4). Files that aren't usable reports "
                    "are skipped with a message and the rest are still merged; the command "
                    "then exits with 1.")
    m.add_argument("files", nargs="+", metavar="FILE", help="a trainee's JSON report")
    # SUPPRESS: an option given before `merge` (report --format json merge ...) still counts.
    m.add_argument("--format", choices=["md", "json", "html"], default=argparse.SUPPRESS,
                   help="md (the default), json, or html (the class page)")
    m.add_argument("-o", "--output", metavar="FILE", default=argparse.SUPPRESS,
                   help="write to FILE instead of the screen")
    m.add_argument("--decks", metavar="DIR", action="append", default=[], dest="merge_decks",
                   help="your own decks' folder, so the items' prompts can be shown (the "
                        "built-in decks are always known); may be given more than once")


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
            events = trainer.store.events("flag", "level")
            flags = [e for e in events if e["type"] == "flag"]
            reached = [e for e in events if e["type"] == "level"] if args.format == "html" else []
        finally:
            trainer.store.close()
    except StoreError as e:
        print(f"Couldn't read your practice: {sentence(e.strerror)}", file=sys.stderr)
        return 1
    for notice in trainer.store.notices:
        print(f"Note: {notice}", file=sys.stderr)
    made = report.from_trainer(trainer, history, days=args.days, name=args.name, flags=flags)
    if args.format != "html":
        return _write(report.render(made, args.format), args.output, "Report")
    flagged = {f"{f['deck']}/{f['item']}" for f in made["flags"]}
    prompts = {i.key: i.prompt for d in trainer.deckset.decks for i in d.items if i.key in flagged}
    trail = report.trainer_journey(trainer, history, reached)
    return _write(report.render(made, "html", prompts, trail), args.output, "Report")


def _prompts(folders: list[Path], keys: set[str]) -> dict[str, str]:
    """The prompts of `keys` (card keys) in the built-in decks and the facilitator's folders;
    a folder that can't be read, or decks with problems, are noted (their prompts are then
    missing from the page, which says so)."""
    from trainer.domain.text import clean
    from trainer.services.decks import check_files
    from trainer.store.paths import builtin_decks_dir

    if not keys:
        return {}
    checked = check_files([builtin_decks_dir(), *folders])
    prompts = {i.key: i.prompt for deck, _src in checked.decks for i in deck.items
               if i.key in keys}
    troubled = sorted({p.file for p in checked.problems})
    if troubled:
        print(f"Note: {len(troubled)} deck file(s) could not be used, so their items' prompts "
              f"are missing ({', '.join(clean(t) for t in troubled[:3])}"
              f"{', ...' if len(troubled) > 3 else ''}); `deck validate` says why.",
              file=sys.stderr)
    return prompts


def _merge(args: argparse.Namespace) -> int:
    from trainer.domain.text import clean
    from trainer.services import report
    from trainer.store.reports import read_report

    fmt = getattr(args, "format", "md")
    if fmt not in ("md", "json", "html"):
        print("A class summary can be written as md, json or html.", file=sys.stderr)
        return 2
    reports: list[report.Report] = []
    seen: set[Path] = set()
    skipped = 0
    for name in args.files:
        path = Path(name).expanduser()
        shown = clean(str(path))
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path
        if key in seen:
            print(f"Skipped {shown}: it was already given once.", file=sys.stderr)
            skipped += 1
            continue
        seen.add(key)
        try:
            parsed = report.parse_report(read_report(path, report.MAX_REPORT_BYTES))
        except OSError as e:
            print(f"Skipped {shown}: it could not be read ({e.strerror or e}).", file=sys.stderr)
            skipped += 1
            continue
        except report.ReportError as e:
            print(f"Skipped {shown}: {sentence(e)}", file=sys.stderr)
            skipped += 1
            continue
        reports.append(parsed)
    if not reports:
        print("No report could be read, so there is no class summary.", file=sys.stderr)
        return 1
    summary = report.merge(reports, skipped=skipped)
    for same in summary["same_names"]:
        print(f"Note: {same['reports']} reports are named {same['name']}; they are merged as "
              f"separate trainees ({', '.join(same['shown_as'])}).", file=sys.stderr)
    prompts: dict[str, str] = {}
    if fmt != "json":
        keys = {f"{e['deck']}/{e['item']}" for e in [*summary["most_missed"], *summary["flags"]]}
        folders = [Path(d).expanduser() for d in
                   [*(getattr(args, "decks", None) or []), *args.merge_decks]]
        prompts = _prompts(folders, keys)
    code = _write(report.render_class(summary, fmt, prompts), getattr(args, "output", None),
                  "Class summary")
    if code == 0 and skipped:
        print(f"{skipped} of {skipped + len(reports)} files "
              f"{'was' if skipped == 1 else 'were'} skipped (see above); the class summary "
              "holds the others.", file=sys.stderr)
        return 1
    return code
