"""Colour-blind-safe colours shared by the map and the charts.

Sequential classes come from matplotlib's colormaps: ColorBrewer's YlGnBu by
default (colour-blind safe, light to dark so a map printed in greys still
reads in order; viridis and cividis work too, by name); categories use the
Okabe-Ito palette. One module so the map legend, the
charts and the exported images agree.
"""

from __future__ import annotations

import matplotlib
from PySide6.QtGui import QColor

from ..present.symbols import NEW_PLACES_COLOUR as SYMBOL_NEW_PLACES

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

TIER_COLOURS: dict[str, str] = {
    "mainstream": OKABE_ITO["sky_blue"],
    "resourced": OKABE_ITO["bluish_green"],
    "special": OKABE_ITO["blue"],
}
SERIES_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["black"],
)
BASELINE_COLOUR = "#7F7F7F"
NO_DATA_COLOUR = "#E6E6E6"
NEW_PLACES_COLOUR = SYMBOL_NEW_PLACES  # one colour for new places on screen and on paper
FLOW_COLOUR = OKABE_ITO["blue"]

# Fill ratio of a setting (placed / capacity): upper bound of each class and its colour.
FILL_CLASSES: tuple[tuple[float, str, str], ...] = (
    (0.5, "under 50%", "#FFFFFF"),
    (0.8, "50-80%", "#FBD38D"),
    (0.95, "80-95%", OKABE_ITO["orange"]),
    (float("inf"), "95% or more", OKABE_ITO["vermillion"]),
)
FILL_UNKNOWN = "#BDBDBD"


def sequential(classes: int, name: str = "YlGnBu", light_first: bool = False) -> list[QColor]:
    """``classes`` colours from a matplotlib colormap, low values first.

    The palest end is skipped so the lowest class is not mistaken for the
    grey of no data; ``light_first`` reverses maps that start dark (viridis).
    """
    cmap = matplotlib.colormaps[name]
    if classes <= 0:
        return []
    stops = [0.15 + 0.83 * i / max(classes - 1, 1) for i in range(classes)]
    colours = [QColor.fromRgbF(*cmap(s)[:3]) for s in stops]
    return colours[::-1] if light_first else colours


def fill_colour(ratio: float) -> QColor:
    """Marker colour for a setting's fill ratio (grey when it has no capacity)."""
    if ratio != ratio:
        return QColor(FILL_UNKNOWN)
    for upper, _label, colour in FILL_CLASSES:
        if ratio < upper:
            return QColor(colour)
    return QColor(FILL_CLASSES[-1][2])
