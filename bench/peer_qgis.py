#!/usr/bin/python3
"""The "qgis" peer: the benchmark's conflict check as a planner runs it with QGIS's Processing
tools, headless.

    /usr/bin/python3 bench/peer_qgis.py PROJECT.json OUT.csv [--work DIR]

Debian's qgis package (installed by scripts/install-deps.sh --bench). Its `qgis_process` wrapper
script needs a display; the binary `qgis_process.bin` runs with QT_QPA_PLATFORM=offscreen. The
workflow, with QGIS's own algorithms:

  * native:intersection of the sites with the redlines (site_id, category): one piece per
    site × redline pair, found through QGIS's spatial index;
  * native:dissolve of those pieces by site_id and category, so overlapping redlines count once
    (this cuts before the union, as QGIS's tools do; see the note below);
  * native:intersection of the sites with the basins, the pieces' areas summed per (site, basin)
    and the largest kept;
  * geodesic areas of the output polygons with pyproj.Geod on the CGCS2000 ellipsoid, as the
    other peers (QGIS's own $area would add a field calculator pass per layer).

Cutting before the union leaves an extra vertex where one redline's edge crosses the site's edge
inside another redline, and moves such geodesic areas by up to ~1e-5 (the GeoPandas peer's note),
so the driver reports this peer's agreement without enforcing 1e-6.

Writes the same CSV as bench/peer_shapely.py: site_id, area_m2, <category>_m2 …, basin,
basin_share. Every qgis_process run is timed as part of the peer.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from osgeo import ogr

from peer_shapely import area as geodesic_area
from shapely import wkb as shapely_wkb

ogr.UseExceptions()


def qgis(algorithm, **params):
    cmd = ["qgis_process.bin", "run", algorithm, "--"] + [f"{k}={v}" for k, v in params.items()]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"qgis_process {algorithm} failed ({run.returncode}): {run.stderr.strip()[-2000:]}")


def source(base, spec):
    path = os.path.join(base, spec["path"])
    return f"{path}|layername={spec['layer']}" if spec.get("layer") else path


def features(path):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    for f in layer:
        g = f.GetGeometryRef()
        yield f, (shapely_wkb.loads(bytes(g.ExportToIsoWkb())) if g is not None else None)
    del ds


def main(argv=None):
    argv = argv or sys.argv[1:]
    work = None
    if "--work" in argv:
        i = argv.index("--work")
        work = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    project_path, out = argv
    project = json.load(open(project_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(project_path))
    subjects, constraint, zone = project["subjects"], project["constraints"][0], project["zones"][0]
    sid, cat, zfield = subjects["id_field"], constraint["category_field"], zone["field"]
    work = work or tempfile.mkdtemp(prefix="peer-qgis-")
    os.makedirs(work, exist_ok=True)
    pieces, dissolved, in_basins = (os.path.join(work, n) for n in ("pieces.gpkg", "dissolved.gpkg", "basins.gpkg"))
    for p in (pieces, dissolved, in_basins):
        if os.path.exists(p):
            os.remove(p)

    sites = source(base, subjects)
    qgis("native:intersection", INPUT=sites, OVERLAY=source(base, constraint), INPUT_FIELDS=sid,
         OVERLAY_FIELDS=cat, OUTPUT=pieces)
    qgis("native:dissolve", INPUT=pieces, FIELD=f"{sid};{cat}", OUTPUT=dissolved)
    qgis("native:intersection", INPUT=sites, OVERLAY=source(base, zone), INPUT_FIELDS=sid, OVERLAY_FIELDS=zfield,
         OUTPUT=in_basins)

    site_area = {}
    for f, g in features(os.path.join(base, subjects["path"])):
        site_area[str(f.GetField(sid))] = geodesic_area(g)
    overlaps = {}
    for f, g in features(dissolved):
        if g is not None and not g.is_empty:
            overlaps.setdefault(str(f.GetField(sid)), {})[str(f.GetField(cat))] = geodesic_area(g)
    best = {}
    for f, g in features(in_basins):
        if g is None or g.is_empty:
            continue
        acc = best.setdefault(str(f.GetField(sid)), {})
        b = f.GetField(zfield)
        acc[b] = acc.get(b, 0.0) + geodesic_area(g)
    basin_of = {k: max(sorted(v.items()), key=lambda kv: kv[1]) for k, v in best.items()}

    categories = sorted({c for v in overlaps.values() for c in v})
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["site_id", "area_m2"] + [f"{c}_m2" for c in categories] + ["basin", "basin_share"])
        for k, area in site_area.items():
            b = basin_of.get(k)
            share = b[1] / area if b and area else None
            w.writerow([k, repr(area)] + [repr(overlaps.get(k, {}).get(c, 0.0)) for c in categories] +
                       [b[0] if b else "", repr(share) if share is not None else ""])
    return 0


if __name__ == "__main__":
    sys.exit(main())
