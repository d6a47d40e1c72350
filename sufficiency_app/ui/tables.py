"""The scenario's editable tables as plain DataFrames, and how an edit goes back in.

No Qt here: each :class:`TableSpec` says how to read one table out of a
:class:`~sufficiency_app.model.scenario.Scenario` and how to build the new
scenario from an edited copy, so the table model, the undo commands and
the tests share one code path. Parameters are shown as a two-column table
(setting, value) and parsed back into :class:`~sufficiency_app.model.scenario.Parameters`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

from ..infra.formatting import money
from ..io.parameters import MAX_DAYS
from ..model.codes import NEEDS, PHASES, normalise_need
from ..model.scenario import Parameters, Scenario
from ..present.symbols import kind_label


@dataclass(frozen=True)
class TableSpec:
    """One editable table: its key, title, the file validation names it by, and get/put."""

    key: str
    title: str
    file: str
    get: Callable[[Scenario], pd.DataFrame]
    put: Callable[[Scenario, pd.DataFrame], Scenario]
    editable: tuple[str, ...] | None = None  # None = every column
    read_only: tuple[str, ...] = ()  # shown to help reading (area names), never saved
    frozen: int = 0  # leading columns that stay in view when the table scrolls right
    formats: Mapping[str, Callable[[pd.DataFrame], list[str]]] = field(default_factory=dict)  # column -> cell texts

    def row_of_problem(self, frame: pd.DataFrame, row: int | None, column: str | None) -> int | None:
        """Positional row a validation problem points at (parameters: by setting name)."""
        if self.key == "parameters":
            if not column:
                return None
            leaf = column.rsplit(".", 1)[-1]  # "travel.max_minutes" -> "max_minutes"
            hits = [i for i, k in enumerate(frame["setting"]) if k in (column, leaf) or k.startswith(f"{leaf}.")]
            return hits[0] if hits else None
        if row is None:
            return None
        pos = row - 2
        return pos if 0 <= pos < len(frame) else None


# ------------------------------------------------------------- parameters

PARAMETER_MEANINGS: dict[str, str] = {
    "name": "Scenario name",
    "base_year": "First academic year planned (2025 = 2025/26)",
    "horizon": "Years planned",
    "currency": "Currency of money figures",
    "speed_kmh": "Average speed where travel.csv has no journey (km/h)",
    "detour_factor": "Road distance / straight-line distance",
    **{f"max_minutes.{p}": f"Longest reasonable journey, {p} (minutes)" for p in PHASES},
    "independent_minutes": "Assumed journey to an independent placement (minutes)",
    "independent_place": "Cost of an independent placement per year",
    "step_up_penalty_minutes": "Minutes added per child placed above the tier needed",
    "capital": "Capital budget per year (';' list, one per year)",
    "carry_forward": "Unspent capital carries into later years (yes/no)",
    **{f"independent_stay.{p}": f"Independent placements continuing next year, {p} (share; blank: off)"
       for p in PHASES},
    "independent_required": "Needing the independent sector, by need (ASD 0.04; SEMH 0.08)",
    "transport.days": "School days a year with home-to-school transport",
    "transport.fixed_per_year": "Transport cost per transported child a year",
    "transport.per_km": "Transport cost per km travelled, £ (both 0: transport not costed)",
    "place_funding": "Place funding per place a year, special and resourced (0: off)",
    "tail_years": "Years after the horizon the last year's places count for (0: off)",
    "capital_for_travel": "Spend capital to shorten journeys alone (yes/no)",
    "capital_slack": "Extra capital allowed over the least, as a share (0.05 = 5%)",
    "plans_outside": "EHC plans in settings not planned: colleges, home (';' list; blank: off)",
}


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parameters_frame(p: Parameters) -> pd.DataFrame:
    """Parameters as rows of (setting, value, meaning); values as text for editing."""
    values: dict[str, str] = {
        "name": p.name, "base_year": str(p.base_year), "horizon": str(p.horizon), "currency": p.currency,
        "speed_kmh": _fmt_number(p.speed_kmh), "detour_factor": _fmt_number(p.detour_factor),
        **{f"max_minutes.{ph}": _fmt_number(p.max_minutes[ph]) if ph in p.max_minutes else "" for ph in PHASES},
        "independent_minutes": _fmt_number(p.independent_minutes),
        "independent_place": _fmt_number(p.independent_place),
        "step_up_penalty_minutes": _fmt_number(p.step_up_penalty_minutes),
        "capital": "; ".join(_fmt_number(c) for c in p.capital),
        "carry_forward": "yes" if p.carry_forward else "no",
        **{f"independent_stay.{ph}": _fmt_number(p.independent_stay[ph]) if ph in p.independent_stay else ""
           for ph in PHASES},
        "independent_required": "; ".join(f"{n} {_fmt_number(v)}" for n, v in p.independent_required.items()),
        "transport.days": _fmt_number(p.transport_days),
        "transport.fixed_per_year": _fmt_number(p.transport_fixed),
        "transport.per_km": _fmt_number(p.transport_per_km),
        "place_funding": _fmt_number(p.place_funding),
        "tail_years": _fmt_number(p.tail_years),
        "capital_for_travel": "yes" if p.capital_for_travel else "no",
        "capital_slack": _fmt_number(p.capital_slack),
        "plans_outside": "; ".join(_fmt_number(n) for n in p.plans_outside),
    }
    return pd.DataFrame({
        "setting": list(values), "value": list(values.values()),
        "meaning": [PARAMETER_MEANINGS[k] for k in values],
    }).astype(str)


def _number(key: str, text: str, minimum: float = 0.0) -> float:
    try:
        value = float(str(text).replace(",", "").replace("£", "").strip())
    except ValueError:
        raise ValueError(f"{key}: {text!r} is not a number") from None
    if math.isnan(value) or value < minimum:
        raise ValueError(f"{key}: must be a number of at least {minimum:g}")
    return value


def _whole(key: str, text: str, minimum: int) -> int:
    value = _number(key, text, minimum)
    if not value.is_integer():
        raise ValueError(f"{key}: must be a whole number")
    return int(value)


def _share(key: str, text: str, below_one: bool = False) -> float:
    value = _number(key, text)
    if value > 1 or (below_one and value == 1):
        raise ValueError(f"{key}: must be a share from 0 to {'under 1' if below_one else '1'} (0.04 = 4%)")
    return value


def _required(text: str) -> dict[str, float]:
    """``ASD 0.04; SEMH 0.08`` (also ``ASD=0.04``) as shares by need code."""
    out: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in str(text).replace(",", ";").split(";"))):
        match = re.fullmatch(r"([A-Za-z]+)\s*[=: ]\s*(\S+)", item)
        need = normalise_need(match.group(1)) if match else ""
        if need not in NEEDS:
            raise ValueError(f"independent_required: {item!r} is not a need code and a share, e.g. ASD 0.04")
        out[need] = _share("independent_required", match.group(2), below_one=True)
    return out


def frame_parameters(frame: pd.DataFrame, old: Parameters) -> Parameters:
    """Parse an edited parameters table; raises ValueError naming the setting at fault."""
    v = dict(zip(frame["setting"], frame["value"]))
    horizon = _whole("horizon", v["horizon"], 1)
    capital = [_number("capital", c) for c in str(v["capital"]).replace(",", ";").split(";") if c.strip()]
    if len(capital) == 1:
        capital = capital * horizon
    elif len(capital) != horizon:  # the horizon changed: keep the list's last value for new years
        capital = (capital + [capital[-1] if capital else 0.0] * horizon)[:horizon]
    plans = [_number("plans_outside", n) for n in str(v["plans_outside"]).replace(",", ";").split(";") if n.strip()]
    if len(plans) not in (0, 1, horizon):
        raise ValueError(f"plans_outside: one number, or one a year ({horizon})")
    max_minutes = {ph: _number(f"max_minutes.{ph}", v[f"max_minutes.{ph}"])
                   for ph in PHASES if str(v[f"max_minutes.{ph}"]).strip()}
    name = str(v["name"]).strip()
    if not name:
        raise ValueError("name: a scenario needs a name")
    return old.replace(
        name=name, base_year=_whole("base_year", v["base_year"], 1900), horizon=horizon,
        currency=str(v["currency"]).strip() or old.currency,
        speed_kmh=_number("speed_kmh", v["speed_kmh"], 1e-9),
        detour_factor=_number("detour_factor", v["detour_factor"], 1.0),
        max_minutes=MappingProxyType(max_minutes),
        independent_minutes=_number("independent_minutes", v["independent_minutes"]),
        independent_place=_number("independent_place", v["independent_place"]),
        step_up_penalty_minutes=_number("step_up_penalty_minutes", v["step_up_penalty_minutes"]),
        capital=tuple(capital), carry_forward=_yes("carry_forward", v["carry_forward"]),
        independent_stay=MappingProxyType({ph: _share(f"independent_stay.{ph}", v[f"independent_stay.{ph}"])
                                           for ph in PHASES if str(v[f"independent_stay.{ph}"]).strip()}),
        independent_required=MappingProxyType(_required(v["independent_required"])),
        transport_days=_days(v["transport.days"]),
        transport_fixed=_number("transport.fixed_per_year", v["transport.fixed_per_year"]),
        transport_per_km=_number("transport.per_km", v["transport.per_km"]),
        place_funding=_number("place_funding", v["place_funding"]),
        tail_years=_at_most("tail_years", v["tail_years"], 50.0, "50 years"),
        capital_for_travel=_yes("capital_for_travel", v["capital_for_travel"]),
        capital_slack=_at_most("capital_slack", v["capital_slack"], 1.0, "a share under 1", strict=True),
        plans_outside=tuple(plans),
    )


def _yes(key: str, text: str) -> bool:
    flag = str(text).strip().lower()
    if flag not in ("yes", "no", "true", "false", "1", "0"):
        raise ValueError(f"{key}: write yes or no")
    return flag in ("yes", "true", "1")


def _at_most(key: str, text: str, top: float, words: str, strict: bool = False) -> float:
    value = _number(key, text)
    if value > top or (strict and value == top):
        raise ValueError(f"{key}: must be {words} at most" if not strict else f"{key}: must be {words}")
    return value


def _days(text: str) -> float:
    days = _number("transport.days", text, 1e-9)
    if days > MAX_DAYS:
        raise ValueError(f"transport.days: at most {MAX_DAYS} school days a year")
    return days


# ------------------------------------------------------------ cell values

def coerce(value: Any, dtype: Any, column: str) -> Any:
    """Turn what a user typed into a value of the column's dtype, or raise ValueError saying why."""
    text = "" if value is None else str(value).strip()
    if pd.api.types.is_bool_dtype(dtype):
        if text.lower() in ("yes", "true", "1"):
            return True
        if text.lower() in ("no", "false", "0"):
            return False
        raise ValueError(f"{column}: write yes or no")
    if pd.api.types.is_integer_dtype(dtype):
        number = _number(column, text, -math.inf) if text else math.nan
        if math.isnan(number) or not number.is_integer():
            raise ValueError(f"{column}: must be a whole number")
        return int(number)
    if pd.api.types.is_float_dtype(dtype):
        return math.nan if not text else _number(column, text, -math.inf)
    return text


def edited(frame: pd.DataFrame, rows: list[int], column: str, value: Any) -> pd.DataFrame:
    """A copy of ``frame`` with ``column`` set to ``value`` (coerced) in positional ``rows``."""
    new = frame.copy()
    col = new.columns.get_loc(column)
    converted = coerce(value, new[column].dtype, column)
    for r in rows:
        new.iloc[r, col] = converted
    return new


def _put(attribute: str) -> Callable[[Scenario, pd.DataFrame], Scenario]:
    """Store an edited table in the scenario's own column order, without the columns shown only to read."""
    return lambda scenario, frame: scenario.replace(**{attribute: frame[list(getattr(scenario, attribute).columns)]})


def _first(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` with ``columns`` moved to the front (the ones that name a row, kept in view)."""
    return frame[[*columns, *(c for c in frame.columns if c not in columns)]]


def demand_frame(scenario: Scenario) -> pd.DataFrame:
    """Demand with each area's name beside its code, area first."""
    names = dict(zip(scenario.areas["area_id"].astype(str), scenario.areas["name"].astype(str)))
    frame = scenario.demand.copy()
    frame.insert(frame.columns.get_loc("area_id") + 1, "area_name", frame["area_id"].astype(str).map(names).fillna(""))
    return _first(frame, "area_id", "area_name")


def _money_columns(*columns: str) -> Mapping[str, Callable[[pd.DataFrame], list[str]]]:
    def texts(column: str) -> Callable[[pd.DataFrame], list[str]]:
        return lambda frame: ["" if pd.isna(v) else money(float(v)) for v in frame[column]]
    return MappingProxyType({c: texts(c) for c in columns})


def _kinds(frame: pd.DataFrame) -> list[str]:
    """Kinds as the legend names them ("Resource base"); a cell edits the code."""
    return ["" if pd.isna(k) or not str(k) else kind_label(str(k)) for k in frame["kind"]]


MONEY_PARAMETERS = ("independent_place", "capital", "transport.fixed_per_year", "place_funding")


def _parameter_values(frame: pd.DataFrame) -> list[str]:
    """Parameter values as read: money settings in pounds (capital one amount per year)."""
    out = []
    for key, value in zip(frame["setting"], frame["value"]):
        if key in MONEY_PARAMETERS:
            try:
                value = "; ".join(money(float(v)) for v in str(value).split(";") if v.strip())
            except ValueError:
                pass  # a value being typed that is not a number yet: show it as typed
        out.append(str(value))
    return out


# Friendly column headers; a column not listed shows its name with spaces.
COLUMN_LABELS: dict[str, str] = {
    "year": "Year", "area_id": "Area code", "area_name": "Area", "need": "Need", "phase": "Phase",
    "tier": "Tier", "count": "Children", "provision_id": "Setting code", "name": "Name", "kind": "Kind",
    "needs": "Needs served", "phases": "Phases served", "capacity": "Places", "easting": "Easting",
    "northing": "Northing", "cost_per_place": "Cost per place a year", "urn": "URN",
    "option_id": "Option code", "module_places": "Places per module", "max_modules": "Most modules",
    "capital_per_module": "Capital per module", "fixed_capital": "Fixed capital",
    "earliest_year": "Earliest year", "place_funding": "Place funding a year", "fill_years": "Years to fill",
    "setting": "Setting", "value": "Value", "meaning": "Meaning",
}


TABLES: tuple[TableSpec, ...] = (
    TableSpec("demand", "Demand", "demand.csv", demand_frame, _put("demand"), read_only=("area_name",), frozen=2),
    TableSpec("provisions", "Settings", "provisions.csv", lambda s: _first(s.provisions, "provision_id", "name"),
              _put("provisions"), frozen=2, formats={**_money_columns("cost_per_place", "place_funding"), "kind": _kinds}),
    TableSpec("options", "Options", "options.csv", lambda s: _first(s.options, "option_id", "name"), _put("options"),
              frozen=2, formats={**_money_columns("capital_per_module", "fixed_capital", "cost_per_place", "place_funding"),
                                 "kind": _kinds}),
    TableSpec(
        "parameters", "Parameters", "scenario.toml", lambda s: parameters_frame(s.parameters),
        lambda s, f: s.replace(parameters=frame_parameters(f, s.parameters)), editable=("value",),
        formats=MappingProxyType({"value": _parameter_values}),
    ),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}
TABLE_BY_FILE = {t.file: t for t in TABLES}
