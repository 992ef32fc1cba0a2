#!/usr/bin/python3
"""Peer for `redline stats` at a benchmark scale: the same basin × redline-category table with
shapely (GEOS) and pyproj's Geod, the way a planner's script would do it: union each category,
intersect it with each basin, measure geodesic areas. Prints seconds and the table as JSON.

    /usr/bin/python3 bench/peer_stats_shapely.py /tmp/rb/M > peer.json
"""
import json
import sys
import time

import pyproj
from osgeo import ogr
from shapely import wkb
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
from shapely.validation import make_valid

GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)


def area(g):
    parts = [g] if g.geom_type == "Polygon" else [p for p in getattr(g, "geoms", []) if p.geom_type == "Polygon"]
    return sum(abs(GEOD.geometry_area_perimeter(orient(p))[0]) for p in parts)


def read(path, layer, field):
    ds = ogr.Open(path)
    out = {}
    for f in ds.GetLayerByName(layer):
        g = wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
        out.setdefault(f.GetField(field), []).append(g if g.is_valid else make_valid(g))
    return out


def main():
    d = sys.argv[1]
    t0 = time.time()
    basins = {k: unary_union(v) for k, v in read(f"{d}/basins.gpkg", "basins", "basin").items()}
    classes = {k: unary_union(v) for k, v in read(f"{d}/redlines.gpkg", "redlines", "category").items()}
    rows = []
    for z, zg in sorted(basins.items()):
        for c, cg in sorted(classes.items()):
            rows.append({"zone": z, "class": c, "area_m2": area(zg.intersection(cg))})
    print(json.dumps({"seconds": time.time() - t0, "rows": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
