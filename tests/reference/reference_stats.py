#!/usr/bin/python3
"""Independent reference engine for `redline stats` results.

    /usr/bin/python3 tests/reference/reference_stats.py PROJECT.json STATS.json [--rtol 1e-6]
    /usr/bin/python3 tests/reference/reference_stats.py PROJECT.json --dump   (reference rows as JSON)

Recomputes the long-layout rows of docs/stats.md from a project file's "stats" section with
shapely, pyproj, GDAL and numpy (nothing from Redline), then compares them with Redline's
stats.json.  Exit 0: all agree; 1: differences (printed one per line); 2: bad input.

The computation (the contract):
  * layers are read with OGR and transformed vertex by vertex into EPSG:4490 (the project's
    analysis_crs must be geographic CGCS2000, as in the sample data), repaired with make_valid;
  * a zone is the union of the features sharing its value; a class is the union of its features;
  * cell = geodesic area (pyproj Geod, GRS80) of zone ∩ class union; zone_total uses the union of
    all classes; outside = class union minus the union of all zones; class_total = class union;
    features = class features whose intersection with the zone has a positive area;
  * rasters: each zone's edges are densified along geodesics (Geod.npts, <= 20 m) and projected
    into the raster's CRS; pixels are classified with GDAL's rasterizer (all-touched for the
    candidates, the zone's boundary for the partial ones); a partial pixel's covered fraction is
    shapely's exact box ∩ zone; each pixel's ellipsoidal area is its planar area divided by
    PROJ's areal scale factor at its centre (pyproj Proj.get_factors), a different method from
    Redline's geodesic corner polygons.
Tolerances: rtol (default 1e-6) of the larger of the value and, for raster rows, the zone's area
(a pixel-area method difference scales with the zone), with a floor of 1e-3 m².
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import pyproj
from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import transform, unary_union
from shapely.prepared import prep
from shapely.validation import make_valid

gdal.UseExceptions()
ogr.UseExceptions()
GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)
AREA_ATOL = 1e-3
ALL_CLASSES, ALL_ZONES, OUTSIDE_ZONES = "(all classes)", "(all)", "(outside all zones)"
NODATA, OUTSIDE_RASTER = "(nodata)", "(outside raster)"


class InputError(Exception):
    pass


def polygons(g):
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    return [p for part in getattr(g, "geoms", []) for p in polygons(part)]


def polygonal(g):
    parts = polygons(g)
    return MultiPolygon(parts) if len(parts) != 1 else parts[0]


def area(g):
    return sum(abs(GEOD.geometry_area_perimeter(orient(p))[0]) for p in polygons(g))


def read_features(spec, field, fixed):
    """[(class or zone value, shapely geometry in EPSG:4490)] of a layer object."""
    ds = ogr.Open(spec["path"])
    if ds is None:
        raise InputError(f"cannot open {spec['path']}")
    lyr = ds.GetLayerByName(spec["layer"]) if spec.get("layer") else ds.GetLayer(0)
    srs = lyr.GetSpatialRef()
    if srs is None:
        raise InputError(f"{spec['path']}: no CRS")
    to4490 = pyproj.Transformer.from_crs(pyproj.CRS.from_wkt(srs.ExportToWkt()), "EPSG:4490", always_xy=True)
    out = []
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None:
            continue
        value = fixed if fixed else f.GetField(field)
        if value is None or value == "":
            continue
        shape = transform(to4490.transform, wkb.loads(bytes(g.ExportToWkb())))
        shape = polygonal(make_valid(shape))
        if not shape.is_empty:
            out.append((str(value), shape))
    return out


def resolve(project_path):
    with open(project_path, encoding="utf-8") as f:
        project = json.load(f)
    base = os.path.dirname(os.path.abspath(project_path))
    stats = project.get("stats", {})

    def absolute(spec):
        spec = dict(spec)
        if not os.path.isabs(spec["path"]):
            spec["path"] = os.path.join(base, spec["path"])
        return spec

    zones = [absolute(z) for z in (stats.get("zones") or project.get("zones", []))]
    classes = [absolute(c) for c in stats.get("classes", [])]
    rasters = [absolute(r) for r in stats.get("rasters", [])]
    if not classes and not rasters:
        constraints = project.get("constraints", [])
        classes = [dict(absolute(c), name="constraints", class_field=c.get("category_field"),
                        **({"class": c["category"]} if "category" in c else {}))
                   for c in (constraints if isinstance(constraints, list) else [constraints])]
    for r in rasters:
        table = r.get("classes")
        if isinstance(table, str) and "=" not in table and not os.path.isabs(table):
            r["classes"] = os.path.join(base, table)
    return zones, classes, rasters


# ----------------------------------------------------------------------------- vector
def vector_rows(zone_layers, class_layers):
    rows = []
    for zl_name, zones in zone_layers:
        all_zones = unary_union(list(zones.values()))
        for cl_name, classes, features in class_layers:
            everything = unary_union(list(classes.values()))
            names = sorted(classes) + [ALL_CLASSES]
            unions = dict(classes, **{ALL_CLASSES: everything})
            totals = {c: area(unions[c]) for c in names}
            counts = {c: len(features[c]) for c in sorted(classes)}
            counts[ALL_CLASSES] = sum(counts.values())
            for z, zg in sorted(zones.items()):
                zarea = area(zg)
                pz = prep(zg)
                for c in names:
                    members = [f for cc in (sorted(classes) if c == ALL_CLASSES else [c]) for f in features[cc]]
                    touching = sum(1 for f in members if pz.intersects(f) and zg.intersection(f).area > 0)
                    rows.append(dict(zone_layer=zl_name, zone=z, class_layer=cl_name, **{"class": c},
                                     row_type="zone_total" if c == ALL_CLASSES else "cell",
                                     area_m2=area(zg.intersection(unions[c])), zone_area_m2=zarea, features=touching))
            for c in names:
                rows.append(dict(zone_layer=zl_name, zone=OUTSIDE_ZONES, class_layer=cl_name, **{"class": c},
                                 row_type="outside", area_m2=area(unions[c].difference(all_zones))))
                rows.append(dict(zone_layer=zl_name, zone=ALL_ZONES, class_layer=cl_name, **{"class": c},
                                 row_type="class_total", area_m2=totals[c], features=counts[c]))
    return rows


# ----------------------------------------------------------------------------- raster
def class_table(spec):
    table = spec.get("classes")
    if table is None:
        return None
    if isinstance(table, dict):
        return {int(k): v for k, v in table.items()}
    if "=" in table:
        return {int(k): v.strip() for k, v in (item.split("=", 1) for item in table.split(",") if item.strip())}
    out = {}
    with open(table, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")  # Excel on a Chinese Windows saves CSV so
    for line in text.splitlines():
        parts = line.strip().split(",")
        if len(parts) >= 2 and parts[0].strip().lstrip("-").isdigit():
            out[int(parts[0])] = parts[1].strip()
    return out


def densify_geodesic(ring, max_m=20.0):
    pts = []
    coords = list(ring.coords)
    for (x1, y1), (x2, y2) in zip(coords[:-1], coords[1:]):
        pts.append((x1, y1))
        _, _, d = GEOD.inv(x1, y1, x2, y2)
        n = int(np.ceil(d / max_m)) - 1
        if n > 0:
            pts.extend(GEOD.npts(x1, y1, x2, y2, n))
    pts.append(coords[-1])
    return pts


def raster_rows(zone_layers, spec):
    ds = gdal.Open(spec["path"])
    band = ds.GetRasterBand(spec.get("band", 1))
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0:
        raise InputError("the reference handles north-up rasters only")
    srs = ds.GetSpatialRef()
    crs = pyproj.CRS.from_wkt(srs.ExportToWkt())
    nodata = spec.get("nodata", band.GetNoDataValue())
    data = band.ReadAsArray().astype(np.float64)
    rows_n, cols_n = data.shape
    fwd = pyproj.Transformer.from_crs("EPSG:4490", crs, always_xy=True)
    inv = pyproj.Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
    # Pixel areas: planar area / areal scale at the pixel centre (PROJ's factors).
    cx = gt[0] + (np.arange(cols_n) + 0.5) * gt[1]
    cy = gt[3] + (np.arange(rows_n) + 0.5) * gt[5]
    if crs.is_geographic:
        raise InputError("the reference handles projected rasters only")
    gx, gy = np.meshgrid(cx, cy)
    lon, lat = inv.transform(gx.ravel(), gy.ravel())
    factors = pyproj.Proj(crs).get_factors(lon, lat)
    pixel_area = (abs(gt[1] * gt[5]) / np.asarray(factors.areal_scale)).reshape(rows_n, cols_n)
    footprint = Polygon([(gt[0], gt[3]), (gt[0] + cols_n * gt[1], gt[3]),
                         (gt[0] + cols_n * gt[1], gt[3] + rows_n * gt[5]), (gt[0], gt[3] + rows_n * gt[5])])
    table = class_table(spec)
    values = sorted(table) if table else sorted(int(v) for v in np.unique(data) if v != nodata)
    names = [table[v] for v in values] if table else [str(v) for v in values]
    mem_drv = gdal.GetDriverByName("MEM")
    out = []
    for zl_name, zones in zone_layers:
        for z, zg in sorted(zones.items()):
            zarea = area(zg)
            parts = []
            def project(ring):
                pts = np.array(densify_geodesic(ring))
                x, y = fwd.transform(pts[:, 0], pts[:, 1])
                return list(zip(x, y))

            for p in polygons(zg):
                parts.append(Polygon(project(p.exterior), [project(h) for h in p.interiors]))
            zr = MultiPolygon(parts) if len(parts) > 1 else parts[0]
            zr = polygonal(make_valid(zr))

            def rasterize(geom, all_touched):
                m = mem_drv.Create("", cols_n, rows_n, 1, gdal.GDT_Byte)
                m.SetGeoTransform(gt)
                m.SetSpatialRef(srs)
                vds = ogr.GetDriverByName("Memory").CreateDataSource("")
                lyr = vds.CreateLayer("z", srs, ogr.wkbUnknown)
                f = ogr.Feature(lyr.GetLayerDefn())
                f.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
                lyr.CreateFeature(f)
                gdal.RasterizeLayer(m, [1], lyr, burn_values=[1],
                                    options=["ALL_TOUCHED=TRUE"] if all_touched else [])
                return m.ReadAsArray().astype(bool)

            touched = rasterize(zr, True)
            # Pixels the boundary crosses, and their neighbours (GDAL's all-touched rule can miss
            # a pixel the boundary only grazes): their fractions are computed exactly.
            edge = rasterize(zr.boundary, True)
            grown = edge.copy()
            grown[1:, :] |= edge[:-1, :]
            grown[:-1, :] |= edge[1:, :]
            grown[:, 1:] |= edge[:, :-1]
            grown[:, :-1] |= edge[:, 1:]
            edge = grown
            fraction = np.where(touched & ~edge, 1.0, 0.0)  # (edge pixels filled in below)
            pz = prep(zr)
            for r, c in zip(*np.nonzero(edge)):
                x0, y0 = gt[0] + c * gt[1], gt[3] + r * gt[5]
                pixel = box(min(x0, x0 + gt[1]), min(y0, y0 + gt[5]), max(x0, x0 + gt[1]), max(y0, y0 + gt[5]))
                if pz.contains(pixel):
                    fraction[r, c] = 1.0
                elif pz.intersects(pixel):
                    fraction[r, c] = zr.intersection(pixel).area / pixel.area
            weighted = fraction * pixel_area
            counted = fraction > 1e-9
            is_nodata = (data == nodata) | np.isnan(data) if nodata is not None else np.isnan(data)
            merged = {}  # values sharing a name in the class table are one class
            for v, name in zip(values, names):
                sel = (data == v) & ~is_nodata
                a, n = merged.get(name, (0.0, 0))
                merged[name] = (a + float(weighted[sel].sum()), n + int((counted & sel).sum()))
            cells = [(name, a, n) for name, (a, n) in merged.items()]
            cells.append((NODATA, float(weighted[is_nodata].sum()), int((counted & is_nodata).sum())))
            # Cut in the raster's CRS, where its edges are straight, from the zone with geodesic
            # edges (zr), then measured back in lon/lat with the cut lines finely sampled.
            step = min(abs(gt[1]), abs(gt[5])) / 4
            cells.append((OUTSIDE_RASTER, area_from_raster_crs(zr.difference(footprint), inv, step), 0))
            for name, a, n in cells:
                out.append(dict(zone_layer=zl_name, zone=z, class_layer=spec["name"], **{"class": name},
                                row_type="cell", area_m2=a, zone_area_m2=zarea, features=n))
            data_cells = cells[:-2]
            out.append(dict(zone_layer=zl_name, zone=z, class_layer=spec["name"], **{"class": ALL_CLASSES},
                            row_type="zone_total", area_m2=sum(a for _, a, _ in data_cells), zone_area_m2=zarea,
                            features=sum(n for _, _, n in data_cells)))
    return out


def area_from_raster_crs(geom, inv, step):
    """Geodesic area of a polygon given in the raster's CRS, its edges (straight there) sampled
    every `step` raster units before they go back to lon/lat."""
    def ring(coords):
        pts = []
        for (x1, y1), (x2, y2) in zip(coords[:-1], coords[1:]):
            n = max(1, int(math.hypot(x2 - x1, y2 - y1) / step))
            pts.extend((x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n) for k in range(n))
        pts.append(coords[-1])
        x, y = inv.transform(*np.array(pts).T)
        return list(zip(x, y))
    return sum(area(Polygon(ring(list(p.exterior.coords)), [ring(list(h.coords)) for h in p.interiors]))
               for p in polygons(geom))


# ----------------------------------------------------------------------------- main
def reference(project_path):
    zone_specs, class_specs, raster_specs = resolve(project_path)
    zone_layers = []
    for z in zone_specs:
        grouped = {}
        for value, g in read_features(z, z["field"], None):
            grouped.setdefault(value, []).append(g)
        zone_layers.append((z["name"], {k: unary_union(v) for k, v in grouped.items()}))
    class_layers = []
    merged = {}
    for c in class_specs:
        entry = merged.setdefault(c["name"], {})
        for value, g in read_features(c, c.get("class_field"), c.get("class")):
            entry.setdefault(value, []).append(g)
    for name, grouped in merged.items():
        class_layers.append((name, {k: unary_union(v) for k, v in grouped.items()}, grouped))
    rows = vector_rows(zone_layers, class_layers)
    for r in raster_specs:
        rows.extend(raster_rows(zone_layers, r))
    return rows


def key(row):
    return (row["zone_layer"], row["zone"], row["class_layer"], row["class"], row["row_type"])


def compare(expected, actual_rows, rtol):
    problems = []
    actual = {key(r): r for r in actual_rows}
    for e in expected:
        a = actual.get(key(e))
        if a is None:
            problems.append(f"missing row {key(e)}")
            continue
        scale = max(abs(e["area_m2"]), e.get("zone_area_m2", 0) if e["row_type"] != "outside" and
                    a.get("coverage_rule") == "fractional" else 0)
        if abs(a["area_m2"] - e["area_m2"]) > max(rtol * scale, AREA_ATOL):
            problems.append(f"{key(e)}: area_m2 {a['area_m2']!r} != reference {e['area_m2']!r} "
                            f"(rel {abs(a['area_m2'] - e['area_m2']) / max(abs(e['area_m2']), 1e-300):.3g})")
        if "features" in e and a.get("features") != e["features"]:
            problems.append(f"{key(e)}: features {a.get('features')} != reference {e['features']}")
        if "zone_area_m2" in e and abs(a["zone_area_m2"] - e["zone_area_m2"]) > max(rtol * e["zone_area_m2"], AREA_ATOL):
            problems.append(f"{key(e)}: zone_area_m2 {a['zone_area_m2']} != reference {e['zone_area_m2']}")
    extra = set(actual) - {key(e) for e in expected}
    problems.extend(f"unexpected row {k}" for k in sorted(extra))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project")
    ap.add_argument("stats", nargs="?")
    ap.add_argument("--rtol", type=float, default=1e-6)
    ap.add_argument("--dump", action="store_true")
    args = ap.parse_args()
    try:
        expected = reference(args.project)
    except InputError as e:
        print(f"reference_stats: {e}")
        return 2
    if args.dump or not args.stats:
        json.dump(expected, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    with open(args.stats, encoding="utf-8") as f:
        actual = json.load(f)["rows"]
    problems = compare(expected, actual, args.rtol)
    for p in problems:
        print(p)
    print(f"{len(expected)} reference rows, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
