#!/usr/bin/python3
"""CRS traps a planner's data falls into: Gauss-Kruger eastings with the zone prefix under a
CRS without it, longitude/latitude swapped, and Xian 1980 data that needs user parameters."""
import json
import math
import os
import shutil
import unittest

import pyproj
from osgeo import gdal
from cli_testlib import (EXIT_INPUT, SEVEN, SEVEN_PIPELINE, RedlineTestCase, absolute_project, copy_shapefile, esri_prj,
                         load_json, main, read_layer, redline, rewrite_shapefile, sample, write_json)
from shapely.geometry import mapping
from shapely.ops import transform

SHIFT = 40_000_000.0


class ZonePrefixTest(RedlineTestCase):
    def setUp(self):
        super().setUp()
        os.makedirs(self.path("in"))
        self.shp = rewrite_shapefile(sample("parks.shp"), self.path("in", "parks_zone40.shp"),
                                     lambda x, y: (x + SHIFT, y))
        # keep the .prj exactly as the sample's (EPSG:4549, no zone prefix)
        shutil.copyfile(sample("parks.prj"), self.path("in", "parks_zone40.prj"))

    def test_check_refuses_zone_prefix(self):
        run = redline("check", "--subjects", self.shp, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "parks_zone40.shp", "zone prefix", "EPSG:4528")
        self.assertNoOutput(self.tmp, "out", ["in"])

    def test_validate_reports_zone_prefix(self):
        run = redline("validate", self.shp, "-q")
        self.assertExit(run, EXIT_INPUT)
        self.assertIn("zone prefix", run.stdout)
        self.assertIn("EPSG:4528", run.stdout)
        run = redline("validate", self.shp, "--json")
        self.assertExit(run, EXIT_INPUT)
        report = json.loads(run.stdout)
        self.assertFalse(report["coordinates"]["ok"])
        self.assertEqual(report["coordinates"]["suggested_epsg"], 4528)
        self.assertFalse(report["usable"])

    def test_suggested_crs_is_right(self):
        # independently: EPSG:4528 maps the prefixed coordinates where EPSG:4549 maps the originals
        a = pyproj.Transformer.from_crs(4528, 4490, always_xy=True)
        b = pyproj.Transformer.from_crs(4549, 4490, always_xy=True)
        x, y = 450000.0, 3500000.0
        for u, v in zip(a.transform(x + SHIFT, y), b.transform(x, y)):
            self.assertAlmostEqual(u, v, places=9)
        # and following the suggestion gives the parks' correct result
        p = absolute_project("parks_project.json")
        p["subjects"]["path"] = self.shp
        p["subjects"]["crs"] = "EPSG:4528"
        project = write_json(self.path("fixed.json"), p)
        self.assertOk(redline("check", project, "--out", self.path("out"), "-q"))
        self.assertReferenceAgrees(project, self.path("out", "result.json"))


class SwappedAxesTest(RedlineTestCase):
    def setUp(self):
        super().setUp()
        os.makedirs(self.path("in"))
        self.shp = rewrite_shapefile(sample("sites.shp"), self.path("in", "sites_yx.shp"), lambda x, y: (y, x),
                                     open_options=["ENCODING=CP936"])

    def test_check_refuses_swapped_axes(self):
        run = redline("check", "--subjects", self.shp, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "sites_yx.shp", "swapped")
        self.assertNoOutput(self.tmp, "out", ["in"])

    def test_swapped_constraints_refused_too(self):
        run = redline("check", "--subjects", sample("sites.shp"), "--constraints", self.shp, "--category-field",
                      "site_id", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "sites_yx.shp", "swapped")
        self.assertNoOutput(self.tmp, "out", ["in"])

    def test_validate_reports_swapped_axes(self):
        run = redline("validate", self.shp, "-q")
        self.assertExit(run, EXIT_INPUT)
        self.assertIn("swapped", run.stdout)


class OneMisplacedFeatureTest(RedlineTestCase):
    """One parcel pasted in other coordinates into a layer whose other features are right: the
    refusal names that parcel (it said only that the layer's extent does not fit its CRS)."""

    def write(self, name, epsg, squares):
        from osgeo import ogr, osr
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        path = self.path(name)
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
        layer = ds.CreateLayer(name[:-4], srs, ogr.wkbPolygon, ["ENCODING=UTF-8"])
        layer.CreateField(ogr.FieldDefn("site_id", ogr.OFTString))
        for site_id, (x, y, d) in squares:
            f = ogr.Feature(layer.GetLayerDefn())
            f.SetField("site_id", site_id)
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkt(
                f"POLYGON(({x} {y},{x + d} {y},{x + d} {y + d},{x} {y + d},{x} {y}))"))
            layer.CreateFeature(f)
        ds = None
        return path

    def assertRefusedNaming(self, shp, *fragments):
        run = redline("check", "--subjects", shp, "--id-field", "site_id", "--constraints", sample("redlines.shp"),
                      "--category-field", "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, os.path.basename(shp), *fragments)
        self.assertNoOutput(self.tmp, "out", [os.path.basename(shp)[:-4] + ext for ext in
                                              (".shp", ".shx", ".dbf", ".prj", ".cpg")])
        run = redline("validate", shp, "--id-field", "site_id", "-q")
        self.assertExit(run, EXIT_INPUT)
        for fragment in fragments:
            self.assertIn(fragment, run.stdout)

    def test_a_gauss_krueger_parcel_among_degrees(self):
        shp = self.write("sites.shp", 4490, [("A", (118.80, 32.00, 0.01)), ("B", (118.90, 32.05, 0.01)),
                                             ("GK7", (500000.0, 3540000.0, 100.0)), ("D", (119.00, 31.90, 0.01))])
        self.assertRefusedNaming(shp, "1 of 4 features does not fit EPSG:4490", "GK7 (fid 2)",
                                 "x 500000.0, y 3540000.0", "The other 3 fit it")

    def test_zone_prefixed_parcels_among_plain_gauss_krueger(self):
        shp = self.write("parks.shp", 4549, [("P1", (480000.0, 3540000.0, 500.0)),
                                             ("P2", (SHIFT + 481000.0, 3541000.0, 500.0)),
                                             ("P3", (482000.0, 3542000.0, 500.0)),
                                             ("P4", (SHIFT + 483000.0, 3543000.0, 500.0))])
        self.assertRefusedNaming(shp, "2 of 4 features do not fit EPSG:4549", "P2 (fid 1)", "P4 (fid 3)",
                                 "zone prefix", "EPSG:4528")

    def test_a_parcel_at_the_origin_is_an_error_not_clear(self):
        # x 0, y 0 is where exports put a lost geometry. The layer's extent still meets China, so the
        # layer passed, and the parcel came out clear of everything.
        for name, epsg, origin in (("deg.shp", 4490, (0.0, 0.0, 0.001)), ("gk.shp", 4549, (0.0, 0.0, 100.0))):
            inside = (118.80, 32.00, 0.01) if epsg == 4490 else (480000.0, 3540000.0, 500.0)
            shp = self.write(name, epsg, [("A", inside), ("ZERO", origin)])
            out = self.path("out_" + name[:-4])
            run = redline("check", "--subjects", shp, "--id-field", "site_id", "--constraints",
                          sample("redlines.shp"), "--category-field", "category", "--out", out, "-q")
            self.assertOk(run)
            subjects = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
            self.assertEqual(subjects["ZERO"]["status"], "error", name)
            self.assertIn("far outside the area of use of EPSG:" + str(epsg), subjects["ZERO"]["error"])
            self.assertEqual(subjects["A"]["status"], "clear", name)
            run = redline("validate", shp, "--id-field", "site_id", "-q")
            self.assertIn("1 feature lies far outside the area of use", run.stdout)
            self.assertIn("ZERO (fid 1) at x 0.000000, y 0.000000", run.stdout)
            self.assertIn("coordinates: fit the CRS but for 1 feature far outside it", run.stdout)
            report = json.loads(redline("validate", shp, "--id-field", "site_id", "--json").stdout)
            self.assertEqual(report["coordinates"]["far_features"], 1)


FOUR = {"method": "4param", "dx": 12.3, "dy": -45.6, "rotation_arcsec": 1.2, "scale_ppm": -3.4,
        "target_crs": "EPSG:4549"}


class Xian1980Test(RedlineTestCase):
    """parks.shp with its coordinates unchanged but labelled Xian 1980 / 3-degree GK CM 120E."""

    def setUp(self):
        super().setUp()
        os.makedirs(self.path("in"))
        self.shp = copy_shapefile("parks", self.path("in"), "parks_xian", exts=(".shp", ".shx", ".dbf", ".cpg"))
        with open(self.path("in", "parks_xian.prj"), "w") as f:
            f.write(esri_prj(2385))

    def project(self, datum_transform=None, **top):
        p = absolute_project("parks_project.json", **top)
        p["subjects"]["path"] = self.shp
        if datum_transform is not None:
            p["subjects"]["datum_transform"] = datum_transform
        return write_json(self.path("project.json"), p)

    def reference_project(self, vertex_fn, crs):
        """The equivalent project with the subjects already transformed by vertex_fn into `crs`."""
        feats = []
        for attrs, g in read_layer(self.shp):
            feats.append({"type": "Feature", "properties": attrs,
                          "geometry": mapping(transform(lambda x, y: vertex_fn(x, y), g))})
        src = write_json(self.path("subjects_transformed.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs}"}},
            "features": feats})
        p = absolute_project("parks_project.json", analysis_crs="EPSG:4490")
        p["subjects"]["path"] = src
        return write_json(self.path("reference_project.json"), p)

    def test_xian_subjects_refused_without_parameters(self):
        run = redline("check", "--subjects", self.shp, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertRegex(run.stderr, r"Xian[ _]1980")
        self.assertInStderr(run, "datum_transform")
        self.assertNoOutput(self.tmp, "out", ["in"])

    def test_xian_project_without_parameters_refused(self):
        run = redline("check", self.project(analysis_crs="EPSG:4490"), "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "parks_xian.shp", "$.subjects.datum_transform")
        self.assertRegex(run.stderr, r"Xian[ _]1980")
        self.assertNoOutput(self.tmp, "out", ["in", "project.json"])

    def test_xian_refusal_names_the_xian_layer(self):
        run = redline("check", "--subjects", self.shp, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "parks_xian.shp")
        self.assertNotIn("redlines.shp", run.stderr)

    def test_xian_with_seven_parameters_runs(self):
        out = self.path("out")
        run = redline("check", self.project(SEVEN), "--out", out, "-q")
        self.assertOk(run)
        self.assertEqual(load_json(os.path.join(out, "result.json"))["analysis_crs"]["code"], "EPSG:4490")

    # the parameters really move the data: compare with the same Helmert done by PROJ here
    def test_xian_seven_parameters_are_applied(self):
        out = self.path("out")
        run = redline("check", self.project(SEVEN, analysis_crs="EPSG:4490"), "--out", out, "-q")
        self.assertOk(run)
        helmert = pyproj.Transformer.from_pipeline(SEVEN_PIPELINE)
        reference = self.reference_project(lambda x, y: helmert.transform(x, y), "EPSG::4490")
        self.assertReferenceAgrees(reference, os.path.join(out, "result.json"))

    def test_xian_seven_parameters_accepted_with_analysis_crs(self):
        out = self.path("out")
        run = redline("check", self.project(SEVEN, analysis_crs="EPSG:4490"), "--out", out, "-q")
        self.assertOk(run)
        result = load_json(os.path.join(out, "result.json"))
        self.assertEqual(result["analysis_crs"]["code"], "EPSG:4490")
        self.assertEqual(len(result["subjects"]), 12)

    def test_xian_four_parameters_are_applied(self):
        out = self.path("out")
        run = redline("check", self.project(FOUR, analysis_crs="EPSG:4490"), "--out", out, "-q")
        self.assertOk(run)
        theta = math.radians(1.2 / 3600.0)
        k = 1.0 - 3.4e-6

        # docs/project-file.md: E' = dx + (1+s)(E cosθ − N sinθ), N' = dy + (1+s)(E sinθ + N cosθ)
        def plane(e, n):
            return (12.3 + k * (e * math.cos(theta) - n * math.sin(theta)),
                    -45.6 + k * (e * math.sin(theta) + n * math.cos(theta)))

        def both(xs, ys):
            pts = [plane(e, n) for e, n in zip(xs, ys)]
            return [p[0] for p in pts], [p[1] for p in pts]

        reference = self.reference_project(both, "EPSG::4549")
        self.assertReferenceAgrees(reference, os.path.join(out, "result.json"))

    def test_validate_warns_about_xian(self):
        run = redline("validate", self.shp, "-q")
        self.assertRegex(run.stdout, r"Xian[ _]1980")
        self.assertIn("datum_transform", run.stdout)


class EmptyLayerTest(RedlineTestCase):
    """An empty Shapefile's header gives the extent 0,0,0,0. In a projected CRS that point lies
    far outside the area of use: it must not be taken for the data's extent."""

    def setUp(self):
        super().setUp()
        os.makedirs(self.path("in"))
        self.shp = self.path("in", "parks_empty.shp")
        gdal.VectorTranslate(self.shp, sample("parks.shp"), where="1=0", layerCreationOptions=["ENCODING=UTF-8"])
        self.assertEqual(read_layer(self.shp), [])

    def test_validate_raises_no_false_alarm_about_an_empty_projected_layer(self):
        # Not usable, for it holds nothing to check, but not for misplaced coordinates.
        run = redline("validate", self.shp, "--json")
        self.assertExit(run, 1)
        report = json.loads(run.stdout)
        self.assertEqual(report["features"], 0)
        self.assertTrue(report["coordinates"]["ok"])
        self.assertEqual(report["warnings"], ["the layer holds no features"])

    def test_check_of_no_subjects_writes_empty_valid_results(self):
        p = absolute_project("parks_project.json")
        p["subjects"]["path"] = self.shp
        project = write_json(self.path("empty.json"), p)
        self.assertOk(redline("check", project, "--out", self.path("out"), "-q"))
        result = load_json(self.path("out", "result.json"))
        self.assertEqual(result["subjects"], [])
        self.assertEqual(sum(t["subjects"] for t in result["totals"].values()), 0)
        for layer in ("subjects", "conflicts", "pairs", "errors"):
            self.assertEqual(read_layer(self.path("out", "result.gpkg"), layer), [], layer)
        with open(self.path("out", "subjects.csv"), encoding="utf-8-sig") as f:
            self.assertEqual(len(f.read().splitlines()), 1)  # the header only


class AnalysisCrsRecordTest(RedlineTestCase):
    def test_a_crs_without_a_code_is_recorded_by_its_wkt(self):
        # result.json said "code": "unknown" for a PROJ string: nobody could tell what it was.
        albers = "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=GRS80 +units=m +no_defs"
        out = self.path("out")
        self.assertOk(redline("check", sample("project.json"), "--analysis-crs", albers, "--out", out, "-q"))
        recorded = load_json(os.path.join(out, "result.json"))["analysis_crs"]
        self.assertIsNone(recorded["code"])
        self.assertTrue(pyproj.CRS.from_wkt(recorded["wkt"]).equals(pyproj.CRS.from_proj4(albers)))

class SouthChinaSeaTest(RedlineTestCase):
    """PROJ's areas of use for CGCS2000 stop at Hainan's south coast (16.7°N), but the islands of
    Sansha City reach 3.9°N: data there in EPSG:4490, or in the Gauss-Kruger zone of 111°E, is at
    home, not "far outside the area of use". South of the equator it still is."""

    def collection(self, name, crs, features):
        """A GeoPackage (its CRS carries EPSG's area of use) of (code, ring) polygons."""
        geojson = write_json(self.path(name + ".geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}},
            "features": [{"type": "Feature", "properties": {"code": code, "category": "core"},
                          "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in ring]]}}
                         for code, ring in features]})
        gdal.VectorTranslate(self.path(name + ".gpkg"), geojson, format="GPKG")
        return self.path(name + ".gpkg")

    def square(self, lon, lat, size):
        return [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat)]

    def test_nansha_islands_are_checked(self):
        from cli_testlib import geodesic_area
        from shapely.geometry import Polygon
        site, reef = self.square(114.20, 8.90, 0.01), self.square(114.205, 8.905, 0.02)  # 永暑礁 (Fiery Cross) area
        # 6° zone 19 (EPSG's area from 16.7°N) and 3° zone 38 (from 21.5°N), both with the prefix
        zoned = {code: [pyproj.Transformer.from_crs("EPSG:4490", f"EPSG:{code}", always_xy=True).transform(x, y)
                        for x, y in reef] for code in ("4497", "4526")}
        for crs, ring in (("4490", reef), ("4497", zoned["4497"]), ("4526", zoned["4526"])):
            sites = self.collection(f"sites_{crs}", 4490, [("S1", site)])
            reefs = self.collection(f"reef_{crs}", int(crs), [("R1", ring)])
            out = self.path(f"out_{crs}")
            run = redline("check", "--subjects", sites, "--id-field", "code", "--constraints", reefs,
                          "--category-field", "category", "--out", out, "-q")
            self.assertOk(run)
            s = load_json(os.path.join(out, "result.json"))["subjects"][0]
            self.assertEqual(s["status"], "conflict", crs)
            self.assertClose(s["overlaps"][0]["area_m2"],
                             geodesic_area(Polygon(site).intersection(Polygon(reef))), 1e-6, crs)
        # validate agrees that the layer fits its CRS
        self.assertOk(redline("validate", self.path("reef_4497.gpkg")))

    def test_south_of_the_equator_is_still_refused(self):
        sites = self.collection("sites", 4490, [("S1", self.square(114.2, -8.9, 0.01))])
        # also a GeoJSON, whose "crs" member carries no area of use of its own
        geojson = sites.replace(".gpkg", ".geojson")
        self.assertExit(redline("check", "--subjects", geojson, "--constraints", geojson,
                                "--category-field", "category", "--out", self.path("out"), "-q"), EXIT_INPUT)
        run = redline("check", "--subjects", sites, "--constraints", sites, "--category-field", "category",
                      "--out", self.path("out"), "-q")
        self.assertExit(run, EXIT_INPUT)
        self.assertIn("far outside the area of use", run.stderr)


class WrongCentralMeridianTest(RedlineTestCase):
    """A .prj of the neighbouring 3° zone (CM 117°E) over the parks' CM 120°E coordinates puts every
    park ~290 km west, in no basin or county and away from the redlines: all "clear", exit 0 and
    nothing said. The run still completes (the file may be right), but says so."""

    def test_parks_placed_far_away_are_warned_of(self):
        os.makedirs(self.path("in"))
        copy_shapefile("parks", self.path("in"))
        with open(self.path("in", "parks.prj"), "w") as f:
            f.write(esri_prj(4548))
        p = absolute_project("parks_project.json")
        p["subjects"]["path"] = self.path("in", "parks.shp")
        run = redline("check", write_json(self.path("moved.json"), p), "--out", self.path("out"), "-q")
        self.assertOk(run)
        result = load_json(self.path("out", "result.json"))
        self.assertEqual({s["status"] for s in result["subjects"]}, {"clear"})
        self.assertInStderr(run, "none of the 12 subjects checked lies in any basin zone",
                            "none of the 12 subjects checked lies in any county zone")
        # the parks where they belong: none of it
        run = redline("check", sample("parks_project.json"), "--out", self.path("right"), "-q")
        self.assertOk(run)
        self.assertNotIn("warning", run.stderr)

    def test_a_site_far_from_every_constraint_is_warned_of(self):
        # A Xinjiang site against Jiangsu's redlines: the wrong layer, or a wrong CRS.
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        ring = [[85.0, 42.0], [85.01, 42.0], [85.01, 42.01], [85.0, 42.01], [85.0, 42.0]]
        site = write_json(self.path("far.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"id": "XJ1"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]})
        run = redline("check", "--subjects", site, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"), "-q")
        self.assertOk(run)
        self.assertRegex(run.stderr, r"warning: every subject is more than 100 km from every constraint "
                                     r"\(nearest: 3\d\d\d km\)")


if __name__ == "__main__":
    main()
