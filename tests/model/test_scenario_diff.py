"""Which inputs differ between scenarios, in words, and pinned options kept with a scenario."""

from __future__ import annotations

from small_scenarios import window_county

from sufficiency_app.model.scenario_diff import differing_inputs, input_summary, pins, with_pins


def test_only_differing_inputs_are_listed_in_words():
    a = window_county("Base")
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
    a = window_county("Base")
    pinned = with_pins(a.parameters.replace(name="Pinned"), frozenset({"O2"}), frozenset({"O1"}))
    assert pins(pinned) == (frozenset({"O2"}), frozenset({"O1"}))
    b = a.replace(parameters=pinned)
    summary = input_summary(b)
    assert summary["Options must build"] == "Far Unit" and summary["Options never build"] == "East Special"
    table = differing_inputs([a, b])
    assert set(table["input"]) == {"Options must build", "Options never build"}
    assert pins(with_pins(pinned, frozenset(), frozenset()))[0] == frozenset()


def test_same_inputs_give_an_empty_table():
    assert differing_inputs([window_county("A"), window_county("B")]).empty


def test_version_2_settings_compare_against_their_off_values():
    """A scenario with transport, a stay rate and a two-year build against its version 1 self."""
    from types import MappingProxyType

    a = window_county("Version 1")
    p = a.parameters.replace(name="Version 2", independent_stay=MappingProxyType({"PRI": 0.83, "SEC": 0.83}),
                             independent_required=MappingProxyType({"ASD": 0.025}), transport_per_km=0.45)
    b = a.replace(parameters=p, options=a.options.assign(build_years=[2] + [None] * (len(a.options) - 1)))
    table = differing_inputs([a, b])
    rows = dict(zip(table["input"], zip(table["Version 1"], table["Version 2"])))
    first = a.options["name"].iloc[0]
    assert rows == {
        "Independent placements still there a year on, Primary": ("0%", "83%"),
        "Independent placements still there a year on, Secondary": ("0%", "83%"),
        "Placed independently whatever is built, ASD": ("0%", "2.5%"),
        "Transport cost per km": ("£0.00", "£0.45"),
        f"{first}: years to build": ("1", "2"),
    }


def test_version_3_settings_compare_against_their_off_values():
    a = window_county("Base")
    p = a.parameters.replace(name="Councils' money", place_funding=10_000.0, tail_years=10.0,
                             capital_for_travel=False, plans_outside=(100.0,))
    b = a.replace(parameters=p, options=a.options.assign(fill_years=[3, 1]))
    table = differing_inputs([a, b])
    rows = dict(zip(table["input"], zip(table["Base"], table["Councils' money"])))
    assert rows["Place funding a place a year"] == ("£0", "£10,000")
    assert rows["Capital spent to shorten journeys alone"] == ("yes", "no")
    assert rows["EHC plans in settings not planned, all years"] == ("0", "200")
    assert rows["East Special: years to fill"] == ("not in this scenario", "3")
