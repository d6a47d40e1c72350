"""Pure helpers behind the window: table edits, parameters, headline figures, workshop state. No Qt."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from small_scenarios import window_county

from sufficiency_app import solver
from sufficiency_app.infra.formatting import format_value
from sufficiency_app.model.codes import INDEPENDENT
from sufficiency_app.present.figures import journeys, weighted_p95
from sufficiency_app.ui.headlines import headlines
from sufficiency_app.ui.tables import TABLE_BY_KEY, coerce, edited, frame_parameters, parameters_frame
from sufficiency_app.ui.workshop_state import WorkshopState, apply, kept_pins


def test_cell_values_are_coerced_to_the_column_type():
    assert coerce(" 12 ", np.dtype("int64"), "capacity") == 12
    assert coerce("1,250.5", np.dtype("float64"), "count") == 1250.5
    assert np.isnan(coerce("", np.dtype("float64"), "easting"))
    with pytest.raises(ValueError, match="capacity: must be a whole number"):
        coerce("12.5", np.dtype("int64"), "capacity")
    with pytest.raises(ValueError, match="not a number"):
        coerce("lots", np.dtype("float64"), "count")


def test_edit_makes_a_new_frame_and_leaves_the_old_one():
    s = window_county()
    new = edited(s.demand, [0, 3], "count", "7")
    assert new["count"].tolist()[:4] == [7.0, 20.0, 20.0, 7.0]
    assert s.demand["count"].tolist()[:4] == [20.0] * 4


def test_parameters_round_trip_through_the_table():
    p = window_county().parameters
    frame = parameters_frame(p)
    assert frame_parameters(frame, p) == p
    row = frame.index[frame["setting"] == "max_minutes.SEC"][0]
    changed = edited(frame, [row], "value", "60")
    assert frame_parameters(changed, p).max_minutes["SEC"] == 60.0
    longer = edited(frame, [int(frame.index[frame["setting"] == "horizon"][0])], "value", "4")
    assert frame_parameters(longer, p).capital == (3_000_000.0,) * 4  # list follows the horizon
    bad = edited(frame, [int(frame.index[frame["setting"] == "speed_kmh"][0])], "value", "fast")
    with pytest.raises(ValueError, match="speed_kmh"):
        frame_parameters(bad, p)


def test_problem_rows_map_to_table_rows():
    s = window_county()
    spec = TABLE_BY_KEY["demand"]
    assert spec.row_of_problem(s.demand, 2, "count") == 0  # spreadsheet row 2 = first data row
    assert spec.row_of_problem(s.demand, 99, "count") is None
    params = TABLE_BY_KEY["parameters"]
    frame = parameters_frame(s.parameters)
    assert frame["setting"][params.row_of_problem(frame, None, "travel.max_minutes")] == "max_minutes.EY"
    assert frame["setting"][params.row_of_problem(frame, None, "budget.capital")] == "capital"


def test_weighted_percentile_without_interpolation():
    values, weights = np.array([10.0, 20.0, 60.0]), np.array([90.0, 5.0, 5.0])
    assert weighted_p95(values, weights, 0.95) == 20.0  # 95 of 100 children reached at 20
    assert weighted_p95(values, weights, 0.96) == 60.0
    assert weighted_p95(values, weights, 0.5) == 10.0


@pytest.fixture(scope="module")
def solved():
    s = window_county()
    return s, solver.solve(s), solver.baseline(s)


def test_headlines_against_the_baseline_by_hand(solved):
    s, plan, base = solved
    h = {x.key: x for x in headlines(s, plan, base)}
    # Without new places 40 of the 80 children a year go independent: 80 child-years over 2 years.
    assert h["avoided"].value == pytest.approx(80.0)
    # Journeys count children in state settings only: without new places those are the 40 at 0 and
    # 19.5 minutes, all within the 45-minute limit; the independent 40 have no journey, only an assumed one.
    assert h["within"].value == pytest.approx(100.0) and h["within"].baseline == pytest.approx(100.0)
    assert h["within"].improved is None
    assert h["capital"].value == 2_000_000.0
    # Revenue: 80 independent child-years at 60,000 become special places at 25,000.
    assert h["revenue"].value == pytest.approx(80 * (60_000 - 25_000))
    j = journeys(s, base.allocation)
    independent = base.allocation[base.allocation["provision_id"] == INDEPENDENT]["count"].sum()
    assert independent == pytest.approx(80.0)
    assert j.p95 == 19.5 and j.mean == pytest.approx(9.75)  # not the independent sector's assumed 60 minutes


def test_headline_numbers_read_plainly():
    assert format_value(12_400_000, "money") == "£12.4m"
    assert format_value(-850_000, "money", signed=True) == "−£850k"
    assert format_value(87.54, "percent") == "87.5%"
    assert format_value(3.0, "minutes", signed=True) == "+3.0 min"
    assert format_value(8.5, "percent", signed=True) == "+8.5 pp"  # a difference of percentages is in points
    assert format_value(-0.2, "money", signed=True) == "£0"
    assert format_value(float("nan"), "children") == "–"


def test_workshop_state_derives_the_scenario():
    s = window_county()
    state = WorkshopState.from_scenario(s)
    assert apply(s, state).demand["count"].tolist() == s.demand["count"].tolist()
    grown = apply(s, state.with_(growth_percent=10.0, capital_per_year=1e6, force=frozenset({"O2"})))
    by_year = grown.demand.groupby("year")["count"].sum()
    assert by_year[2025] == pytest.approx(80.0) and by_year[2026] == pytest.approx(88.0)
    assert grown.parameters.capital == (1e6, 1e6)
    pinned = apply(s, state.with_(force=frozenset({"O2"}), forbid=frozenset({"O1"})))
    assert [(p.option_id, p.rule) for p in kept_pins(pinned)] == [("O2", "force"), ("O1", "forbid")]
    assert s.demand["count"].sum() == 160.0  # the original is untouched
    assert isinstance(grown.demand, pd.DataFrame)


def test_version_2_parameters_round_trip_through_the_table():
    from types import MappingProxyType

    p = window_county().parameters.replace(
        independent_stay=MappingProxyType({"PRI": 0.79, "SEC": 0.78}),
        independent_required=MappingProxyType({"ASD": 0.04, "SEMH": 0.08}),
        transport_fixed=4073.0, transport_per_km=0.74)
    frame = parameters_frame(p)
    values = dict(zip(frame["setting"], frame["value"]))
    assert values["independent_stay.PRI"] == "0.79" and values["independent_stay.EY"] == ""
    assert values["independent_required"] == "ASD 0.04; SEMH 0.08" and values["transport.per_km"] == "0.74"
    assert frame_parameters(frame, p) == p

    def edit(setting, text):
        return frame_parameters(edited(frame, [int(frame.index[frame["setting"] == setting][0])], "value", text), p)

    assert dict(edit("independent_required", "asc=0.05, SLD 0.1").independent_required) == {"ASD": 0.05, "SLD": 0.1}
    assert dict(edit("independent_stay.PRI", "").independent_stay) == {"SEC": 0.78}  # blank: off for that phase
    assert edit("transport.per_km", "0").transport_on  # the £4,073 per child still costs transport
    for setting, text, why in (("independent_stay.SEC", "1.2", "share"), ("independent_required", "XYZ 0.1", "need"),
                               ("independent_required", "ASD 1", "under 1"), ("transport.days", "400", "366")):
        with pytest.raises(ValueError, match=why):
            edit(setting, text)
    assert frame_parameters(parameters_frame(window_county().parameters), window_county().parameters) == \
        window_county().parameters  # version 1: blank and default rows read back as off
    params = TABLE_BY_KEY["parameters"]
    assert frame["setting"][params.row_of_problem(frame, None, "placements.independent_stay")] == \
        "independent_stay.EY"
    assert frame["setting"][params.row_of_problem(frame, None, "transport.per_km")] == "transport.per_km"


def test_version_3_parameters_round_trip_through_the_table():
    p = window_county().parameters.replace(place_funding=10000.0, tail_years=10.0, capital_for_travel=False,
                                           capital_slack=0.05, plans_outside=(1320.0,))
    frame = parameters_frame(p)
    values = dict(zip(frame["setting"], frame["value"]))
    assert (values["place_funding"], values["capital_for_travel"], values["plans_outside"]) == ("10000", "no", "1320")
    assert frame_parameters(frame, p) == p

    def edit(setting, text):
        return frame_parameters(edited(frame, [int(frame.index[frame["setting"] == setting][0])], "value", text), p)

    years = p.horizon
    assert edit("plans_outside", "; ".join(["100"] * years)).plans_outside == (100.0,) * years
    assert edit("plans_outside", "").plans_outside == ()  # blank: off
    assert edit("capital_for_travel", "yes").capital_for_travel
    for setting, text, why in (("place_funding", "-1", "at least 0"), ("place_funding", "lots", "not a number"),
                               ("tail_years", "1e300", "50 years"), ("tail_years", "nan", "at least 0"),
                               ("capital_slack", "1", "share under 1"), ("capital_for_travel", "maybe", "yes or no"),
                               ("plans_outside", "; ".join(["1"] * (years + 1)), "one a year"), ("plans_outside", "-5", "at least 0")):
        with pytest.raises(ValueError, match=why):
            edit(setting, text)
    params = TABLE_BY_KEY["parameters"]
    assert frame["setting"][params.row_of_problem(frame, None, "objective.tail_years")] == "tail_years"
    assert frame["setting"][params.row_of_problem(frame, None, "measures.plans_outside")] == "plans_outside"


def test_what_each_option_buys_names_the_options_bought_for_journeys_only():
    from types import SimpleNamespace

    from sufficiency_app.model.plan import BUYS_JOURNEYS, BUYS_PLACES, OPTION_VALUE_COLUMNS
    from sufficiency_app.ui.results_panel import option_values_frame

    sc = window_county()
    values = pd.DataFrame([("O1", 8, 1e6, 3.0, 3.0, 200.0, BUYS_PLACES), ("O2", 10, 2e6, 0.0, 0.0, 40.0, BUYS_JOURNEYS)],
                          columns=list(OPTION_VALUE_COLUMNS))
    entry = SimpleNamespace(scenario=sc, result=SimpleNamespace(option_values=values))
    frame = option_values_frame(entry)
    assert frame[["Minutes saved", "Buys"]].values.tolist() == [["200", BUYS_PLACES], ["40", BUYS_JOURNEYS]]
    older = SimpleNamespace(scenario=sc, result=SimpleNamespace(option_values=values.assign(minutes_saved=float("nan"),
                                                                                           buys=None)))
    assert option_values_frame(older)[["Minutes saved", "Buys"]].values.tolist() == [["", ""], ["", ""]]
