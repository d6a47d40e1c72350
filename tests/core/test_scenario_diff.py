"""Which inputs differ between scenarios, in words, and pinned options kept with a scenario."""

from __future__ import annotations

from sufficiency_app.scenario_diff import differing_inputs, input_summary, pins, with_pins
from tests.ui.conftest import tiny_scenario


def test_only_differing_inputs_are_listed_in_words():
    a = tiny_scenario("Base")
    b = a.replace(parameters=a.parameters.replace(name="More capital", capital=(4_500_000.0, 4_500_000.0)))
    options = b.options.copy()
    options.loc[options["option_id"] == "O1", "capital_per_module"] = 1_250_000.0
    b = b.replace(options=options)
    table = differing_inputs([a, b])
    assert list(table.columns) == ["input", "Base", "More capital"]
    rows = dict(zip(table["input"], zip(table["Base"], table["More capital"])))
    assert rows["Capital budget"] == ("£3.0m a year", "£4.5m a year")
    assert rows["Capital budget, all years"] == ("£6.0m", "£9.0m")
    assert rows["East Special: capital per module"] == ("£1,000,000", "£1,250,000")
    assert "Independent place cost" not in rows and len(rows) == 3


def test_pins_are_kept_in_the_parameters_and_compared_by_name():
    a = tiny_scenario("Base")
    pinned = with_pins(a.parameters.replace(name="Pinned"), frozenset({"O2"}), frozenset({"O1"}))
    assert pins(pinned) == (frozenset({"O2"}), frozenset({"O1"}))
    b = a.replace(parameters=pinned)
    summary = input_summary(b)
    assert summary["Options must build"] == "Far Unit" and summary["Options never build"] == "East Special"
    table = differing_inputs([a, b])
    assert set(table["input"]) == {"Options must build", "Options never build"}
    assert pins(with_pins(pinned, frozenset(), frozenset()))[0] == frozenset()


def test_same_inputs_give_an_empty_table():
    assert differing_inputs([tiny_scenario("A"), tiny_scenario("B")]).empty
