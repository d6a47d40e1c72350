"""Options a workshop pinned, kept in ``scenario.toml`` under ``[workshop]``: every solve keeps them, and a
malformed entry is reported with file, key and value (never a traceback)."""

from __future__ import annotations

import pytest
from small_scenarios import window_county

from sufficiency_app import cli
from sufficiency_app.io import load_scenario, write_scenario
from sufficiency_app.model.scenario_diff import pin_rules, pins, with_pins


def _folder(tmp_path, workshop: str):
    folder = tmp_path / "county"
    write_scenario(window_county(), folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")  # a table goes last, a top-level key first
    toml.write_text(text + "\n" + workshop + "\n" if workshop.startswith("[") else workshop + "\n" + text,
                    encoding="utf-8")
    return folder


@pytest.mark.parametrize("workshop, key, value", [
    ("[workshop]\nmust_build = 5", "workshop.must_build", "5"),
    ('[workshop]\nnever_build = "O1"', "workshop.never_build", "O1"),
    ("[workshop]\nmust_build = [1, 2]", "workshop.must_build", "[1, 2]"),
    ('workshop = "O1"', "workshop.must_build", "O1"),
])
def test_a_malformed_pin_list_is_an_error_naming_the_key(tmp_path, workshop, key, value):
    scenario, problems = load_scenario(_folder(tmp_path, workshop))
    assert scenario is None
    found = [p for p in problems if p.column == key]
    assert found and found[0].severity == "error" and found[0].file == "scenario.toml"
    assert found[0].value == value and "is not a list of option ids" in found[0].message


def test_an_unknown_option_is_a_warning_and_the_solve_says_it_cannot_keep_it(tmp_path, capsys):
    folder = _folder(tmp_path, '[workshop]\nmust_build = ["NOPE"]')
    scenario, problems = load_scenario(folder)
    assert scenario is not None
    assert [(p.severity, p.column, p.value) for p in problems] == [("warning", "workshop.must_build", "NOPE")]
    assert cli.main(["solve", str(folder), "--out", str(tmp_path / "out"), "--time-limit", "30"]) == 2
    assert "no option is called 'NOPE'" in capsys.readouterr().err


def test_the_command_line_keeps_the_pins(tmp_path):
    def built(workshop: str, out: str) -> str:
        folder = _folder(tmp_path / out, workshop)
        assert cli.main(["solve", str(folder), "--out", str(tmp_path / out / "plan"), "--time-limit", "30"]) == 0
        return (tmp_path / out / "plan" / "schedule.csv").read_text(encoding="utf-8")

    assert "O1," in built("", "free")
    assert "O1," not in built('[workshop]\nnever_build = ["O1"]', "pinned")


def test_pin_rules_are_in_a_fixed_order_and_tolerate_damage():
    p = with_pins(window_county().parameters, frozenset({"O2", "O1"}), frozenset({"O3"}))
    assert pin_rules(p) == (("O1", "force"), ("O2", "force"), ("O3", "forbid"))
    from types import MappingProxyType

    damaged = p.replace(extra=MappingProxyType({"workshop": "O1"}))
    assert pins(damaged) == (frozenset(), frozenset()) and pin_rules(damaged) == ()
