"""The GeoPackage opened in QGIS itself (Debian's python3-qgis, headless): valid layers, styles, a render.

QGIS's Python bindings run only with the system Python, so the check
(``qgis_check.py``) runs in a subprocess. Skipped, saying why, where QGIS
is not installed; ``test_gis.py`` checks the file with GDAL's ``ogrinfo``
everywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from sufficiency_app.exports import saved_plan
from sufficiency_app.exports.gis import LAYERS, export_gis
from sufficiency_app.present.symbols import SYMBOLS

SYSTEM_PYTHON = "/usr/bin/python3"
CHECK = Path(__file__).with_name("qgis_check.py")


def qgis_missing() -> str | None:
    """Why QGIS cannot be used here, or None."""
    if sys.platform != "linux" or not os.access(SYSTEM_PYTHON, os.X_OK):
        return "QGIS check needs Linux with the system python3 (Debian python3-qgis)"
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True)
    return None if found.returncode == 0 else "QGIS is not installed (apt-get install python3-qgis)"


def run_check(gpkg: Path, png: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(png.parent))
    done = subprocess.run([SYSTEM_PYTHON, str(CHECK), str(gpkg), str(png)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(qgis_missing() is not None, reason=qgis_missing() or "")
def test_qgis_opens_every_layer_with_its_style_and_renders_it(saved_plan_dir, tmp_path):
    from PIL import Image

    plan = saved_plan(saved_plan_dir)
    gpkg = export_gis(plan.scenario, plan.plan, tmp_path / "plan.gpkg", flow_threshold=0)
    report = run_check(gpkg, tmp_path / "render.png")
    renderers = {"areas": ("graduatedSymbol", 5), "settings": ("categorizedSymbol", len(SYMBOLS) + 1),
                 "options": ("singleSymbol", 1), "flows": ("singleSymbol", 1)}
    for name in LAYERS:
        layer = report[name]
        assert layer["valid"] and layer["crs"] == "EPSG:27700", (name, layer)
        assert layer["features"] == len(gpd.read_file(gpkg, layer=name)), name
        assert (layer["renderer"], layer["classes"]) == renderers[name], name  # the default style was loaded
        assert layer["styles_in_database"] == 1, name
    assert report["_render"]["saved"]
    colours = {rgb for _count, rgb in Image.open(tmp_path / "render.png").convert("RGB").getcolors(1 << 20)}
    assert (0x00, 0x72, 0xB2) in colours  # the special schools' blue square
    assert (0x00, 0x9E, 0x73) in colours  # the resource base's green circle
