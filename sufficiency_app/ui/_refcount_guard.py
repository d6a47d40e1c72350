"""Work around reference-count bugs of PySide6 6.12 on Python 3.11.

PySide6 6.12.0 drops references it never took: every emission of a signal
declared in Python loses one reference to ``True`` (100 emits lower
``sys.getrefcount(True)`` by 100), and every time Qt reads a model's
``data()`` that returned ``None`` one reference to ``None`` is lost
(``index.data()`` 200 times: -200). On Python 3.11, where these singletons
are ordinary objects, a long session or a test run eventually takes a count
to zero and the interpreter aborts ("bool_dealloc" / "none_dealloc"),
typically at exit. Python 3.12 made them immortal, so there the bugs are
harmless and this module does nothing.

The guard adds a large reserve to the singletons' counts. They are static
objects that are never freed, so the extra references cost nothing.
Remove this module once the PySide6 in use no longer loses references.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

RESERVE = 1 << 40


def install() -> bool:
    """Add the reserve once if this Python/PySide6 pair has the bug; True if it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not PySide6.__version__.startswith("6.12."):
        return False
    if getattr(sys, "_sufficiency_bool_reserve", False):
        return False
    for singleton in (True, False, None):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    sys._sufficiency_bool_reserve = True  # type: ignore[attr-defined]
    return True
