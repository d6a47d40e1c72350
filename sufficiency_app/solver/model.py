"""The planning MIP in OR-Tools MathOpt, built once and re-solved after edits.

Notation as in the planning model (stated as built in docs/solver.md), over classes ``c`` (merged demand
groups, see :mod:`.instance`) instead of groups:

- ``y[o,t]`` integer in ``[0, U[o]]`` for ``t >= e[o]``; ``Y[o,t] = sum_{t'<=t} y[o,t']``.
- ``open[o,t]`` binary for ``F[o] > 0`` and ``t >= e[o]``.
- ``x[c,s,t] >= 0`` for each compatible pair (arc) with ``D[c,t] > 0``.
- ``u[c,t] >= 0`` independent sector.

Budgets, capital costs, revenue costs and pins are the *editable* part: they
are held in rows and bounds that :meth:`PlanModel.set_capital`,
:meth:`PlanModel.set_costs` and :meth:`PlanModel.set_pins` replace without
touching the (large) allocation part, so a workshop re-solve skips the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from ortools.math_opt.python import mathopt

from ..plan import LEVEL_NAMES as LEVELS
from .api import Pin
from .instance import Instance


@dataclass(frozen=True, eq=False)
class Block:
    """The allocation part of one demand scenario (one block per scenario in a robust solve)."""

    weight: float
    inst: Instance
    x: list
    x_arc: np.ndarray
    x_year: np.ndarray
    u: list
    u_class: np.ndarray
    u_year: np.ndarray


@dataclass(frozen=True)
class Costs:
    """The editable coefficients: capital per option and revenue per setting."""

    capital: np.ndarray  # k[o]
    fixed: np.ndarray  # F[o]
    setting_cost: np.ndarray  # cost_per_place[s]
    independent_place: float
    budget: np.ndarray  # per year
    carry_forward: bool

    @classmethod
    def of(cls, inst: Instance) -> "Costs":
        p = inst.scenario.parameters
        return cls(inst.option_capital, inst.option_fixed, inst.setting_cost,
                   float(p.independent_place), inst.budget, bool(p.carry_forward))


class PlanModel:
    """Variables and constraints of one instance; one objective per level."""

    def __init__(self, inst: Instance, full: bool = True, extra: Sequence[tuple[float, Instance]] = ()):
        """``full=False`` models level 1 only (no travel or cost objective), for the coarse instance.

        ``extra`` adds further demand scenarios, each with its own allocation
        and weight, sharing the build decisions (robust planning); ``inst``
        then has weight ``1 - sum of the extra weights``. All instances must
        have the same options.
        """
        self.inst = inst
        self.full = full
        self.model = mathopt.Model(name="place-planning")
        n_years = len(inst.years)
        self.y: list[list[mathopt.Variable | None]] = []
        self.open: list[list[mathopt.Variable | None]] = []
        self._add_build_variables(n_years)
        self._add_opening(n_years)
        self.blocks = [self._add_block(1.0 - sum(w for w, _ in extra), inst)]
        for weight, other in extra:
            if list(other.option_ids) != list(inst.option_ids):
                raise ValueError("robust demand scenarios must keep the same options")
            self.blocks.append(self._add_block(weight, other))
        first = self.blocks[0]
        self.x, self.x_arc, self.x_year = first.x, first.x_arc, first.x_year
        self.u, self.u_class, self.u_year = first.u, first.u_class, first.u_year
        self.level_expressions = self._level_expressions()
        self.level_rows = [
            self.model.add_linear_constraint(expr=e, name=f"level_{n}")
            for n, e in zip(LEVELS, self.level_expressions)
        ]
        self._capital_rows: list[mathopt.LinearConstraint] = []
        self._pin_rows: list[mathopt.LinearConstraint] = []
        self.costs: Costs | None = None
        self._revenue: mathopt.LinearExpression | None = None
        self.cost_expression: mathopt.LinearExpression | None = None
        self.set_costs(Costs.of(inst))

    # -- build -------------------------------------------------------------------------------

    def _add_build_variables(self, n_years: int) -> None:
        """``y[o,t]`` integer, 0 before the earliest year; ``sum_t y[o,t] <= U[o]``."""
        inst, m = self.inst, self.model
        for o, oid in enumerate(inst.option_ids):
            first, cap = int(inst.option_first[o]), int(inst.option_max[o])
            row = [m.add_integer_variable(lb=0, ub=cap, name=f"y[{oid},{t}]") if t >= first else None
                   for t in range(n_years)]
            self.y.append(row)
            live = [v for v in row if v is not None]
            if len(live) > 1:
                m.add_linear_constraint(mathopt.fast_sum(live) <= cap, name=f"max_modules[{oid}]")

    def _add_opening(self, n_years: int) -> None:
        """Reading 5: ``sum_t open <= 1`` and ``Y[o,t] <= U[o] * sum_{t'<=t} open[o,t']``."""
        inst, m = self.inst, self.model
        for o, oid in enumerate(inst.option_ids):
            if inst.option_fixed[o] <= 0:
                self.open.append([None] * n_years)
                continue
            row = [m.add_binary_variable(name=f"open[{oid},{t}]") if self.y[o][t] is not None else None
                   for t in range(n_years)]
            self.open.append(row)
            live = [v for v in row if v is not None]
            if live:
                m.add_linear_constraint(mathopt.fast_sum(live) <= 1, name=f"open_once[{oid}]")
            for t in range(n_years):
                built = [v for v in self.y[o][: t + 1] if v is not None]
                if built:
                    opened = [v for v in row[: t + 1] if v is not None]
                    m.add_linear_constraint(
                        mathopt.fast_sum(built) - int(inst.option_max[o]) * mathopt.fast_sum(opened) <= 0,
                        name=f"opened[{oid},{t}]")

    def _add_block(self, weight: float, inst: Instance) -> "Block":
        """Allocation of one demand scenario: ``x``, ``u``, rules 1 and 2.

        Rule 1: ``sum_s x[c,s,t] + u[c,t] = D[c,t]``.
        Rule 2: ``sum_c x[c,s,t] - sum_{o->s} m[o] Y[o,t] <= C[s]``.
        """
        m = self.model
        demand = inst.class_demand
        x_arc, x_year = np.nonzero(demand[inst.arc_class] > 0)
        x = [m.add_variable(lb=0.0) for _ in range(len(x_arc))]
        u_class, u_year = np.nonzero(demand > 0)
        u = [m.add_variable(lb=0.0) for _ in range(len(u_class))]
        by_class_year: dict[tuple[int, int], list[mathopt.Variable]] = {}
        by_setting_year: dict[tuple[int, int], list[mathopt.Variable]] = {}
        for var, a, t in zip(x, x_arc, x_year):
            by_class_year.setdefault((int(inst.arc_class[a]), int(t)), []).append(var)
            by_setting_year.setdefault((int(inst.arc_setting[a]), int(t)), []).append(var)
        for var, c, t in zip(u, u_class, u_year):
            terms = by_class_year.get((int(c), int(t)), [])
            m.add_linear_constraint(mathopt.fast_sum(terms) + var == float(demand[c, t]))
        for (s, t), terms in by_setting_year.items():
            added = [float(inst.option_module[o]) * v
                     for o in np.flatnonzero(inst.option_setting == s)
                     for v in self.y[o][: t + 1] if v is not None]
            m.add_linear_constraint(
                mathopt.fast_sum(terms) - mathopt.fast_sum(added) <= float(inst.setting_capacity[s]),
                name=f"capacity[{inst.settings['setting_id'].iloc[s]},{t}]")
        return Block(weight, inst, x, x_arc, x_year, u, u_class, u_year)

    def _level_expressions(self) -> list[mathopt.LinearExpression]:
        """Levels 1 and 2, weighted over blocks (level 3 depends on the editable costs, see :meth:`set_costs`).

        1. ``sum u + sum x at independent-kind settings`` (reading 4).
        2. ``sum x * (tau + penalty) + sum u * independent_minutes``.
        """
        level1, level2 = [], []
        for b in self.blocks:
            inst = b.inst
            independent_arc = inst.setting_independent[inst.arc_setting[b.x_arc]]
            level1 += [b.weight * v for v in b.u] + [b.weight * v for v, ind in zip(b.x, independent_arc) if ind]
            if self.full:
                minutes = float(inst.scenario.parameters.independent_minutes)
                weight = (inst.arc_minutes + inst.arc_penalty)[b.x_arc] * b.weight
                level2 += [float(w) * v for w, v in zip(weight, b.x)] + [minutes * b.weight * v for v in b.u]
        if not self.full:
            return [mathopt.LinearExpression(mathopt.fast_sum(level1))]
        return [mathopt.LinearExpression(mathopt.fast_sum(level1)), mathopt.LinearExpression(mathopt.fast_sum(level2))]

    # -- editable part --------------------------------------------------------------------------

    def spend(self, costs: Costs, t: int) -> mathopt.LinearExpression:
        """Capital of year ``t``: ``sum_o k[o] y[o,t] + F[o] open[o,t]``."""
        terms = []
        for o in range(len(self.y)):
            if self.y[o][t] is not None and costs.capital[o] != 0:
                terms.append(float(costs.capital[o]) * self.y[o][t])
            if self.open[o][t] is not None:
                terms.append(float(costs.fixed[o]) * self.open[o][t])
        return mathopt.LinearExpression(mathopt.fast_sum(terms))

    def set_costs(self, costs: Costs) -> None:
        """Replace capital rows (rule 4) and the level-3 objective for new costs or budgets."""
        for row in self._capital_rows:
            self.model.delete_linear_constraint(row)
        spends = [self.spend(costs, t) for t in range(len(self.inst.years))]
        self._capital_rows = []
        for t in range(len(spends)):
            if costs.carry_forward:
                expr, limit = mathopt.fast_sum(spends[: t + 1]), float(costs.budget[: t + 1].sum())
            else:
                expr, limit = spends[t], float(costs.budget[t])
            self._capital_rows.append(self.model.add_linear_constraint(expr <= limit, name=f"capital[{t}]"))
        previous, self.costs = self.costs, costs
        if not self.full:
            return
        if self._revenue is None or not np.array_equal(costs.setting_cost, previous.setting_cost) \
                or costs.independent_place != previous.independent_place:
            terms = []
            for b in self.blocks:
                revenue = costs.setting_cost[b.inst.arc_setting[b.x_arc]] * b.weight
                terms += [float(w) * v for w, v in zip(revenue, b.x)]
                terms += [costs.independent_place * b.weight * v for v in b.u]
            self._revenue = mathopt.LinearExpression(mathopt.fast_sum(terms))
        self.cost_expression = mathopt.LinearExpression(mathopt.fast_sum(spends) + self._revenue)

    def set_pins(self, pins: tuple[Pin, ...]) -> None:
        """Reset build bounds, then apply pins: forbid (ub 0), year (ub 0 elsewhere), force (row)."""
        for row in self._pin_rows:
            self.model.delete_linear_constraint(row)
        self._pin_rows = []
        index = {str(o): i for i, o in enumerate(self.inst.option_ids)}
        for o, row in enumerate(self.y):
            for v in row:
                if v is not None:
                    v.upper_bound = int(self.inst.option_max[o])
            for v in self.open[o]:
                if v is not None:
                    v.upper_bound = 1
        for pin in pins:
            o = index.get(pin.option_id)
            if o is None:
                continue
            years = self.inst.years
            if pin.rule == "forbid":
                for v in self.y[o] + self.open[o]:
                    if v is not None:
                        v.upper_bound = 0
            elif pin.rule == "year":
                for t, v in enumerate(self.y[o]):
                    if v is not None and years[t] != pin.year:
                        v.upper_bound = 0
            elif pin.rule == "force":
                last = len(years) if pin.year is None else max(0, min(len(years), pin.year - years[0] + 1))
                built = [v for v in self.y[o][:last] if v is not None]
                self._pin_rows.append(self.model.add_linear_constraint(
                    mathopt.fast_sum(built) >= int(pin.modules), name=f"pin[{pin.option_id}]"))

    def editable_rows(self) -> list[mathopt.LinearConstraint]:
        """Rows a build plan can break: capital, pins and the level rows (fixed by earlier passes)."""
        return [*self._capital_rows, *self._pin_rows, *self.level_rows]

    def integer_variables(self) -> dict[tuple[str, str, int], mathopt.Variable]:
        """Build and opening variables keyed ``("y" | "open", option_id, year index)``, shared across models."""
        keyed = {}
        for name, table in (("y", self.y), ("open", self.open)):
            for o, row in enumerate(table):
                for t, v in enumerate(row):
                    if v is not None:
                        keyed[(name, str(self.inst.option_ids[o]), t)] = v
        return keyed

    def objective(self, level: int) -> mathopt.LinearExpression:
        return self.cost_expression if level == 2 else self.level_expressions[level]

    def size(self) -> dict[str, int]:
        integers = sum(v is not None for row in self.y for v in row)
        binaries = sum(v is not None for row in self.open for v in row)
        return {
            "variables": self.model.get_num_variables(),
            "constraints": self.model.get_num_linear_constraints(),
            "integer_variables": integers + binaries,
            "allocation_variables": sum(len(b.x) + len(b.u) for b in self.blocks),
            **{k: int(v) for k, v in self.inst.stats.items()},
        }
