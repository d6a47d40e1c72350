"""``scenario.toml`` to :class:`Parameters` and back.

The TOML layout (see the exchange format) nests travel, cost and budget
settings in tables; :class:`Parameters` is flat. Keys this module does not
model are kept in ``Parameters.extra`` with their nesting, so a save writes
them back unchanged. The XLSX Parameters sheet stores the same tree as
dotted keys with lists as JSON text (:func:`flatten` / :func:`unflatten`).

``format_version`` (absent = 1) is written first; a file from a newer
planner is refused, an older one goes through ``MIGRATIONS`` before it is read.
A save writes version 2 only when the scenario uses a version 2 addition
(``[placements]``, ``[transport]`` or a version 2 column), and version 3
only when it uses a version 3 one (``[costs] place_funding``, ``[objective]``,
``[measures]`` or a version 3 column), so an older scenario is written byte
for byte as the planner of its version wrote it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from ..infra.errors import Problem
from ..model.codes import NEEDS, PHASES, normalise_need
from ..model.scenario import Parameters, Scenario
from .tables import V2_COLUMNS, V3_COLUMNS
from .versions import FormatVersionError, Migration, file_version, upgraded

FORMAT_VERSION = 3  # of scenario.toml (and the workbook's Parameters sheet)


def _v1_to_v2(tree: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only adds optional keys (docs/model.md readings 14-18): a version 1 tree reads as it is."""
    return tree


def _v2_to_v3(tree: dict[str, Any]) -> dict[str, Any]:
    """Version 3 only adds optional keys (docs/model.md readings 19-23), each off when absent."""
    return tree


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}  # version n -> n + 1, see io/versions.py

# Parameters field -> path in the TOML tree.
PATHS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "base_year": ("base_year",),
    "horizon": ("horizon",),
    "currency": ("currency",),
    "speed_kmh": ("travel", "speed_kmh"),
    "detour_factor": ("travel", "detour_factor"),
    "max_minutes": ("travel", "max_minutes"),
    "independent_minutes": ("travel", "independent_minutes"),
    "independent_place": ("costs", "independent_place"),
    "step_up_penalty_minutes": ("costs", "step_up_penalty_minutes"),
    "capital": ("budget", "capital"),
    "carry_forward": ("budget", "carry_forward"),
    # version 2, written only when set (see parameters_to_tree)
    "independent_stay": ("placements", "independent_stay"),
    "independent_required": ("placements", "independent_required"),
    "transport_days": ("transport", "days"),
    "transport_fixed": ("transport", "fixed_per_year"),
    "transport_per_km": ("transport", "per_km"),
    # version 3, written only when set
    "place_funding": ("costs", "place_funding"),
    "tail_years": ("objective", "tail_years"),
    "capital_for_travel": ("objective", "capital_for_travel"),
    "capital_slack": ("objective", "capital_slack"),
    "plans_outside": ("measures", "plans_outside"),
}
V3_KEYS = ("place_funding", "tail_years", "capital_for_travel", "capital_slack", "plans_outside")
_POSITIVE = {"speed_kmh", "detour_factor", "horizon"}
_NON_NEGATIVE = {"independent_minutes", "independent_place", "step_up_penalty_minutes", "transport_fixed",
                 "transport_per_km"}
TRANSPORT = ("transport_days", "transport_fixed", "transport_per_km")
MAX_DAYS = 366
SECTIONS = ("travel", "costs", "budget", "placements", "transport", "objective", "measures")  # tables; a scalar or list there is an error
MAX_TEXT = 200  # name and currency
MAX_TAIL_YEARS = 50  # reading 20: a place serves decades, not centuries
MAX_PLACE_FUNDING = 1e6  # £ a place a year; England pays £10,000
MAX_PLANS = 1e6  # EHC plans outside the planner's settings (reading 23), as demand counts
MAX_DEPTH, MAX_LIST, MAX_STRING = 8, 1_000, 10_000  # any other key: a real file is far inside these


def _pop(tree: dict[str, Any], path: tuple[str, ...]) -> Any:
    node = tree
    for key in path[:-1]:
        node = node.get(key)
        if not isinstance(node, dict):
            return None
    return node.pop(path[-1], None)


def _prune(tree: dict[str, Any]) -> dict[str, Any]:
    """Drop tables left empty once the modelled keys are taken out."""
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            value = _prune(value)
            if not value:
                continue
        out[key] = value
    return out


def _number(value: Any) -> float | None:
    """A finite number; text is not one (``"1,5"`` could be 1.5 or 15: an error, never a guess).

    A workbook cell formatted as text that holds a plain number is already a
    number here (:func:`unflatten`).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# Dotted keys read as numbers when a workbook cell holds them as text; everything else stays text.
NUMERIC_KEYS = ("format_version", *(".".join(path) for name, path in PATHS.items()
                                    if name not in ("name", "currency", "carry_forward")))


def _cell_number(key: str, value: Any) -> Any:
    """A workbook cell of a numeric key holding a plain number as text (``"45"``), as the number; else as it is."""
    numeric = any(key == k or key.startswith(k + ".") for k in NUMERIC_KEYS)
    if not (numeric and isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip())):
        return value
    text = value.strip()
    return int(text) if text.lstrip("+-").isdigit() else float(text)


def _whole(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(str(value).strip().lower())


def parameters_from_tree(tree: Mapping[str, Any], file: str) -> tuple[Parameters, list[Problem]]:
    """Read a parsed ``scenario.toml`` tree; every bad value becomes a Problem.

    Returns defaults for values that are missing or wrong, so that the
    tables can still be checked against a usable horizon.
    """
    problems = _shape_problems(tree, file)
    if problems:
        return Parameters(), problems
    rest = json.loads(json.dumps(tree, default=str))  # deep copy, dates as text
    try:
        rest = upgraded(rest, file_version(rest, file, FORMAT_VERSION), FORMAT_VERSION, MIGRATIONS)
    except FormatVersionError as exc:
        problems.append(Problem("error", file, None, "format_version", str(rest.pop("format_version")),
                                f"a whole number from 1 to {FORMAT_VERSION}", str(exc)))
    read = _Reader({name: _pop(rest, path) for name, path in PATHS.items()}, file, problems)
    read.texts()
    read.wholes()
    read.numbers()
    read.flags()
    read.bounded()
    read.max_minutes()
    read.transport_days()
    read.shares()
    read.capital()
    read.plans_outside()
    read.values["extra"] = MappingProxyType(_prune(rest))
    return Parameters(**read.values), problems


class _Reader:
    """The keys of one ``scenario.toml``, read kind by kind into ``values``; each bad one is a Problem."""

    def __init__(self, raw: dict[str, Any], file: str, problems: list[Problem]):
        self.raw, self.file, self.problems = raw, file, problems
        self.values: dict[str, Any] = {}

    def bad(self, name: str, value: Any, expected: str, key: str = "") -> None:
        dotted = ".".join(PATHS[name]) + (f".{key}" if key else "")
        quoted = " (written as text in quotes: give the number itself)" if isinstance(value, str) and any(
            c.isdigit() for c in value) and not expected.startswith("text") else ""
        self.problems.append(Problem("error", self.file, None, dotted, str(value)[:80], expected,
                                     f"{dotted} = {_short(value)}: expected {expected}{quoted}"))

    def given(self, *names: str) -> list[tuple[str, Any]]:
        """``(name, value)`` of the keys the file sets, in the order asked."""
        return [(name, self.raw[name]) for name in names if self.raw[name] is not None]

    @property
    def horizon(self) -> int:
        return self.values.get("horizon", Parameters.horizon)

    def texts(self) -> None:
        for name, value in self.given("name", "currency"):
            if isinstance(value, (dict, list, bool)) or len(str(value)) > MAX_TEXT:
                self.bad(name, value, f"text of at most {MAX_TEXT} characters")
            else:
                self.values[name] = str(value)

    def wholes(self) -> None:
        for name, value in self.given("base_year", "horizon"):
            whole = _whole(value)
            if whole is None or (name == "horizon" and not 1 <= whole <= 50):
                self.bad(name, value, "a whole number" + (" from 1 to 50" if name == "horizon" else ""))
            else:
                self.values[name] = whole

    def numbers(self) -> None:
        for name, value in self.given("speed_kmh", "detour_factor", "independent_minutes", "independent_place",
                                      "step_up_penalty_minutes", "transport_fixed", "transport_per_km"):
            number = _number(value)
            if number is None or (name in _POSITIVE and number <= 0) or (name in _NON_NEGATIVE and number < 0):
                self.bad(name, value, "a number > 0" if name in _POSITIVE else "a number >= 0")
            else:
                self.values[name] = number

    def flags(self) -> None:
        for name, value in self.given("carry_forward", "capital_for_travel"):
            flag = _flag(value)
            if flag is not None:
                self.values[name] = flag
            else:
                self.bad(name, value, "true or false")

    def bounded(self) -> None:
        """Numbers from 0 up to (not including) a limit."""
        limits = {"place_funding": (MAX_PLACE_FUNDING, f"£ a place a year, >= 0 and < {MAX_PLACE_FUNDING:,.0f}"),
                  "tail_years": (MAX_TAIL_YEARS + 1e-9, f"a number of years from 0 to {MAX_TAIL_YEARS}"),
                  "capital_slack": (1.0, "a share from 0 to < 1 (0.05 = 5%)")}
        for name, value in self.given(*limits):
            high, expected = limits[name]
            number = _number(value)
            if number is None or number < 0 or number >= high:
                self.bad(name, value, expected)
            else:
                self.values[name] = number

    def max_minutes(self) -> None:
        for name, limits in self.given("max_minutes"):
            if not isinstance(limits, dict):
                self.bad(name, limits, "a table of minutes by phase, e.g. { PRI = 45, SEC = 75 }")
                continue
            clean = {}
            for phase, minutes in limits.items():
                number = _number(minutes)
                if str(phase).upper() not in PHASES:
                    self.bad(name, phase, f"a phase code ({' '.join(PHASES)})")
                elif number is None or number <= 0:
                    self.bad(name, minutes, "a number of minutes > 0", str(phase))
                else:
                    clean[str(phase).upper()] = number
            self.values[name] = MappingProxyType(clean)

    def transport_days(self) -> None:
        for name, value in self.given("transport_days"):
            days = _number(value)
            if days is None or not 0 < days <= MAX_DAYS:
                self.bad(name, value, f"a number of school days > 0 and <= {MAX_DAYS}")
            else:
                self.values[name] = days

    def shares(self) -> None:
        for name, codes, below_one in (("independent_stay", PHASES, False), ("independent_required", NEEDS, True)):
            if self.raw[name] is not None:
                self.values[name] = MappingProxyType(
                    _shares(self.raw[name], codes, below_one, lambda *a, name=name: self.bad(name, *a)))

    def capital(self) -> None:
        capital, horizon = self.raw["capital"], self.horizon
        if capital is None:
            self.values["capital"] = (0.0,) * horizon
        elif _number(capital) is not None and _number(capital) >= 0:
            self.values["capital"] = (_number(capital),) * horizon
        elif isinstance(capital, list) and len(capital) == horizon and all(
                _number(c) is not None and _number(c) >= 0 for c in capital):
            self.values["capital"] = tuple(_number(c) for c in capital)
        else:
            self.bad("capital", capital, f"one number >= 0 or a list of exactly horizon = {horizon} numbers >= 0")
            self.values["capital"] = (0.0,) * horizon

    def plans_outside(self) -> None:
        for name, outside in self.given("plans_outside"):
            one = _number(outside)
            many = [_number(v) for v in outside] if isinstance(outside, list) else []
            if one is not None and 0 <= one < MAX_PLANS:
                self.values[name] = (one,)
            elif len(many) == self.horizon and all(v is not None and 0 <= v < MAX_PLANS for v in many):
                self.values[name] = tuple(many)
            else:
                self.bad(name, outside, f"one number of plans >= 0 (and < {MAX_PLANS:,.0f}) or a list of "
                         f"exactly horizon = {self.horizon} of them")


def _shares(raw: Any, codes: tuple[str, ...], below_one: bool, bad: Callable[..., None]) -> dict[str, float]:
    """Shares by phase or need code (``ASC`` read as ``ASD``); for phases one number means every phase.

    Each bad entry is reported through ``bad(value, expected, key)`` and left out.
    """
    by_phase = codes == PHASES
    share_expected = f"a share from 0 to {'< 1' if below_one else '<= 1'} (0.02 = 2%)"

    def share(value: Any) -> float | None:
        number = _number(value)
        ok = number is not None and 0 <= number and (number < 1 if below_one else number <= 1)
        return number if ok else None

    if by_phase and _number(raw) is not None:
        if share(raw) is None:
            bad(raw, share_expected)
            return {}
        return {phase: share(raw) for phase in PHASES}
    what = "phase" if by_phase else "need"
    if not isinstance(raw, dict):
        bad(raw, f"a table of shares by {what}, e.g. "
            + ("{ EY = 0.5, PRI = 0.83 }, or one share for every phase" if by_phase else "{ ASD = 0.02 }"))
        return {}
    clean: dict[str, float] = {}
    seen: set[str] = set()
    for key, value in raw.items():
        code = str(key).strip().upper() if by_phase else normalise_need(str(key))
        if code not in codes:
            bad(key, f"a {what} code ({' '.join(codes)})", str(key))
        elif code in seen:
            bad(value, f"one share per {what} ({key} is {code} again)", str(key))
        elif share(value) is None:
            bad(value, share_expected, str(key))
        else:
            clean[code] = share(value)
        seen.add(code)
    return clean


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _shape_problems(tree: Mapping[str, Any], file: str) -> list[Problem]:
    """Sections that are not tables, and keys nested, listed or written beyond any real file."""
    problems = []
    for section in SECTIONS:
        value = tree.get(section)
        if value is not None and not isinstance(value, Mapping):
            problems.append(Problem("error", file, None, section, _short(value), f"a [{section}] table",
                                    f"{section} = {_short(value)}: expected a [{section}] table of settings"))

    def walk(node: Any, key: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            problems.append(Problem("error", file, None, key, "", f"at most {MAX_DEPTH} levels of tables",
                                    f"{key} is nested more than {MAX_DEPTH} levels deep"))
        elif isinstance(node, Mapping):
            for child, value in node.items():
                walk(value, f"{key}.{child}" if key else str(child), depth + 1)
        elif isinstance(node, list):
            if len(node) > MAX_LIST:
                problems.append(Problem("error", file, None, key, f"{len(node)} items", f"at most {MAX_LIST} items",
                                        f"{key} lists {len(node):,} items; at most {MAX_LIST:,} are read"))
            else:
                for item in node:
                    walk(item, key, depth + 1)
        elif isinstance(node, str) and len(node) > MAX_STRING:
            problems.append(Problem("error", file, None, key, node[:40], f"text of at most {MAX_STRING:,} characters",
                                    f"{key} holds {len(node):,} characters; at most {MAX_STRING:,} are read"))

    walk(tree, "", 0)
    return problems


def parameters_to_tree(parameters: Parameters, v2_columns: bool = False, v3_columns: bool = False) -> dict[str, Any]:
    """The TOML tree of a :class:`Parameters`, extra keys merged back in.

    ``format_version`` is 3 when a version 3 key is written or the tables
    carry a version 3 column (``v3_columns``), else 2 likewise for version 2,
    else 1; version 2 and 3 keys at their defaults (off) are not written.
    """
    tree: dict[str, Any] = {"format_version": 1, **json.loads(json.dumps(_plain(parameters.extra)))}  # first key
    written_v2 = written_v3 = False
    for name, path in PATHS.items():
        value = _tree_value(parameters, name)
        if value is None:
            continue
        written_v2 |= path[0] in ("placements", "transport")
        written_v3 |= name in V3_KEYS
        node = tree
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    tree["format_version"] = 3 if written_v3 or v3_columns else 2 if written_v2 or v2_columns else 1
    return tree


def scenario_tree(scenario: Scenario) -> dict[str, Any]:
    """The ``scenario.toml`` tree of a whole scenario: version 2 or 3 also when a table has a column of it."""
    def has(columns: dict[str, tuple[str, ...]]) -> bool:
        return any(c in getattr(scenario, table).columns for table, cs in columns.items() for c in cs)

    return parameters_to_tree(scenario.parameters, v2_columns=has(V2_COLUMNS), v3_columns=has(V3_COLUMNS))


def _tree_value(parameters: Parameters, name: str) -> Any:
    """A field as TOML writes it; None for a version 2 or 3 setting left off (not written)."""
    value = getattr(parameters, name)
    if name == "independent_stay":
        if not value:
            return None
        shares = [value.get(phase) for phase in PHASES]
        return shares[0] if len(set(shares)) == 1 else {k: value[k] for k in PHASES if k in value}
    if name in TRANSPORT:
        default = Parameters()
        off = all(getattr(parameters, n) == getattr(default, n) for n in TRANSPORT)
        return None if off else value
    if name == "independent_required":
        return dict(value) or None
    if name == "max_minutes":
        return dict(value)
    if name in V3_KEYS:
        if value == getattr(Parameters(), name):
            return None
        if name == "plans_outside":
            return value[0] if len(value) == 1 else list(value)
        return value
    return list(value) if name == "capital" else value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def flatten(tree: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Dotted key/value rows for a spreadsheet; lists become JSON text."""
    rows: list[tuple[str, Any]] = []
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(flatten(value, dotted + "."))
        elif isinstance(value, (list, tuple)):
            rows.append((dotted, json.dumps(_plain(value))))
        else:
            rows.append((dotted, value))
    return rows


def unflatten(rows: list[tuple[str, Any]], file: str) -> tuple[dict[str, Any], list[Problem]]:
    """Rebuild the tree from dotted rows; JSON text starting ``[`` or ``{`` is decoded."""
    tree: dict[str, Any] = {}
    problems: list[Problem] = []
    for row, (key, value) in enumerate(rows, start=2):
        parts = [p.strip() for p in str(key).split(".")]
        if not all(parts):
            problems.append(Problem("error", file, row, "key", str(key), "a dotted key like travel.speed_kmh",
                                    f"row {row}: key {key!r} is not a dotted name"))
            continue
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError) as exc:
                problems.append(Problem("error", file, row, "value", value, "JSON text such as [1, 2, 3]",
                                        f"{key}: cannot read {value!r} as a list ({exc})"))
                continue
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                problems.append(Problem("error", file, row, "key", str(key), "keys that do not clash",
                                        f"{key}: {part} is already a value, not a table"))
                break
            node = child
        else:
            node[parts[-1]] = _cell_number(".".join(parts), value)
    return tree, problems
