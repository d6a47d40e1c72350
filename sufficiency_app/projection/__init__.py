"""Demand projection: a cohort (Markov) model of children with EHC plans.

Pure tables in, tables out (no Qt). The usual entry points:

- :func:`read_history` / :func:`read_population`: the input files;
- :func:`forecast`: fit, project (with :class:`Levers`), optionally simulate,
  and spread to the scenario's areas as an exchange-format demand table;
- :func:`demand_scenarios`: low/central/high demand for robust planning;
- :func:`backtest`: how well the model would have forecast past years;
- :func:`scap_table`, :func:`dsg_table`, :func:`write_statutory`: returns.
"""

from .backtest import backtest, format_backtest
from .cohort import project
from .estimate import CohortRates, fit_rates
from .history import (
    NCYS,
    SETTING_TIER,
    SETTINGS,
    check_history,
    check_population,
    read_history,
    read_population,
)
from .levers import Levers
from .mapping import phase_of_ncy, spread, to_demand
from .pipeline import Forecast, bands, demand_scenarios, forecast, percentile_groups
from .simulate import Simulation, simulate
from .statutory import dsg_table, scap_table, write_statutory

__all__ = [
    "NCYS", "SETTINGS", "SETTING_TIER", "CohortRates", "Forecast", "Levers", "Simulation", "backtest", "bands",
    "check_history", "check_population", "demand_scenarios", "dsg_table", "fit_rates", "forecast",
    "format_backtest", "percentile_groups", "phase_of_ncy", "project", "read_history", "read_population",
    "scap_table", "simulate", "spread", "to_demand", "write_statutory",
]
