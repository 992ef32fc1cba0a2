#!/usr/bin/python3
"""End-to-end tests of `redline stats`: the sample projects against the independent reference
engine (tests/reference/reference_stats.py), the sums a planner relies on, every output format,
the flag form, determinism, and bad inputs (clear message, exit 1, nothing written)."""
import csv
import io
import os
import shutil
import subprocess
import tempfile
import unittest

from osgeo import gdal, ogr, osr

from cli_testlib import (EXIT_INPUT, EXIT_OK, PYTHON, SOURCE_DIR, absolute_project, load_json, read_bytes,
                         redline, sample, write_json)

REFERENCE_STATS = os.path.join(SOURCE_DIR, "tests", "reference", "reference_stats.py")
KEY = ("zone_layer", "zone", "class_layer", "class", "row_type")


def reference_stats(project, stats_json):
    proc = subprocess.run([PYTHON, REFERENCE_STATS, str(project), str(stats_json)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8", errors="replace")


def read_csv(path):
    raw = read_bytes(path)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))


class StatsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="redline-stats-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def project(self, name="project.json", **changes):
        return write_json(self.path(name), absolute_project(name, **changes))

    def run_ok(self, *args):
        run = redline(*args)
        self.assertEqual(run.code, EXIT_OK, str(run))
        return run

    def assert_fails_cleanly(self, args, *fragments):
        out = self.path("out")
        run = redline(*args, "--out", out)
        self.assertEqual(run.code, EXIT_INPUT, str(run))
        for fragment in fragments:
            self.assertIn(fragment, run.stderr, str(run))
        self.assertNotIn(" done.", run.stderr, "the progress line said done above the error")
        self.assertFalse(os.path.exists(out), "a failed run must leave nothing behind")
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted(n for n in os.listdir(self.tmp) if n != "out"))

    # ------------------------------------------------------------------ sample data
    def test_sample_project_agrees_with_the_reference_and_adds_up(self):
        project = self.project()
        out = self.path("out")
        run = self.run_ok("stats", project, "--out", out)
        self.assertIn("redline by basin", run.stdout)
        for name in ("stats.csv", "stats_crosstab.csv", "stats.json", "stats.xlsx", "stats.gpkg",
                     "chart_basin_redline.svg", "chart_county_landcover.png"):
            self.assertTrue(os.path.exists(os.path.join(out, name)), name)
        code, text = reference_stats(project, os.path.join(out, "stats.json"))
        self.assertEqual(code, 0, text)

        rows = read_csv(os.path.join(out, "stats.csv"))
        by_key = {tuple(r[k] for k in KEY): r for r in rows}
        self.assertEqual(len(by_key), len(rows), "rows are unique by zone layer, zone, class layer, class, type")
        for r in rows:
            self.assertEqual(r["coverage_rule"], "fractional" if r["class_layer"] == "landcover" else "exact")
            self.assertAlmostEqual(float(r["area_ha"]) * 10000, float(r["area_m2"]), delta=1e-6 * float(r["area_m2"]) + 1e-6)
            self.assertAlmostEqual(float(r["area_mu"]) * 10000 / 15, float(r["area_m2"]), delta=1e-6 * float(r["area_m2"]) + 1e-6)
        # Vector classes: Σ zones + outside = class total (zones tile their layer here), up to the
        # slivers of the PostGIS-style contract: where a zone boundary cuts a kilometres-long class
        # edge, the cut point lies on the edge straight in lon/lat, not on its geodesic, so the
        # pieces' geodesic areas add up to the whole's only to ~1e-5 (docs/stats.md). The
        # reference above shows each cell itself is right.
        for (zl, zone, cl, cls, rt), total in ((k, v) for k, v in by_key.items() if k[4] == "class_total"):
            if total["zones_overlap"] != "0":
                continue
            cells = sum(float(r["area_m2"]) for k, r in by_key.items()
                        if k[0] == zl and k[2] == cl and k[3] == cls and k[4] in ("cell", "zone_total"))
            outside = float(by_key[(zl, "(outside all zones)", cl, cls, "outside")]["area_m2"])
            self.assertAlmostEqual(cells + outside, float(total["area_m2"]), delta=2e-5 * float(total["area_m2"]) + 1e-3,
                                   msg=f"{zl} {cl} {cls}")
        # Raster classes: Σ classes + nodata + outside raster = the zone's area.
        zones = {(r["zone_layer"], r["zone"]) for r in rows if r["class_layer"] == "landcover"}
        self.assertEqual(len(zones), 3 + 16)
        for zl, zone in zones:
            parts = [float(r["area_m2"]) for r in rows
                     if (r["zone_layer"], r["zone"], r["class_layer"], r["row_type"]) == (zl, zone, "landcover", "cell")]
            zone_area = float(next(r["zone_area_m2"] for r in rows if (r["zone_layer"], r["zone"]) == (zl, zone)))
            self.assertAlmostEqual(sum(parts), zone_area, delta=1e-6 * zone_area, msg=f"{zl} {zone}")
        self.assertTrue(any(r["class"] == "(nodata)" and float(r["area_m2"]) > 0 for r in rows),
                        "the sample raster's cloud gap must show as nodata somewhere")

    def test_parks_land_cover_agrees_with_the_reference(self):
        project = self.project("parks_project.json")
        out = self.path("out")
        self.run_ok("stats", project, "--out", out, "-q")
        code, text = reference_stats(project, os.path.join(out, "stats.json"))
        self.assertEqual(code, 0, text)
        rows = load_json(os.path.join(out, "stats.json"))["rows"]
        parks = {r["zone"] for r in rows if r["zone_layer"] == "park" and r["row_type"] == "cell"}
        self.assertEqual(len(parks), 12)

    def test_values_that_share_a_class_name_are_one_class(self):
        # 10 (water) and 20 (forest) both named 水域林地: one row per park, the sum of both kinds of
        # pixel (it was two rows of the same name, and GeoPackage output failed on the duplicate).
        table = self.path("classes.csv")
        with open(table, "w", encoding="utf-8") as f:
            f.write("value,class\n10,水域林地\n20,水域林地\n30,耕地\n40,建设用地\n50,湿地\n")
        p = absolute_project("parks_project.json")
        p["stats"]["classes"] = []
        p["stats"]["rasters"][0]["classes"] = table
        project = write_json(self.path("merged.json"), p)
        out = self.path("out")
        self.run_ok("stats", project, "--out", out, "-q")
        code, text = reference_stats(project, os.path.join(out, "stats.json"))
        self.assertEqual(code, 0, text)
        rows = [r for r in load_json(os.path.join(out, "stats.json"))["rows"] if r["row_type"] == "cell"]
        merged = [r for r in rows if r["class"] == "水域林地"]
        self.assertEqual(len(merged), len({r["zone"] for r in rows}))
        self.assertTrue(any(r["area_m2"] > 0 for r in merged))
        self.run_ok("stats", project, "--out", self.path("merged.gpkg"), "-q")

    def test_a_zone_beyond_the_raster_edge_adds_up(self):
        # A triangle of 200-300 km edges, straight in lon/lat, that the sample raster covers in
        # part. "(outside raster)" was cut from the zone with straight edges while the pixels
        # follow its geodesic ones: the cells summed to the zone's area only within 0.4 %.
        triangle = [(117.3, 30.2), (121.5, 31.2), (118.6, 33.4), (117.3, 30.2)]
        zones = write_json(self.path("triangle.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"zone": "T"},
                          "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in triangle]]}}]})
        project = write_json(self.path("triangle.json"), {"version": 1, "stats": {
            "zones": [{"name": "z", "path": zones, "field": "zone"}],
            "rasters": [{"name": "landcover", "path": sample("landcover.tif"),
                         "classes": sample("landcover_classes.csv")}]}})
        out = self.path("out")
        self.run_ok("stats", project, "--out", out, "-q")
        code, text = reference_stats(project, os.path.join(out, "stats.json"))
        self.assertEqual(code, 0, text)
        cells = [r for r in load_json(os.path.join(out, "stats.json"))["rows"] if r["row_type"] == "cell"]
        outside = next(r["area_m2"] for r in cells if r["class"] == "(outside raster)")
        zone_area = cells[0]["zone_area_m2"]
        self.assertGreater(outside, 0.3 * zone_area)  # much of it lies beyond the raster
        self.assertAlmostEqual(sum(r["area_m2"] for r in cells), zone_area, delta=1e-7 * zone_area)
        # stats.json has the notes the workbook's notes sheet has (it had only the statistics' own).
        notes = load_json(os.path.join(out, "stats.json"))["notes"]
        self.assertTrue(any(n.startswith("areas: ellipsoidal") for n in notes), notes)
        self.assertTrue(any(n.startswith("landcover: raster pixels") for n in notes), notes)
        # The cross table, its sheet and the GeoPackage's zone layer carry (outside raster) as
        # well, so their row adds up to the zone too (they used to leave it out).
        classes = [r["class"] for r in cells]
        row = read_csv(os.path.join(out, "stats_crosstab.csv"))[0]
        self.assertAlmostEqual(sum(float(row[f"{c} ha"]) for c in classes), float(row["zone_area_ha"]),
                               delta=1e-7 * zone_area / 1e4)
        self.assertAlmostEqual(sum(float(row[f"{c} %"]) for c in classes), 100.0, delta=1e-5)
        workbook = gdal.OpenEx(os.path.join(out, "stats.xlsx"), gdal.OF_VECTOR)
        feature = workbook.GetLayerByName("crosstab").GetNextFeature()
        self.assertAlmostEqual(feature.GetField("(outside raster) ha"), outside / 1e4, delta=1e-9 * outside)
        gpkg = gdal.OpenEx(os.path.join(out, "stats.gpkg"), gdal.OF_VECTOR)
        feature = gpkg.GetLayerByName("zones_z").GetNextFeature()
        self.assertAlmostEqual(feature.GetField("landcover_outside_raster_ha"), outside / 1e4, delta=1e-9 * outside)
        pct = [feature.GetField(i) for i in range(feature.GetFieldCount())
               if feature.GetFieldDefnRef(i).GetName().endswith("_pct")
               and not feature.GetFieldDefnRef(i).GetName().endswith("_all_pct")]
        self.assertAlmostEqual(sum(pct), 100.0, delta=1e-5)

    # ------------------------------------------------------------------ outputs
    def test_workbook_and_geopackage_carry_the_same_numbers(self):
        out = self.path("out")
        self.run_ok("stats", self.project(), "--out", out, "-q")
        rows = load_json(os.path.join(out, "stats.json"))["rows"]
        cell = {(r["zone_layer"], r["zone"], r["class_layer"], r["class"]): r for r in rows if r["row_type"] == "cell"}
        xlsx = gdal.OpenEx(os.path.join(out, "stats.xlsx"), gdal.OF_VECTOR)
        for sheet in ("stats", "crosstab", "zones", "notes"):
            self.assertIsNotNone(xlsx.GetLayerByName(sheet), sheet)
        self.assertEqual(xlsx.GetLayerByName("stats").GetFeatureCount(), len(rows))
        gpkg = gdal.OpenEx(os.path.join(out, "stats.gpkg"), gdal.OF_VECTOR)
        self.assertEqual(gpkg.GetLayerByName("stats").GetFeatureCount(), len(rows))
        for layer_name, zl, count in (("zones_basin", "basin", 3), ("zones_county", "county", 16)):
            layer = gpkg.GetLayerByName(layer_name)
            self.assertIsNotNone(layer, layer_name)
            self.assertEqual(layer.GetFeatureCount(), count)
            self.assertEqual(layer.GetGeomType() in (ogr.wkbMultiPolygon, ogr.wkbPolygon), True)
            for f in layer:
                expected = cell[(zl, f.GetField("zone"), "redline", "general")]["area_m2"] / 10000
                self.assertAlmostEqual(f.GetField("redline_general_ha"), expected, delta=1e-9 * expected + 1e-12)
                self.assertIsNotNone(f.GetGeometryRef())

    def test_flag_form_gives_the_project_numbers(self):
        out = self.path("out")
        self.run_ok("stats", self.project(), "--out", out, "-q")
        project_rows = {tuple(r[k] for k in KEY): r["area_m2"] for r in load_json(os.path.join(out, "stats.json"))["rows"]}
        csv_path = self.path("county_redline.csv")
        self.run_ok("stats", "--zones", sample("zones.gpkg") + "|counties", "--zone-field", "county", "--zone-name",
                    "county", "--classes", sample("redlines.shp"), "--class-field", "category", "--class-name",
                    "redline", "--out", csv_path, "-q")
        rows = read_csv(csv_path)
        self.assertGreater(len(rows), 16 * 3)
        for r in rows:
            self.assertEqual(float(r["area_m2"]), project_rows[tuple(r[k] for k in KEY)], r)

    def test_single_files_by_extension_and_the_cross_table(self):
        cross = self.path("cross.csv")
        args = ["--zones", sample("zones.gpkg") + "|basins", "--zone-field", "basin", "--raster", sample("landcover.tif"),
                "--raster-classes", sample("landcover_classes.csv"), "-q"]
        self.run_ok("stats", *args, "--out", cross, "--layout", "crosstab", "--out", self.path("lc.xlsx"),
                    "--out", self.path("lc.gpkg"), "--out", self.path("lc.png"))
        table = read_csv(cross)
        self.assertEqual(len(table), 3)
        for name in ("水体", "林地", "耕地", "建设用地", "湿地"):
            self.assertIn(f"{name} ha", table[0])
        for row in table:
            shares = sum(float(row[f"{n} %"]) for n in ("水体", "林地", "耕地", "建设用地", "湿地", "(nodata)", "(outside raster)"))
            self.assertAlmostEqual(shares, 100.0, delta=1e-4)
        for name in ("lc.xlsx", "lc.gpkg", "lc.png"):
            self.assertTrue(os.path.exists(self.path(name)), name)
        png = gdal.Open(self.path("lc.png"))
        self.assertGreater(png.RasterXSize, 400)

    def test_a_zone_left_out_is_named_on_stderr(self):
        # Its area went to "(outside all zones)" with only "19 input feature(s) repaired or skipped"
        # printed (and nothing at all with -q): the planner must hear which zone it was.
        zones = self.path("zones.gpkg")
        gdal.VectorTranslate(zones, sample("zones.gpkg"), layers=["counties"])
        ds = ogr.Open(zones, update=1)
        layer = ds.GetLayerByName("counties")
        feature = layer.GetNextFeature()
        fid, name = feature.GetFID(), feature.GetField("county")
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkt("LINESTRING(119 32,119.1 32.1)"))
        layer.SetFeature(feature)
        ds = None
        run = redline("stats", "--zones", zones, "--zone-field", "county", "--classes", sample("redlines.shp"),
                      "--class-field", "category", "--out", self.path("s.csv"), "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        self.assertIn("warning: 1 zone or class feature was not used (listed in the notes sheet)", run.stderr)
        self.assertIn(f"fid {fid}", run.stderr)
        self.assertNotIn(name, {r["zone"] for r in read_csv(self.path("s.csv"))})

    def test_same_bytes_whatever_the_thread_count(self):
        project = self.project()
        self.run_ok("stats", project, "--out", self.path("one.csv"), "--threads", "1", "-q")
        self.run_ok("stats", project, "--out", self.path("two.csv"), "--threads", "2", "-q")
        self.assertEqual(read_bytes(self.path("one.csv")), read_bytes(self.path("two.csv")))

    # ------------------------------------------------------------------ bad inputs
    def test_unknown_fields_are_named_with_the_fields_there_are(self):
        zones = ["--zones", sample("zones.gpkg") + "|basins"]
        classes = ["--classes", sample("redlines.shp"), "--class-field", "category"]
        self.assert_fails_cleanly(["stats", *zones, "--zone-field", "basn", *classes], "basn", "basin")
        self.assert_fails_cleanly(["stats", *zones, "--zone-field", "basin", "--classes", sample("redlines.shp"),
                                   "--class-field", "catgory"], "catgory", "category")

    def test_an_empty_zone_layer_is_refused(self):
        empty = self.path("empty.gpkg")
        gdal.VectorTranslate(empty, sample("zones.gpkg"), layers=["basins"], where="0 = 1")
        self.assert_fails_cleanly(["stats", "--zones", empty, "--zone-field", "basin", "--classes",
                                   sample("redlines.shp"), "--class-field", "category"], "empty.gpkg", "no usable polygon")

    def test_raster_problems_are_named(self):
        zones = ["--zones", sample("zones.gpkg") + "|basins", "--zone-field", "basin"]
        no_crs = self.path("no_crs.tif")
        gdal.Translate(no_crs, sample("landcover.tif"), outputSRS=None)
        ds = gdal.Open(no_crs, gdal.GA_Update)
        ds.SetSpatialRef(osr.SpatialReference())
        ds = None
        if os.path.exists(no_crs + ".aux.xml"):
            os.remove(no_crs + ".aux.xml")
        self.assert_fails_cleanly(["stats", *zones, "--raster", no_crs, "--raster-classes",
                                   sample("landcover_classes.csv")], "no_crs.tif", "no CRS")
        self.assert_fails_cleanly(["stats", *zones, "--raster", sample("landcover.tif"), "--raster-classes",
                                   "10=水体,20=林地,30=耕地,50=湿地"], "pixel value 40", "class table")
        self.assert_fails_cleanly(["stats", *zones, "--raster", sample("landcover.tif"), "--raster-classes",
                                   self.path("missing.csv")], "missing.csv", "does not exist (--raster-classes)")
        # Each names the option as typed (they said "--raster.classes", "--raster.band").
        self.assert_fails_cleanly(["stats", *zones, "--raster", sample("landcover.tif"), "--band", "3"],
                                  "band 3 was asked for (--band)")
        run = redline("stats", *zones, "--raster", no_crs, "--raster-crs", "EPSG:999999", "--out",
                      self.path("bad_crs.csv"), "-q")
        self.assertEqual(run.code, EXIT_INPUT, str(run))
        self.assertIn('--raster-crs: unknown CRS "EPSG:999999"', run.stderr)
        self.assertNotIn("ERROR 1", run.stderr)  # GDAL's own line above Redline's message
        # A stated CRS over the raster's own (the neighbouring zone) put every zone outside the
        # raster: 0 % land cover, exit 0. It is for a raster without a CRS.
        self.assert_fails_cleanly(["stats", *zones, "--raster", sample("landcover.tif"), "--raster-classes",
                                   sample("landcover_classes.csv"), "--raster-crs", "EPSG:4548"],
                                  "--raster-crs", "has its own CRS, EPSG:4549")
        run = redline("stats", *zones, "--raster", no_crs, "--raster-classes", sample("landcover_classes.csv"),
                      "--raster-crs", "EPSG:4549", "--out", self.path("stated.csv"), "-q")
        self.assertEqual(run.code, 0, str(run))

    def test_a_bad_stats_section_is_located(self):
        p = absolute_project("project.json")
        p["stats"]["clases"] = []
        bad = write_json(self.path("bad.json"), p)
        self.assert_fails_cleanly(["stats", bad], "$.stats", "clases")
        p = absolute_project("project.json")
        p["stats"]["classes"][0].pop("class_field")
        bad = write_json(self.path("bad2.json"), p)
        self.assert_fails_cleanly(["stats", bad], "$.stats.classes[0]")


if __name__ == "__main__":
    unittest.main(verbosity=2)
