"""``format_version`` in saved files, and the hook that migrates old ones.

A file without a version is version 1. A newer version than this planner
reads is refused with a sentence (update the planner); an older one is
brought up to date by its format's migrations, one step at a time, before
anything else reads it. ``migrations[n]`` turns a version-``n`` tree into
version ``n + 1``; a format adds one when it bumps its version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class FormatVersionError(ValueError):
    """A file's ``format_version`` this planner cannot read; the message says why and what to do."""


def file_version(data: Mapping[str, Any], what: str, current: int) -> int:
    """The ``format_version`` of ``data`` (1 when absent); raises :class:`FormatVersionError`."""
    value = data.get("format_version", 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:  # "2", 2.0, 0, -1: written by no planner
        raise FormatVersionError(f"{what}: format_version = {_short(value)} is not a whole number from 1 to {current}")
    if value > current:
        raise FormatVersionError(
            f"{what} was written by a newer version of the planner (format {value:,}); this version "
            f"reads format {current} or older: please update the planner to read it")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def upgraded(data: dict[str, Any], version: int, current: int,
             migrations: Mapping[int, Migration]) -> dict[str, Any]:
    """``data`` migrated from ``version`` to ``current``, without its ``format_version`` key."""
    for step in range(version, current):
        data = migrations[step](data)
    return {k: v for k, v in data.items() if k != "format_version"}
