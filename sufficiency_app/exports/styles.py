"""QGIS styles (QML) for the GeoPackage layers, in the planner's colours and symbols.

QGIS reads a layer's default style from the GeoPackage's ``layer_styles``
table (the table QGIS itself writes with "Save as default"), so the file
opens looking like the planner's map: areas shaded in the report map's
classes of children, settings with the shape and colour of their kind
(``symbols.SYMBOLS``), the places the plan adds as rings, and flows as
lines. ArcGIS Pro ignores the table and draws its own defaults.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

import numpy as np

from ..present.map_data import COUNT_CLASS_STARTS, count_classes
from ..present.symbols import NEW_PLACES_COLOUR, SYMBOLS, UNKNOWN
from ..report.figures import CLASS_COLOURS

QGIS_VERSION = "3.22.0"  # the oldest QGIS these styles were checked with (docs/formats.md)
OUTLINE = "#1A1A1A"  # marker edges, as on the window's map
AREA_EDGE = "#FFFFFF"
FLOW_COLOUR = "#0072B2"  # Okabe-Ito blue, the window's flow lines


def _rgba(colour: str, alpha: int = 255) -> str:
    colour = colour.lstrip("#")
    return ",".join(str(int(colour[i:i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _options(props: dict[str, str]) -> str:
    items = "".join(f'<Option name={quoteattr(k)} type="QString" value={quoteattr(v)}/>' for k, v in props.items())
    return f'<Option type="Map">{items}</Option>'


def _symbol(name: str, kind: str, layer_class: str, props: dict[str, str]) -> str:
    return (f'<symbol type="{kind}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="{layer_class}" enabled="1" locked="0" pass="0">{_options(props)}</layer></symbol>')


def marker(name: str, shape: str, fill: str, size: float = 3.0, outline: str = OUTLINE,
           outline_width: float = 0.3, fill_alpha: int = 255) -> str:
    return _symbol(name, "marker", "SimpleMarker", {
        "name": shape, "color": _rgba(fill, fill_alpha), "outline_color": _rgba(outline),
        "outline_style": "solid", "outline_width": str(outline_width), "outline_width_unit": "MM",
        "size": str(size), "size_unit": "MM",
    })


def fill(name: str, colour: str) -> str:
    return _symbol(name, "fill", "SimpleFill", {
        "color": _rgba(colour), "style": "solid", "outline_color": _rgba(AREA_EDGE), "outline_style": "solid",
        "outline_width": "0.26", "outline_width_unit": "MM",
    })


def line(name: str, colour: str, width: float, alpha: int = 255) -> str:
    return _symbol(name, "line", "SimpleLine", {
        "line_color": _rgba(colour, alpha), "line_style": "solid", "line_width": str(width),
        "line_width_unit": "MM", "capstyle": "round",
    })


def _qml(renderer: str) -> str:
    return (f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="{QGIS_VERSION}" styleCategories="Symbology">{renderer}</qgis>\n')


def count_bounds(floor: int | None) -> list[int]:
    """Lowest count of each class after the first, as ``map_data.count_classes`` draws them."""
    bounds = sorted(s for s in COUNT_CLASS_STARTS if floor is None or s >= floor)
    if floor is not None and (not bounds or bounds[0] != floor):
        bounds = [floor, *bounds]
    return bounds


def areas_qml(field: str, floor: int | None) -> str:
    """Areas shaded by ``field`` (children) in the report map's classes; empty (suppressed) counts as 0.

    Counts are rounded to whole children before classing, as the report's
    map does, so class edges sit at the halves.
    """
    bounds = count_bounds(floor)
    labels = count_classes(np.array([]), floor=floor)[1]
    colours = (CLASS_COLOURS[0], *CLASS_COLOURS[len(CLASS_COLOURS) - len(labels) + 1:])
    edges = [-1.0, *(b - 0.5 for b in bounds), 1e12]
    ranges = "".join(f'<range render="true" lower="{lo}" upper="{hi}" label={quoteattr(label)} symbol="{i}"/>'
                     for i, (lo, hi, label) in enumerate(zip(edges, edges[1:], labels)))
    symbols = "".join(fill(str(i), colour) for i, colour in enumerate(colours))
    attr = quoteattr(f'coalesce("{field}", 0)')
    return _qml(f'<renderer-v2 type="graduatedSymbol" attr={attr} graduatedMethod="GraduatedColor" '
                f'symbollevels="0" forceraster="0" enableorderby="0"><ranges>{ranges}</ranges>'
                f'<symbols>{symbols}</symbols></renderer-v2>')


def settings_qml() -> str:
    """Settings by kind: the planner's shape and colour for each kind, grey circles for others."""
    kinds = list(SYMBOLS)
    categories = "".join(f'<category render="true" value={quoteattr(k)} label={quoteattr(SYMBOLS[k].label)} '
                         f'symbol="{i}"/>' for i, k in enumerate(kinds))
    categories += f'<category render="true" value="" label={quoteattr(UNKNOWN.label)} symbol="{len(kinds)}"/>'
    symbols = "".join(marker(str(i), SYMBOLS[k].shape, SYMBOLS[k].colour, size=2.2 if k == "mainstream" else 3.2)
                      for i, k in enumerate(kinds))
    symbols += marker(str(len(kinds)), UNKNOWN.shape, UNKNOWN.colour)
    return _qml(f'<renderer-v2 type="categorizedSymbol" attr="kind" symbollevels="0" forceraster="0" '
                f'enableorderby="0"><categories>{categories}</categories><symbols>{symbols}</symbols>'
                f'</renderer-v2>')


def _single(symbol: str) -> str:
    return _qml(f'<renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">'
                f'<symbols>{symbol}</symbols></renderer-v2>')


def options_qml() -> str:
    """Places the plan adds: an open ring in the planner's new-places colour."""
    return _single(marker("0", "circle", "#FFFFFF", size=5.0, outline=NEW_PLACES_COLOUR, outline_width=0.8,
                          fill_alpha=0))


def flows_qml() -> str:
    """Journeys from home area to setting: thin translucent blue lines."""
    return _single(line("0", FLOW_COLOUR, 0.5, alpha=150))
