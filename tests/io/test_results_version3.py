"""Version 3 result fields (docs/model.md readings 19-21): empty places, levels without the tail and what
each option buys are written and read back; a plan without them writes the folder as before."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
from small_scenarios import map_plan

from sufficiency_app.io.results import SavedPlanError, read_results, write_results
from sufficiency_app.model.plan import BUYS_JOURNEYS, BUYS_PLACES, EMPTY_PLACE_COLUMNS, OPTION_VALUE_COLUMNS


def with_version3(plan):
    levels = tuple(dataclasses.replace(lv, without_tail=lv.value / 2) for lv in plan.levels)
    empty = pd.DataFrame([("S", 2025, 4.0, 2.5, 1.5, 10_000.0, 15_000.0)], columns=list(EMPTY_PLACE_COLUMNS))
    values = pd.DataFrame([("O1", 8, 1e6, 0.0, 0.0, 120.0, BUYS_JOURNEYS), ("O2", 10, 2e6, 3.0, 1.5, 0.0, BUYS_PLACES)],
                          columns=list(OPTION_VALUE_COLUMNS))
    return dataclasses.replace(plan, levels=levels, empty_places=empty, option_values=values)


def test_empty_places_levels_without_the_tail_and_what_options_buy_round_trip(tmp_path):
    plan = with_version3(map_plan())
    write_results(plan, tmp_path / "r")
    meta = json.loads((tmp_path / "r" / "solve.json").read_text())
    assert [lv["value_without_tail"] for lv in meta["levels"]] == [lv.value / 2 for lv in map_plan().levels]
    back = read_results(tmp_path / "r")
    assert [lv.without_tail for lv in back.levels] == [lv.without_tail for lv in plan.levels]
    pd.testing.assert_frame_equal(back.empty_places, plan.empty_places, check_dtype=False)
    assert back.option_values["buys"].tolist() == [BUYS_JOURNEYS, BUYS_PLACES]
    assert back.option_values["minutes_saved"].tolist() == [120.0, 0.0]
    assert back.empty_place_cost == 15_000.0


def test_a_plan_without_them_writes_no_empty_places_file_and_no_second_value(tmp_path):
    write_results(map_plan(), tmp_path / "r")
    assert not (tmp_path / "r" / "empty_places.csv").exists()
    meta = json.loads((tmp_path / "r" / "solve.json").read_text())
    assert all("value_without_tail" not in lv for lv in meta["levels"])
    back = read_results(tmp_path / "r")
    assert back.empty_places.empty and back.empty_place_cost == 0.0


def test_a_damaged_value_without_tail_is_named(tmp_path):
    write_results(with_version3(map_plan()), tmp_path / "r")
    path = tmp_path / "r" / "solve.json"
    meta = json.loads(path.read_text())
    meta["levels"][0]["value_without_tail"] = "lots"
    path.write_text(json.dumps(meta))
    with pytest.raises(SavedPlanError, match=r"levels\[0\]\.value_without_tail is 'lots', expected a number or null"):
        read_results(tmp_path / "r")
