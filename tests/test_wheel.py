"""The wheel ships the built-in decks and the stylesheet, and an installed copy finds its decks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from trainer.domain.skills import SKILL_IDS

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
import trainer
from trainer.domain.deckparse import parse_deck
from trainer.store.paths import builtin_decks_dir
folder = builtin_decks_dir()
decks = {p.name: len(parse_deck(p.read_bytes(), p.name).items) for p in sorted(folder.glob("*.toml"))}
print(json.dumps({"package": trainer.__file__, "folder": str(folder), "decks": decks}))
"""


def test_the_wheel_ships_the_decks_and_an_installed_copy_finds_them(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir",
         "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("self_empathy_trainer-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for skill in SKILL_IDS:
        assert f"trainer/_drills/{skill}.toml" in names
    assert "trainer/ui/app.tcss" in names
    assert "trainer/__main__.py" in names
    assert not any(n.startswith(("tests/", "drills/")) for n in names)

    site = (tmp_path / "site").resolve()
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).is_relative_to(site)
    assert Path(report["folder"]) == site / "trainer" / "_drills"
    assert sorted(report["decks"]) == sorted(f"{s}.toml" for s in SKILL_IDS)
    assert all(n > 40 for n in report["decks"].values())
