#!/usr/bin/env python3
"""Subjects of many parts or holes against many zones and constraints.

A site of thousands of parts (a county's farmland dissolved into one feature) or a park with
thousands of holes was clipped whole to the window of every zone and constraint it crossed, and
GEOS's prepared MultiPolygon tested a point of every part against each zone: quadratic, over
eight minutes for 47,000 parts and 200,000 village zones. Their zone, share and overlaps are
checked here against shapely + pyproj's Geod (the category unioned before the site is cut).
"""
import os

from osgeo import ogr, osr
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import unary_union

from cli_testlib import RedlineTestCase, geodesic_area, main, redline, load_json, write_json

X0, Y0 = 118.0, 32.0
ZONE = 0.004  # zone squares of 0.004°, 24 x 24 of them


def write_layer(path, rows, fields):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer("layer", srs, ogr.wkbUnknown)
    for name in fields:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    layer.StartTransaction()
    for geom, attrs in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for k, v in attrs.items():
            feature.SetField(k, v)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    ds = None


def zones():
    # Zone values in bands of unequal width, so no two have the same share of a site.
    out = []
    for i in range(24):
        for j in range(24):
            value = "Z%d" % (0 if i < 5 else 1 if i < 13 else 2)
            out.append((box(X0 + i * ZONE, Y0 + j * ZONE, X0 + (i + 1) * ZONE, Y0 + (j + 1) * ZONE), value))
    return out


def constraints():
    return [(box(X0 + 0.011, Y0 + 0.007, X0 + 0.043, Y0 + 0.029), "core"),
            (box(X0 + 0.031, Y0 + 0.051, X0 + 0.09, Y0 + 0.0935), "core"),
            (box(X0 + 0.0205, Y0 + 0.0105, X0 + 0.0705, Y0 + 0.0605), "general")]


def many_parts():
    # 900 squares of 0.0012° every 0.003°: 4,500 vertices, each part across zone edges.
    return MultiPolygon([box(X0 + 0.001 + i * 0.003, Y0 + 0.0012 + j * 0.003,
                             X0 + 0.0022 + i * 0.003, Y0 + 0.0024 + j * 0.003)
                         for i in range(30) for j in range(30)])


def many_holes():
    holes = [box(X0 + 0.001 + i * 0.003, Y0 + 0.0012 + j * 0.003, X0 + 0.0022 + i * 0.003,
                 Y0 + 0.0024 + j * 0.003).exterior.coords for i in range(30) for j in range(30)]
    return Polygon([(X0 + 0.0005, Y0 + 0.0005), (X0 + 0.0935, Y0 + 0.0005), (X0 + 0.0935, Y0 + 0.0925),
                    (X0 + 0.0005, Y0 + 0.0925)], holes)


class LargeSubjects(RedlineTestCase):
    def check(self, site):
        write_layer(self.path("sites.gpkg"), [(site, {"sid": "S"})], ["sid"])
        write_layer(self.path("zones.gpkg"), [(g, {"zone": v}) for g, v in zones()], ["zone"])
        write_layer(self.path("red.gpkg"), [(g, {"cat": c}) for g, c in constraints()], ["cat"])
        write_json(self.path("p.json"), {
            "version": 1, "name": "t", "subjects": {"path": "sites.gpkg", "id_field": "sid"},
            "constraints": [{"path": "red.gpkg", "category_field": "cat"}],
            "zones": [{"name": "z", "path": "zones.gpkg", "field": "zone"}], "output": "out"})
        for threads in (1, 2):
            run = redline("check", self.path("p.json"), "--out", self.path(f"out{threads}"), "-q",
                          "--threads", threads)
            self.assertOk(run)
        with open(self.path("out1", "result.json"), "rb") as a, open(self.path("out2", "result.json"), "rb") as b:
            self.assertEqual(a.read(), b.read(), "result.json differs between 1 and 2 threads")
        subject = load_json(self.path("out1", "result.json"))["subjects"][0]
        area = geodesic_area(site)
        self.assertClose(subject["area_m2"], area, 1e-9, "site area")

        by_value = {}
        for g, v in zones():
            by_value[v] = by_value.get(v, 0.0) + geodesic_area(site.intersection(g))
        best = max(by_value, key=by_value.get)
        self.assertEqual(subject["zones"], {"z": best})
        self.assertClose(subject["zone_shares"]["z"], by_value[best] / area, 1e-6, "zone share")

        overlaps = {o["category"]: o["area_m2"] for o in subject["overlaps"]}
        for category in ("core", "general"):
            union = unary_union([g for g, c in constraints() if c == category])
            want = geodesic_area(site.intersection(union))
            self.assertGreater(want, 1000)
            self.assertClose(overlaps.get(category, 0.0), want, 1e-6, category)
        self.assertEqual(subject["status"], "conflict")

    def test_site_of_many_parts(self):
        self.check(many_parts())

    def test_site_of_many_holes(self):
        self.check(many_holes())


if __name__ == "__main__":
    main()
