"""A course path: items in units, new items unit by unit, and a class's plan.toml releasing
units by date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import deck_with
from trainer.cli import main
from trainer.domain.clock import FixedClock
from trainer.domain.plan import Plan, parse_plan
from trainer.domain.problems import DeckError
from trainer.services.decks import load_decks
from trainer.services.practice import Trainer
from trainer.store.store import Store

UNITS = deck_with("".join(f'''
[[items]]
id = "u{unit}-{n}"
kind = "recall"
unit = {unit}
prompt = "Unit {unit}, item {n}?"
answers = ["a"]
explanation = "Because."
''' for unit in (3, 1, 2) for n in range(2))).replace('id = "test"', 'id = "course"')


def trainer_over(tmp_path: Path, clock: FixedClock, plan: str | None) -> Trainer:
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    (folder / "course.toml").write_text(UNITS)
    if plan is not None:
        (folder / "plan.toml").write_text(plan)
    store = Store(tmp_path / "data")
    trainer = Trainer(store, load_decks(store, [folder]), clock)
    trainer.set_setting("disabled_decks", sorted(
        d.id for d in trainer.deckset.decks if d.id != "course"))
    return trainer


def test_new_items_come_unit_by_unit(tmp_path: Path, clock: FixedClock) -> None:
    trainer = trainer_over(tmp_path, clock, None)
    try:
        queue = [i.id for i in trainer.start_session().queue]
        assert queue == ["u1-0", "u1-1", "u2-0", "u2-1", "u3-0", "u3-1"]  # no plan: all open
    finally:
        trainer.store.close()


def test_a_plan_releases_units_by_date_and_keeps_unlisted_ones_closed(
        tmp_path: Path, clock: FixedClock) -> None:
    today = clock.now().date()
    plan = f"[units]\n1 = {today}\n2 = {today + timedelta(days=7)}\n"
    trainer = trainer_over(tmp_path, clock, plan)
    try:
        assert [i.id for i in trainer.start_session().queue] == ["u1-0", "u1-1"]
        assert trainer.locked_counts()["feelings"] == 4  # shown as "coming" on the skill map
        clock.advance(days=7)
        assert {i.id for i in trainer.available_items()} == {"u1-0", "u1-1", "u2-0", "u2-1"}
        clock.advance(days=300)  # unit 3 has no date in the plan: it stays closed
        assert "u3-0" not in {i.id for i in trainer.available_items()}
    finally:
        trainer.store.close()


def test_deck_list_shows_units_and_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "course.toml").write_text(UNITS)
    (folder / "plan.toml").write_text("[units]\n1 = 2027-01-11\n")
    assert main(["--data-dir", str(tmp_path / "data"), "--decks", str(folder), "deck", "list",
                 "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    course = next(d for d in listing["decks"] if d["id"] == "course")
    assert course["units"] == [1, 2, 3]
    assert listing["plan"] == {"source": str(folder / "plan.toml"),
                               "units": {"1": "2027-01-11"}}
    builtin = next(d for d in listing["decks"] if d["id"] == "needs")
    assert builtin["units"] == list(range(1, 9))


def test_validate_checks_a_plan_and_says_where(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "course.toml").write_text(UNITS)
    (folder / "plan.toml").write_text("[units]\n1 = 2027-01-11\nsoon = 2027-02-01\n2 = \"next week\"\n")
    assert main(["deck", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'plan.toml'}:3: 'soon' is not a unit number" in out
    assert f"{folder / 'plan.toml'}:4: unit 2 should open on a date like 2027-01-11" in out


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_plan_give_a_plan_or_its_own_error(data: bytes) -> None:
    try:
        plan = parse_plan(data, "plan.toml")
    except DeckError as e:
        assert all(str(p).startswith("plan.toml:") for p in e.problems)
    else:
        assert isinstance(plan, Plan) and all(isinstance(d, date) for d in plan.opens.values())
