"""Existing settings from a DfE Get Information About Schools download.

GIAS ``edubasealldata*.csv`` files are Windows-1252 text with one row per
establishment. For one council this keeps the open special schools (kind
``special``; non-maintained and independent special schools become
``independent``), the resourced provision and SEN units of mainstream
schools (``resource_base`` in primary schools, ``elp`` in secondary ones)
and, on request, the mainstream schools themselves.

Phases come from the statutory ages, read as a half-open range: a school
for ages 4 to 11 teaches children aged 4 to 10, so it serves EY and PRI, not
SEC. GIAS has no revenue costs: ``cost_per_place`` is filled from
``DEFAULT_COSTS`` (round planning figures per place per year, to be replaced
with the council's own banding).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.cells import is_blank, parse_numbers
from ..infra.errors import Problem
from ..io.tables import parse_csv_text, too_big
from ..model.codes import NEEDS, PHASES, normalise_need
from ..model.scenario import PROVISION_COLUMNS

DEFAULT_COSTS: dict[str, float] = {
    "special": 23_000.0, "independent": 60_000.0, "resource_base": 15_000.0, "elp": 15_000.0,
    "mainstream": 8_000.0,
}
SEN_COLUMNS = tuple(f"SEN{i} (name)" for i in range(1, 14))
REQUIRED = ("URN", "EstablishmentName", "LA (code)", "EstablishmentStatus (name)", "TypeOfEstablishment (name)",
            "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "Easting", "Northing")
# GIAS's older "Behaviour, Emotional and Social Difficulty" is today's SEMH.
SEN_PREFIXES: dict[str, str] = {**{c: c for c in NEEDS}, "BESD": "SEMH"}
PHASE_AGES = {"EY": (0, 5), "PRI": (5, 11), "SEC": (11, 16), "P16": (16, 99)}
NOT_MAINSTREAM = ("special", "independent", "pupil referral", "alternative provision", "higher education",
                  "further education", "welsh", "offshore", "overseas", "secure unit", "online", "children's centre",
                  "miscellaneous", "institution funded by other government department", "service children")
EXTRA_COLUMNS = ("establishment_type", "statutory_ages", "source")


def _lines(rows: int, left_out: list[int]) -> np.ndarray:
    """The file line (header = 1) of each row read, with the lines of the rows left out skipped."""
    lines = np.arange(2, rows + len(left_out) + 2)
    return lines[~np.isin(lines, left_out)]


def read_gias_text(data: bytes) -> str:
    """GIAS is Windows-1252; a file re-saved as UTF-8 is read as such."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def phases_for_ages(low: float, high: float) -> list[str]:
    """Phases whose ages overlap ``[low, high)``; an equal pair means that one age."""
    if pd.isna(low) or pd.isna(high):
        return []
    high = max(high, low + 1)
    return [p for p, (a, b) in PHASE_AGES.items() if a < high and low < b]


def _needs(row: pd.Series, label: str, line: int, problems: list[Problem]) -> list[str]:
    needs: list[str] = []
    for column in SEN_COLUMNS:
        text = row.get(column, "")
        if is_blank(text):
            continue
        prefix = normalise_need(str(text).split(" - ")[0].split("-")[0].strip())
        code = SEN_PREFIXES.get(prefix)
        if code is None:
            problems.append(Problem("warning", label, line, column, str(text), f"a SEN type ({' '.join(NEEDS)})",
                                    f"SEN type {text!r} has no need code: left out of needs"))
        elif code not in needs:
            needs.append(code)
    return needs


def gias_provisions(path: str | Path, la_code: str | int, *, mainstream: bool = False,
                    costs: dict[str, float] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Provisions (canonical columns + GIAS extras) for one council's open establishments.

    Parameters
    ----------
    path
        A GIAS ``edubasealldata*.csv`` download (or an extract of it).
    la_code
        The council's three-digit ``LA (code)``, e.g. 865 for Wiltshire.
    mainstream
        Also list every open mainstream school as a ``mainstream`` setting
        (its capacity is the whole school's: set it to the EHCP places it can take).
    costs
        Revenue cost per place by kind, defaulting to ``DEFAULT_COSTS``.
    """
    path = Path(path)
    label = path.name
    costs = {**DEFAULT_COSTS, **(costs or {})}
    nothing = pd.DataFrame(columns=list(PROVISION_COLUMNS))
    big = too_big(path, label)
    if big is not None:
        return nothing, [big]
    text = read_gias_text(path.read_bytes())
    frame, bad, problems = parse_csv_text(text, label) if text.strip() else (None, [], [
        Problem("error", label, None, None, "", "a GIAS edubasealldata CSV", f"{label} is empty")])
    if frame is None:
        return nothing, problems
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        return nothing, [
            Problem("error", label, 1, c, "", "a GIAS column", f"GIAS column {c!r} is missing") for c in missing]
    code = str(la_code).strip()
    for row in bad:  # left out; an error when it could be one of this council's establishments
        ours = code in (cell.strip().strip('"') for cell in row.text.split(","))
        problems.append(row.problem(label, "error" if ours else "warning",
                                    f": it mentions {code}, so it may be one of this council's; quote the name"
                                    if ours else ": left out (it does not mention the LA code)"))
    frame = frame.assign(line=_lines(len(frame), [row.line for row in bad]))
    chosen = frame[(frame["LA (code)"].str.strip() == code)
                   & (frame["EstablishmentStatus (name)"].str.strip().str.lower().str.startswith("open"))]
    if chosen.empty:
        problems.append(Problem("error", label, None, "LA (code)", code, "an LA code present in the file",
                                f"no open establishments with LA (code) {la_code} in {len(frame):,} rows: "
                                "check the code (e.g. 865 for Wiltshire) and the file"))
    numbers = {c: parse_numbers(chosen[c])[0] if c in chosen.columns else pd.Series(float("nan"), index=chosen.index)
               for c in ("StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "Easting", "Northing",
                         "ResourcedProvisionCapacity", "SenUnitCapacity", "ResourcedProvisionOnRoll",
                         "SenUnitOnRoll")}
    rows = []
    for index, row in chosen.iterrows():
        line = int(row["line"])
        kind_text = str(row["TypeOfEstablishment (name)"]).strip()
        lower = kind_text.lower()
        phases = phases_for_ages(numbers["StatutoryLowAge"][index], numbers["StatutoryHighAge"][index])
        value = {c: numbers[c][index] for c in numbers}
        base = {
            "name": str(row["EstablishmentName"]), "phases": ";".join(phases) or "ALL",
            "easting": value["Easting"], "northing": value["Northing"],
            "urn": str(row["URN"]).strip(), "establishment_type": kind_text,
            "statutory_ages": f"{row['StatutoryLowAge']}-{row['StatutoryHighAge']}",
        }
        if pd.isna(value["Easting"]) or pd.isna(value["Northing"]):
            problems.append(Problem("warning", label, line, "Easting", "", "a location",
                                    f"{row['EstablishmentName']} has no Easting/Northing: add them before use"))
        if "special" in lower:
            kind = "independent" if ("non-maintained" in lower or "independent" in lower) else "special"
            needs = _needs(row, label, line, problems)
            capacity = value["SchoolCapacity"]
            if pd.isna(capacity):
                problems.append(Problem("warning", label, line, "SchoolCapacity", "", "places",
                                        f"{row['EstablishmentName']} has no SchoolCapacity: set to 0"))
            rows.append({**base, "provision_id": base["urn"], "kind": kind, "needs": ";".join(needs) or "ALL",
                         "capacity": 0 if pd.isna(capacity) else int(capacity), "cost_per_place": costs[kind],
                         "source": "special school"})
            continue
        if any(word in lower for word in NOT_MAINSTREAM):
            continue
        resourced = str(row.get("TypeOfResourcedProvision (name)", "")).lower()
        if "resourced" in resourced or "sen unit" in resourced:
            capacity = pd.Series([value["ResourcedProvisionCapacity"], value["SenUnitCapacity"]]).sum(min_count=1)
            if pd.isna(capacity):
                capacity = pd.Series([value["ResourcedProvisionOnRoll"], value["SenUnitOnRoll"]]).sum(min_count=1)
                problems.append(Problem("warning", label, line, "ResourcedProvisionCapacity", "", "places",
                                        f"{row['EstablishmentName']}: no resourced capacity, pupils on roll used"))
            kind = "elp" if "SEC" in phases else "resource_base"
            needs = _needs(row, label, line, problems)
            rows.append({**base, "provision_id": f"{base['urn']}-RB", "kind": kind, "needs": ";".join(needs) or "ALL",
                         "capacity": 0 if pd.isna(capacity) else int(capacity), "cost_per_place": costs[kind],
                         "source": str(row["TypeOfResourcedProvision (name)"])})
        if mainstream:
            capacity = value["SchoolCapacity"]
            rows.append({**base, "provision_id": base["urn"], "kind": "mainstream", "needs": "ALL",
                         "capacity": 0 if pd.isna(capacity) else int(capacity),
                         "cost_per_place": costs["mainstream"], "source": "mainstream school"})
    columns = list(PROVISION_COLUMNS) + list(EXTRA_COLUMNS)
    out = pd.DataFrame(rows, columns=columns)
    if out.empty and not chosen.empty:
        problems.append(Problem("error", label, None, "TypeOfEstablishment (name)", "", "a special school or unit",
                                f"none of the {len(chosen):,} open establishments of LA (code) {la_code} is a "
                                "special school or has resourced provision"
                                + ("" if mainstream else " (give --mainstream to list mainstream schools)")))
    phase_order = {p: i for i, p in enumerate(PHASES)}
    out["phases"] = out["phases"].map(lambda t: ";".join(sorted(t.split(";"), key=lambda p: phase_order.get(p, 9))))
    return out, problems
