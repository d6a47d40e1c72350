"""The cancel token every long computation takes (solves, road minutes).

One Protocol for the solver and the core alike, so the window hands the same
``threading.Event`` to whichever long job it runs.
"""

from __future__ import annotations

from typing import Protocol


class CancelToken(Protocol):
    """Anything with ``is_set()``: ``threading.Event`` is the usual one."""

    def is_set(self) -> bool: ...
