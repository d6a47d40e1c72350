"""Open a GeoPackage in QGIS itself, headless, and render two of its layers (run by the system's python3).

Usage: ``python3 qgis_check.py PLAN.gpkg OUT.png``. Prints one JSON record
per layer (valid, feature count, CRS, renderer of the default style) and
writes a render of the areas and settings layers. Debian's
``python3-qgis`` runs only with the system Python, so the tests run this
in a subprocess instead of importing QGIS.
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main(gpkg: str, png: str) -> int:
    app = QgsApplication([], False)
    app.initQgis()
    names = [sub.name() for sub in QgsProviderRegistry.instance().querySublayers(gpkg)]
    report = {}
    layers = {}
    for name in names:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        renderer = layer.renderer()
        report[name] = {
            "valid": layer.isValid(), "features": layer.featureCount(), "crs": layer.crs().authid(),
            "geometry": layer.geometryType() if layer.isSpatial() else None,
            "renderer": renderer.type() if renderer else None,
            "classes": len(renderer.legendSymbolItems()) if renderer else 0,
            "styles_in_database": layer.listStylesInDatabase()[0] if layer.isSpatial() else 0,
        }
        layers[name] = layer
    settings = QgsMapSettings()
    shown = [layers[n] for n in ("settings", "areas") if n in layers]
    settings.setLayers(shown)
    extent = layers["areas"].extent()
    for layer in shown:
        extent.combineExtentWith(layer.extent())  # settings out of county too
    extent.grow(max(extent.width(), extent.height()) * 0.05)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(900, int(900 * extent.height() / extent.width()) or 900))
    settings.setBackgroundColor(QColor("#F2F1ED"))
    settings.setDestinationCrs(layers["areas"].crs())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    report["_render"] = {"saved": job.renderedImage().save(png, "PNG")}
    print(json.dumps(report), flush=True)
    del job, shown, layers, layer, renderer
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
