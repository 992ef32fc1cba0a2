#!/usr/bin/python3
"""Invalid and unusable subject geometries: the sample's bow-tie XM022 is repaired and flagged,
a point without a buffer is an error for that feature only, and with --buffer it becomes the
geodesic circle of the buffer's radius: its area π r², its edge within a centimetre of the circle."""
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

    def test_point_with_buffer_is_the_geodesic_circle(self):
        for r in (10.0, 100.0, 1000.0, 20000.0):
            out, by_id = self.check("--buffer", r)
            p2 = by_id["P2"]
            self.assertIsNone(p2["error"])
            self.assertIn(p2["status"], ("clear", "conflict"))
            # A geodesic circle's area is π r² (1 - r²K/12 …): within 1e-8 of it below 20 km.
            self.assertClose(p2["area_m2"], math.pi * r * r, 1e-6, f"area of the {r} m circle")
            # Its edge stays within 1 cm of the circle: every vertex, and every edge's midpoint.
            geom = {a["subject_id"]: g for a, g in read_layer(os.path.join(out, "result.gpkg"), "subjects")}["P2"]
            ring = list(geom.geoms[0].exterior.coords) if hasattr(geom, "geoms") else list(geom.exterior.coords)
            for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:]):
                az, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
                mid = GEOD.fwd(lon1, lat1, az, length / 2)
                for lon, lat in ((lon1, lat1), mid[:2]):
                    d = GEOD.inv(POINT[0], POINT[1], lon, lat)[2]
                    self.assertLess(abs(d - r), 0.01, f"r = {r}: ({lon}, {lat}) is {d} m from the point")
        # the polygon subject is unaffected by the buffer
        self.assertClose(by_id["P1"]["area_m2"], geodesic_area(Polygon(SQUARE)), 1e-6, "P1 area")

    def test_a_subject_smaller_than_the_minimum_wholly_inside_a_redline_is_a_conflict(self):
        # A pylon as a point with a 0.5 m radius (0.785 m², under the default 1 m² minimum), 1 km
        # inside a core redline, was "clear" with an edge contact of 100 %.
        lon, lat = POINT
        core = collection(self.path("core.geojson"), [("C", [(lon - 0.02, lat - 0.02), (lon + 0.02, lat - 0.02),
                                                              (lon + 0.02, lat + 0.02), (lon - 0.02, lat + 0.02),
                                                              (lon - 0.02, lat - 0.02)])])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", self.src, "--constraints", core, "--category-field", "category",
                              "--id-field", "code", "--buffer", "0.5", "--out", out, "-q"))
        p2 = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}["P2"]
        self.assertEqual(p2["status"], "conflict", p2)
        self.assertEqual([o["category"] for o in p2["overlaps"]], ["core"])
        # Within the contract's 1e-3 m² floor (a geodesic area that small carries ~1e-5 m² of rounding).
        self.assertLess(abs(p2["overlaps"][0]["area_m2"] - math.pi * 0.25), 1e-4, p2["overlaps"])
        self.assertEqual(p2["edge_contacts"], [])

    def test_multipoints_are_geodesic_circles_too(self):
        # A MultiPoint went through a planar buffer: 64 vertices on the circle, 1.6e-3 short.
        from shapely.geometry import Point as ShapelyPoint
        from shapely.ops import unary_union
        r = 100.0
        a, b = POINT, (POINT[0] + 0.001, POINT[1])  # 95 m apart: the circles overlap
        src = write_json(self.path("multi.geojson"), {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": "ONE"},
                          "geometry": {"type": "MultiPoint", "coordinates": [list(a)]}},
                         {"type": "Feature", "properties": {"code": "TWO"},
                          "geometry": {"type": "MultiPoint", "coordinates": [list(a), list(b)]}}]})
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", src, "--constraints", sample("redlines.shp"), "--category-field",
                              "category", "--id-field", "code", "--buffer", r, "--out", out, "-q"))
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        self.assertClose(by_id["ONE"]["area_m2"], math.pi * r * r, 1e-6, "one point")

        def dense_circle(centre):
            azimuths = [360.0 * k / 36000 for k in range(36000)]
            lons, lats, _ = GEOD.fwd([centre[0]] * 36000, [centre[1]] * 36000, azimuths, [r] * 36000)
            return Polygon(list(zip(lons, lats)))

        self.assertClose(by_id["TWO"]["area_m2"], geodesic_area(unary_union([dense_circle(a), dense_circle(b)])),
                         1e-6, "two overlapping circles")

    def test_pylons_on_a_redline_s_edge_given_in_gauss_kruger_are_inside(self):
        # Sub-m² sites sharing the redline's west or south edge, given in Gauss–Krüger (EPSG:4548):
        # back in lon/lat their overlap is 1e-10 m² short of their area, and "wholly inside" took
        # exact equality: a third of them came out clear.
        import random
        import pyproj
        to_gk = pyproj.Transformer.from_crs(4490, 4548, always_xy=True)
        rng = random.Random(7)
        x0, y0 = 118.49, 31.99
        core = collection(self.path("core.geojson"), [("C", [(x0, y0), (x0 + 0.02, y0), (x0 + 0.02, y0 + 0.02),
                                                             (x0, y0 + 0.02), (x0, y0)])])
        features = []
        for k in range(60):
            side = rng.uniform(0.5, 0.9) / 100000  # degrees: 0.5–0.9 m
            y, x = y0 + 0.005 + rng.random() * 0.01, x0 + 0.005 + rng.random() * 0.01
            for code, (a, b) in ((f"W{k}", (x0, y)), (f"S{k}", (x, y0))):
                corners = [(a, b), (a + side, b), (a + side, b + 0.85 * side), (a, b + 0.85 * side), (a, b)]
                features.append({"type": "Feature", "properties": {"code": code},
                                 "geometry": {"type": "Polygon",
                                              "coordinates": [[list(to_gk.transform(*c)) for c in corners]]}})
        path = write_json(self.path("pylons.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4548"}},
            "features": features})
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path, "--constraints", core, "--category-field", "category",
                              "--id-field", "code", "--out", out, "-q"))
        subjects = load_json(os.path.join(out, "result.json"))["subjects"]
        self.assertEqual(len(subjects), 120)
        clear = [s["id"] for s in subjects if s["status"] != "conflict"]
        self.assertEqual(clear, [], "pylons on the redline's edge came out clear")

    def test_a_redline_reaching_half_a_metre_into_a_circle_is_a_conflict(self):
        # A 1 km circle's 64-gon ran up to 1.2 m inside the circle: a core redline reaching 0.5 m
        # into it between two vertices was "clear". Independent: the circle from 36,000 geodesic
        # points (pyproj's Geod), cut by the redline in shapely, measured with Karney's area.
        r, depth = 1000.0, 0.5
        for azimuth in (90.0 - 2.8125, 31.0):
            # The redline: a 2 km square whose near edge is perpendicular to `azimuth`, r - depth away.
            foot = GEOD.fwd(POINT[0], POINT[1], azimuth, r - depth)
            corners = []
            for along, out_by in ((-1000, 0), (1000, 0), (1000, 2000), (-1000, 2000)):
                lon, lat, _ = GEOD.fwd(foot[0], foot[1], azimuth + 90, along)
                lon, lat, _ = GEOD.fwd(lon, lat, azimuth, out_by) if out_by else (lon, lat, 0)
                corners.append((lon, lat))
            redline_poly = Polygon(corners)
            constraints = write_json(self.path("core.geojson"), {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
                "features": [{"type": "Feature", "properties": {"code": "C", "category": "core"},
                              "geometry": {"type": "Polygon",
                                           "coordinates": [[list(c) for c in corners + corners[:1]]]}}]})
            out = self.path("out")
            run = redline("check", "--subjects", self.src, "--constraints", constraints, "--category-field",
                          "category", "--id-field", "code", "--buffer", r, "--min-area", "1", "--out", out, "-q")
            self.assertOk(run)
            p2 = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}["P2"]
            azimuths = [360.0 * k / 36000 for k in range(36000)]
            lons, lats, _ = GEOD.fwd([POINT[0]] * 36000, [POINT[1]] * 36000, azimuths, [r] * 36000)
            circle = Polygon(list(zip(lons, lats)))
            want = geodesic_area(circle.intersection(redline_poly))
            self.assertGreater(want, 20.0)
            self.assertEqual(p2["status"], "conflict", f"azimuth {azimuth}: {p2}")
            core = next(o for o in p2["overlaps"] if o["category"] == "core")
            # The polygon's edge is within 1 cm of the circle's: 2 % of a half-metre-deep sliver.
            self.assertClose(core["area_m2"], want, 0.02, f"azimuth {azimuth}: overlap")


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
        # The round bends take as many segments a quadrant as docs/algorithm.md says (a chord at most
        # 1 cm inside the arc: a quarter of a 30 m circle's 124 vertices): shapely's buffer of the
        # whole line with its vertices on the arcs, as GEOS makes it, is the least the pieces' union
        # may cover. Redline moves the arcs' vertices out (as a point's circle's), but not past
        # the true buffer: shapely's with 1,024 segments a quadrant is 1.38e-4 larger here (the
        # zig-zag's outline is a chain of short arcs whose chords all cut into it).
        quadrant_segments = math.ceil(math.pi * math.sqrt(30 / 0.02) / 4)
        want = geodesic_area(transform(backward, transform(forward, LineString(coords)).buffer(30, quadrant_segments)))
        self.assertGreaterEqual(got, want * (1 - 1e-5), "buffered line area")
        self.assertLessEqual(got, want * (1 + 1.38e-4), "buffered line area")

    def test_short_lines_buffer_to_their_analytic_area(self):
        # A straight line's buffer is 2rL + π r², and a bend of angle α takes r²(tan(α/2) − α/2)
        # off it (the inner corner counted twice, less the outer arc's sector). The arcs' vertices
        # moved out as a point's circle's left each arc short by r²θ³/12 where it meets a straight
        # side (θ the arc's step): 3.3e-5 of a 1 m pipe's 10 m buffer, 1.4e-7 of a 2 km line's 30 m.
        lon, lat = 119.0, 32.0
        legs = {"I1": [(0.0, 1.0)], "I10": [(30.0, 10.0)], "L100": [(0.0, 100.0), (90.0, 100.0)],
                "V100": [(10.0, 100.0), (70.0, 100.0)]}  # (azimuth, metres) of each leg
        lines = {}
        for k, (code, steps) in enumerate(legs.items()):
            points = [(lon + 0.01 * k, lat)]
            for azimuth, metres in steps:
                x, y, _ = GEOD.fwd(*points[-1], azimuth, metres)
                points.append((x, y))
            lines[code] = points
        path = write_json(self.path("pipes.geojson"), {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": code},
                          "geometry": {"type": "LineString", "coordinates": [list(p) for p in points]}}
                         for code, points in lines.items()]})
        for r in (10.0, 30.0):
            out = self.path(f"out{r:g}")
            self.assertOk(redline("check", "--subjects", path, "--constraints", sample("redlines.shp"),
                                  "--category-field", "category", "--id-field", "code", "--buffer", r, "--out", out,
                                  "-q"))
            by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
            for code, points in lines.items():
                length = sum(GEOD.inv(*a, *b)[2] for a, b in zip(points, points[1:]))
                want = 2 * r * length + math.pi * r * r
                for a, b, c in zip(points, points[1:], points[2:]):
                    onward, back = GEOD.inv(*b, *c)[0], GEOD.inv(*a, *b)[1]  # back: the azimuth at b towards a
                    turn = math.radians(abs((onward - back - 180 + 540) % 360 - 180))
                    want -= r * r * (math.tan(turn / 2) - turn / 2)
                self.assertClose(by_id[code]["area_m2"], want, 1e-7, f"{code} buffered by {r:g} m")

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

    def test_a_dxf_circle_keeps_its_area(self):
        # GDAL's DXF driver cuts a CIRCLE (and ARCs, bulges) into chords itself, at its own 4°
        # (OGR_ARC_STEPSIZE): 8e-4 of the circle left out. Independent as above.
        import pyproj
        cx, cy, r = 408150.0, 3542200.0, 150.0  # EPSG:4549, 92 km west of 120°E
        path = self.path("site.dxf")
        with open(path, "w", encoding="ascii") as f:
            f.write("0\nSECTION\n2\nENTITIES\n0\nCIRCLE\n8\n0\n"
                    f"10\n{cx}\n20\n{cy}\n30\n0.0\n40\n{r}\n0\nENDSEC\n0\nEOF\n")
        to_lonlat = pyproj.Transformer.from_crs(4549, 4490, always_xy=True)
        n = 200000
        expected = geodesic_area(Polygon([to_lonlat.transform(cx + r * math.cos(2 * math.pi * k / n),
                                                              cy + r * math.sin(2 * math.pi * k / n))
                                          for k in range(n)]))
        cover = collection(self.path("cover.geojson"), [("C0", [(118.9, 31.9), (119.2, 31.9), (119.2, 32.2),
                                                                 (118.9, 32.2), (118.9, 31.9)])])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path + "|crs=EPSG:4549", "--constraints", cover,
                              "--category-field", "category", "--out", out, "-q"))
        s = load_json(os.path.join(out, "result.json"))["subjects"][0]
        self.assertClose(s["area_m2"], expected, 1e-6, "DXF circle area")
        self.assertClose(s["overlaps"][0]["area_m2"], expected, 1e-6, "DXF circle overlap")



def write_gpkg(path, rows, field="code", epsg=4490):
    """A GeoPackage layer of any geometry type: rows = [(value of `field`, WKT)]."""
    from osgeo import ogr, osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer(os.path.splitext(os.path.basename(path))[0], srs, ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for value, wkt in rows:
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField(field, value)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(f)
    ds = None
    return path


class GeometryCollectionTest(RedlineTestCase):
    """Collections as KML (nested MultiGeometry), CAD and 3D exports carry them: every member with an
    area counts. Taking only the direct polygons refused a nested one and dropped a TIN's faces."""

    def write(self, features):
        return write_gpkg(self.path("mixed.gpkg"), features)

    def run_check(self, path, *extra):
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", path, "--constraints", sample("redlines.shp"), "--category-field",
                              "category", "--id-field", "code", *extra, "--out", out, "-q"))
        return {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}

    def test_nested_collections_tins_and_closed_lines_keep_their_areas(self):
        a = [(119.0, 32.0), (119.01, 32.0), (119.01, 32.01), (119.0, 32.01), (119.0, 32.0)]
        b = [(119.02, 32.0), (119.03, 32.0), (119.03, 32.01), (119.02, 32.01), (119.02, 32.0)]
        ring = lambda pts: ",".join(f"{x} {y}" for x, y in pts)
        tin = f"TIN((({b[0][0]} {b[0][1]},{b[1][0]} {b[1][1]},{b[2][0]} {b[2][1]},{b[0][0]} {b[0][1]})),"\
              f"(({b[0][0]} {b[0][1]},{b[2][0]} {b[2][1]},{b[3][0]} {b[3][1]},{b[0][0]} {b[0][1]})))"
        by_id = self.run_check(self.write([
            ("NESTED", f"GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POLYGON(({ring(a)})),LINESTRING(119 32,119.1 32.1)))"),
            ("TIN", f"GEOMETRYCOLLECTION(POLYGON(({ring(a)})),{tin})"),
            ("CAD", f"GEOMETRYCOLLECTION(LINESTRING({ring(a)}),POINT(119.5 32.5))"),
        ]))
        one, two = geodesic_area(Polygon(a)), geodesic_area(Polygon(a)) + geodesic_area(Polygon(b))
        for code, want in (("NESTED", one), ("TIN", two), ("CAD", one)):
            s = by_id[code]
            self.assertIsNone(s["error"], code)
            self.assertClose(s["area_m2"], want, 1e-6, code)

    def test_closed_lines_inside_others_are_holes(self):
        # A redline's boundary exported as lines (ST_Boundary, CAD) keeps its enclave as an inner
        # ring: each ring was made a polygon and the two united, so the enclave became redline.
        outer = [(119.0, 32.0), (119.04, 32.0), (119.04, 32.04), (119.0, 32.04), (119.0, 32.0)]
        inner = [(119.01, 32.01), (119.03, 32.01), (119.03, 32.03), (119.01, 32.03), (119.01, 32.01)]
        ring = lambda pts: ",".join(f"{x} {y}" for x, y in pts)
        enclave_site = [(119.015, 32.015), (119.025, 32.015), (119.025, 32.025), (119.015, 32.025),
                        (119.015, 32.015)]
        band_site = [(119.002, 32.002), (119.008, 32.002), (119.008, 32.008), (119.002, 32.008), (119.002, 32.002)]
        constraints = write_gpkg(self.path("boundary.gpkg"), [
            ("core", f"MULTILINESTRING(({ring(outer)}),({ring(inner)}))"),
            ("core", f"GEOMETRYCOLLECTION(LINESTRING({ring(outer)}),LINESTRING({ring(inner)}))")], field="category")
        sites = self.write([("ENCLAVE", f"POLYGON(({ring(enclave_site)}))"), ("BAND", f"POLYGON(({ring(band_site)}))")])
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", sites, "--constraints", constraints, "--category-field",
                              "category", "--id-field", "code", "--out", out, "-q"))
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        self.assertEqual(by_id["ENCLAVE"]["status"], "clear", by_id["ENCLAVE"])
        self.assertEqual(by_id["ENCLAVE"]["overlaps"], [])
        self.assertEqual(by_id["BAND"]["status"], "conflict")
        self.assertClose(by_id["BAND"]["overlaps"][0]["area_m2"], geodesic_area(Polygon(band_site)), 1e-6, "band")

    def test_a_constraint_collection_of_lines_is_told_to_be_polygons(self):
        # It was told to take a buffer, which never applies to constraints.
        constraints = write_gpkg(self.path("lines.gpkg"), [
            ("core", "GEOMETRYCOLLECTION(LINESTRING(119 32,119.1 32.1))"),
            ("core", "POLYGON((119 32,119.01 32,119.01 32.01,119 32.01,119 32))")], field="category")
        sites = self.write([("A", "POLYGON((119.002 32.002,119.003 32.002,119.003 32.003,119.002 32.003,119.002 32.002))")])
        run = redline("check", "--subjects", sites, "--constraints", constraints, "--category-field", "category",
                      "--id-field", "code", "--buffer", "20", "--out", self.path("out"), "-q")
        self.assertOk(run)
        self.assertInStderr(run, "constraint and zone layers must hold polygons")
        self.assertNotIn("makes areas of them", run.stderr)

    def test_points_and_lines_of_a_collection_are_buffered(self):
        import pyproj
        from shapely.geometry import LineString, Point
        from shapely.ops import transform, unary_union
        path = self.write([("PL", "GEOMETRYCOLLECTION(POINT(119.0 32.0),LINESTRING(119.01 32.0,119.03 32.01))")])
        by_id = self.run_check(path, "--buffer", "100")
        s = by_id["PL"]
        self.assertIsNone(s["error"], s)
        # Independent: each member buffered finely in its own azimuthal equidistant projection.
        parts = []
        for geom, (lon, lat) in ((Point(119.0, 32.0), (119.0, 32.0)),
                                 (LineString([(119.01, 32.0), (119.03, 32.01)]), (119.02, 32.005))):
            aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=GRS80")
            forward = pyproj.Transformer.from_crs(4490, aeqd, always_xy=True).transform
            backward = pyproj.Transformer.from_crs(aeqd, 4490, always_xy=True).transform
            parts.append(transform(backward, transform(forward, geom).buffer(100, 512)))
        self.assertClose(s["area_m2"], geodesic_area(unary_union(parts)), 1e-5, "buffered collection")
        # Without a buffer it says what would make areas of them.
        plain = self.run_check(path)["PL"]
        self.assertRegex(plain["error"], "only points or lines.*buffer")


if __name__ == "__main__":
    main()
