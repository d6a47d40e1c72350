"""Label layout on the sample county: grouped callouts, no two label boxes overlapping, hiding what does not fit."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from sufficiency_app.infra import resources
from sufficiency_app.io import read_scenario
from sufficiency_app.present import map_data
from sufficiency_app.present.map_labels import (
    LabelRequest,
    boxes_overlap,
    group_new_places,
    label_priority,
    layout_labels,
    read_towns,
    town_requests,
    town_table,
)
from sufficiency_app.present.symbols import MATPLOTLIB_MARKERS, SYMBOLS, kind_label, symbol


@pytest.fixture(scope="module")
def sample():
    return read_scenario(resources.sample_scenario_path())


@pytest.fixture(scope="module")
def towns():
    return read_towns(resources.maps_dir() / "towns.geojson")


def every_option_built(scenario) -> pd.DataFrame:
    """The setting table as if every option and every existing setting gained places: the worst crowding."""
    table = map_data.setting_table(scenario, None, scenario.years[0])
    table = table.loc[table["kind"] != "mainstream"].copy()
    table["planned_places"] = 8.0
    table["first_new_year"] = scenario.years[1]
    return table


def requests_for(groups, towns, metres_per_pixel: float, origin: tuple[float, float]):
    x0, y1 = origin
    reqs = [LabelRequest(f"g{i}", (g.x - x0) / metres_per_pixel, (y1 - g.y) / metres_per_pixel,
                         7.0 * len(g.text), 16.0, i, leader=True) for i, g in enumerate(groups)]
    reqs += [LabelRequest(f"t{r.name}", (r.x - x0) / metres_per_pixel, (y1 - r.y) / metres_per_pixel,
                          6.0 * len(r.name), 13.0, 100 + r.rank) for r in towns.itertuples()]
    return reqs


def test_towns_are_read_with_size_ranks(towns):
    assert len(towns) == 46
    salisbury = towns.set_index("name").loc["Salisbury"]
    assert salisbury["rank"] == 0 and salisbury["in_county"]
    assert not towns.set_index("name").loc["Bath", "in_county"]


def test_new_places_of_one_town_make_one_group(sample, towns):
    groups = group_new_places(every_option_built(sample), towns)
    titles = [g.title for g in groups]
    assert len(titles) == len(set(titles))
    chippenham = next(g for g in groups if g.title == "Chippenham")
    assert len(chippenham.members) > 3
    assert chippenham.places == pytest.approx(8.0 * len(chippenham.members))
    assert chippenham.text == f"Chippenham: +{chippenham.places:,.0f} places"
    assert all(line.startswith("+8 from 2026/27: ") for line in chippenham.detail())
    assert groups == sorted(groups, key=lambda g: (-g.places, g.title))


def test_a_setting_far_from_every_town_keeps_its_own_name():
    towns = town_table(None)
    settings = pd.DataFrame({"setting_id": ["S"], "name": ["Lonely School"], "easting": [1.0], "northing": [2.0],
                             "planned_places": [4.0], "first_new_year": [2027]})
    (group,) = group_new_places(settings, towns)
    assert group.title == "Lonely School" and group.first_year == 2027


@pytest.mark.parametrize("metres_per_pixel", [60.0, 120.0, 250.0])
def test_no_two_label_boxes_overlap_on_the_sample(sample, towns, metres_per_pixel):
    xmin, ymin, xmax, ymax = sample.areas.total_bounds
    groups = group_new_places(every_option_built(sample), towns)
    reqs = requests_for(groups, towns, metres_per_pixel, (xmin, ymax))
    width, height = (xmax - xmin) / metres_per_pixel, (ymax - ymin) / metres_per_pixel
    legend = (width - 150, height - 120, width, height)
    placed = layout_labels(reqs, (0, 0, width, height), [legend])
    shown = [p for p in placed.values() if p.visible]
    assert shown, "something must fit"
    for a, b in itertools.combinations(shown, 2):
        assert not boxes_overlap(a.box, b.box), (a, b)
    for p in shown:
        assert not boxes_overlap(p.box, legend)
        assert 0 <= p.box[0] and p.box[2] <= width and 0 <= p.box[1] and p.box[3] <= height
    if metres_per_pixel <= 120:  # callouts come first: at a readable zoom the biggest town's shows
        assert placed["g0"].visible


MAIN_TOWNS = ("Salisbury", "Chippenham", "Trowbridge", "Devizes", "Melksham", "Warminster")


@pytest.mark.parametrize("size", [(1000, 680), (640, 420)])  # the window's map; the workshop's at 1280x720
def test_main_towns_are_labelled_at_county_zoom_and_no_labels_overlap(sample, towns, size):
    xmin, ymin, xmax, ymax = sample.areas.total_bounds
    mpp = max((xmax - xmin) / (size[0] - 40), (ymax - ymin) / (size[1] - 40))
    settings = every_option_built(sample)
    groups = group_new_places(settings, towns)

    def measure(key, text, x, y):
        return (x - xmin) / mpp + 20, (ymax - y) / mpp + 20, (7.0 if key[0] == "g" else 6.0) * len(text), 15.0

    markers = [((x - xmin) / mpp + 16, (ymax - y) / mpp + 16, (x - xmin) / mpp + 24, (ymax - y) / mpp + 24)
               for x, y in zip(settings["easting"], settings["northing"])]
    legend = (size[0] - 200, size[1] - 150, size[0], size[1])
    placed = layout_labels(town_requests(groups, towns, measure), (0, 0, *size), [legend], markers=markers)
    shown = [p for p in placed.values() if p.visible]
    for a, b in itertools.combinations(shown, 2):
        assert not boxes_overlap(a.box, b.box), (a, b)
    assert all(not boxes_overlap(p.box, legend) for p in shown)
    titles = {f"g{i}": g.title for i, g in enumerate(groups)}
    labelled = {titles.get(k, k[1:]) for k, p in placed.items() if p.visible}
    assert set(MAIN_TOWNS) <= labelled, set(MAIN_TOWNS) - labelled


def test_labels_go_by_town_size_then_by_the_plans_change():
    assert label_priority(0, 0.0) < label_priority(1, 500.0) < label_priority(1, 20.0) < label_priority(3, 900.0)
    assert label_priority(1, 0.0, population=19_000) < label_priority(1, 300.0, population=13_000)
    assert label_priority(1, 0.0, population=float("nan")) == label_priority(1, 0.0)


def test_a_main_town_may_cover_a_marker_rather_than_be_hidden():
    marker = [(0, 0, 100, 100)]  # the whole map is a marker
    placed = layout_labels([LabelRequest("t", 50, 50, 20, 10, must=True), LabelRequest("v", 20, 20, 20, 10)],
                           (0, 0, 100, 100), markers=marker)
    assert placed["t"].visible and not placed["v"].visible


def test_zooming_out_hides_labels_that_no_longer_fit(sample, towns):
    xmin, ymin, xmax, ymax = sample.areas.total_bounds
    counts = []
    for mpp in (60.0, 400.0):
        reqs = requests_for([], towns, mpp, (xmin, ymax))
        placed = layout_labels(reqs, (0, 0, (xmax - xmin) / mpp, (ymax - ymin) / mpp))
        counts.append(sum(p.visible for p in placed.values()))
    assert counts[0] > counts[1] > 0


def test_a_crowded_callout_moves_out_on_a_leader_line():
    reqs = [LabelRequest("a", 100, 100, 60, 14, 0, leader=True), LabelRequest("b", 104, 102, 60, 14, 1, leader=True)]
    block = [(105, 80, 400, 120), (0, 80, 95, 120)]  # only far spots are free for both
    placed = layout_labels(reqs, (0, 0, 400, 400), block)
    assert placed["a"].visible and placed["b"].visible
    assert placed["a"].leader or placed["b"].leader
    assert not boxes_overlap(placed["a"].box, placed["b"].box)


def test_a_label_whose_place_is_off_screen_is_hidden():
    placed = layout_labels([LabelRequest("x", -50, 10, 20, 10)], (0, 0, 100, 100))
    assert not placed["x"].visible


def test_one_symbol_per_kind_with_a_matplotlib_marker():
    assert symbol("elp").shape == "triangle"
    assert {s.shape for s in SYMBOLS.values()} <= set(MATPLOTLIB_MARKERS)
    assert kind_label("resource_base") == "Resource base" and kind_label("odd") == "odd"


def test_count_classes_never_single_out_one_to_four_children():
    index, labels = map_data.count_classes([0, 1, 4.4, 5, 9, 10, 60])
    assert labels == ["Fewer than 5", "5 to 9", "10 to 19", "20 to 49", "50 or more"]
    assert list(index) == [0, 0, 0, 1, 1, 2, 4]
    index, labels = map_data.count_classes([0, 1, 4, 5], floor=None)
    assert labels[:3] == ["None", "1 to 4", "5 to 9"] and list(index) == [0, 1, 1, 2]
