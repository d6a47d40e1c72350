"""The settings a plan can place children in: provisions plus new-setting options.

docs/model.md readings 5 and 6 in one place: an option without
``provision_id`` is a new setting (id = its ``option_id``); an option with a
``provision_id`` whose kind, needs or phases differ from its host's is also a
new setting, at the host's location; any other option grows its host's pool.

Both tables are derived once per ``Scenario`` object: a scenario never
changes (edits make a new one), so the travel model, the solver's instance,
the checker, the map and the reports all share one derivation instead of
rebuilding it (one solve used to build it 14 times; on the sample county
18 ms each).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
import shapely

from ..infra.cells import is_blank
from .codes import KIND_TIER, parse_needs, parse_phases
from .scenario import Scenario

T = TypeVar("T")
SETTING_COLUMNS = (
    "setting_id", "name", "kind", "tier", "needs", "phases", "capacity",
    "easting", "northing", "cost_per_place", "source", "in_county",
)


def _changes_offer(option: pd.Series, host: pd.Series) -> bool:
    if not is_blank(option["kind"]) and str(option["kind"]).strip() != str(host["kind"]):
        return True
    if not is_blank(option["needs"]) and parse_needs(option["needs"]) != parse_needs(host["needs"]):
        return True
    return not is_blank(option["phases"]) and parse_phases(option["phases"]) != parse_phases(host["phases"])


# Keyed on the scenario object, dropped with it. Targets are kept apart from the
# settings table: validation asks for targets while numbers may still be text.
_TARGETS: weakref.WeakKeyDictionary[Scenario, dict[str, str]] = weakref.WeakKeyDictionary()
_SETTINGS: weakref.WeakKeyDictionary[Scenario, pd.DataFrame] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()  # the window derives on worker threads too


def _once(cache: weakref.WeakKeyDictionary, scenario: Scenario, derive: Callable[[Scenario], T]) -> T:
    with _LOCK:
        found = cache.get(scenario)
    if found is None:
        found = derive(scenario)
        with _LOCK:
            found = cache.setdefault(scenario, found)
    return found


def option_targets(scenario: Scenario) -> dict[str, str]:
    """Map every option_id to the setting_id whose capacity it adds to."""
    return dict(_once(_TARGETS, scenario, _option_targets))


def effective_settings(scenario: Scenario) -> pd.DataFrame:
    """One row per setting (``SETTING_COLUMNS``); needs/phases as frozensets.

    ``source`` is ``provision``, ``new`` (an option without a host) or
    ``changed_expansion`` (reading 6). New settings start at capacity 0.
    ``in_county`` (reading 16): the provision's own flag; blank, or a new
    setting, is in county when its point lies inside the union of the areas;
    a changed expansion takes its host's.
    The caller gets its own copy, so the shared derivation stays as derived.
    """
    return _once(_SETTINGS, scenario, _effective_settings).copy()


def _option_targets(scenario: Scenario) -> dict[str, str]:
    hosts = scenario.provisions.set_index("provision_id")
    targets: dict[str, str] = {}
    for _, o in scenario.options.iterrows():
        pid = o["provision_id"]
        if is_blank(pid) or _changes_offer(o, hosts.loc[pid]):
            targets[o["option_id"]] = o["option_id"]
        else:
            targets[o["option_id"]] = str(pid)
    return targets


def _own_or_host(option: pd.Series, host: pd.Series | None, column: str) -> object:
    """An option's cell, or its host's where the option leaves it blank (reading 6)."""
    return host[column] if host is not None and is_blank(option[column]) else option[column]


def _effective_settings(scenario: Scenario) -> pd.DataFrame:
    rows = []
    in_county = dict(zip(scenario.provisions["provision_id"], scenario.optional.in_county))
    for _, p in scenario.provisions.iterrows():
        rows.append({
            "setting_id": str(p["provision_id"]), "name": p["name"], "kind": p["kind"],
            "tier": KIND_TIER.get(p["kind"], ""), "needs": parse_needs(p["needs"]),
            "phases": parse_phases(p["phases"]), "capacity": int(p["capacity"]),
            "easting": float(p["easting"]), "northing": float(p["northing"]),
            "cost_per_place": float(p["cost_per_place"]), "source": "provision",
            "in_county": in_county[p["provision_id"]],
        })
    hosts = scenario.provisions.set_index("provision_id")
    options = scenario.options.set_index("option_id")
    for option_id, setting_id in _once(_TARGETS, scenario, _option_targets).items():
        if option_id != setting_id:
            continue
        o = options.loc[option_id]
        host = None if is_blank(o["provision_id"]) else hosts.loc[o["provision_id"]]
        kind = str(_own_or_host(o, host, "kind"))
        rows.append({
            "setting_id": option_id, "name": o["name"], "kind": kind, "tier": KIND_TIER.get(kind, ""),
            "needs": parse_needs(_own_or_host(o, host, "needs")),
            "phases": parse_phases(_own_or_host(o, host, "phases")), "capacity": 0,
            "easting": float(host["easting"] if host is not None else o["easting"]),
            "northing": float(host["northing"] if host is not None else o["northing"]),
            "cost_per_place": float(_own_or_host(o, host, "cost_per_place")),
            "source": "new" if host is None else "changed_expansion",
            "in_county": None if host is None else in_county[o["provision_id"]],
        })
    settings = pd.DataFrame(rows, columns=list(SETTING_COLUMNS))
    unknown = settings["in_county"].isna().to_numpy()
    if unknown.any():
        settings["in_county"] = settings["in_county"].astype(object)
        settings.loc[unknown, "in_county"] = _inside(scenario, settings[unknown])
    return settings.assign(in_county=settings["in_county"].astype(bool))


def _inside(scenario: Scenario, settings: pd.DataFrame) -> np.ndarray:
    """Points inside the union of the scenario's areas (no areas: everything is in county)."""
    areas = scenario.areas
    if len(areas) == 0:
        return np.ones(len(settings), dtype=bool)
    county = shapely.union_all(shapely.make_valid(areas.geometry.to_numpy()))  # a self-crossing area is warned of, not fatal
    points = shapely.points(settings["easting"].to_numpy(float), settings["northing"].to_numpy(float))
    return shapely.covers(county, points)


def _urn(value: object) -> str:
    """A URN cell as text: blank stays blank, a number read as 100001.0 becomes '100001'."""
    if is_blank(value):
        return ""
    text = str(value).strip()
    return text.removesuffix(".0") if isinstance(value, float) else text


def setting_urns(scenario: Scenario) -> dict[str, str]:
    """URN of each setting that has one: a provision's own; a new setting at a host school, the host's."""
    provisions, options = scenario.provisions, scenario.options
    if "urn" not in provisions.columns:
        return {}
    own = {str(p): _urn(u) for p, u in zip(provisions["provision_id"], provisions["urn"]) if _urn(u)}
    hosts = {str(o): own[str(p)] for o, p in zip(options["option_id"], options["provision_id"]) if str(p) in own}
    return {**hosts, **own}
