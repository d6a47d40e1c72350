"""Solver benchmark: proof times, gaps, plan quality, determinism, workshop re-solves, cancel, memory.

Run: ``python benchmarks/solver_bench.py`` prints the issue 25 target table
(:func:`targets`: the sample (v2), a 300-area v2 instance, Kent-size v1 and
v2, a workshop budget edit of +-10% on the sample (as the workshop runs it), the peer's covering and
p-median instances, and ``sufficiency solve`` on the sample with
``--time-limit 1`` and ``10``; wall and CPU seconds and peak MB, each run
in its own process; ``--targets sample,cli`` for some rows). The detailed
tables below come with ``--instances``:
``--instances sample,sample-v1,small,small+v2,wiltshire,wiltshire+v2,kent,tight,modules,fixed``
(``+v2``: the version 2 readings 14-18 on; ``sample-v1``: the sample with them off),
``--time-limit S``, ``--quick`` (the sample and small, with and without version 2, at 20 s) and
``--old-ref 01d0764`` (also solve each instance with that older version,
checked out by ``git worktree`` into a temporary folder and removed after;
skipped with a note when ``ortools`` is missing). Instances are in
``solver_instances.py``; ``sample`` is sample_data/wiltshire. Each instance
runs in its own spawned process, so ``peak MB`` is that run's own high-water
mark (both solves, workshop and cancel included). Markdown tables:

1. **Plans**: areas, settings (existing + new), options; ``build s``
   (``Planner.build_seconds``); ``solve s`` (wall time of the whole
   ``solve`` call, explanations included); per level its status, gap and the
   time into the solve at which it finished (from the progress events), so
   ``optimal 0.000% @ 3.1 s`` means proven 3.1 s in; independent child-years
   of the plan, the greedy plan and the do-nothing baseline; ``>= greedy``:
   the plan places no more children independently than greedy (it must
   never be worse); ``re-check``: the plan's level 1 and 2 figures equal
   ``check.recheck`` of its schedule; ``same twice``: a second solve (a new
   Planner, same options, same process) gives byte-identical schedule,
   allocation and summary CSV text.
2. **Model size** after the solve (master columns, integer variables, cuts,
   allocation variables, groups, classes).
3. **Workshop**: after the first solve, ``planner.update`` with the budget
   +10% then -10% (of the original) and a re-solve (``explain=False``, same
   limit): whether the decomposition was rebuilt, seconds for the update and
   for update + solve, seconds from the edit to the last level proven (or
   the worst gap at the limit), and each level as in table 1.
4. **Cancel**: a fresh solve cancelled 2 s in through ``threading.Event``:
   seconds from ``set()`` to the return, of which the search took (until the
   final allocation began), and the cancelled plan against greedy.
5. **Old vs new** (with ``--old-ref``): solve seconds of both, the ratio
   old/new, level-1 values and each level's gap.

Anything odd (a plan worse than greedy, figures that disagree with the
re-check, a level-1 bound above a known plan, an overrun, a non-reproducible
plan) is listed under the tables. Timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Self

from peer_instances import KINDS, peer_optimum, planner_objective, write
from peer_instances import generate as peer_generate
from solver_instances import generate

from sufficiency_app.io import read_scenario
from sufficiency_app.model.plan import LEVEL_NAMES
from sufficiency_app.solver import Planner, SolveOptions, baseline, greedy
from sufficiency_app.solver.api import WORKSHOP_PROVE, WORKSHOP_QUICK
from sufficiency_app.solver.check import recheck
from sufficiency_app.solver.planner import IN_ORDER

HERE = Path(__file__).resolve().parent
INSTANCES = "sample,sample-v1,small,small+v2,wiltshire,wiltshire+v2,kent,tight,modules,fixed"
QUICK = ("sample,sample-v1,small,small+v2", 20.0)
CANCEL_AFTER = 2.0
EDITS = (("budget +10%", 1.1), ("budget -10%", 0.9))
SIZE_KEYS = ("master_columns", "integer_variables", "cuts", "allocation_variables", "groups", "classes")
LINE = "<br>"  # a line break inside a markdown table cell: long measurements are printed in full


# -- one instance, in its own process ---------------------------------------------------------

def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed_solve(planner: Planner, options: SolveOptions, cancel: threading.Event | None = None) -> tuple:
    """``(plan, wall seconds, seconds into the solve at which each level finished)``."""
    events = []
    start = time.perf_counter()
    plan = planner.solve(options, events.append, cancel)
    wall = time.perf_counter() - start
    finished = []
    for i in range(len(LEVEL_NAMES)):
        later = set(LEVEL_NAMES[i + 1:]) | {"check"}
        finished.append(next((e.elapsed for e in events if e.level in later), math.nan))
    return plan, wall, finished


def _levels(plan, finished: list[float]) -> list[dict]:
    return [{"status": lv.status, "value": lv.value, "bound": lv.bound, "gap": _gap(lv.value, lv.bound),
             "at": at} for lv, at in zip(plan.levels, finished)]


def _gap(value: float, bound: float) -> float:
    return math.nan if not math.isfinite(bound) else max(0.0, value - bound) / max(abs(value), 1e-9)


def _tables(plan) -> dict[str, str]:
    return {k: getattr(plan, k).to_csv(index=False) for k in ("schedule", "allocation", "summary")}


def _budget(scenario, factor: float):
    p = scenario.parameters
    return scenario.replace(parameters=replace(p, capital=tuple(c * factor for c in p.capital)))


def run_one(name: str, limit: float) -> dict:
    """Everything measured for one instance (in a child process)."""
    scenario = generate(name)
    options = SolveOptions(time_limit=limit, relative_gap=1e-4)
    row: dict = {"instance": name, "areas": len(scenario.areas), "options": len(scenario.options),
                 "greedy": greedy(scenario).independent, "baseline": baseline(scenario).independent}
    planner = Planner(scenario)
    plan, wall, finished = _timed_solve(planner, options)
    if len(plan.levels) < len(LEVEL_NAMES):
        raise RuntimeError(f"no plan ({plan.status}): {plan.message}")
    row |= {"build_s": planner.build_seconds, "solve_s": wall, "status": plan.status, "gap": plan.gap,
            "levels": _levels(plan, finished), "independent": plan.independent,
            "size": {k: plan.model_size.get(k) for k in SIZE_KEYS + ("settings",)}}
    independent, travel, _ = recheck(scenario, plan.schedule)
    row["recheck"] = (independent, travel)
    again = Planner(scenario).solve(options)
    first, second = _tables(plan), _tables(again)
    row["differs"] = [k for k in first if first[k] != second[k]]
    row["again"] = {"independent": again.independent, "status": again.status}
    row["workshop"] = []
    for edit, factor in EDITS:
        start = time.perf_counter()
        rebuilt = planner.update(_budget(scenario, factor))
        updated = time.perf_counter() - start
        resolved, wall, at = _timed_solve(planner, SolveOptions(time_limit=limit, relative_gap=1e-4, explain=False))
        row["workshop"].append({"edit": edit, "rebuilt": rebuilt, "seconds": time.perf_counter() - start,
                                "update_s": updated, "solve_s": wall, "status": resolved.status,
                                "gap": resolved.gap, "levels": _levels(resolved, at)})
    row["cancel"] = _cancelled(Planner(scenario), options)
    row["peak_mb"] = _peak_mb()
    return row


def _cancelled(planner: Planner, options: SolveOptions) -> dict:
    """A solve cancelled ``CANCEL_AFTER`` s in: from ``set()`` to the search stopping and to the return."""
    cancel, set_at, allocating = threading.Event(), [], []

    def stop() -> None:
        set_at.append(time.perf_counter())
        cancel.set()

    timer = threading.Timer(CANCEL_AFTER, stop)
    start = time.perf_counter()
    timer.start()
    plan = planner.solve(options, lambda e: allocating.append(time.perf_counter()) if e.level == "check" else None,
                         cancel)
    end = time.perf_counter()
    timer.cancel()
    return {"latency": end - set_at[0] if set_at else math.nan,
            "stopped": allocating[0] - set_at[0] if set_at and allocating else math.nan,
            "total": end - start, "status": plan.status, "independent": plan.independent}


def _child(out: multiprocessing.Queue, name: str, limit: float) -> None:
    os.dup2(2, 1)  # solver libraries' own printing goes to stderr, keeping stdout the tables
    try:
        out.put(run_one(name, limit))
    except Exception as exc:  # noqa: BLE001  (any failure becomes an error row; the other instances still run)
        out.put({"instance": name, "error": f"{type(exc).__name__}: {exc}"})


def in_process(name: str, limit: float) -> dict:
    """``run_one`` in a spawned process (its own peak memory); a crashed child becomes an error row."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_child, args=(out, name, limit))
    process.start()
    while True:
        try:
            row = out.get(timeout=5)
            break
        except queue.Empty:
            if not process.is_alive():
                row = {"instance": name, "error": f"the run died (exit code {process.exitcode})"}
                break
    process.join()
    return row


# -- the old version ----------------------------------------------------------------------------

class OldVersion:
    """A temporary ``git worktree`` of ``ref``, solving instances in subprocesses; removed on exit."""

    def __init__(self, ref: str):
        self.ref, self.repo = ref, HERE.parent
        self._tmp = tempfile.TemporaryDirectory(prefix="solver-old-")
        self.root = Path(self._tmp.name) / "tree"

    def __enter__(self) -> Self:
        subprocess.run(["git", "-C", str(self.repo), "worktree", "add", "--detach", "--quiet", str(self.root),
                        self.ref], check=True)
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(["git", "-C", str(self.repo), "worktree", "remove", "--force", str(self.root)], check=False)
        subprocess.run(["git", "-C", str(self.repo), "worktree", "prune"], check=False)
        self._tmp.cleanup()

    def solve(self, name: str, limit: float) -> dict:
        env = dict(os.environ, PYTHONPATH=str(self.root))
        done = subprocess.run([sys.executable, str(HERE / "solver_old.py"), str(self.root), name, str(limit)],
                              env=env, capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            return {"instance": name, "error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
        return json.loads(lines[-1])


# -- tables -------------------------------------------------------------------------------------

def _pct(g: float) -> str:
    return "n/a" if g is None or not math.isfinite(g) else f"{g:.3%}"


def _level_cell(lv: dict) -> str:
    gap = "no bound" if not math.isfinite(lv["bound"]) else _pct(lv["gap"])
    at = f" @ {lv['at']:.1f} s" if lv["status"] == "optimal" and math.isfinite(lv["at"]) else ""
    return f"{lv['status']} {gap}{at}"


def _table(header: list[str], rows: list[list]) -> None:
    """A markdown table, every figure in full: a long cell is several lines (``LINE``), a ``|`` in one escaped."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    print(flush=True)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-5 * max(1.0, abs(a), abs(b))


def oddities(r: dict, limit: float) -> list[str]:
    """What in one run breaks the solver's promises (see the module docstring)."""
    out = []
    if r["independent"] > r["greedy"] + 1e-6:
        out.append(f"plan worse than greedy ({r['independent']:,.1f} vs {r['greedy']:,.1f})")
    lv = r["levels"]
    if not _close(r["recheck"][0], lv[0]["value"]):
        out.append(f"level 1 is {lv[0]['value']:,.2f} but the re-check gives {r['recheck'][0]:,.2f}")
    if not _close(r["recheck"][1], lv[1]["value"]):
        out.append(f"level 2 is {lv[1]['value']:,.1f} but the re-check gives {r['recheck'][1]:,.1f}")
    known = min(r["independent"], r["greedy"], r["baseline"])
    if math.isfinite(lv[0]["bound"]) and lv[0]["bound"] > known + 1e-6:
        out.append(f"level-1 bound {lv[0]['bound']:,.2f} above a known plan's {known:,.1f}")
    for i, level in enumerate(r["levels"]):
        if level["status"] == "optimal" and not level["gap"] <= 1e-4 * 10:
            out.append(f"level {i + 1} labelled optimal with gap {_pct(level['gap'])}")
    if r["solve_s"] > limit + 1.0:
        out.append(f"solve took {r['solve_s']:.1f} s against a {limit:g} s limit")
    if r["differs"]:
        out.append("second solve differs in " + ", ".join(r["differs"]))
    if r["cancel"]["independent"] > r["greedy"] + 1e-6:
        out.append(f"cancelled plan worse than greedy ({r['cancel']['independent']:,.1f})")
    for w in r["workshop"]:
        if w["solve_s"] > limit + 1.0:
            out.append(f"workshop {w['edit']} re-solve took {w['solve_s']:.1f} s against a {limit:g} s limit")
    return out


def report(rows: list[dict], old: dict[str, dict], limit: float) -> None:
    good = [r for r in rows if "error" not in r]
    print(f"\n## Plans (time limit {limit:g} s; gap per level, @ = seconds into the solve it was proven)\n")
    _table(["instance", "areas", "settings", "options", "build s", "solve s", "level 1", "level 2", "level 3",
            "plan", "greedy", "baseline", ">= greedy", "re-check", "same twice", "peak MB"],
           [[r["instance"], r["areas"], r["size"]["settings"], r["options"], f"{r['build_s']:.1f}",
             f"{r['solve_s']:.1f}", *(_level_cell(lv) for lv in r["levels"]), f"{r['independent']:,.1f}",
             f"{r['greedy']:,.1f}", f"{r['baseline']:,.1f}",
             "yes" if r["independent"] <= r["greedy"] + 1e-6 else "**no**",
             "ok" if all(_close(r["recheck"][i], r["levels"][i]["value"]) for i in (0, 1)) else "**differs**",
             "yes" if not r["differs"] else f"**no** ({', '.join(r['differs'])}; second plan "
             f"{r['again']['independent']:,.1f}, {r['again']['status']})", f"{r['peak_mb']:,.0f}"]
            for r in good])
    print("## Model size after the first solve\n")
    _table(["instance", *SIZE_KEYS], [[r["instance"], *(f"{r['size'][k]:,}" if r["size"][k] is not None else ""
                                                        for k in SIZE_KEYS)] for r in good])
    print("## Workshop re-solve after an edit (kept master and cuts unless rebuilt)\n")
    _table(["instance", "edit", "rebuilt", "update s", "update + solve s", "to a proven plan", "levels"],
           [[r["instance"], w["edit"], "yes" if w["rebuilt"] else "no", f"{w['update_s']:.1f}", f"{w['seconds']:.1f}",
             f"{w['update_s'] + w['levels'][-1]['at']:.1f} s" if w["status"] == "optimal"
             else f"not proven, gap {_pct(w['gap'])}", "; ".join(_level_cell(lv) for lv in w["levels"])]
            for r in good for w in r["workshop"]])
    print(f"## Cancel {CANCEL_AFTER:g} s into a fresh solve\n")
    _table(["instance", "set() to return s", "of which search s", "status", "plan", "greedy"],
           [[r["instance"], "finished first" if math.isnan(c["latency"]) else f"{c['latency']:.2f}",
             "" if math.isnan(c["stopped"]) else f"{c['stopped']:.2f}", c["status"], f"{c['independent']:,.1f}",
             f"{r['greedy']:,.1f}"] for r in good for c in [r["cancel"]]])
    if old:
        print("## Old vs new (same instance, same limit)\n")
        table = []
        for r in good:
            o = old.get(r["instance"])
            if o is None or "error" in o or "skipped" in o:
                continue
            old_gaps = [_gap(v, b) for _, v, b, _ in o["levels"]]
            table.append([r["instance"], f"{o['solve_s']:.1f}", f"{r['solve_s']:.1f}",
                          f"{o['solve_s'] / max(r['solve_s'], 1e-9):.1f}x",
                          f"{o['levels'][0][1]:,.1f}", f"{r['levels'][0]['value']:,.1f}",
                          " / ".join(_pct(g) for g in old_gaps), " / ".join(_pct(lv["gap"]) for lv in r["levels"]),
                          o["status"], f"{o['peak_mb']:,.0f}", f"{r['peak_mb']:,.0f}"])
        _table(["instance", "old solve s", "new solve s", "old/new", "old level 1", "new level 1",
                "old gaps L1/L2/L3", "new gaps L1/L2/L3", "old status", "old peak MB", "new peak MB (whole run)"],
               table)
    notes = [f"- {r['instance']}: {r['error']}" for r in rows if "error" in r]
    notes += [f"- old {o['instance']}: {o.get('error') or o.get('skipped')}" for o in old.values()
              if "error" in o or "skipped" in o]
    for r in good:
        notes += [f"- {r['instance']}: {n}" for n in oddities(r, limit)]
        o = old.get(r["instance"], {})
        if o.get("levels") and r["levels"][0]["bound"] > o["levels"][0][1] + 1e-6:  # NaN bound: no comparison
            notes.append(f"- {r['instance']}: the new level-1 bound {r['levels'][0]['bound']:,.1f} is above the "
                         f"old solver's level 1 {o['levels'][0][1]:,.1f} (one of them is wrong)")
        if o.get("levels") and o["levels"][0][2] > r["levels"][0]["value"] + 1e-6:
            notes.append(f"- {r['instance']}: the old level-1 bound {o['levels'][0][2]:,.1f} is above the "
                         f"new plan's {r['levels'][0]['value']:,.1f} (one of them is wrong)")
    print("## Oddities\n")
    print("\n".join(notes) if notes else "none")


# -- the target table -----------------------------------------------------------------

TARGETS = {  # row -> (what, target)
    "sample": ("sample (v2), whole solve", "all levels proven in < 30 s"),
    "wiltshire+v2": ("300-area (v2)", "all levels proven in < 45 s"),
    "kent": ("Kent-size (v1)", "all proven in < 90 s"),
    "kent+v2": ("Kent-size (v2)", "L1+L2 proven in < 180 s, < 2 GB"),
    "workshop": ("workshop edit on the sample (budget +-10%)", "a plan in < 2 s, proven in < 15 s"),
    "peer": ("covering / p-median (80 areas, 20 sites)", "the peer's optimum, proven, < 5 s each"),
    "cli": ("`--time-limit 1` / `10` on the sample", "< 3 s / < 12 s, honestly labelled"),
}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _statuses(plan) -> str:
    return " / ".join(f"{lv.status} {_pct(_gap(lv.value, lv.bound))}" for lv in plan.levels)


def target_row(name: str) -> dict:
    """One row of the target table, measured in this (child) process."""
    start, cpu = time.perf_counter(), _cpu()
    if name == "workshop":
        return _workshop_row(start, cpu)
    if name == "peer":
        cells = []
        with tempfile.TemporaryDirectory() as folder:
            for kind in KINDS:
                for seed in range(1, 6):
                    instance = peer_generate(kind, seed)
                    peer = peer_optimum(instance)[0]
                    scenario = read_scenario(write(instance, Path(folder) / instance.name))
                    began, began_cpu = time.perf_counter(), _cpu()
                    plan = Planner(scenario).solve(SolveOptions(explain=False))
                    mine = planner_objective(instance, plan.levels)
                    same = "equal" if abs(mine - peer) <= 1.1e-4 * max(1.0, abs(peer)) else f"{mine / peer - 1:+.2%}"
                    cells.append(f"{instance.name} {same} {plan.status} {time.perf_counter() - began:.1f} s "
                                 f"({_cpu() - began_cpu:.1f} CPU-s)")
        return {"result": LINE.join(cells), "wall": time.perf_counter() - start, "cpu": _cpu() - cpu}
    scenario = generate(name)
    planner = Planner(scenario)
    built = time.perf_counter() - start
    plan = planner.solve(SolveOptions(), started=start)
    return {"result": LINE.join([f"{plan.status}: {_statuses(plan)}; set-up {built:.1f} s", *plan.message.split("; ")]),
            "wall": time.perf_counter() - start, "cpu": _cpu() - cpu}


def _workshop_row(start: float, cpu: float) -> dict:
    """The workshop's own sequence (ui/workshop.py, through ``Planner.update``, ``renew`` and ``solve``): a quick
    solve as it opens and the improving one, then per edit a quick solve (the update inside its limit, as
    the window counts it) and the improving solve on the planner renewed; what the first plan came with, and
    when."""
    scenario = generate("sample")
    planner = Planner(scenario)
    planner.solve(SolveOptions(time_limit=WORKSHOP_QUICK, explain=False), started=start)
    planner.renew()
    planner.solve(SolveOptions(time_limit=WORKSHOP_PROVE))
    cells = []
    for edit, factor in EDITS:
        began, began_cpu = time.perf_counter(), _cpu()
        planner.update(_budget(scenario, factor))
        quick = planner.solve(SolveOptions(time_limit=WORKSHOP_QUICK, explain=False), started=began)
        first, first_cpu = time.perf_counter() - began, _cpu() - began_cpu
        figures = ("no figures" if not len(quick.allocation) else
                   "figures year by year" if quick.message.startswith(IN_ORDER) else "figures")
        planner.renew()  # the improving solve is a fresh one (KeptPlanner.renewed)
        proven = planner.solve(SolveOptions(time_limit=WORKSHOP_PROVE))
        cells.append(f"{edit}: first plan {first:.1f} s ({first_cpu:.1f} CPU-s, {quick.status}, {figures}), then "
                     f"{proven.status} ({_statuses(proven)}) after {time.perf_counter() - began:.1f} s "
                     f"({_cpu() - began_cpu:.0f} CPU-s)")
    return {"result": LINE.join(cells), "wall": time.perf_counter() - start, "cpu": _cpu() - cpu}


def _target_child(out: multiprocessing.Queue, name: str) -> None:
    os.dup2(2, 1)
    try:
        out.put(target_row(name) | {"peak_mb": _peak_mb()})
    except Exception as exc:  # noqa: BLE001  (a failed row is reported, the others still run)
        out.put({"result": f"error: {type(exc).__name__}: {exc}", "wall": math.nan, "cpu": math.nan,
                 "peak_mb": _peak_mb()})


def _cli_row() -> dict:
    """``sufficiency solve`` on the sample with ``--time-limit 1`` and ``10``: the whole process, wall and CPU."""
    cells, wall, cpu = [], 0.0, 0.0
    for limit in (1, 10):
        with tempfile.TemporaryDirectory() as out:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "sufficiency_app", "solve", str(HERE.parent / "sample_data"
                                   / "wiltshire"), "--out", out, "--time-limit", str(limit)],
                                  capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - began
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            said = next((line for line in done.stderr.splitlines() if "stopped on time" in line), "")
            meta = json.loads((Path(out) / "solve.json").read_text()) if (Path(out) / "solve.json").exists() else {}
            cells.append(f"{limit} s: {seconds:.1f} s ({used:.1f} CPU-s), {meta.get('status', 'no results')}"
                         f"{', says stopped on time' if said else ''}")
            wall, cpu = wall + seconds, cpu + used
    return {"result": LINE.join(cells), "wall": wall, "cpu": cpu, "peak_mb": math.nan}


def targets(names: list[str]) -> None:
    """The target table of issue 25, each row in its own spawned process (its own peak memory)."""
    rows = []
    for name in names:
        if name == "cli":
            row = _cli_row()
        else:
            context = multiprocessing.get_context("spawn")
            out = context.Queue()
            process = context.Process(target=_target_child, args=(out, name))
            process.start()
            row = out.get()
            process.join()
        print(f"{name}: {row['wall']:.1f} s", file=sys.stderr, flush=True)
        rows.append([TARGETS[name][0], TARGETS[name][1], row["result"], f"{row['wall']:.1f}", f"{row['cpu']:.1f}",
                     "" if math.isnan(row["peak_mb"]) else f"{row['peak_mb']:,.0f}"])
    print("\n## Issue 25 targets (default time limit unless stated)\n")
    _table(["instance", "target", "measured", "wall s", "CPU-s", "peak MB"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"rows of the target table ({','.join(TARGETS)})")
    parser.add_argument("--instances", help=f"the detailed tables for these instances ({INSTANCES})")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve (default 60)")
    parser.add_argument("--old-ref", help="also solve with this older git ref (e.g. 01d0764), needs ortools")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK[0]} at {QUICK[1]:g} s")
    args = parser.parse_args()
    if not args.instances and not args.quick and not args.old_ref:
        targets(args.targets.split(","))
        return
    names, limit = (QUICK[0], QUICK[1]) if args.quick else (args.instances or INSTANCES, args.time_limit)
    rows, old = [], {}
    if args.old_ref:
        with OldVersion(args.old_ref) as version:
            for name in names.split(","):
                rows.append(_progress(in_process(name, limit)))
                old[name] = _progress(version.solve(name, limit), "old ")
    else:
        rows = [_progress(in_process(name, limit)) for name in names.split(",")]
    report(rows, old, limit)


def _progress(row: dict, label: str = "") -> dict:
    done = row.get("error") or row.get("skipped") or f"solved in {row['solve_s']:.1f} s"
    print(f"{label}{row['instance']}: {done}", file=sys.stderr, flush=True)
    return row


if __name__ == "__main__":
    main()
