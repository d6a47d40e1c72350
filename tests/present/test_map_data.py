"""The map's measures, checked against numbers worked by hand from the map county's plan (``small_scenarios.map_plan``)."""

import math

import numpy as np
import pytest
from small_scenarios import map_county, map_plan

from sufficiency_app.present import map_data


@pytest.fixture(scope="module")
def scenario():
    return map_county()


@pytest.fixture(scope="module")
def result():
    return map_plan()


def test_demand_counts_every_area_and_honours_the_filter(scenario, result):
    demand = map_data.area_measure(scenario, result, 2025, "demand")
    assert list(demand.index) == [f"A{i}" for i in range(9)]
    assert demand["A0"] == 4.5  # 1 ASD + 0.5 SEMH special + 3 mainstream
    assert demand["A4"] == 3.5 and demand["A6"] == 1.5
    assert map_data.area_measure(scenario, None, 2025, "demand", tier="special")["A0"] == 1.5
    asd_2026 = map_data.area_measure(scenario, result, 2026, "demand", need="ASD")
    assert asd_2026["A4"] == 4.0 and asd_2026["A1"] == 2.0


def test_independent_counts_fallback_and_listed_independent_schools(scenario, result):
    independent = map_data.area_measure(scenario, result, 2025, "independent")
    assert independent["A0"] == 1.5  # INDEPENDENT fallback
    assert independent["A8"] == 1.0  # X1 is an independent school
    assert independent.drop(["A0", "A8"]).eq(0).all()
    assert map_data.area_measure(scenario, result, 2025, "independent", need="SEMH")["A0"] == 0.5


def test_share_and_mean_minutes_leave_out_local_demand(scenario, result):
    share = map_data.area_measure(scenario, result, 2025, "independent_share")
    assert share["A0"] == 100.0 and share["A4"] == 0.0 and math.isnan(share["A6"])
    minutes = map_data.area_measure(scenario, result, 2025, "mean_minutes")
    # Journeys to state places only: A0's children are all independent (an assumed 60 min), so no mean
    assert math.isnan(minutes["A0"]) and math.isnan(minutes["A8"])
    assert minutes["A4"] == pytest.approx((3 * 5 + 0.5 * 5) / 3.5)
    assert math.isnan(minutes["A6"])


def test_plan_measures_are_blank_without_a_plan(scenario):
    assert map_data.area_measure(scenario, None, 2025, "independent").isna().all()
    with pytest.raises(KeyError, match="unknown measure"):
        map_data.area_measure(scenario, None, 2025, "nonsense")


def test_capacity_grows_with_the_schedule(scenario, result):
    cap = map_data.capacity_by_year(scenario, result).set_index(["setting_id", "year"])["capacity"]
    assert [cap["R1", y] for y in (2025, 2026, 2027)] == [4.0, 4.0, 8.0]
    assert [cap["O1", y] for y in (2025, 2026, 2027)] == [0.0, 8.0, 8.0]
    assert cap["S1", 2027] == 10.0
    base = map_data.capacity_by_year(scenario, None).set_index(["setting_id", "year"])["capacity"]
    assert base["R1", 2027] == 4.0


def test_setting_table_fill_ratio_and_new_places(scenario, result):
    t25 = map_data.setting_table(scenario, result, 2025).set_index("setting_id")
    assert list(t25.columns) == list(map_data.SETTING_TABLE_COLUMNS)[1:]
    assert t25.loc["S1", "placed"] == 7.5 and t25.loc["S1", "fill_ratio"] == 0.75
    assert t25.loc["R1", "capacity"] == 4 and t25.loc["R1", "planned_places"] == 4
    assert t25.loc["R1", "first_new_year"] == 2027
    assert math.isnan(t25.loc["O1", "fill_ratio"])
    t26 = map_data.setting_table(scenario, result, 2026).set_index("setting_id")
    assert t26.loc["O1", "capacity"] == 8 and t26.loc["O1", "fill_ratio"] == 0.25
    assert t26.loc["O1", "new_by_year"] == {2026: 8.0}
    t27 = map_data.setting_table(scenario, result, 2027).set_index("setting_id")
    assert t27.loc["R1", "new_places"] == 4 and t27.loc["R1", "capacity"] == 8


def test_flows_by_home_area_largest_first(scenario, result):
    f = map_data.flows(result, "S1", 2025)
    assert list(f["area_id"]) == ["A4", "A1", "A3", "A5", "A7"]
    assert f["count"].tolist() == [3.5, 1.0, 1.0, 1.0, 1.0]
    assert f.loc[0, "minutes"] == 5.0
    assert map_data.flows(result, "S1", 2025, need="SEMH")["count"].tolist() == [0.5]
    assert map_data.flows(None, "S1", 2025).empty


def test_class_breaks_are_rounded_quantiles_that_never_repeat():
    edges = map_data.class_breaks(np.arange(10.0), classes=5)
    assert edges == pytest.approx([0.0, 1.8, 3.6, 5.4, 7.2, 9.0])
    counts = np.array([6.2, 7.9, 9.4, 15.0, 15.2, 18.7, 20.1, 23.5, 28.0, 57.6])
    assert map_data.class_breaks(counts, classes=5, whole=True).tolist() == [6.0, 9.0, 15.0, 19.0, 24.0, 58.0]
    assert map_data.class_breaks([0, 0, 0, 0, 5], classes=5).tolist() == [0.0, 5.0]  # ties merge
    assert map_data.class_breaks([3.0, 3.0]).tolist() == [3.0]
    assert map_data.class_breaks([0.3, 2.0, 7.0], classes=2, whole=True).tolist() == [1.0, 2.0, 7.0]
    assert map_data.class_breaks([np.nan]).size == 0
    classes = map_data.classify([0, 1, 1.5, 4, np.nan, 5], np.array([0.0, 1.0, 2.0, 4.0]))
    assert classes.tolist() == [0, 0, 1, 2, -1, 2]
    assert map_data.classify([3.0, np.nan], np.array([3.0])).tolist() == [0, -1]


def test_class_labels_do_not_overlap():
    edges = np.array([6.0, 15.0, 20.0, 21.0, 58.0])
    assert map_data.class_labels(edges, "children", whole=True) == ["6 to 15", "16 to 20", "21", "22 to 58"]
    assert map_data.class_labels(np.array([10.0, 15.0, 32.5]), "minutes") == ["10 to 15 min", "over 15 to 32 min"]
    assert map_data.class_labels(np.array([0.5, 1.25, 1.5]), "%") == ["0.50 to 1.25%", "over 1.25 to 1.50%"]
    assert map_data.class_labels(np.array([4.0]), "children", whole=True) == ["4"]


def test_zero_gets_a_class_of_its_own():
    values = np.array([0.0, 0.0, 1.0, 1.5, np.nan])
    edges = map_data.class_breaks(values[values > 0], classes=4)
    assert edges.tolist() == [1.0, 1.25, 1.5]  # two levels, two classes
    assert map_data.classify(values, edges, zero_class=True).tolist() == [0, 0, 1, 2, -1]
    assert map_data.classify([0.0, 2.0], np.array([]), zero_class=True).tolist() == [0, -1]
