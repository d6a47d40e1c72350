"""One entry point for every report format, for the command line and the window."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..model.stress_result import StressResult
from .content import Run, build
from .docx import write_docx
from .pdf import write_pdf
from .risk_page import section
from .suppression import Rule
from .xlsx import write_xlsx

WRITERS = {"pdf": write_pdf, "docx": write_docx, "xlsx": write_xlsx}
FORMATS = tuple(WRITERS)
# Every export can leave the building (a Cabinet paper is public): suppressed unless the
# user asks, explicitly, for exact small numbers for internal use.
DEFAULT_RULE: Rule = "lt5"


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The format asked for, or the one the file name's suffix implies."""
    chosen = (fmt or Path(path).suffix.lstrip(".")).lower()
    if chosen not in WRITERS:
        raise ValueError(f"cannot tell the report format of {Path(path).name!r}: "
                         f"use --format with one of {', '.join(FORMATS)}")
    return chosen


def write_report(runs: Sequence[Run], path: str | Path, fmt: str | None = None,
                 rule: Rule | None | str = "default", today: dt.date | None = None,
                 stress: StressResult | None = None) -> Path:
    """Build the report for ``runs`` and write it as ``fmt`` (default: from the suffix).

    ``rule`` is ``lt5``, ``round5``, None (no suppression, internal use) or ``"default"`` (``lt5``).
    ``stress`` adds the page on how the plan holds up if demand differs (:mod:`.risk_page`).
    """
    chosen = format_for(path, fmt)
    applied = DEFAULT_RULE if rule == "default" else rule
    report = build(runs, applied, today)  # type: ignore[arg-type]
    if stress is not None:
        report = dataclasses.replace(report, sections=(*report.sections, section(stress)))
    path = Path(path)
    WRITERS[chosen](report, path)
    return path
