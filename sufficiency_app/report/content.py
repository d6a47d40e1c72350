"""Everything a report says, computed once and rendered by the PDF, Word and XLSX writers.

The writers only lay out :class:`Report`; all figures, wording and
suppression are decided here, so the three formats cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..infra.formatting import (
    COUNT,
    DASH,
    FIGURE,
    INTEGER,
    MINUTES,
    MONEY,
    PERCENT,
    TEXT,
    academic_year,
    long_date,
    money,
    september,
)
from ..model import finance
from ..model.codes import INDEPENDENT, NEED_NAMES, NEEDS, PHASE_NAMES, PHASES
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings, option_targets
from ..model.scenario import Parameters, Scenario
from ..present.figures import PlanFigures, plan_figures, spe_denominators
from ..present.plan_words import plan_words
from . import dashboard, figures, safety_valve
from .recommendation import recommendation
from .summary import spe_sentence, summary_text
from .suppression import LOW, WITHHELD, Rule, derived, describe, suppress

KEY_FIGURES = "key"
TRANSPORT_LINE = "Home-to-school transport (general fund)"
OUTSIDE_BLOCK = "Outside the High Needs Block"
NEED_ORDER = {n: i for i, n in enumerate(NEEDS)}
METHOD = "Method: how the figures were worked out"
KIND_LABELS = {
    "mainstream": "Mainstream", "resource_base": "Resource base", "elp": "ELP",
    "special": "Special school", "independent": "Independent",
}


@dataclass(frozen=True)
class Run:
    """One scenario with its saved plan and its do-nothing baseline; ``when``: "solved 1 December 2026" if known."""

    scenario: Scenario
    plan: PlanResult
    baseline: PlanResult
    when: str = ""


@dataclass(frozen=True)
class Table:
    """A titled table; ``formats`` maps each column to a kind of :mod:`.format`.

    ``row_formats`` (one kind per row) overrides ``formats`` for every
    column but the first, for tables whose rows are different measures.
    ``wide`` tables go on landscape pages; ``printed`` False keeps a table
    (for example one row per area) to the workbook only, ``in_workbook``
    False keeps one (a printed part of a wider table) out of it.
    """

    key: str
    title: str
    frame: pd.DataFrame
    formats: Mapping[str, str]
    note: str = ""
    wide: bool = False
    printed: bool = True
    row_formats: tuple[str, ...] = ()
    in_workbook: bool = True

    def kind(self, row: int, column: str) -> str:
        """The kind of number in one cell (see :mod:`.format`)."""
        if self.row_formats and column != self.frame.columns[0]:
            return self.row_formats[row]
        return self.formats.get(column, TEXT)

    def is_text(self, column: str) -> bool:
        """True for a column of words (left-aligned, may wrap)."""
        if self.row_formats:
            return column == self.frame.columns[0]
        return self.formats.get(column, TEXT) == TEXT


@dataclass(frozen=True)
class Figure:
    title: str
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """The pages about one scenario; ``plan`` says which plan it is; ``recommendation``
    (report/recommendation.py) is printed first, before the summary; ``method`` (paragraphs) and
    ``provenance`` (the input files) go to the Method section at the end."""

    name: str
    provenance: str
    summary: str
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]
    plan: str = ""
    recommendation: str = ""
    method: tuple[str, ...] = ()

    @property
    def opening(self) -> tuple[Table, ...]:
        """Tables printed on the first page, under the summary (the key figures)."""
        return tuple(t for t in self.tables if t.key == KEY_FIGURES)

    @property
    def later(self) -> tuple[Table, ...]:
        """Printed tables after the figures."""
        return tuple(t for t in self.tables if t.printed and t.key != KEY_FIGURES)


@dataclass(frozen=True)
class Report:
    title: str
    date: dt.date
    rule: Rule | None
    rule_text: str
    sections: tuple[Section, ...]
    comparison: Table | None = None

    @property
    def date_text(self) -> str:
        return long_date(self.date)


def _years_frame(rows: list[tuple[str, Sequence[float]]], years: Sequence[int], label: str = "Line") -> pd.DataFrame:
    """The shape of the finance tables: one row per line, one column per academic year."""
    return pd.DataFrame([[name, *map(float, values)] for name, values in rows],
                        columns=[label, *(academic_year(y) for y in years)])


def _setting_names(scenario: Scenario) -> pd.DataFrame:
    s = effective_settings(scenario)
    names = pd.DataFrame({"provision_id": s["setting_id"].astype(str), "setting": s["name"].astype(str),
                          "kind": s["kind"].astype(str)})
    fallback = pd.DataFrame({"provision_id": [INDEPENDENT], "setting": ["Independent sector (unlisted)"],
                             "kind": ["independent"]})
    return pd.concat([names, fallback], ignore_index=True)


def schedule_table(scenario: Scenario, plan: PlanResult) -> Table:
    """What to build, where and when, with its capital."""
    sched = plan.schedule
    if len(sched):  # a setting may open (fixed capital) a year before its first places
        sched = sched.loc[(sched["places"].astype(float) > 0) | (sched["capital"].astype(float) > 0)]
    options = scenario.options.set_index("option_id")
    targets = option_targets(scenario)
    names = _setting_names(scenario).set_index("provision_id")
    rows = []
    for _, r in sched.sort_values(["year", "option_id"]).iterrows():
        target = targets.get(str(r["option_id"]), str(r["option_id"]))
        kind = names.loc[target, "kind"] if target in names.index else ""
        rows.append({
            "Option": str(options.loc[r["option_id"], "name"]) if r["option_id"] in options.index else r["option_id"],
            "Setting": names.loc[target, "setting"] if target in names.index else target,
            "Kind": KIND_LABELS.get(kind, kind),
            "Places from": september(int(r["year"])),
            "Modules": float(r["modules"]), "Places": float(r["places"]), "Capital": float(r["capital"]),
        })
    frame = pd.DataFrame(rows, columns=["Option", "Setting", "Kind", "Places from", "Modules", "Places", "Capital"])
    if len(frame):
        total = {"Option": "Total", "Setting": "", "Kind": "", "Places from": "", "Modules": float("nan"),
                 "Places": frame["Places"].sum(), "Capital": frame["Capital"].sum()}
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    formats = {"Option": TEXT, "Setting": TEXT, "Kind": TEXT, "Places from": TEXT, "Modules": INTEGER,
               "Places": INTEGER, "Capital": MONEY}
    note = "" if len(frame) else "The plan creates no new places."
    return Table("schedule", "Schedule of new places", frame, formats, note)


def sufficiency(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """Per year, need and phase: children needing a place, placed locally, and the gap.

    The gap is the children the plan still places in independent schools,
    because no suitable local place is within reach.
    """
    costs = finance.placement_costs(scenario, plan)
    costs["gap"] = costs["count"].where(costs["kind"] == "independent", 0.0)
    table = costs.groupby(["year", "need", "phase"], as_index=False).agg(demand=("count", "sum"), gap=("gap", "sum"))
    table["places"] = table["demand"] - table["gap"]
    phase_order = {p: i for i, p in enumerate(PHASES)}
    table = table.assign(_n=table["need"].map(NEED_ORDER), _p=table["phase"].map(phase_order))
    table = table.sort_values(["year", "_p", "_n"], ignore_index=True)
    return table[["year", "need", "phase", "demand", "places", "gap"]]


def sufficiency_table(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> Table:
    """Sufficiency by phase and need, three columns per year, suppressed year by year."""
    long = sufficiency(scenario, plan)
    groups = long[["phase", "need"]].drop_duplicates()
    groups = groups.assign(_p=groups["phase"].map({p: i for i, p in enumerate(PHASES)}),
                           _n=groups["need"].map(NEED_ORDER))
    groups = groups.sort_values(["_p", "_n"])[["phase", "need"]].reset_index(drop=True)
    frame = pd.DataFrame({"Phase": [*groups["phase"].map(PHASE_NAMES).astype(str), "Total"],
                          "Need": [*groups["need"].astype(str), ""]})
    formats: dict[str, str] = {"Phase": TEXT, "Need": TEXT}
    for year in scenario.years:
        block = groups.merge(long.loc[long["year"] == year], on=["phase", "need"], how="left").fillna(
            {"demand": 0.0, "places": 0.0, "gap": 0.0})
        safe = suppress(block[["places", "gap"]], ["places", "gap"], rule, row_total="demand", total_row="Total")
        y = academic_year(year)
        for col, head in (("demand", "demand"), ("places", "placed locally"), ("gap", "gap")):
            frame[f"{y} {head}"] = safe[col].to_numpy()
            formats[f"{y} {head}"] = COUNT
    note = ("Demand: children with a forecast need for a place the plan allocates. Placed locally: in a "
            "maintained, academy or resourced setting. Gap: still placed in an independent school.")
    return Table("sufficiency", "Sufficiency by phase and need", frame, formats, note, wide=True, printed=False)


YEARS_A_PAGE = 3  # three columns a year: more than three years a page breaks the headers inside "2025/26"


def printed_parts(table: Table, years: Sequence[int]) -> list[Table]:
    """The wide sufficiency table as printed: a few years a page, each part with the label columns."""
    labels = [c for c in table.frame.columns if table.formats.get(c) == TEXT]
    parts = []
    for start in range(0, len(years), YEARS_A_PAGE):
        chunk = [academic_year(y) for y in years[start:start + YEARS_A_PAGE]]
        columns = labels + [c for c in table.frame.columns if c.split(" ", 1)[0] in chunk]
        title = f"{table.title}, {chunk[0]}" + (f" to {chunk[-1]}" if len(chunk) > 1 else "")
        parts.append(replace(table, title=title, frame=table.frame[columns], wide=False,  # a portrait page holds it
                             formats={c: table.formats[c] for c in columns}, printed=True, in_workbook=False))
    return parts


def placements_table(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> Table:
    """Children placed at each setting each year (setting-level counts, suppressed)."""
    costs = finance.placement_costs(scenario, plan)
    pivot = costs.pivot_table(index="provision_id", columns="year", values="count", aggfunc="sum", fill_value=0.0)
    pivot = pivot.reindex(columns=list(scenario.years), fill_value=0.0)
    names = _setting_names(scenario).set_index("provision_id")
    pivot = pivot.loc[pivot.sum(axis=1) > 0]
    frame = pd.DataFrame({
        "Setting": [names.loc[p, "setting"] for p in pivot.index],
        "Kind": [KIND_LABELS.get(names.loc[p, "kind"], names.loc[p, "kind"]) for p in pivot.index],
    })
    years = [academic_year(y) for y in pivot.columns]
    for label, y in zip(years, pivot.columns):
        frame[label] = pivot[y].to_numpy()
    frame = frame.sort_values(["Kind", "Setting"], ignore_index=True)
    safe = suppress(frame, years, rule, total_row="Total", label="Setting")
    formats = {"Setting": TEXT, "Kind": TEXT, **{y: COUNT for y in years}}
    return Table("placements", "Children placed by setting", safe, formats)


def area_frame(scenario: Scenario, run: Run) -> pd.DataFrame:
    """Per area, last year: children placed by the plan, and in independent schools (plan, baseline)."""
    last = scenario.years[-1]
    out = scenario.areas[["area_id", "name"]].copy()
    out["area_id"] = out["area_id"].astype(str)
    for key, result in (("plan", run.plan), ("baseline", run.baseline)):
        costs = finance.placement_costs(scenario, result)
        costs = costs.loc[costs["year"] == last]
        costs["area_id"] = costs["area_id"].astype(str)
        if key == "plan":
            out = out.merge(costs.groupby("area_id", as_index=False)["count"].sum().rename(columns={"count": "demand"}),
                            on="area_id", how="left")
        indep = costs.loc[costs["kind"] == "independent"].groupby("area_id", as_index=False)["count"].sum()
        out = out.merge(indep.rename(columns={"count": f"independent_{key}"}), on="area_id", how="left")
    return pd.DataFrame(out).fillna({"demand": 0.0, "independent_plan": 0.0, "independent_baseline": 0.0})


def areas_table(scenario: Scenario, run: Run, rule: Rule | None) -> Table:
    frame = area_frame(scenario, run)
    last = academic_year(scenario.years[-1])
    frame = frame.rename(columns={"area_id": "Area", "name": "Name", "demand": f"Children placed {last}",
                                  "independent_plan": f"Independent {last} (plan)",
                                  "independent_baseline": f"Independent {last} (no new places)"})
    counts = [c for c in frame.columns if c not in ("Area", "Name")]
    safe = suppress(frame, counts, rule, total_row="Total", label="Area")
    return Table("areas", "Children by home area", safe, {"Area": TEXT, "Name": TEXT, **{c: COUNT for c in counts}},
                 printed=False)


def dsg_table(scenario: Scenario, run: Run) -> Table:
    """The High Needs Block position, plan against no new places."""
    years = list(scenario.years)
    p = finance.dsg_view(scenario, run.plan)
    cmp = finance.compare(scenario, run.plan, run.baseline)
    has_finance = scenario.finance is not None and len(scenario.finance) > 0
    rows: list[tuple[str, Sequence[float]]] = []
    if has_finance:
        rows += [("High Needs Block income", p["hnb_income"]), ("Block transfer", p["block_transfer"]),
                 ("Other high needs spend", p["other_spend"])]
    rows += [("Placements (plan)", p["placement_spend"]), ("  of which independent", p["independent_spend"])]
    if has_finance:
        rows += [("Total spend (plan)", p["total_spend"]), ("In-year surplus (+) / deficit (\u2212)", p["in_year"]),
                 ("Balance brought forward", p["brought_forward"]), ("Balance carried forward (plan)", p["balance"]),
                 ("Total spend (no new places)", cmp["baseline_spend"]),
                 ("Balance carried forward (no new places)", cmp["baseline_balance"])]
    else:
        rows += [("Placements (no new places)", cmp["baseline_spend"])]
    rows += [("Revenue saving of the plan", cmp["saving"])]
    transport = scenario.parameters.transport_on
    if transport:  # beside the block, never in its spend or balance
        rows += [(OUTSIDE_BLOCK, [float("nan")] * len(years)),
                 (TRANSPORT_LINE, finance.transport_by_year(scenario, run.plan)),
                 ("Home-to-school transport (no new places)", finance.transport_by_year(scenario, run.baseline))]
    frame = _years_frame(rows, years).astype(object).fillna(DASH)
    frame.loc[frame["Line"] == OUTSIDE_BLOCK, frame.columns[1:]] = ""
    formats = {c: (TEXT if i == 0 else MONEY) for i, c in enumerate(frame.columns)}
    note = ("Balances: negative is a cumulative deficit. Scenario years are read as the financial year that "
            "starts in them." if has_finance else
            "No finance.csv: only the revenue cost of placements is shown, not the DSG balance.")
    if transport:
        note += (" Home-to-school transport is paid from the council's general fund, so it is shown beside the "
                 "High Needs Block, not in its spend or balance" +
                 (f" ({DASH}: {dashboard.NOT_AVAILABLE}, the plan was solved before transport was costed)."
                  if (frame == DASH).any().any() else "."))
    return Table("finance", "High Needs Block (DSG) position", frame, formats, note)


def dashboard_table(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> Table:
    """The SEND dashboard measures per year: children, SPE.a, SPE.d, out of county, and transport when costed.

    Shares only (the counts behind them are in the charts and the sufficiency table), so the table
    keeps a readable type in Word; a share is made safe with its count (:func:`dashboard.safe_share`).
    """
    m = dashboard.measures(scenario, plan)
    shares = {"spe_a": "SPE.a", "spe_d": "SPE.d", "out_of_county": "Out of county"}
    frame = suppress(pd.DataFrame({"Year": [academic_year(int(y)) for y in m["year"]], "Children": m["demand"]}),
                     ["Children"], rule)
    for key, column in shares.items():
        frame[column] = [dashboard.safe_share(s, d, rule) for s, d in zip(m[key], m["demand"])]
    # The year as a figure: a narrow right-aligned column, so the numbers get the width and keep their headers.
    formats = {"Year": FIGURE, "Children": COUNT, **{c: PERCENT for c in shares.values()}}
    if scenario.parameters.transport_on:
        frame["Transport cost"] = m["transport_cost"]
        formats["Transport cost"] = MONEY
    frame = frame.astype(object).fillna(DASH)
    note = ("Shares of all children with EHC plans in the forecast, those met locally included. SPE.a: placed "
            "in independent settings; SPE.d: in independent settings out of county; out of county: in any "
            "setting outside the county (the unlisted independent sector counts as out of county)."
            + (" Transport: home-to-school transport, paid from the general fund." if "Transport cost" in formats
               else "")
            + (" A share of 1 to 4 children is withheld (c)." if rule == "lt5" else "")
            + (" Shares are worked from counts rounded to 5." if rule == "round5" else "")
            + (f" {DASH}: {dashboard.NOT_AVAILABLE} (the plan was solved before these measures existed; solve "
               "again to see them)." if not dashboard.available(plan) else ""))
    return Table("dashboard", "SEND dashboard measures", frame, formats, note)


def required_table(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> Table | None:
    """Placed independently by need, against the share the scenario says needs the independent sector."""
    long = dashboard.required_by_need(scenario, plan)
    if long.empty:
        return None
    long = long.sort_values(["need", "year"], key=lambda c: c.map(NEED_ORDER) if c.name == "need" else c,
                            kind="stable")
    frame = pd.DataFrame({
        "Need": [f"{NEED_NAMES.get(n, n)} ({n})" for n in long["need"].astype(str)],
        "Year": [academic_year(int(y)) for y in long["year"]],
        "Required share": long["share"].to_numpy(), "Children placed by the plan": long["demand"].to_numpy(),
        "Needing the independent sector": long["required"].to_numpy(),
        "Placed independently": long["placed"].to_numpy(),
    })
    counts = ["Children placed by the plan", "Placed independently"]
    required = "Needing the independent sector"
    safe = suppress(frame, counts, rule)
    # The required number is the published share of the published total: withheld where the total is hidden
    # (with the share it would give the total away), and itself a count of children, so 1 to 4 show as <5.
    safe[required] = derived(safe[required].astype(object).where(~safe[counts[0]].isin([LOW, WITHHELD]), WITHHELD),
                             rule)
    formats = {"Need": TEXT, "Year": FIGURE, "Required share": PERCENT, required: COUNT, **{c: COUNT for c in counts}}
    note = ("The scenario takes these shares of each need's children as rightly placed in the independent "
            "sector whatever is built; the plan places at least that many "
            "independently. Needing the independent sector: the share times the children placed (withheld, c, "
            "where the children placed are). Children met locally are left out.")
    return Table("required", "Placed independently by need", safe, formats, note)


def revenue_table(scenario: Scenario, plan: PlanResult) -> Table:
    rev = finance.revenue_by_kind(scenario, plan)
    years = list(scenario.years)
    pivot = rev.pivot_table(index="kind", columns="year", values="cost", aggfunc="sum", fill_value=0.0)
    pivot = pivot.reindex(columns=years, fill_value=0.0)
    rows = [(KIND_LABELS.get(k, k), pivot.loc[k]) for k in KIND_LABELS if k in pivot.index]
    rows.append(("Total", pivot.sum(axis=0)))
    frame = _years_frame(rows, years, "Kind of setting")
    return Table("revenue", "Revenue cost of placements by kind of setting", frame,
                 {c: (TEXT if i == 0 else MONEY) for i, c in enumerate(frame.columns)})


def capital_table(scenario: Scenario, plan: PlanResult) -> Table:
    cap = finance.capital_by_year(scenario, plan)
    rows = [("Capital spent", cap["capital"]), ("Capital budget", cap["budget"]),
            ("Spent to date", cap["cumulative_capital"]), ("Budget to date", cap["cumulative_budget"])]
    frame = _years_frame(rows, list(scenario.years))
    note = ("Unspent budget carries forward to later years." if scenario.parameters.carry_forward
            else "Each year's budget is available in that year only.")
    return Table("capital", "Capital spent and budget by year", frame,
                 {c: (TEXT if i == 0 else MONEY) for i, c in enumerate(frame.columns)}, note)


def _flatten(prefix: str, value: object) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [item for k, v in value.items() for item in _flatten(f"{prefix}.{k}" if prefix else str(k), v)]
    return [(prefix, str(value))]


def _extension_assumptions(p: Parameters) -> list[tuple[str, str]]:
    """The version 2 and 3 settings (readings 14, 15, 17, 19-21, 23), only those the scenario uses."""
    rows = [(f"Independent placements continuing next year, {PHASE_NAMES.get(k, k).lower()}", f"{100 * v:g}%")
            for k, v in p.independent_stay.items()]
    rows += [(f"{k} children needing the independent sector", f"{100 * v:g}%")
             for k, v in p.independent_required.items()]
    if p.transport_on:
        rows += [("Home-to-school transport, school days a year", f"{p.transport_days:g}"),
                 ("Home-to-school transport, £ per child a year", money(p.transport_fixed)),
                 ("Home-to-school transport, £ per km", f"£{p.transport_per_km:,.2f}")]
    rows += [("Place funding a place a year (special and resourced)", money(p.place_funding))] * (p.place_funding > 0)
    rows += [("Years after the plan the last year's places count for", f"{p.tail_years:g}")] * (p.tail_years > 0)
    if not p.capital_for_travel:
        rows += [("Capital spent only where it avoids independent placements", f"yes (slack {100 * p.capital_slack:g}%)")]
    rows += [(f"EHC plans in settings not planned, {academic_year(y)}", f"{p.outside_for(y):,.0f}")
             for y in p.years if p.plans_outside]
    return rows


def assumptions_table(scenario: Scenario) -> Table:
    """Every parameter of the scenario, as the officer set it."""
    p = scenario.parameters
    rows = [
        ("Scenario name", p.name), ("First year", academic_year(p.base_year)), ("Years planned", str(p.horizon)),
        ("Currency", p.currency), ("Speed where no travel time is given", f"{p.speed_kmh:g} km/h"),
        ("Road distance / straight-line distance", f"{p.detour_factor:g}"),
        *((f"Longest journey, {PHASE_NAMES.get(k, k).lower()}", f"{v:g} minutes") for k, v in p.max_minutes.items()),
        ("Assumed journey to an independent school", f"{p.independent_minutes:g} minutes"),
        ("Independent placement, cost per year", money(p.independent_place)),
        ("Step-up penalty per child", f"{p.step_up_penalty_minutes:g} minutes"),
        *((f"Capital budget {academic_year(y)}", money(p.budget_for(y))) for y in p.years),
        ("Unspent capital carries forward", "yes" if p.carry_forward else "no"),
        *_extension_assumptions(p),
        *_flatten("", dict(p.extra)),
        ("Planning areas", f"{len(scenario.areas):,}"), ("Existing settings", f"{len(scenario.provisions):,}"),
        ("Options for new places", f"{len(scenario.options):,}"),
        (f"Children forecast, {academic_year(p.base_year)}", f"{_demand(scenario, p.base_year):,.0f}"),
        (f"Children forecast, {academic_year(p.years[-1])}", f"{_demand(scenario, p.years[-1]):,.0f}"),
    ]
    frame = pd.DataFrame(rows, columns=["Assumption", "Value"])
    return Table("assumptions", "Assumptions", frame, {"Assumption": TEXT, "Value": TEXT})


def _demand(scenario: Scenario, year: int) -> float:
    d = scenario.demand
    return float(d.loc[d["year"].astype(int) == year, "count"].astype(float).sum()) if len(d) else 0.0


def provenance(run: Run) -> str:
    """Which input files the figures come from, so a reader can check they have the same data."""
    hashes = ", ".join(f"{name} {h[:8]}" for name, h in sorted(run.scenario.source_hashes.items()))
    inputs = f"Input files (SHA-256, first 8 characters): {hashes}." if hashes else \
        "Inputs built in memory (no file hashes)."
    sha = f" Scenario {run.plan.scenario_sha256[:12]}." if run.plan.scenario_sha256 else ""
    return f"{inputs}{sha}"


def method(run: Run) -> tuple[str, ...]:
    """How the plan and its figures were worked out, in words for a reader who never sees the tool."""
    p = run.scenario.parameters
    limits = ", ".join(f"{PHASE_NAMES.get(k, k).lower()} {v:g}" for k, v in p.max_minutes.items())
    years = f"{academic_year(run.scenario.years[0])} to {academic_year(run.scenario.years[-1])}"
    return (
        f"The plan covers {years}. It starts from the forecast of children with EHC plans by home area, need and "
        "phase. Children whose needs a local mainstream school meets stay there and are left out of the "
        "allocation; every other child is given a place in a setting that takes their need and phase, within "
        f"the longest reasonable journey for their phase (in minutes: {limits}).",
        "An optimisation model chooses which of the listed options for new places to build, and when, within "
        "each year's capital budget. It works in order of priority: first as few children as possible in "
        "independent schools over the years planned; then, without giving any of that up, shorter journeys; "
        "then, without giving up either, lower cost. A child who cannot be placed in a state setting counts "
        f"as placed in the independent sector, at an assumed {p.independent_minutes:g}-minute journey and "
        f"{money(p.independent_place, p.currency)} a year.",
        "Figures in this report: child-years add up the children in a setting in each year planned (one child "
        "for three years is three child-years). Journey figures (the share within the travel limit, the mean "
        "and the 95th percentile) are of children placed in state settings, since an independent journey is "
        "only assumed. SPE.a is the share of children with EHC plans placed in independent settings, SPE.d "
        "the share placed in independent settings out of county. Journeys are travel times from the "
        f"scenario where given, otherwise straight-line distance times {p.detour_factor:g} at "
        f"{p.speed_kmh:g} km/h. Money is in the prices the scenario gives, not discounted.",
        f"How good the plan is: {plan_words(run.plan)}.",
    )


def _dashboard_rows(runs: Sequence[Run], rule: Rule | None) -> list[tuple[str, list, str]]:
    """The comparison's SEND dashboard rows: last-year shares (made safe) and transport when any run costs it."""
    tables = [dashboard.measures(r.scenario, r.plan) for r in runs]
    ends = {int(r.scenario.years[-1]) for r in runs}
    last = academic_year(ends.pop()) if len(ends) == 1 else "last year planned"
    rows = [(f"{dashboard.LABELS[k]}, {last}",
             [dashboard.safe_share(t[k].iloc[-1], t["demand"].iloc[-1], rule) for t in tables], PERCENT)
            for k in dashboard.SHARES]
    if any(r.scenario.parameters.transport_on for r in runs):
        rows.append(("Home-to-school transport over the years planned",
                     [float(t["transport_cost"].sum(min_count=len(t))) if r.scenario.parameters.transport_on
                      else DASH for r, t in zip(runs, tables)], MONEY))
    return rows


def comparison_table(runs: Sequence[Run], figs: Sequence[PlanFigures], rule: Rule | None = "lt5") -> Table:
    rows = [
        ("New places", lambda f: f.places, INTEGER), ("Settings gaining places", lambda f: f.settings, INTEGER),
        ("Capital", lambda f: f.capital, MONEY), ("Capital budget", lambda f: f.budget, MONEY),
        ("Independent child-years (plan)", lambda f: f.independent_plan, COUNT),
        ("Independent child-years (no new places)", lambda f: f.independent_baseline, COUNT),
        ("Independent child-years avoided", lambda f: f.avoided, COUNT),
        ("Revenue saving over the years planned", lambda f: f.saving, MONEY),
        ("Mean journey to a state place (minutes)", lambda f: f.journeys.mean, MINUTES),
        ("DSG balance at the end (plan)", lambda f: f.balance_plan, MONEY),
    ]
    board = _dashboard_rows(runs, rule)
    frame = pd.DataFrame({"Measure": [r[0] for r in rows] + [r[0] for r in board]})
    for i, (run, f) in enumerate(zip(runs, figs)):
        values = [_key_value(float(get(f)), "children" if kind == COUNT else "", rule) for _, get, kind in rows]
        frame[run.scenario.name] = pd.Series(values + [r[1][i] for r in board], dtype=object).fillna(DASH).to_numpy()
    return Table("comparison", "Scenarios side by side", frame, {"Measure": TEXT},
                 row_formats=tuple(kind for _, _, kind in rows) + tuple(kind for *_, kind in board))


KIND_OF_UNIT = {"children": COUNT, "percent": PERCENT, "minutes": MINUTES, "money": MONEY}


def _key_value(value: float | None, unit: str, rule: Rule | None) -> object:
    """One key figure as a number for its kind (a share 0..1 for percentages), or a suppression marker."""
    if value is None or value != value:
        return DASH
    if unit == "children" and rule == "lt5" and 0 < abs(value) < 5:
        return LOW
    if unit == "children" and rule == "round5":
        return float(np.floor(value / 5 + 0.5) * 5)
    return value / 100.0 if unit == "percent" else float(value)


def key_figures_table(figs: PlanFigures, rule: Rule | None) -> Table:
    """The headline figures of the window's cards and ``sufficiency solve``, as numbers with their kinds.

    The printed tables show them as the cards do (``£40.7m``, ``80.2%``); the workbook keeps numbers
    with number formats. Minutes and child-years say their unit in the measure's name.
    """
    rows, kinds = [], []
    for h in figs.headlines():
        label = f"{h.label} (minutes)" if h.unit == "minutes" else h.label
        base = "" if h.baseline is None or h.key in ("avoided", "capital", "revenue") else \
            _key_value(h.baseline, h.unit, rule)
        rows.append((label, _key_value(h.value, h.unit, rule), base))
        kinds.append(KIND_OF_UNIT[h.unit])
    frame = pd.DataFrame(rows, columns=["Measure", "Plan", "No new places"])
    years = f"{academic_year(figs.start_year)} to {academic_year(figs.end_year)}"
    return Table(KEY_FIGURES, "Key figures", frame, {"Measure": TEXT}, row_formats=tuple(kinds),
                 note=f"Child-years, capital and revenue: totals over {years}. Journeys: children placed in state "
                      "settings in all years planned (an independent journey is only assumed).")


def empty_places_table(scenario: Scenario, plan: PlanResult) -> Table | None:
    """Places funded but empty, per year, and what they cost (docs/model.md reading 19); None without place
    funding. Places are not children, so nothing is withheld."""
    empty = plan.empty_places
    if not len(empty):
        return None
    names = _setting_names(scenario).set_index("provision_id")["setting"]
    rows = empty[empty["empty"] > 0.5]
    frame = pd.DataFrame({
        "Year": [academic_year(int(y)) for y in rows["year"]],
        "Setting": [names.get(str(s), str(s)) for s in rows["provision_id"]],
        "Places": rows["places"].to_numpy(float), "Empty places": rows["empty"].to_numpy(float),
        "Place funding a place": rows["place_funding"].to_numpy(float),
        "Cost of empty places": rows["empty_cost"].to_numpy(float)})
    note = (f"Place funding is paid for every place built, filled or not: empty places cost "
            f"{money(plan.empty_place_cost)} over the plan." if len(frame) else "No funded place stands empty.")
    return Table("empty_places", "Empty places and their cost", frame,
                 {"Year": FIGURE, "Setting": TEXT, "Places": COUNT, "Empty places": COUNT,
                  "Place funding a place": MONEY, "Cost of empty places": MONEY}, note)


def option_buys_table(scenario: Scenario, plan: PlanResult) -> Table | None:
    """What each chosen option buys (reading 21): independent child-years avoided and child-minutes saved;
    None when the plan has no option values."""
    values = plan.option_values
    if not len(values) or "buys" not in values or values["buys"].isna().all():
        return None
    names = dict(zip(scenario.options["option_id"].astype(str), scenario.options["name"].astype(str)))
    v = values.sort_values("independent_avoided", ascending=False)
    frame = pd.DataFrame({
        "Option": [names.get(str(o), str(o)) for o in v["option_id"]],
        "Places": v["places"].to_numpy(float), "Capital": v["capital"].to_numpy(float),
        "Independent child-years avoided": v["independent_avoided"].to_numpy(float),
        "Child-minutes saved": v["minutes_saved"].to_numpy(float), "Buys": v["buys"].astype(str).to_numpy()})
    journeys = int((v["buys"] == "journeys only").sum())
    note = (("Avoided and saved: the difference each option's places make to the plan, the others kept. "
             + (f"{journeys} option(s) are bought only for shorter journeys." if journeys else ""))
            + (f" The last year counts {1 + scenario.parameters.tail_years:g} times (places outlive the plan)."
               if scenario.parameters.tail_years > 0 else ""))
    return Table("option_buys", "What each option buys", frame,
                 {"Option": TEXT, "Places": INTEGER, "Capital": MONEY, "Independent child-years avoided": COUNT,
                  "Child-minutes saved": INTEGER, "Buys": TEXT}, note)


def spe_denominators_table(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> Table | None:
    """The children SPE.a and SPE.d are shares of (reading 23): placed by the plan and EHC plans in settings it
    does not place; None when ``plans_outside`` is not given."""
    if not scenario.parameters.plans_outside:
        return None
    d = spe_denominators(scenario, plan.allocation)
    frame = pd.DataFrame({"Year": [academic_year(int(y)) for y in d.index],
                          "Children placed by the plan": d["placed"].to_numpy(float),
                          "EHC plans in other settings": d["outside"].to_numpy(float),
                          "All EHC plans": d["plans"].to_numpy(float)})
    frame = suppress(frame, ["Children placed by the plan"], rule)
    note = ("SPE.a and SPE.d are shares of all EHC plans: the children the plan places (or meets locally) and "
            "the plans in further education colleges, home education, not in education and post-19 settings, "
            "which the scenario gives as a number.")
    return Table("spe_denominators", "EHC plans behind SPE.a and SPE.d", frame,
                 {"Year": FIGURE, "Children placed by the plan": COUNT, "EHC plans in other settings": COUNT,
                  "All EHC plans": COUNT}, note)


def which_plan(run: Run) -> str:
    """Which plan the report shows and how good it is, in words."""
    when = f", {run.when}" if run.when else ""
    return f"Plan for {run.scenario.name}{when}. {plan_words(run.plan)}."


def section(run: Run, rule: Rule | None, figs: PlanFigures, today: dt.date | None = None) -> Section:
    """Everything about one scenario; ``figs`` from :func:`figures.plan_figures`."""
    s = run.scenario
    areas = area_frame(s, run)
    shares = (dashboard.measures(s, run.plan), dashboard.measures(s, run.baseline))
    spe = (Figure("Independent share (SEND dashboard SPE.a and SPE.d)", figures.png(figures.share_chart(*shares)),
                  "Share of all children with EHC plans placed in independent settings (SPE.a) and in independent "
                  "settings out of county (SPE.d)."),) if dashboard.available(run.plan) else ()
    pictures = (
        Figure("Map of the plan", figures.png(figures.county_map(s, run.plan, areas)),
               f"Children placed by home area, {academic_year(s.years[-1])} (classes start at 5, so no small "
               "number is shown); settings marked by kind; settings gaining places ringed, each town's new "
               "places in a callout and listed beside the map."),
        Figure("Independent placements", figures.png(figures.independent_chart(s, run.plan, run.baseline))),
        *spe,
        Figure("Capital against budget", figures.png(figures.capital_chart(finance.capital_by_year(s, run.plan)))),
        *(Figure(safety_valve.TITLE, figures.png(fig)) for fig in [safety_valve.figure_of(s, run.plan, run.baseline)] if fig),
        Figure("Demand and local places", figures.png(figures.demand_chart(sufficiency(s, run.plan))),
               "Children needing a place the plan allocates: those whose needs a local mainstream school meets "
               "are not counted here, so the totals are below the forecast of all children with EHC plans."),
    )
    full = sufficiency_table(s, run.plan, rule)  # the workbook's; printed a few years a page
    # Portrait tables first and the landscape one last, so no page is left half empty.
    tables = (
        key_figures_table(figs, rule),
        schedule_table(s, run.plan),
        dashboard_table(s, run.plan, rule),
        *filter(None, [required_table(s, run.plan, rule), spe_denominators_table(s, run.plan, rule),
                       option_buys_table(s, run.plan), empty_places_table(s, run.plan)]),
        dsg_table(s, run),
        *(Table("safety_valve", *parts) for parts in [safety_valve.table_parts(s, run.plan, run.baseline)] if parts),
        revenue_table(s, run.plan),
        capital_table(s, run.plan),
        placements_table(s, run.plan, rule),
        areas_table(s, run, rule),
        assumptions_table(s),
        full,
        *printed_parts(full, list(s.years)),
    )
    summary = summary_text(figs, rule) + spe_sentence(*shares, rule)
    advice = recommendation(s, run.plan, run.baseline, figs, shares, rule, today or dt.date.today())
    return Section(s.name, provenance(run), summary, pictures, tables, which_plan(run),
                   recommendation=advice, method=method(run))


def build(runs: Sequence[Run], rule: Rule | None = "lt5", today: dt.date | None = None,
          title: str = "SEND sufficiency plan") -> Report:
    """The whole report for one or several scenarios (several: a side-by-side table first)."""
    figs = [plan_figures(r.scenario, r.plan, r.baseline) for r in runs]
    comparison = comparison_table(runs, figs, rule) if len(runs) > 1 else None
    return Report(title=title, date=today or dt.date.today(), rule=rule, rule_text=describe(rule),
                  sections=tuple(section(r, rule, f, today) for r, f in zip(runs, figs)), comparison=comparison)
