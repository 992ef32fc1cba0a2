"""Shared helpers for the end-to-end tests of the `redline` command.

Environment (set by CTest, see tests/cli/CMakeLists.txt):
    REDLINE_BIN         the redline executable (default: build/dev/cli/redline)
    REDLINE_SOURCE_DIR  the source tree (default: two levels above this file)

Every test works in its own temporary directory; sample_data/ is only read.  Values are checked
against tests/reference/reference_check.py (shapely + pyproj) or computed here with shapely and
pyproj's Geod, never copied from Redline's own output.
"""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import pyproj
from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.geometry.polygon import orient

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.environ.get("REDLINE_SOURCE_DIR", os.path.join(HERE, "..", "..")))
REDLINE = os.path.abspath(os.environ.get("REDLINE_BIN", os.path.join(SOURCE_DIR, "build", "dev", "cli", "redline")))
SAMPLE = os.path.join(SOURCE_DIR, "sample_data")
REFERENCE_CHECK = os.path.join(SOURCE_DIR, "tests", "reference", "reference_check.py")
PYTHON = sys.executable

# CGCS2000 ellipsoid (EPSG:1024), the sample data's datum.
GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

SHAPEFILE_EXTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def sample(name):
    return os.path.join(SAMPLE, name)


class Run:
    """Outcome of one redline run: exit code, and stdout/stderr decoded as UTF-8 (invalid bytes
    replaced, so a message with raw GBK bytes can still be inspected)."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.stdout_bytes = proc.stdout
        self.stderr_bytes = proc.stderr
        self.stdout = proc.stdout.decode("utf-8", errors="replace")
        self.stderr = proc.stderr.decode("utf-8", errors="replace")

    def __str__(self):
        return (f"redline {' '.join(self.args)}\n  exit {self.code}\n  stdout: {self.stdout[-3000:]}\n"
                f"  stderr: {self.stderr[-3000:]}")


def redline(*args, cwd=None, timeout=120):
    proc = subprocess.run([REDLINE, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, env={**os.environ, "LC_ALL": "C.UTF-8"})
    return Run([str(a) for a in args], proc)


def reference_check(project, result, timeout=240):
    """Runs the independent reference engine; returns (exit code, its output)."""
    proc = subprocess.run([PYTHON, REFERENCE_CHECK, str(project), str(result)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", errors="replace")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
    return path


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def absolute_project(name, **changes):
    """A sample project file with every path made absolute (so it can live in a temp dir)."""
    p = load_json(sample(name))

    def fix(obj):
        if isinstance(obj, dict) and "path" in obj and not os.path.isabs(obj["path"]):
            obj["path"] = sample(obj["path"])

    if "subjects" in p:
        fix(p["subjects"])
    constraints = p.get("constraints", [])
    for c in constraints if isinstance(constraints, list) else [constraints]:
        fix(c)
    for z in p.get("zones", []):
        fix(z)
    stats = p.get("stats", {})
    for key in ("zones", "classes", "rasters"):
        for layer in stats.get(key, []):
            fix(layer)
            table = layer.get("classes")
            if isinstance(table, str) and "=" not in table and not os.path.isabs(table):
                layer["classes"] = sample(table)
    stats.pop("output", None)
    if isinstance(p.get("rules"), str):
        p["rules"] = sample(p["rules"])
    p.pop("output", None)
    p.update(changes)
    return p


def copy_shapefile(base, dest_dir, new_base=None, exts=SHAPEFILE_EXTS):
    """Copies the parts of sample shapefile `base` (e.g. "sites") that exist and are in `exts`."""
    os.makedirs(dest_dir, exist_ok=True)
    new_base = new_base or base
    for ext in exts:
        src = sample(base + ext)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(dest_dir, new_base + ext))
    return os.path.join(dest_dir, new_base + ".shp")


def rewrite_shapefile(src_path, dst_path, vertex_fn=None, srs=None, open_options=()):
    """Writes a copy of a shapefile layer with every vertex mapped by vertex_fn(x, y) -> (x, y),
    attributes kept (written as UTF-8 with a .cpg); the CRS is `srs` or the source's."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # field names laundered to 10 bytes: expected
    try:
        return _rewrite_shapefile(src_path, dst_path, vertex_fn, srs, open_options)
    finally:
        gdal.PopErrorHandler()


def _rewrite_shapefile(src_path, dst_path, vertex_fn, srs, open_options):
    src = gdal.OpenEx(src_path, gdal.OF_VECTOR, open_options=list(open_options))
    layer = src.GetLayer(0)
    drv = ogr.GetDriverByName("ESRI Shapefile")
    dst = drv.CreateDataSource(dst_path)
    out = dst.CreateLayer(os.path.splitext(os.path.basename(dst_path))[0], srs or layer.GetSpatialRef(),
                          ogr.wkbPolygon, ["ENCODING=UTF-8"])
    defn = layer.GetLayerDefn()
    for i in range(defn.GetFieldCount()):
        out.CreateField(defn.GetFieldDefn(i))

    def walk(g):
        for i in range(g.GetGeometryCount()):
            walk(g.GetGeometryRef(i))
        for j in range(g.GetPointCount()):
            g.SetPoint_2D(j, *vertex_fn(g.GetX(j), g.GetY(j)))

    layer.ResetReading()
    for f in layer:
        nf = ogr.Feature(out.GetLayerDefn())
        nf.SetFrom(f)
        g = f.GetGeometryRef().Clone()
        if vertex_fn is not None:
            walk(g)
        nf.SetGeometry(g)
        out.CreateFeature(nf)
    dst = None  # noqa: F841  (flush and close)
    src = None  # noqa: F841
    return dst_path


# 7-parameter values as a parameter sheet gives them (coordinate frame rotations).
SEVEN = {"method": "7param", "dx": -11.2, "dy": 95.3, "dz": 54.1, "rx": 0.32, "ry": -1.12, "rz": 0.87,
         "ds_ppm": 2.5, "convention": "coordinate_frame"}
# Independent: the same Helmert in a PROJ pipeline between the geocentric coordinates of the
# IAG 1975 ellipsoid (Xian 1980) and CGCS2000, from EPSG:2385's Gauss-Kruger CM 120E.
SEVEN_PIPELINE = (
    "+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +a=6378140 +rf=298.257 "
    "+step +proj=cart +a=6378140 +rf=298.257 "
    "+step +proj=helmert +x=-11.2 +y=95.3 +z=54.1 +rx=0.32 +ry=-1.12 +rz=0.87 +s=2.5 +convention=coordinate_frame "
    "+step +inv +proj=cart +a=6378137 +rf=298.257222101 +step +proj=unitconvert +xy_in=rad +xy_out=deg")


def esri_prj(epsg):
    """The .prj text GDAL writes for an EPSG code (ESRI WKT1)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.MorphToESRI()
    return srs.ExportToWkt()


def read_layer(path, layer=None, open_options=()):
    """-> list of (attributes dict, shapely geometry or None) of one layer, read with OGR."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=list(open_options))
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    rows = []
    for f in lyr:
        g = f.GetGeometryRef()
        rows.append((f.items(), wkb.loads(bytes(g.ExportToIsoWkb())) if g is not None and not g.IsEmpty() else None))
    return rows


def layer_names(path):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


def geodesic_area(geom):
    """Ellipsoidal area (m²) of a lon/lat (multi)polygon on CGCS2000, holes subtracted."""
    return abs(sum(GEOD.geometry_area_perimeter(orient(p, 1.0))[0] for p in polygons(geom)))


def polygons(geom):
    """The polygons of any geometry (collections flattened)."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in polygons(g)]


def sites_names():
    """site_id -> 名称, read from sample_data/sites.dbf as GBK, independently of Redline."""
    return {a["site_id"]: a["名称"] for a, _ in read_layer(sample("sites.shp"), open_options=["ENCODING=CP936"])}


def read_csv_bytes(raw):
    text = raw.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


class RedlineTestCase(unittest.TestCase):
    """A test case with a fresh temporary directory in self.tmp (removed afterwards)."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        if not os.access(REDLINE, os.X_OK):
            raise unittest.SkipTest(f"redline binary not found at {REDLINE} (set REDLINE_BIN)")

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="redline-cli-test-")
        self.addCleanup(tmp.cleanup)  # also when a subclass's setUp fails after this
        self.tmp = tmp.name

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    # ------------------------------------------------------------------ assertions
    def assertExit(self, run, code):
        self.assertEqual(run.code, code, f"unexpected exit code\n{run}")

    def assertOk(self, run):
        self.assertExit(run, EXIT_OK)

    def assertInStderr(self, run, *needles):
        for n in needles:
            self.assertIn(n, run.stderr, f"{n!r} not in stderr\n{run}")

    def assertReferenceAgrees(self, project, result):
        code, out = reference_check(project, result)
        self.assertEqual(code, 0, f"reference_check {project} {result}:\n{out}")
        self.assertIn("OK", out)

    def assertNoOutput(self, parent, out_name, expected_entries=()):
        """Nothing of a failed run left in `parent`: no output directory, no hidden staging
        directory; only the entries the test itself put there."""
        entries = sorted(os.listdir(parent)) if os.path.isdir(parent) else []
        self.assertNotIn(out_name, entries, f"output directory {out_name} left behind in {parent}")
        self.assertEqual(entries, sorted(expected_entries), f"unexpected leftovers in {parent}")

    def assertClose(self, got, want, rtol, msg=""):
        self.assertTrue(math.isfinite(got), f"{msg}: {got!r} is not finite")
        self.assertLessEqual(abs(got - want), rtol * abs(want), f"{msg}: got {got!r}, expected {want!r} (rtol {rtol})")


def main():
    unittest.main(verbosity=2)
