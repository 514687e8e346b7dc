"""Layers: everything below the UI imports without Textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import importlib, json, pkgutil, sys
import trainer.domain, trainer.store, trainer.services
names = []
for pkg in (trainer.domain, trainer.store, trainer.services):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
import trainer.cli
names.append("trainer.cli")
print(json.dumps({
    "imported": names,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual")),
    "ui": sorted(m for m in sys.modules if m.startswith("trainer.ui")),
}))
"""


def test_domain_store_services_and_cli_do_not_import_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    imported = set(report["imported"])
    # The probe really walked every layer (one module per drill kind among them).
    assert {"trainer.domain.deck", "trainer.domain.cards", "trainer.domain.session",
            "trainer.domain.clock", "trainer.domain.text", "trainer.domain.kinds.recall",
            "trainer.domain.kinds.walkthrough", "trainer.store.store", "trainer.store.reviewlog",
            "trainer.store.lock", "trainer.store.atomic", "trainer.store.paths",
            "trainer.services.practice", "trainer.services.decks", "trainer.services.feedback",
            "trainer.cli"} <= imported
    assert report["textual"] == []
    assert report["ui"] == []


def test_the_domain_does_no_io() -> None:
    """The domain modules don't import the store or anything that touches files."""
    domain = ROOT / "trainer" / "domain"
    for path in domain.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("trainer.store", "trainer.services", "trainer.ui", "import textual",
                       "from textual", "open(", "pathlib"):
            assert banned not in source, f"{path.relative_to(ROOT)} uses {banned}"


START = r"""
import sys
from pathlib import Path
from trainer.services.opening import open_trainer
from trainer.ui.app import TrainerApp

trainer = open_trainer(Path(sys.argv[1]), [], writable=True)

loaded = []

async def stop(pilot):
    await pilot.pause()
    loaded.extend(sys.modules)  # what reaching home took, not what closing does
    pilot.app.exit()

TrainerApp(trainer).run(headless=True, size=(80, 24), auto_pilot=stop)
trainer.store.close()
print(" ".join(sorted(loaded)))
"""
# Needed only to answer (fsrs), to parse a deck that isn't cached (tomllib, csv), to open
# other screens, or never (_strptime): none loads before the home screen. (TinyDB does: the
# card table is a TinyDB database.)
NOT_AT_START = {"fsrs", "tomli", "csv", "secrets", "_strptime", "trainer.domain.csvdeck",
                "trainer.ui.screens.drill", "trainer.ui.screens.stats"}


def test_reaching_home_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for _ in range(2):  # the second start is the usual one: decks come from the cache
        done = subprocess.run([sys.executable, "-c", START, str(data)], capture_output=True,
                              text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "trainer.ui.screens.home" in loaded
    assert loaded & NOT_AT_START == set()


def import_cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in imports.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return out


def test_the_cycle_finder_finds_a_loop() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_loop() -> None:
    """Imports inside functions and under TYPE_CHECKING count too."""
    import grimp

    graph = grimp.build_graph("trainer", exclude_type_checking_imports=False)
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert import_cycles(imports) == []


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "trainer").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
