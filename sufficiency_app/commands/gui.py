"""``sufficiency gui [SCENARIO_OR_PROJECT] [--smoke]``: the desktop window.

With no path the window opens the sample county (or offers to restore an
autosave). ``--smoke`` opens, solves, prints a one-line summary and exits,
so CI can check a frozen build end to end without a display.

On Linux, Qt aborts the whole process when its X11 platform plugin cannot
load (a bare desktop lacks a few ``libxcb-*`` libraries), with a message
that names one library at a time. So before Qt starts, the command checks
for every library the plugin needs and prints the one ``apt-get`` line
that installs them.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from .args import seconds

# What Qt's xcb platform plugin links against beyond a basic X11 desktop (``ldd libqxcb.so``), with the
# Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3",
}
APT_LINE = "sudo apt-get install " + " ".join(sorted(set(XCB_LIBRARIES.values())))


def missing_libraries(names: list[str] | None = None) -> list[str]:
    """The Debian packages of the libraries in ``names`` (default: the xcb plugin's) that cannot be loaded."""
    missing = []
    for soname in names or list(XCB_LIBRARIES):
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(XCB_LIBRARIES.get(soname, soname))
    return missing


def desktop_problem(environ: os._Environ | dict = os.environ, platform: str = sys.platform) -> str:
    """Why the window cannot open on this Linux desktop, in words with the fix; "" when it can (or not Linux)."""
    wanted = environ.get("QT_QPA_PLATFORM", "")
    if platform != "linux" or (wanted and not wanted.startswith("xcb")):
        return ""
    if not wanted and environ.get("WAYLAND_DISPLAY"):
        return ""  # Qt uses its Wayland plugin
    if not environ.get("DISPLAY"):
        return ("There is no display to open the window on (DISPLAY is not set). Run `sufficiency gui` from a "
                "desktop session, or use the command-line tools (`sufficiency --help`).")
    missing = missing_libraries()
    if missing:
        return (f"The window needs system libraries this computer lacks ({', '.join(missing)}). "
                f"On Debian or Ubuntu install them with:\n  {APT_LINE}")
    return ""


def _run(args: argparse.Namespace) -> int:
    if not args.smoke and (problem := desktop_problem()):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    from ..ui import app  # Qt is imported only when the window is wanted

    path = Path(args.path) if args.path else None
    if args.smoke:
        return app.smoke(path, args.time_limit)
    return app.run(path)


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["gui"]
    parser.description = "Open the planner's window on a project, scenario or the sample."
    parser.add_argument("path", nargs="?", help="a project (.sufficiency), scenario folder or .xlsx workbook")
    parser.add_argument("--smoke", action="store_true",
                        help="open, solve, print a one-line summary and exit (no display needed)")
    parser.add_argument("--time-limit", type=seconds, default=None, help="seconds for the smoke solve")
    parser.set_defaults(handler=_run, inputs=("path",))
