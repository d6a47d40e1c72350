"""Road-network travel times: real journeys instead of straight lines.

Read a road-links layer (OS Open Roads, an OpenStreetMap extract) with
:func:`load_network`, then ``network.travel_minutes(scenario)`` gives the
rows of travel.csv, which the rest of the planner reads like any other.
:mod:`.compare` measures any travel model against known journey times.
No Qt here: the import dialog and the map layer live in ``ui``.
"""

from .cache import TravelCache, file_sha256
from .network import RoadNetwork, load_network, resolve_settings, scenario_bbox, travel_for_scenario
from .paths import TravelCancelled
from .speeds import DEFAULT_SPEEDS_KMH, ROAD_CLASSES, RoadSettings, road_class, road_settings

__all__ = [
    "DEFAULT_SPEEDS_KMH", "ROAD_CLASSES", "RoadNetwork", "RoadSettings", "TravelCache", "TravelCancelled",
    "file_sha256", "load_network", "resolve_settings", "road_class", "road_settings", "scenario_bbox",
    "travel_for_scenario",
]
