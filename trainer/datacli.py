"""Subcommands that look after the data dir itself (backups, doctor, export, forget)."""

from __future__ import annotations

import argparse
from pathlib import Path

COMMANDS: tuple[str, ...] = ()


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register this module's subcommands (names listed in COMMANDS)."""


def run(args: argparse.Namespace, data_dir: Path) -> int:
    raise SystemExit(f"unknown command {args.command}")
