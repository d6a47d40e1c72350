"""Road classes, their default speeds, and the ``[roads]`` settings of a scenario.

Open road data names road types in many ways (OS Open Roads
``road_classification`` and ``function``, OpenStreetMap ``highway``); the
planner reduces them to five classes an officer can reason about and set a
speed for. The defaults are typical *average* car speeds on English roads
(junctions, bends and village limits included), not speed limits: a fair
school-transport journey is slower than the signs allow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..infra.errors import Problem

ROAD_CLASSES: tuple[str, ...] = ("motorway", "a_road", "b_road", "minor", "local")

DEFAULT_SPEEDS_KMH: Mapping[str, float] = MappingProxyType({
    "motorway": 100.0,  # ~62 mph: 70 mph limit less junctions and traffic
    "a_road": 65.0,     # ~40 mph: trunk and primary A roads, through towns too
    "b_road": 50.0,     # ~31 mph
    "minor": 40.0,      # ~25 mph: classified unnumbered (C) and OSM tertiary
    "local": 25.0,      # ~16 mph: estates, lanes, service and access roads
})

# Raw attribute values (lower case, spaces/underscores/hyphens ignored) -> class.
_CLASS_OF: dict[str, str] = {
    # OS Open Roads road_classification
    "motorway": "motorway", "aroad": "a_road", "broad": "b_road",
    "classifiedunnumbered": "minor", "unclassified": "local", "notclassified": "local",
    "unknown": "local",
    # OS Open Roads function
    "minorroad": "minor", "localroad": "local", "localaccessroad": "local",
    "restrictedlocalaccessroad": "local", "secondaryaccessroad": "local",
    # OpenStreetMap highway
    "motorwaylink": "motorway", "trunk": "a_road", "trunklink": "a_road",
    "primary": "a_road", "primarylink": "a_road", "secondary": "b_road",
    "secondarylink": "b_road", "tertiary": "minor", "tertiarylink": "minor",
    "residential": "local", "livingstreet": "local", "service": "local", "road": "local",
}
_CLASS_OF.update({c.replace("_", ""): c for c in ROAD_CLASSES})  # the class names themselves

# OS Open Roads names its two attributes road_function/road_classification (GeoPackage),
# roadFunction/roadClassification (GML) and function/class (Shapefile); OSM uses highway.
CLASS_COLUMNS: tuple[str, ...] = (
    "road_function", "roadfunction", "function", "road_classification", "roadclassification", "class",
    "highway", "road_class",
)
SPEED_COLUMNS: tuple[str, ...] = ("speed_kmh",)
LIMIT_COLUMNS: tuple[str, ...] = ("maxspeed",)


def _key(value: object) -> str:
    return re.sub(r"[\s_\-]", "", str(value).strip().lower())


def road_class(value: object) -> str | None:
    """The planner's class of one raw road-type value, or None if not for cars.

    Examples: ``"A Road"`` and ``"primary"`` give ``"a_road"``;
    ``"footway"`` and ``"cycleway"`` give None (the link is dropped).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return _CLASS_OF.get(_key(value))


def parse_maxspeed(value: object) -> float | None:
    """An OSM ``maxspeed`` in km/h: ``"30 mph"`` -> 48.3, ``"50"`` -> 50; None if unusable.

    Values such as ``"none"``, ``"signals"`` or ``"GB:nsl_single"`` say no
    number and leave the class speed in force.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*$", str(value).lower())
    if not match:
        return None
    speed = float(match.group(1)) * (1.609344 if match.group(2) == "mph" else 1.0)
    return speed if speed > 0 else None


@dataclass(frozen=True)
class RoadSettings:
    """How road links become minutes: scenario.toml ``[roads]`` with defaults.

    Attributes
    ----------
    speeds_kmh
        Average speed of each class in :data:`ROAD_CLASSES`.
    access_minutes
        Fixed minutes added to every journey (getting to and from the car,
        parking, the school gate).
    snap_warning_m
        An area or setting farther than this from the network gets a warning.
    node_tolerance_m
        Link ends closer than this are joined into one junction.
    """

    speeds_kmh: Mapping[str, float] = field(default_factory=lambda: DEFAULT_SPEEDS_KMH)
    access_minutes: float = 0.0
    snap_warning_m: float = 500.0
    node_tolerance_m: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for cache keys and messages."""
        return {
            "speeds_kmh": {c: float(self.speeds_kmh[c]) for c in ROAD_CLASSES},
            "access_minutes": float(self.access_minutes),
            "snap_warning_m": float(self.snap_warning_m),
            "node_tolerance_m": float(self.node_tolerance_m),
        }


def _positive(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def road_settings(roads: Mapping[str, Any] | None, file: str = "scenario.toml") -> tuple[RoadSettings, list[Problem]]:
    """Read a ``[roads]`` table (``Parameters.extra["roads"]``) into :class:`RoadSettings`.

    ``[roads.speeds]`` keys may be planner classes (``a_road``) or any raw
    value that maps to one (``"A Road"``, ``primary``). Problems are errors
    naming the key; the defaults stay in force for a bad entry.
    """
    roads = dict(roads or {})
    problems: list[Problem] = []
    speeds = dict(DEFAULT_SPEEDS_KMH)
    given = roads.get("speeds", {})
    if not isinstance(given, Mapping):
        problems.append(Problem("error", file, None, "roads.speeds", str(given), "a table of class = km/h",
                                "[roads.speeds] must be a table such as a_road = 65"))
        given = {}
    for key, value in given.items():
        cls = road_class(key)
        speed = _positive(value)
        if cls is None:
            problems.append(Problem("error", file, None, f"roads.speeds.{key}", str(key),
                                    "one of " + ", ".join(ROAD_CLASSES),
                                    f"unknown road class '{key}' in [roads.speeds]"))
        elif speed is None:
            problems.append(Problem("error", file, None, f"roads.speeds.{key}", str(value),
                                    "a speed in km/h > 0", f"speed for '{key}' must be a number above 0"))
        else:
            speeds[cls] = speed
    values: dict[str, float] = {}
    for key, default, allow_zero in (("access_minutes", 0.0, True), ("snap_warning_m", 500.0, False),
                                     ("node_tolerance_m", 1.0, False)):
        raw = roads.get(key, default)
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = float("nan")
        if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
            problems.append(Problem("error", file, None, f"roads.{key}", str(raw),
                                    "a number >= 0" if allow_zero else "a number > 0",
                                    f"[roads] {key} must be a {'non-negative' if allow_zero else 'positive'} number"))
            number = default
        values[key] = number
    return RoadSettings(MappingProxyType(speeds), **values), problems
