#!/usr/bin/python3
"""Invalid and unusable subject geometries: the sample's bow-tie XM022 is repaired and flagged,
a point without a buffer is an error for that feature only, and with --buffer it becomes a
64-gon of the buffer's radius."""
import json
import math
import os

from cli_testlib import (GEOD, RedlineTestCase, geodesic_area, load_json, main, read_layer, redline, sample,
                         write_json)
from shapely.geometry import Polygon
from shapely.validation import make_valid

POINT = (119.2, 31.5)
SQUARE = [(119.0, 32.0), (119.01, 32.0), (119.01, 32.01), (119.0, 32.01), (119.0, 32.0)]


def mixed_geojson(path):
    """One valid square and one point, EPSG:4490 lon/lat."""
    return write_json(path, {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
        "features": [
            {"type": "Feature", "properties": {"code": "P1", "name": "方形地块"},
             "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in SQUARE]]}},
            {"type": "Feature", "properties": {"code": "P2", "name": "取水口"},
             "geometry": {"type": "Point", "coordinates": list(POINT)}},
        ]})


class BowTieTest(RedlineTestCase):
    def test_xm022_repaired_and_flagged(self):
        out = self.path("out")
        self.assertOk(redline("check", sample("project.json"), "--out", out, "-q"))
        result = load_json(os.path.join(out, "result.json"))
        xm022 = next(s for s in result["subjects"] if s["id"] == "XM022")
        self.assertIs(xm022["repaired"], True)
        self.assertEqual(xm022["status"], "conflict")
        self.assertTrue(xm022["notes"], "no note on the repaired subject")
        self.assertRegex(" ".join(xm022["notes"]), r"(?i)repair")
        # it is the only repaired subject
        self.assertEqual([s["id"] for s in result["subjects"] if s["repaired"]], ["XM022"])

        # independent: the source polygon is invalid; MakeValid gives two triangles whose area
        # Redline reports (the bow-tie lies inside general HX-025: overlap = whole site)
        src = {a["site_id"]: g for a, g in read_layer(sample("sites.shp"), open_options=["ENCODING=CP936"])}
        self.assertFalse(src["XM022"].is_valid)
        fixed = make_valid(src["XM022"])
        self.assertClose(xm022["area_m2"], geodesic_area(fixed), 1e-6, "XM022 area")
        general = next(o for o in xm022["overlaps"] if o["category"] == "general")
        self.assertEqual([f["id"] for f in general["features"]], ["HX-025"])
        self.assertClose(general["area_m2"], geodesic_area(fixed), 1e-6, "XM022 general overlap")

        # the errors layer has a 'repaired' row for it
        errors = [a for a, _ in read_layer(os.path.join(out, "result.gpkg"), "errors")]
        rows = [e for e in errors if e["feature_id"] == "XM022"]
        self.assertEqual([e["kind"] for e in rows], ["repaired"], errors)
        self.assertIn("sites", rows[0]["layer"])
        # and the subjects layer says so too
        subj = {a["subject_id"]: a for a, _ in read_layer(os.path.join(out, "result.gpkg"), "subjects")}
        self.assertTrue(subj["XM022"]["repaired"])
        self.assertFalse(subj["XM001"]["repaired"])


class PointSubjectTest(RedlineTestCase):
    def setUp(self):
        super().setUp()
        self.src = mixed_geojson(self.path("mixed.geojson"))

    def check(self, *extra):
        out = self.path("out")
        run = redline("check", "--subjects", self.src, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--id-field", "code", "--name-field", "name", *extra, "--out", out, "-q")
        self.assertOk(run)
        return out, {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}

    def test_point_without_buffer_is_an_error_for_that_feature(self):
        out, by_id = self.check()
        self.assertEqual(set(by_id), {"P1", "P2"})
        self.assertEqual(by_id["P2"]["status"], "error")
        self.assertRegex(by_id["P2"]["error"], r"(?i)buffer")
        self.assertEqual(by_id["P2"]["name"], "取水口")
        self.assertIn(by_id["P1"]["status"], ("clear", "conflict"))
        self.assertIsNone(by_id["P1"]["error"])
        self.assertClose(by_id["P1"]["area_m2"], geodesic_area(Polygon(SQUARE)), 1e-6, "P1 area")
        # the error is in every output
        errors = [a for a, _ in read_layer(os.path.join(out, "result.gpkg"), "errors")]
        self.assertIn("P2", [e["feature_id"] for e in errors])
        with open(os.path.join(out, "subjects.csv"), encoding="utf-8-sig") as f:
            text = f.read()
        self.assertIn("P2", text)
        # and the reference engine agrees (it expects status error for the point)
        project = write_json(self.path("p.json"), {
            "version": 1, "subjects": {"path": self.src, "id_field": "code", "name_field": "name"},
            "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}]})
        self.assertReferenceAgrees(project, os.path.join(out, "result.json"))

    def test_a_subject_not_checked_is_said_and_fails_the_gate(self):
        # Even with -q: a script must not take a site never checked for a clear one.
        run = redline("check", "--subjects", self.src, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--id-field", "code", "--out", self.path("out"), "-q", "--fail-on-conflict")
        self.assertExit(run, 5)
        self.assertInStderr(run, "warning: 1 of 2 subjects could not be checked (status error; first: P2")

    def test_point_with_buffer_is_a_64_gon(self):
        r = 100.0
        out, by_id = self.check("--buffer", r)
        p2 = by_id["P2"]
        self.assertIsNone(p2["error"])
        self.assertIn(p2["status"], ("clear", "conflict"))
        # 16 segments per quadrant: area of the inscribed regular 64-gon
        self.assertClose(p2["area_m2"], 32 * r * r * math.sin(2 * math.pi / 64), 1e-3, "buffered point area")
        # the polygon written is centred on the point with every vertex r away (geodesic)
        geom = {a["subject_id"]: g for a, g in read_layer(os.path.join(out, "result.gpkg"), "subjects")}["P2"]
        ring = list(geom.geoms[0].exterior.coords) if hasattr(geom, "geoms") else list(geom.exterior.coords)
        self.assertEqual(len(ring) - 1, 64)
        for lon, lat in ring:
            d = GEOD.inv(POINT[0], POINT[1], lon, lat)[2]
            self.assertLess(abs(d - r), 1e-4 * r, f"vertex ({lon}, {lat}) is {d} m from the point")
        # the polygon subject is unaffected by the buffer
        self.assertClose(by_id["P1"]["area_m2"], geodesic_area(Polygon(SQUARE)), 1e-6, "P1 area")


def collection(path, features):
    """A GeoJSON FeatureCollection in EPSG:4490 of (code, rings) polygons."""
    return write_json(path, {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
        "features": [{"type": "Feature", "properties": {"code": code, "category": "core"},
                      "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in ring]]}}
                     for code, ring in features]})


class ErrorsTableTest(RedlineTestCase):
    """A feature can have several problems, and two layers share FIDs: every one is a row of
    result.gpkg's errors table (it used to take the feature's FID for its own key, so the second
    problem of FID 0 made the whole check fail with exit 3)."""

    def test_several_problems_of_one_fid_are_all_rows(self):
        bow_tie = [(119.0, 32.0), (119.01, 32.01), (119.01, 32.0), (119.0, 32.01), (119.0, 32.0)]
        degenerate = [(119.2, 32.2)] * 4
        subjects = collection(self.path("subjects.geojson"), [("S0", degenerate), ("S1", bow_tie), ("S2", SQUARE)])
        constraints = collection(self.path("constraints.geojson"),
                                 [("C0", [(x + 0.005, y) for x, y in bow_tie]), ("C1", SQUARE)])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", subjects, "--constraints", constraints, "--category-field",
                              "category", "--id-field", "code", "--out", out, "-q"))
        rows = sorted((a["layer"], a["feature_fid"], a["feature_id"], a["kind"])
                      for a, _ in read_layer(os.path.join(out, "result.gpkg"), "errors"))
        # (the flags name no id field for constraints: their id is the FID)
        self.assertEqual(rows, [("constraints.geojson", 0, "0", "repaired"),
                                ("subjects.geojson", 0, "S0", "error"),
                                ("subjects.geojson", 0, "S0", "repaired"),
                                ("subjects.geojson", 1, "S1", "repaired")])
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        self.assertEqual(by_id["S0"]["status"], "error")
        self.assertEqual(by_id["S2"]["status"], "conflict")  # the square lies on C1


class OpenRingTest(RedlineTestCase):
    """Rings as careless writers leave them: GEOS refuses an unclosed ring, and a redline drawn so
    used to vanish from the check (its site came out clear) while a subject so drawn was an error."""

    def test_unclosed_rings_are_closed_and_rings_without_area_dropped(self):
        half = [(119.005, 31.995), (119.02, 31.995), (119.02, 32.02), (119.005, 32.02)]  # open: no return to start
        subjects = collection(self.path("subjects.geojson"), [
            ("OPEN", SQUARE[:-1]),              # the square without its closing point
            ("TWO", [(119.2, 32.2), (119.21, 32.2)]),  # two points: no area
            ("CLOSED", SQUARE)])
        constraints = collection(self.path("constraints.geojson"), [("C0", half)])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", subjects, "--constraints", constraints, "--category-field",
                              "category", "--id-field", "code", "--out", out, "-q"))
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        # Independent: the closed square cut by the closed constraint, Karney areas via pyproj.
        square, cut = Polygon(SQUARE), Polygon(SQUARE).intersection(Polygon(half))
        for code in ("OPEN", "CLOSED"):
            s = by_id[code]
            self.assertEqual(s["status"], "conflict", code)
            self.assertClose(s["area_m2"], geodesic_area(square), 1e-9, f"{code} area")
            self.assertEqual(len(s["overlaps"]), 1, code)
            self.assertClose(s["overlaps"][0]["area_m2"], geodesic_area(cut), 1e-9, f"{code} overlap")
        self.assertIs(by_id["OPEN"]["repaired"], True)
        self.assertEqual(by_id["OPEN"]["notes"], ["invalid geometry repaired (1 unclosed ring closed)"])
        self.assertIs(by_id["CLOSED"]["repaired"], False)
        self.assertEqual(by_id["TWO"]["status"], "error")
        self.assertIn("no area", by_id["TWO"]["error"])
        rows = sorted((a["layer"], a["feature_id"], a["kind"], a["message"])
                      for a, _ in read_layer(os.path.join(out, "result.gpkg"), "errors"))
        self.assertIn(("constraints.geojson", "0", "repaired", "invalid geometry repaired (1 unclosed ring closed)"),
                      rows)

        # validate lists what check will repair, and names the feature without area; no internal error.
        run = redline("validate", subjects, "--id-field", "code", "--json")
        self.assertEqual(run.code, 0, run.stderr)
        report = json.loads(run.stdout)
        reasons = {f["id"]: f["reason"] for f in report["invalid"]}
        self.assertEqual(reasons["OPEN"], "invalid geometry repaired (1 unclosed ring closed)")
        self.assertIn("no area is left", reasons["TWO"])
        self.assertNotIn("CLOSED", reasons)

    def test_a_closed_polyline_is_the_area_it_encloses(self):
        # CAD boundaries are closed polylines (DXF LWPOLYLINE): read as lines they were "no area",
        # and the advice to buffer them gave a strip along the outline instead of the parcel.
        path = write_json(self.path("cad.geojson"), {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": "CAD"},
                          "geometry": {"type": "LineString", "coordinates": [list(c) for c in SQUARE]}},
                         {"type": "Feature", "properties": {"code": "OPEN"},
                          "geometry": {"type": "LineString", "coordinates": [list(c) for c in SQUARE[:-1]]}}]})
        cover = collection(self.path("cover.geojson"), [("C0", [(118.9, 31.9), (119.1, 31.9), (119.1, 32.1),
                                                                 (118.9, 32.1), (118.9, 31.9)])])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path, "--constraints", cover, "--category-field", "category",
                              "--id-field", "code", "--out", out, "-q"))
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        self.assertClose(by_id["CAD"]["area_m2"], geodesic_area(Polygon(SQUARE)), 1e-9, "closed polyline")
        self.assertEqual(by_id["CAD"]["notes"], ["closed line read as a polygon"])
        self.assertEqual(by_id["OPEN"]["status"], "error")
        # A constraint line cannot be buffered by the run: the message says what to do instead.
        lines = write_json(self.path("river.geojson"), {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"category": "core"},
                          "geometry": {"type": "LineString", "coordinates": [[119.0, 32.0], [119.1, 32.1]]}}]})
        run = redline("check", "--subjects", path, "--constraints", lines, "--constraints", cover,
                      "--category-field", "category", "--id-field", "code", "--out", self.path("out2"), "-q")
        self.assertOk(run)
        self.assertInStderr(run, "constraint and zone layers must hold polygons")
        self.assertNotIn("river.geojson fid 0 (0): a line has no area; give a buffer", run.stderr)
        self.assertInStderr(run, "first: OPEN: a line has no area")

    def test_a_long_jittery_line_is_buffered_in_pieces_to_the_same_area(self):
        # GEOS needs memory growing with the square of such a line's vertices (3.5 GB for 20,000);
        # Redline buffers it 64 segments at a time. Independent: shapely's buffer of the whole line
        # in the same local azimuthal equidistant projection, Karney's area.
        import pyproj
        from shapely.geometry import LineString
        from shapely.ops import transform
        n = 3000
        coords = [(119.0 + 0.02 * i / n, 32.0 + 0.0004 * (i % 2) + 0.002 * math.sin(i / 300)) for i in range(n)]
        path = write_json(self.path("road.geojson"), {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": "ROAD"},
                          "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]}}]})
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path, "--constraints", sample("redlines.shp"), "--category-field",
                              "category", "--id-field", "code", "--buffer", "30", "--out", out, "-q"))
        got = load_json(os.path.join(out, "result.json"))["subjects"][0]["area_m2"]
        lon = (coords[0][0] + coords[-1][0]) / 2
        lat = (min(c[1] for c in coords) + max(c[1] for c in coords)) / 2
        aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=GRS80")
        forward = pyproj.Transformer.from_crs(4490, aeqd, always_xy=True).transform
        backward = pyproj.Transformer.from_crs(aeqd, 4490, always_xy=True).transform
        want = geodesic_area(transform(backward, transform(forward, LineString(coords)).buffer(30, 16)))
        self.assertClose(got, want, 1e-5, "buffered line area")

    def test_a_circular_arc_keeps_its_area(self):
        # A parcel bounded by arcs (a GeoPackage CurvePolygon, as FileGDB and CAD data carry):
        # GDAL's default 4° chords leave out 8e-4 of a circle. Independent: 200,000 points on the
        # circle, projected with pyproj, Karney's area.
        from osgeo import ogr, osr
        import pyproj
        cx, cy, r = 500000.0, 3540000.0, 200.0  # EPSG:4549, on its central meridian 120°E, 32°N
        path = self.path("round.gpkg")
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4549)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        layer = ds.CreateLayer("round", srs, ogr.wkbCurvePolygon)
        layer.CreateField(ogr.FieldDefn("code", ogr.OFTString))
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("code", "ROUND")
        f.SetGeometry(ogr.CreateGeometryFromWkt(
            f"CURVEPOLYGON(CIRCULARSTRING({cx - r} {cy},{cx + r} {cy},{cx - r} {cy}))"))
        layer.CreateFeature(f)
        ds = None
        to_lonlat = pyproj.Transformer.from_crs(4549, 4490, always_xy=True)
        n = 200000
        ring = [to_lonlat.transform(cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n))
                for k in range(n)]
        expected = geodesic_area(Polygon(ring))
        cover = collection(self.path("cover.geojson"), [("C0", [(119.9, 31.9), (120.1, 31.9), (120.1, 32.1),
                                                                 (119.9, 32.1), (119.9, 31.9)])])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path, "--constraints", cover, "--category-field", "category",
                              "--id-field", "code", "--out", out, "-q"))
        s = load_json(os.path.join(out, "result.json"))["subjects"][0]
        self.assertClose(s["area_m2"], expected, 1e-6, "circle area")
        self.assertClose(s["overlaps"][0]["area_m2"], expected, 1e-6, "circle overlap")
        self.assertIn("curves approximated", s["notes"][0])


if __name__ == "__main__":
    main()
