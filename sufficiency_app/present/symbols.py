"""One symbol set for setting kinds, shared by the window's map and the report's map.

Each kind has a shape, a colour (Okabe-Ito, readable with the common
colour-vision deficiencies) and a legend label. The shape names are
neutral; :data:`MATPLOTLIB_MARKERS` turns them into matplotlib markers and
the Qt map draws the same shapes as painter paths, so an ELP is a triangle
on screen and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    """How one kind of setting is drawn: ``shape`` is square, circle, triangle or diamond."""

    shape: str
    colour: str
    label: str


SYMBOLS: dict[str, Symbol] = {
    "special": Symbol("square", "#0072B2", "Special school"),
    "resource_base": Symbol("circle", "#009E73", "Resource base"),
    "elp": Symbol("triangle", "#E69F00", "Enhanced learning provision"),
    "independent": Symbol("diamond", "#D55E00", "Independent school"),
    "mainstream": Symbol("circle", "#9A9A9A", "Mainstream school"),
}
UNKNOWN = Symbol("circle", "#777777", "Other setting")

MATPLOTLIB_MARKERS: dict[str, str] = {"square": "s", "circle": "o", "triangle": "^", "diamond": "D"}

NEW_PLACES_COLOUR = "#CC79A7"  # rings round settings gaining places
CALLOUT_EDGE = "#8E3A6E"  # callout boxes and leader lines: darker than the rings, so a leader shows across them


def symbol(kind: str) -> Symbol:
    """The symbol of a setting kind (a plain grey circle for a kind the planner does not know)."""
    return SYMBOLS.get(str(kind), UNKNOWN)


def kind_label(kind: str) -> str:
    """A kind as a legend or tooltip names it ("elp" -> "Enhanced learning provision")."""
    return SYMBOLS[kind].label if kind in SYMBOLS else str(kind)
