"""Argument types shared by the commands: every value is checked before any work starts.

Each factory returns an ``argparse`` type: a bad value raises
``ArgumentTypeError`` with what was expected, which the command line prints
as one ``error:`` line with exit code 2 (see ``cli.OneLineParser``), so a
huge, negative, NaN or misspelt argument never reaches the code behind it.
"""

from __future__ import annotations

import argparse
import math
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

MAX_SEED = 2**63 - 1
MAX_RUNS = 100_000  # simulation runs: 1,000 is the default; 100,000 already takes many minutes
MAX_SECONDS = 7 * 24 * 3600.0  # a week: any longer time limit is a typo
SCHEDULER_SCHEMES = ("tcp", "tls", "inproc", "ucx", "ws", "wss")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` (inclusive)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low:,} to {high:,}, got {_shown(text)}")
        return value

    return parse


def number(low: float, high: float, *, above: bool = False) -> Callable[[str], float]:
    """A finite number from ``low`` (excluded when ``above``) to ``high``."""
    bound = f"above {low:g}" if above else f"from {low:g}"

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and (value > low if above else value >= low) and value <= high):
            raise argparse.ArgumentTypeError(f"expected a number {bound} to {high:g}, got {_shown(text)}")
        return value

    return parse


def seconds(text: str) -> float:
    """A time limit: finite seconds above 0 (at most a week)."""
    return number(0.0, MAX_SECONDS, above=True)(text)


seed = whole(0, MAX_SEED)
runs = whole(1, MAX_RUNS)


def three_numbers(what: str, check: Callable[[tuple[float, float, float]], str | None]
                  ) -> Callable[[str], tuple[float, float, float]]:
    """``low,central,high``: three finite numbers, then ``check`` (a sentence when they do not fit)."""

    def parse(text: str) -> tuple[float, float, float]:
        parts = text.split(",")
        try:
            values = tuple(float(p) for p in parts)
        except ValueError:
            values = ()
        if len(values) != 3 or not all(math.isfinite(v) for v in values):
            raise argparse.ArgumentTypeError(f"expected three {what} low,central,high, e.g. "
                                             f"{'10,50,90' if 'percentile' in what else '0.25,0.5,0.25'}; "
                                             f"got {_shown(text)}")
        problem = check(values)  # type: ignore[arg-type]
        if problem:
            raise argparse.ArgumentTypeError(f"{problem}; got {_shown(text)}")
        return values  # type: ignore[return-value]

    return parse


def _percentile_order(values: tuple[float, float, float]) -> str | None:
    low, central, high = values
    if not 0 < low < central < high < 100:
        return "expected percentiles with 0 < low < central < high < 100"
    return None


def _weight_shares(values: tuple[float, float, float]) -> str | None:
    if min(values) < 0 or sum(values) <= 0:
        return "expected weights >= 0 that add up to more than 0"
    return None


percentiles = three_numbers("percentiles", _percentile_order)
weights = three_numbers("weights", _weight_shares)


def scheduler(text: str) -> str:
    """A Dask scheduler address ``tcp://HOST:PORT`` (tls, ws... too): a scheme, a host and a port."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in SCHEDULER_SCHEMES or not parts.hostname or port is None \
            or port == 0 or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"expected a Dask scheduler address such as tcp://10.0.0.5:8786 "
                                         f"(scheme {', '.join(SCHEDULER_SCHEMES[:2])}..., a host and a port), "
                                         f"got {_shown(text)}")
    return text.strip()


def reachable(address: str, timeout: float = 5.0) -> str | None:
    """Why the scheduler at ``address`` cannot be reached (a refused or silent port), or None."""
    parts = urlsplit(address)
    if parts.scheme not in ("tcp", "tls"):
        return None
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            return None
    except OSError as exc:
        return f"nothing answers at {parts.hostname}:{parts.port} ({exc.strerror or exc})"
