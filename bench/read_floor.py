#!/usr/bin/python3
"""Read floor, columnar variant: read every feature of the project's layers with GDAL's Arrow
stream (OGR_L_GetArrowStream, GDAL >= 3.6) and do nothing else.

    /usr/bin/python3 bench/read_floor.py PROJECT.json

Each layer (subjects, constraints, zones) is streamed in record batches holding the geometry as
WKB and every attribute; the batches are touched (feature count, WKB bytes) and dropped. This is
the least work any engine reading these files through GDAL must do: no geometry is parsed, no
CRS transformed. Prints one line per layer and a total. The driver times the whole process
(interpreter start-up included, ~0.1 s).
"""
import json
import os
import sys
import time

from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()


def layers(project_path):
    proj = json.load(open(project_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(project_path))
    cons = proj["constraints"] if isinstance(proj["constraints"], list) else [proj["constraints"]]
    for obj in [proj["subjects"], *cons, *proj.get("zones", [])]:
        yield os.path.join(base, obj["path"]), obj.get("layer")


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    total_n = total_b = 0
    t0 = time.perf_counter()
    for path, name in layers(argv[1]):
        ds = gdal.OpenEx(path, gdal.OF_VECTOR)
        lyr = ds.GetLayerByName(name) if name else ds.GetLayer(0)
        geom_col = lyr.GetGeometryColumn() or "wkb_geometry"
        n = nbytes = 0
        for batch in lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"]):
            wkbs = batch[geom_col]
            n += len(wkbs)
            nbytes += sum(len(w) for w in wkbs if w is not None)
        print(f"{os.path.basename(path)}|{lyr.GetName()}: {n} features, {nbytes} WKB bytes")
        total_n += n
        total_b += nbytes
        lyr = None
        ds = None
    print(f"total: {total_n} features, {total_b} WKB bytes in {time.perf_counter() - t0:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
