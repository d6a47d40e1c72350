"""The report's county map: classes honour suppression, symbols come from the shared set, callouts by town."""

from __future__ import annotations

import pandas as pd
from matplotlib.collections import PathCollection

from sufficiency_app.present.map_labels import town_table
from sufficiency_app.present.symbols import SYMBOLS
from sufficiency_app.report import figures
from sufficiency_app.report.content import Run, area_frame


def legend_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_public_map_has_no_one_to_four_class(scenario, plan, baseline):
    areas = area_frame(scenario, Run(scenario, plan, baseline))
    areas["demand"] = [0.0, 3.0, 12.0]
    texts = legend_texts(figures.county_map(scenario, plan, areas, towns=town_table(None)))
    assert "Fewer than 5" in texts and "10 to 19" in texts
    assert not any(t.startswith("1 to 4") for t in texts)
    internal = legend_texts(figures.county_map(scenario, plan, areas, floor=None, towns=town_table(None)))
    assert "1 to 4" in internal and "None" in internal


def test_map_uses_the_shared_symbols_and_one_callout_per_town(scenario, plan, baseline):
    areas = area_frame(scenario, Run(scenario, plan, baseline))
    towns = pd.DataFrame({"name": ["Oakton"], "x": [5200.0], "y": [25200.0], "rank": [1], "in_county": [True]})
    fig = figures.county_map(scenario, plan, areas, towns=towns)
    ax = fig.axes[0]
    colours = {tuple(round(c, 3) for c in coll.get_facecolor()[0][:3]) for coll in ax.collections
               if isinstance(coll, PathCollection) and len(coll.get_facecolor())}
    special = tuple(round(int(SYMBOLS["special"].colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))
    assert special in colours
    texts = [t.get_text() for t in ax.texts]
    callouts = [t for t in texts if t.startswith("Oakton: +")]
    assert len(callouts) == 1
    assert any(t.startswith("New places by town\n") and "\nOakton: +" in t for t in texts)
