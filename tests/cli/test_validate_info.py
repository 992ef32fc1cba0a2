#!/usr/bin/python3
"""`redline info` and `redline validate` (the data doctor): encodings, invalid geometries with
their location, overlapping constraint pairs, multi-layer sources."""
import json
import unittest

from cli_testlib import (EXIT_INPUT, RedlineTestCase, geodesic_area, main, read_layer, redline, sample, write_json)
from shapely.geometry import LineString

GBK_FIELDS = ["site_id", "名称", "建设单位", "用地性质"]


def xm022_crossing():
    """Where XM022's bow-tie crosses itself: the intersection of its two crossing edges."""
    src = {a["site_id"]: g for a, g in read_layer(sample("sites.shp"), open_options=["ENCODING=CP936"])}
    ring = list(src["XM022"].exterior.coords)
    edges = [LineString(ring[i:i + 2]) for i in range(len(ring) - 1)]
    hits = [edges[i].intersection(edges[j]) for i in range(len(edges)) for j in range(i + 2, len(edges))
            if not (i == 0 and j == len(edges) - 1) and edges[i].crosses(edges[j])]
    assert len(hits) == 1, hits
    return hits[0].x, hits[0].y


class InfoTest(RedlineTestCase):
    def test_info_sites_json_detects_cp936(self):
        run = redline("info", sample("sites.shp"), "--json")
        self.assertOk(run)
        info = json.loads(run.stdout)
        self.assertEqual(len(info), 1)
        layer = info[0]
        self.assertEqual(layer["encoding"], "CP936")
        self.assertRegex(layer["encoding_source"], r"(?i)detect")
        self.assertEqual([f["name"] for f in layer["fields"]], GBK_FIELDS)
        self.assertEqual(layer["features"], 30)
        self.assertEqual(layer["crs"], "EPSG:4490")

    def test_info_encoding_sources(self):
        # redlines.shp has a .cpg: UTF-8 from the .cpg, not detected
        layer = json.loads(redline("info", sample("redlines.shp"), "--json").stdout)[0]
        self.assertEqual(layer["encoding"], "UTF-8")
        self.assertRegex(layer["encoding_source"], r"\.cpg")
        self.assertIn("类型", [f["name"] for f in layer["fields"]])

    def test_info_encoding_override_is_honoured(self):
        plain = redline("info", sample("sites.shp"))
        self.assertOk(plain)
        self.assertIn("名称", plain.stdout)
        run = redline("info", sample("sites.shp") + "|encoding=UTF-8")
        self.assertOk(run)
        self.assertRegex(run.stdout, r"UTF-8 \(.*override")
        # GBK bytes read as UTF-8: the Chinese field names are gone (mojibake / replacement)
        for name in GBK_FIELDS[1:]:
            self.assertNotIn(name, run.stdout)
        self.assertIn("site_id", run.stdout)
        self.assertTrue("\ufffd" in run.stdout or "名称".encode("gbk") in run.stdout_bytes, run.stdout)
        # an equivalent encoding gives the same names again
        gb = redline("info", sample("sites.shp") + "|encoding=GB18030")
        self.assertOk(gb)
        for name in GBK_FIELDS:
            self.assertIn(name, gb.stdout)

    def test_info_json_with_wrong_encoding_override(self):
        run = redline("info", sample("sites.shp") + "|encoding=UTF-8", "--json")
        self.assertOk(run)
        layer = json.loads(run.stdout)[0]
        self.assertEqual(layer["encoding"], "UTF-8")
        names = [f["name"] for f in layer["fields"]]
        self.assertEqual(len(names), 4)
        self.assertEqual(names[0], "site_id")
        self.assertNotIn("名称", names)

    def test_info_zones_lists_both_layers(self):
        run = redline("info", sample("zones.gpkg"))
        self.assertOk(run)
        self.assertIn("basins", run.stdout)
        self.assertIn("counties", run.stdout)
        info = json.loads(redline("info", sample("zones.gpkg"), "--json").stdout)
        self.assertEqual({l["layer"]: l["features"] for l in info}, {"basins": 3, "counties": 16})
        self.assertEqual({l["layer"]: [f["name"] for f in l["fields"]] for l in info},
                         {"basins": ["basin"], "counties": ["county"]})

    def test_info_one_layer_of_zones(self):
        info = json.loads(redline("info", sample("zones.gpkg") + "|counties", "--json").stdout)
        self.assertEqual([l["layer"] for l in info], ["counties"])

    def test_info_missing_file(self):
        run = redline("info", self.path("nothing.shp"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "nothing.shp")


class ValidateSitesTest(RedlineTestCase):
    def test_validate_sites_text(self):
        run = redline("validate", sample("sites.shp"))
        self.assertOk(run)  # an invalid geometry is repaired by check: usable
        self.assertIn("CP936", run.stdout)
        self.assertRegex(run.stdout, r"1 invalid")
        self.assertIn("fid 21", run.stdout)  # XM022 is the 22nd feature
        x, y = xm022_crossing()
        self.assertIn(f"({x:.7f}, {y:.7f})", run.stdout)
        self.assertRegex(run.stdout, r"verdict: +usable")

    def test_validate_sites_text_with_ids(self):
        run = redline("validate", sample("sites.shp"), "--id-field", "site_id", "-q")
        self.assertOk(run)
        self.assertRegex(run.stdout, r"feature XM022 \(fid 21\): Self-intersection")

    def test_validate_sites_json(self):
        run = redline("validate", sample("sites.shp"), "--id-field", "site_id", "--json")
        self.assertOk(run)
        report = json.loads(run.stdout)
        self.assertEqual(report["encoding"]["encoding"], "CP936")
        self.assertEqual(report["crs"]["epsg"], 4490)
        self.assertTrue(report["coordinates"]["ok"])
        self.assertEqual(report["invalid_count"], 1)
        bad = report["invalid"][0]
        self.assertEqual((bad["id"], bad["fid"]), ("XM022", 21))
        self.assertRegex(bad["reason"], r"(?i)self.intersection")
        x, y = xm022_crossing()
        self.assertAlmostEqual(bad["x"], x, delta=1e-9)
        self.assertAlmostEqual(bad["y"], y, delta=1e-9)
        self.assertTrue(report["usable"])
        # the sample's ids are each used once (read independently)
        ids = [a["site_id"] for a, _ in read_layer(sample("sites.shp"), open_options=["ENCODING=CP936"])]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual((report["duplicate_id_count"], report["duplicate_ids"]), (0, []))

    def test_validate_lists_ids_used_twice(self):
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        codes = ["A", "B", "A", "", "C", "", "A"]
        path = write_json(self.path("dup.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": c},
                          "geometry": {"type": "Polygon", "coordinates": [[[x + 0.02 * i, y] for x, y in square]]}}
                         for i, c in enumerate(codes)]})
        run = redline("validate", path, "--id-field", "code", "--json", "-q")
        self.assertOk(run)
        report = json.loads(run.stdout)
        # An empty id is no id, as check reads it (the fid stands in): said once, not as a repeat.
        self.assertEqual(report["duplicate_id_count"], 1)
        self.assertEqual(report["duplicate_ids"], [{"id": "A", "fids": [0, 2, 6]}])
        self.assertIn("2 features without an id: check names them by the fid", report["warnings"])
        text = redline("validate", path, "--id-field", "code", "-q")
        self.assertRegex(text.stdout, r"ids: +1 used by more than one feature")
        self.assertIn("A: fids 0, 2, 6", text.stdout)
        # without an id field nothing is said about ids
        self.assertNotIn("duplicate_ids", json.loads(redline("validate", path, "--json", "-q").stdout))

    def test_a_layer_without_any_geometry_is_not_usable(self):
        # It was "usable" with "coordinates: fit the CRS" and exit 0, though check has nothing to check.
        empty = write_json(self.path("empty.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": []})
        nulls = write_json(self.path("nulls.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": "A"}, "geometry": None}]})
        for path, why in ((empty, "the layer holds no features"),
                          (nulls, "no feature has a geometry (all are null or empty)")):
            run = redline("validate", path, "-q")
            self.assertExit(run, 1)
            self.assertIn(f"warning:    {why}", run.stdout)
            self.assertIn("verdict:    NOT usable as it stands", run.stdout)
            self.assertNotIn("fit the CRS", run.stdout)

    def test_validate_lists_features_without_a_category(self):
        # check leaves a constraint without a category out: validate says which before a run
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        categories = ["core", None, "general", "", "core"]
        path = write_json(self.path("cats.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {"code": f"R{i}", "category": c},
                          "geometry": {"type": "Polygon", "coordinates": [[[x + 0.02 * i, y] for x, y in square]]}}
                         for i, c in enumerate(categories)]})
        run = redline("validate", path, "--id-field", "code", "--category-field", "category", "--json", "-q")
        self.assertOk(run)
        report = json.loads(run.stdout)
        self.assertEqual(report["missing_category_count"], 2)
        self.assertEqual(report["missing_category"], [{"fid": 1, "id": "R1"}, {"fid": 3, "id": "R3"}])
        self.assertIn("2 features without a category: check leaves them out", report["warnings"])
        text = redline("validate", path, "--id-field", "code", "--category-field", "category", "-q")
        self.assertRegex(text.stdout, r"categories: +2 without one \(check leaves them out\)")
        self.assertIn("feature R3 (fid 3)", text.stdout)
        # and check does leave them out: the other three are its constraint features
        out = self.path("out")
        checked = redline("check", "--subjects", sample("sites.shp"), "--constraints", path, "--category-field",
                          "category", "--out", out, "-q")
        self.assertOk(checked)
        problems = json.loads(open(f"{out}/result.json", encoding="utf-8").read())["problems"]
        self.assertEqual(sorted(p["fid"] for p in problems if p["kind"] == "skipped"), [1, 3])

    def test_validate_encoding_override(self):
        run = redline("validate", sample("sites.shp") + "|encoding=UTF-8", "--json", "-q")
        self.assertOk(run)
        report = json.loads(run.stdout)
        self.assertEqual(report["encoding"]["encoding"], "UTF-8")
        self.assertRegex(report["encoding"]["how"], "override")


class ValidateRedlinesTest(RedlineTestCase):
    def test_overlapping_pairs_match_shapely(self):
        run = redline("validate", sample("redlines.shp"), "--category-field", "category", "--json")
        self.assertOk(run)
        report = json.loads(run.stdout)
        self.assertTrue(report["overlaps_checked"])
        rows = read_layer(sample("redlines.shp"))
        # independent: every pair of features whose intersection has an area
        want = {}
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                gi, gj = rows[i][1], rows[j][1]
                if gi.intersects(gj):
                    area = geodesic_area(gi.intersection(gj))
                    if area > 0:
                        want[(i, j)] = area
        got = {}
        for o in report["overlaps"]:
            key = tuple(sorted((o["fid_a"], o["fid_b"])))
            self.assertNotIn(key, got, f"pair {key} listed twice")
            got[key] = o
            # the category of each side is the source's
            cats = {o["fid_a"]: o["category_a"], o["fid_b"]: o["category_b"]}
            for fid, cat in cats.items():
                self.assertEqual(cat, rows[fid][0]["category"])
        self.assertEqual(set(got), set(want))
        for key, area in want.items():
            self.assertClose(got[key]["area_m2"], area, 1e-6, f"overlap {key}")
        self.assertEqual(report["overlap_count"], len(want))
        self.assertClose(report["overlap_area_m2"], sum(want.values()), 1e-6, "overlap_area_m2")
        # at least one general × general pair: HX-006 × HX-007 and HX-016 × HX-017
        codes = {tuple(sorted((rows[a][0]["code"], rows[b][0]["code"]))) for a, b in got}
        self.assertIn(("HX-006", "HX-007"), codes)
        self.assertIn(("HX-016", "HX-017"), codes)
        for a, b in got:
            if {rows[a][0]["code"], rows[b][0]["code"]} == {"HX-006", "HX-007"}:
                self.assertEqual((got[(a, b)]["category_a"], got[(a, b)]["category_b"]), ("general", "general"))

    def test_overlaps_text_names_features(self):
        run = redline("validate", sample("redlines.shp"), "--category-field", "category", "--id-field", "code", "-q")
        self.assertOk(run)
        self.assertRegex(run.stdout, r"HX-006 \[general\] × HX-007 \[general\]")
        self.assertRegex(run.stdout, r"HX-016 \[general\] × HX-017 \[general\]")

    def test_no_overlaps_flag(self):
        report = json.loads(redline("validate", sample("redlines.shp"), "--no-overlaps", "--json").stdout)
        self.assertFalse(report["overlaps_checked"])
        self.assertEqual(report["overlaps"], [])


if __name__ == "__main__":
    main()
