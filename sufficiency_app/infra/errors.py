"""Problems found in a user's input, reported all at once and never as a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``error``) or suspicious (``warning``) in the input.

    ``row`` is the 1-based data row as a spreadsheet user counts it (the
    header is row 1, so the first data row is 2); None when the problem is
    about a whole file or setting.
    """

    severity: Literal["error", "warning"]
    file: str
    row: int | None
    column: str | None
    value: str
    expected: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{self.severity}: {where}: {self.message}"


class ScenarioError(Exception):
    """Raised by readers when the input has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = "; ".join(str(p) for p in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{len(errors)} error(s) in the scenario: {head}{more}")
