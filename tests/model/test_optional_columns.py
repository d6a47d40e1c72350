"""Optional columns read once with their defaults, whether the input had the column or not."""

from __future__ import annotations

import numpy as np
import pandas as pd
from extension_scenarios import build_county


def test_absent_columns_read_as_their_defaults():
    sc = build_county(1)
    sc = sc.replace(areas=sc.areas.drop(columns=["centroid_easting", "centroid_northing"]),
                    travel=pd.DataFrame({"area_id": ["A"], "provision_id": ["S"], "minutes": [3.0]}))
    assert "build_years" not in sc.options.columns
    view = sc.optional
    assert view.build_years.tolist() == [1] * len(sc.options)
    assert view.fill_years.tolist() == [1] * len(sc.options)
    assert np.isnan(view.option_place_funding).all() and np.isnan(view.place_funding).all()
    assert view.in_county.tolist() == [None] * len(sc.provisions)
    assert np.isnan(view.travel_km).all() and len(view.travel_km) == len(sc.travel)
    assert np.isnan(view.centroid_easting).all() and len(view.centroid_northing) == len(sc.areas)


def test_blank_and_bad_cells_take_the_default_and_good_ones_their_value():
    sc = build_county(1)
    for cells, expected in (([float("nan"), 3], [1, 3]), (["", "4"], [1, 4]), (["two", 0], [1, 1])):
        view = sc.replace(options=sc.options.assign(build_years=cells)).optional
        assert view.build_years.tolist() == expected and view.build_years.dtype.kind == "i"
    for cell, expected in (("yes", True), ("FALSE", False), ("", None), ("perhaps", None), (None, None)):
        assert sc.replace(provisions=sc.provisions.assign(in_county=[cell])).optional.in_county.tolist() \
            == [expected]
    travel = pd.DataFrame({"area_id": ["A"] * 3, "provision_id": ["S", "O2", "X"], "minutes": [1.0, 5.0, 9.0],
                           "km": ["12.5", "", "far"]})
    km = sc.replace(travel=travel).optional.travel_km
    assert km[0] == 12.5 and np.isnan(km[1:]).all()


def test_the_view_is_read_once_per_scenario_and_afresh_after_an_edit():
    sc = build_county()
    assert sc.optional is sc.optional
    edited = sc.replace(options=sc.options.assign(build_years=5))
    assert edited.optional.build_years.tolist() == [5] * len(sc.options)
    assert sc.optional.build_years.tolist() != edited.optional.build_years.tolist()
