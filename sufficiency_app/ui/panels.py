"""Factories for the map and the charts, so the window does not care how they are built.

They are the map/chart engineer's widgets (``map_view.CountyMapView`` and
``charts.ChartsPanel``); if one of them cannot be imported (a broken
install), a plain label says so and the rest of the window still works.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from ..infra import resources
from ..present import map_labels
from .store import CurrentEntryFeed, ProjectStore

log = logging.getLogger(__name__)


class Unavailable(QLabel):
    """Stands in for a panel that failed to load; accepts the panel's calls and ignores them."""

    settingClicked = Signal(str)

    def __init__(self, what: str, reason: str, parent: QWidget | None = None):
        super().__init__(f"The {what} is not available in this installation.\n{reason}", parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName("cardCaption")

    def __getattr__(self, name: str) -> Any:
        if name.startswith(("set_", "export_")):
            return lambda *args, **kwargs: None
        raise AttributeError(name)


def make_map_view(parent: QWidget | None = None) -> QWidget:
    """The county map (``set_scenario``, ``set_result``, ``set_year``, ``set_measure``, ``export_image``)."""
    try:
        from .map_view import CountyMapView
    except ImportError as exc:
        log.warning("map view unavailable: %s", exc)
        return Unavailable("county map", str(exc), parent)
    view = CountyMapView(parent)
    view.set_towns(bundled_towns())
    return view


@cache
def bundled_towns():
    """The towns shipped in ``maps/`` (read once; names show on every map near them)."""
    return map_labels.read_towns(resources.maps_dir() / "towns.geojson")


def make_charts_panel(parent: QWidget | None = None) -> QWidget:
    """The charts (``set_data(scenario, plan, baseline, compare)``, ``export_image``)."""
    try:
        from .charts import ChartsPanel
    except ImportError as exc:
        log.warning("charts unavailable: %s", exc)
        return Unavailable("charts panel", str(exc), parent)
    return ChartsPanel(parent)


def current_map(store: ProjectStore, parent: QWidget | None = None) -> QWidget:
    """The window's map: follows the store's current scenario and its plan."""
    view = make_map_view(parent)
    CurrentEntryFeed(store, lambda entry: (view.set_scenario(entry.scenario), view.set_result(entry.result)), view)
    return view


def current_charts(store: ProjectStore, parent: QWidget | None = None) -> QWidget:
    """The window's charts: follow the store's current scenario, its plan and baseline."""
    panel = make_charts_panel(parent)
    CurrentEntryFeed(store, lambda entry: panel.set_data(entry.scenario, entry.result, entry.baseline), panel)
    return panel
