#!/usr/bin/python3
"""Distances to the nearest constraint in lon/lat (EPSG:4490) at several latitudes, against the
shortest geodesic found independently: every vertex of one boundary against every edge of the
other (edges straight in lon/lat, as the overlay takes them and the map draws them), each
minimised over the edge with pyproj's Geod by repeated sampling."""
import math
import random
import unittest

import numpy
import pyproj
from cli_testlib import GEOD, RedlineTestCase, load_json, main, redline, write_json

CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}


def vertex_to_edge(p, a, b, geod=GEOD):
    """Shortest geodesic distance from point p to the edge a-b, straight in lon/lat."""
    lo, hi = 0.0, 1.0
    best = math.inf
    for _ in range(6):
        t = numpy.linspace(lo, hi, 65)
        lon, lat = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        d = geod.inv(numpy.full_like(t, p[0]), numpy.full_like(t, p[1]), lon, lat)[2]
        i = int(numpy.argmin(d))
        best = min(best, float(d[i]))
        step = (hi - lo) / 64
        lo, hi = max(0.0, t[i] - step), min(1.0, t[i] + step)
    return best


def ring_around(lon, lat, half_metres):
    dx, dy = half_metres / (111320 * math.cos(math.radians(lat))), half_metres / 110950
    return [[lon - dx, lat - dy], [lon + dx, lat - dy], [lon + dx, lat + dy], [lon - dx, lat + dy], [lon - dx, lat - dy]]


def boundary_distance(ring_a, ring_b, geod=GEOD):
    best = math.inf
    for ring_p, ring_q in ((ring_a, ring_b), (ring_b, ring_a)):
        for p in ring_p[:-1]:
            for a, b in zip(ring_q[:-1], ring_q[1:]):
                best = min(best, vertex_to_edge(p, a, b, geod))
    return best


class NearestDistanceTest(RedlineTestCase):
    def check_rings(self, subjects, constraints, category="core", crs=CRS, **project):
        """Runs a check of polygon subjects {id: ring} against constraints {code: ring} of one
        category (GeoJSON in EPSG:4490 unless `crs` says otherwise); returns result.json's
        subjects by id."""
        def collection(rings, key):
            return {"type": "FeatureCollection", "crs": crs, "features": [
                {"type": "Feature", "properties": {key: k}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
                for k, ring in rings.items()]}

        write_json(self.path("s.geojson"), collection(subjects, "id"))
        write_json(self.path("c.geojson"), collection(constraints, "code"))
        path = write_json(self.path("project.json"), {
            "version": 1, **project,
            "subjects": {"path": self.path("s.geojson"), "id_field": "id"},
            "constraints": [{"path": self.path("c.geojson"), "category": category, "id_field": "code"}]})
        self.assertOk(redline("check", path, "--out", self.path("out"), "-q"))
        return {s["id"]: s for s in load_json(self.path("out", "result.json"))["subjects"]}

    def test_distances_are_the_shortest_geodesics_at_any_latitude(self):
        rng = random.Random(7)
        subjects, constraints, rings = {}, {}, {}
        k = 0
        for lat in (22.0, 35.0, 50.0):
            for d_km in (0.3, 1.0, 3.0):
                for bearing in range(0, 360, 30):
                    k += 1
                    # far apart (50 km): each subject's nearest is its own constraint; all within
                    # China's 73.6°–134.8°E, where EPSG:4490 can place a site
                    lon = 75 + k * 0.55
                    s = 0.003
                    quad = [(lon - s, lat - s * 0.7), (lon + s * 1.1, lat - s), (lon + s, lat + s * 0.8),
                            (lon - s * 0.9, lat + s)]
                    quad.append(quad[0])
                    # a gap of about d_km between the subject (~0.35 km across its centre) and
                    # the nonagon (radius up to 1.2 r)
                    r = 0.01 + d_km / 400
                    centre_km = d_km + 0.4 + 1.25 * r * 111.0
                    dy = centre_km / 111.0 * math.sin(math.radians(bearing))
                    dx = centre_km / (111.0 * math.cos(math.radians(lat))) * math.cos(math.radians(bearing))
                    cx, cy = lon + dx, lat + dy
                    nonagon = []
                    for i in range(9):
                        angle = i * 2 * math.pi / 9
                        nonagon.append((cx + r * math.cos(angle) * rng.uniform(0.6, 1.2) / math.cos(math.radians(lat)),
                                        cy + r * math.sin(angle) * rng.uniform(0.6, 1.2)))
                    nonagon.append(nonagon[0])
                    subjects[f"S{k}"] = quad
                    constraints[f"C{k}"] = nonagon
                    rings[f"S{k}"] = (quad, nonagon, f"C{k}")
        results = self.check_rings(subjects, constraints)
        compared = 0
        for subject in results.values():
            if subject["overlaps"] or subject["edge_contacts"]:
                continue
            quad, nonagon, code = rings[subject["id"]]
            nearest = subject["nearest"][0]
            self.assertEqual(nearest["feature"], code, subject["id"])
            expected = boundary_distance(quad, nonagon)
            # Measured between two points on the boundaries: never shorter than the shortest, and
            # within 1e-7 of it (a plane that took a degree of longitude·cos φ for one of latitude
            # was 0.45 % off at 35° and picked pairs up to 3e-4 too long).
            self.assertGreaterEqual(nearest["distance_m"], expected * (1 - 1e-9), subject["id"])
            self.assertLessEqual(nearest["distance_m"], expected * (1 + 1e-7), subject["id"])
            compared += 1
        self.assertEqual(compared, len(rings))

    def test_another_ellipsoid_and_lengths_either_side_of_the_chord_limit(self):
        # Distances up to a 20 km chord are measured from the chord and the ellipsoid's curvature
        # (crs::ShortGeodesic), longer ones by PROJ: both on the analysis CRS's own ellipsoid
        # (Beijing 1954's Krassovsky, 6378245 m, 1/298.3), in Heilongjiang and Hainan.
        krassovsky = pyproj.Geod(a=6378245.0, rf=298.3)
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4214"}}
        subjects, constraints, pairs = {}, {}, {}
        for lat in (20.0, 47.0):
            for k, d_km in enumerate((0.05, 5.0, 15.0, 19.5, 25.0, 40.0)):
                lon = 110.0 + 2.0 * k + (0.0 if lat < 30 else 12.0)
                site = ring_around(lon, lat, 150)
                # a diamond to the north-east, its nearest corner about d_km from the site's
                east = (d_km * 1000 + 150) / (111320 * math.cos(math.radians(lat)))
                north = (d_km * 1000 * 0.6 + 150) / 110950
                cx, cy = lon + east + 0.01, lat + north + 0.01
                diamond = [(cx - 0.01, cy - 0.01), (cx + 0.02, cy), (cx, cy + 0.02), (cx - 0.015, cy + 0.005),
                           (cx - 0.01, cy - 0.01)]
                key = f"{lat:.0f}-{d_km}"
                subjects[f"S{key}"], constraints[f"C{key}"] = site, diamond
                pairs[f"S{key}"] = (site, diamond, f"C{key}")
        results = self.check_rings(subjects, constraints, crs=crs, analysis_crs="EPSG:4214")
        for sid, (site, diamond, code) in pairs.items():
            nearest = results[sid]["nearest"][0]
            self.assertEqual(nearest["feature"], code, sid)
            expected = boundary_distance(site, diamond, krassovsky)
            # The same distance on CGCS2000's ellipsoid differs by ~1e-5: this tells them apart.
            self.assertAlmostEqual(nearest["distance_m"], expected, delta=1e-8 * expected + 1e-6, msg=sid)

    def test_long_edges_are_measured_as_drawn(self):
        # A water source drawn as a 1° box: its east-west edges, 94 km long, are straight in
        # lon/lat as the overlay (and the map) take them; their geodesics bulge 110 m poleward.
        # Distances went to the geodesics: a site 450 m south of the box came out 559 m away and
        # clear of a 500 m buffer, one 50 m north of it 60 m away, on the box's other side.
        box = [(119.0, 32.0), (120.0, 32.0), (120.0, 32.5), (119.0, 32.5), (119.0, 32.0)]
        per_metre = 1 / 110900  # degrees of latitude, near enough to place the sites

        def site(near, far):
            """A 0.002° × 0.001° site at mid-span whose edge nearest the box runs along `near`."""
            return [(119.499, near), (119.501, near), (119.501, far), (119.499, far), (119.499, near)]

        sites = {"S450": site(32.0 - 450 * per_metre, 31.994), "N50": site(32.5 + 50 * per_metre, 32.502)}
        rules = write_json(self.path("rules.json"), {"categories": {
            "water_source": {"label": "饮用水水源保护区", "severity": "restricted", "buffer_m": 500}}})
        by_id = self.check_rings(sites, {"WS1": box}, category="water_source", rules=rules)
        for key, ring in sites.items():
            expected = boundary_distance(ring, box)
            self.assertAlmostEqual(expected, 450 if key == "S450" else 50, delta=1)  # as placed, straight edges
            nearest = by_id[key]["nearest"][0]
            self.assertAlmostEqual(nearest["distance_m"], expected, delta=1e-6 * expected + 1e-3, msg=key)
            self.assertEqual(by_id[key]["status"], "conflict", key)  # within the 500 m buffer

    def test_nearly_equal_parts_of_one_polygon_in_different_directions(self):
        # One polygon whose two arms end 10 km from the subject's centre: north-east at 10,003 m,
        # south-east at 10,000 m, joined far to the east. A plane with x = Δλ·cos φ at each vertex's own
        # latitude shortens the north-eastern distance and lengthens the south-eastern one by
        # ~1.9 m each at 35°N, and picked the farther arm.
        lon, lat = 120.0, 35.0
        subject = ring_around(lon, lat, 5)
        ne = GEOD.fwd(lon, lat, 45, 10003)[:2]
        se = GEOD.fwd(lon, lat, 135, 10000)[:2]
        # a "⊃": the arms' tips point west at the subject, the arms run east and join there
        a, w, far, mid = 0.01, 0.001, lon + 0.3, lon + 0.25
        polygon = [list(ne), [far, ne[1] + w], [far, se[1] - w], list(se), [se[0] + a, se[1] + w],
                   [mid, se[1] + w], [mid, ne[1] - w], [ne[0] + a, ne[1] - w], list(ne)]
        nearest = self.check_rings({"S": subject}, {"ARMS": polygon})["S"]["nearest"][0]
        expected = boundary_distance(subject, polygon)
        self.assertLess(expected, 9995)  # the south-eastern tip (the north-eastern is 3 m farther)
        self.assertGreaterEqual(nearest["distance_m"], expected * (1 - 1e-9))
        self.assertLessEqual(nearest["distance_m"], expected * (1 + 1e-7))

    def test_the_nearer_of_two_vertices_a_kilometre_apart(self):
        # A 60 km redline edge at 47°N, straight in lon/lat, and sites whose east side has two
        # teeth 1.25 km apart, 2,140 m from the edge, one 3 cm nearer than the other. The plane
        # about the site's centre is off by ±tan φ·600 m/R (±0.1 m at 2 km) from either tooth,
        # and measured from the farther one (3 cm too long) for one of the two sites.
        a, b = (126.50287, 46.72906), (126.49784, 47.26875)
        edge = [a, b, (b[0] + 0.07, b[1]), (a[0] + 0.07, a[1]), a]

        def tooth(lat, metres):
            """The point west of the edge at `lat` whose shortest geodesic to it is `metres`."""
            t = (lat - a[1]) / (b[1] - a[1])
            lon_edge = a[0] + t * (b[0] - a[0])
            lo, hi = 0.0, 0.05
            for _ in range(60):
                mid = (lo + hi) / 2
                if vertex_to_edge((lon_edge - mid, lat), a, b) < metres:
                    lo = mid
                else:
                    hi = mid
            return (lon_edge - (lo + hi) / 2, lat)

        def site(lat, north_metres, south_metres):
            n, s = tooth(lat + 0.0056, north_metres), tooth(lat - 0.0056, south_metres)
            return [s, (s[0] - 0.004, s[1] + 0.002), (n[0] - 0.004, n[1] - 0.002), n, (n[0] - 0.012, n[1]),
                    (s[0] - 0.012, s[1]), s]

        sites = {"NORTH": site(46.92, 2140.0, 2140.03), "SOUTH": site(47.05, 2140.03, 2140.0)}
        for subject in self.check_rings(sites, {"EDGE": edge}).values():
            expected = boundary_distance(sites[subject["id"]], edge)
            self.assertAlmostEqual(expected, 2140.0, delta=1e-3)
            distance = subject["nearest"][0]["distance_m"]
            self.assertGreaterEqual(distance, expected * (1 - 1e-9), subject["id"])
            self.assertLessEqual(distance, expected * (1 + 1e-7), subject["id"])

    def test_far_from_a_meridian_edge(self):
        # Small redlines 20 and 40 km west of sites 3.3 km tall whose east and west edges run
        # along meridians, at 47°N. The plane's perpendicular from the redline's corner meets
        # the site's edge on the corner's parallel; the geodesic's foot lies d²·tan φ/2R from it
        # (the meridians converge), 36 m and 145 m, and the distance measured to the plane's
        # foot was 0.03 and 0.23 m too long.
        sites, squares = {}, []
        for km, lat in ((20, 46.6), (40, 47.0)):
            site = [(126.0, lat - 0.015), (126.01, lat - 0.015), (126.01, lat + 0.015), (126.0, lat + 0.015),
                    (126.0, lat - 0.015)]
            lon, _, _ = GEOD.fwd(126.0, lat, 270, km * 1000)
            square = ring_around(lon, lat, 30)
            sites[f"S{km}"] = (site, square)
            squares.append(square)
        results = self.check_rings({k: site for k, (site, _) in sites.items()},
                                   {f"W{k}": sq for k, sq in enumerate(squares)})
        for subject in results.values():
            site, square = sites[subject["id"]]
            expected = boundary_distance(site, square)
            distance = subject["nearest"][0]["distance_m"]
            self.assertGreaterEqual(distance, expected * (1 - 1e-9), subject["id"])
            self.assertLessEqual(distance, expected * (1 + 1e-7), subject["id"])

    def test_projected_analysis_crs_with_large_scale_finds_the_nearer_feature(self):
        # Web Mercator at 50°N draws a metre as 1.56 units. A thin diagonal strip whose box comes
        # within 250 m of the subject lies 1,556 m away; a square 1,400 m to the west is nearer.
        # Taking a unit for at least 0.98 m, the search measured the strip first and then judged
        # the square's box farther than 1,556 m: it reported the strip.
        self.check_strip_and_square("EPSG:3857")

    def test_projected_analysis_crs_without_an_area_of_use_finds_the_nearer_feature(self):
        # The same Mercator as a PROJ string states no area of use: the scale must come from
        # where the data lie (it was taken for 0.98 m a unit, and the strip reported).
        self.check_strip_and_square("+proj=merc +datum=WGS84 +units=m +no_defs")

    def check_strip_and_square(self, analysis_crs):
        lon, lat = 125.0, 50.0
        east, north = 1 / (111320 * math.cos(math.radians(lat))), 1 / 111200  # degrees per metre

        def at(x, y):
            return [lon + x * east, lat + y * north]

        def square(cx, cy, half):
            return [at(cx - half, cy - half), at(cx + half, cy - half), at(cx + half, cy + half),
                    at(cx - half, cy + half), at(cx - half, cy - half)]

        strip = [at(300, 2000), at(2000, 300), at(2014, 314), at(314, 2014), at(300, 2000)]
        subject = square(0, 0, 50)
        west = square(-1500, 0, 50)
        nearest = self.check_rings({"S": subject}, {"STRIP": strip, "WEST": west},
                                   analysis_crs=analysis_crs)["S"]["nearest"][0]
        self.assertEqual(nearest["feature"], "WEST")
        # The facing edges run along meridians. Mercator draws them equally far apart along their
        # whole length while on the ellipsoid their northern ends are nearer (by tan φ·100 m/R,
        # 2e-5): the plane may pick any of those pairs.
        self.assertAlmostEqual(nearest["distance_m"], boundary_distance(subject, west), delta=3e-5 * 1400)
        self.assertLess(nearest["distance_m"], boundary_distance(subject, strip))


if __name__ == "__main__":
    main()
