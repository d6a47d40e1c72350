"""Effective settings and option targets: the readings, and one derivation per scenario."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from small_scenarios import core_county

from sufficiency_app.model import provision_settings
from sufficiency_app.model.provision_settings import effective_settings, option_targets
from sufficiency_app.model.travel import TravelModel


def test_readings_on_the_core_county():
    scenario = core_county()
    assert option_targets(scenario) == {"O1": "P1", "O2": "O2"}  # O1 grows Larkrise, O2 is a new school
    settings = effective_settings(scenario).set_index("setting_id")
    assert list(settings.index) == ["P1", "P2", "P3", "O2"]
    assert settings.loc["O2", ["source", "capacity", "kind"]].tolist() == ["new", 0, "special"]
    assert settings.loc["O2", "needs"] == frozenset({"ASD", "SEMH"})


@pytest.fixture
def derivations(monkeypatch):
    """Count the real derivations behind the cached functions."""
    counts = {"settings": 0, "targets": 0}

    def counted(name, key):
        real = getattr(provision_settings, name)

        def wrapper(scenario):
            counts[key] += 1
            return real(scenario)
        monkeypatch.setattr(provision_settings, name, wrapper)

    counted("_effective_settings", "settings")
    counted("_option_targets", "targets")
    return counts


def test_derived_once_per_scenario(derivations):
    scenario = core_county()
    for _ in range(3):
        effective_settings(scenario)
        option_targets(scenario)
    TravelModel.from_scenario(scenario)  # the travel model reads the settings too
    assert derivations == {"settings": 1, "targets": 1}


def test_an_edit_is_a_new_scenario_and_derives_afresh(derivations):
    scenario = core_county()
    before = effective_settings(scenario)
    grown = scenario.replace(provisions=scenario.provisions.assign(capacity=[11, 8, 5]))
    after = effective_settings(grown)
    assert derivations["settings"] == 2
    assert before.loc[0, "capacity"] == 10 and after.loc[0, "capacity"] == 11


def test_callers_cannot_spoil_the_shared_derivation():
    scenario = core_county()
    settings = effective_settings(scenario)
    settings.loc[0, "capacity"] = 999
    settings["extra"] = 1
    targets = option_targets(scenario)
    targets["O1"] = "elsewhere"
    assert effective_settings(scenario).loc[0, "capacity"] == 10
    assert "extra" not in effective_settings(scenario).columns
    assert option_targets(scenario)["O1"] == "P1"


def test_the_derivation_goes_with_its_scenario():
    gc.collect()  # scenarios other tests dropped leave the cache first, so only this one can go below
    scenario = core_county()
    effective_settings(scenario)
    held = len(provision_settings._SETTINGS)
    del scenario
    gc.collect()
    assert len(provision_settings._SETTINGS) == held - 1


def test_a_missing_host_of_any_kind_means_a_new_setting():
    """pd.NA (a nullable text column) is blank like None, NaN and spaces, as validation reads it."""
    scenario = core_county()
    options = scenario.options.astype({"provision_id": "string"})
    options.loc[0, "provision_id"] = pd.NA
    options.loc[0, ["kind", "needs", "phases", "easting", "northing"]] = ["special", "ASD", "PRI", 1.0, 2.0]
    assert option_targets(scenario.replace(options=options)) == {"O1": "O1", "O2": "O2"}
