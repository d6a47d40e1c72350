"""``sufficiency gui`` on a Linux desktop that cannot show Qt: one line saying what to install, no abort."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sufficiency_app import cli
from sufficiency_app.commands import gui


def test_not_linux_or_not_xcb_needs_nothing():
    assert gui.desktop_problem({"DISPLAY": ":0"}, platform="win32") == ""
    assert gui.desktop_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") == ""
    assert gui.desktop_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, platform="linux") == ""


def test_no_display_says_so():
    assert "no display" in gui.desktop_problem({}, platform="linux")


def test_missing_libraries_give_the_apt_line(monkeypatch, capsys):
    assert gui.missing_libraries(["libnot-a-real-library.so.9"]) == ["libnot-a-real-library.so.9"]
    monkeypatch.setattr(gui, "missing_libraries", lambda names=None: ["libxcb-cursor0", "libxcb-icccm4"])
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert cli.main(["gui"]) == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor0, libxcb-icccm4" in err and gui.APT_LINE in err
    assert "libxcb-keysyms1" in gui.APT_LINE and "libxcb-icccm4" in gui.APT_LINE


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is not installed")
def test_the_list_covers_what_the_xcb_plugin_links_against():
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    out = subprocess.run(["ldd", str(plugin), str(qt / "lib" / "libQt6XcbQpa.so.6")], capture_output=True,
                         text=True, check=True).stdout
    linked = {line.split()[0] for line in out.splitlines() if "=>" in line}
    needed = {name for name in linked if name.startswith(("libxcb", "libxkbcommon", "libX11-xcb"))}
    assert needed <= set(gui.XCB_LIBRARIES), needed - set(gui.XCB_LIBRARIES)
