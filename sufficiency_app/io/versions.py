"""``format_version`` in saved files, and the hook that migrates old ones.

A file without a version is version 1. A newer version than this planner
reads is refused with a sentence (update the planner); an older one is
brought up to date by its format's migrations, one step at a time, before
anything else reads it. ``migrations[n]`` turns a version-``n`` tree into
version ``n + 1``; a format adds one when it bumps its version.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class FormatVersionError(ValueError):
    """A file's ``format_version`` this planner cannot read; the message says why and what to do."""


def file_version(data: Mapping[str, Any], what: str, current: int) -> int:
    """The ``format_version`` of ``data`` (1 when absent); raises :class:`FormatVersionError`."""
    value = data.get("format_version", 1)
    try:
        number = math.nan if isinstance(value, bool) else float(str(value).strip())
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number.is_integer() and number >= 1):
        raise FormatVersionError(f"{what}: format_version = {value!r} is not a whole number from 1 to {current}")
    if number > current:
        raise FormatVersionError(
            f"{what} was written by a newer version of the planner (format {int(number)}); this version "
            f"reads format {current} or older: please update the planner to read it")
    return int(number)


def upgraded(data: dict[str, Any], version: int, current: int,
             migrations: Mapping[int, Migration]) -> dict[str, Any]:
    """``data`` migrated from ``version`` to ``current``, without its ``format_version`` key."""
    for step in range(version, current):
        data = migrations[step](data)
    return {k: v for k, v in data.items() if k != "format_version"}
