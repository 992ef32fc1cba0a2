#!/usr/bin/python3
"""`redline check` from flags (no project file), multi-layer sources, and the command line
itself: --version, --help, unknown flags and missing arguments."""
import csv
import os
import re
import shutil
import unittest

from cli_testlib import (EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, RedlineTestCase, gdal, load_json, main,
                         read_bytes, redline, sample, write_json)

FLAG_ARGS = ["--subjects", sample("sites.shp"), "--constraints", sample("redlines.shp"),
             "--category-field", "category", "--zones", sample("zones.gpkg") + "|basins", "--zone-field", "basin",
             "--rules", sample("rules.json"), "--id-field", "site_id"]


def equivalent_project():
    """The project file that says what FLAG_ARGS say (absolute paths)."""
    return {
        "version": 1,
        "subjects": {"path": sample("sites.shp"), "id_field": "site_id"},
        "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}],
        "zones": [{"name": "basin", "path": sample("zones.gpkg"), "layer": "basins", "field": "basin"}],
        "rules": sample("rules.json"),
    }


class FlagFormTest(RedlineTestCase):
    def test_flag_form_agrees_with_reference(self):
        out = self.path("out")
        run = redline("check", *FLAG_ARGS, "--out", out, cwd=self.tmp)
        self.assertOk(run)
        self.assertEqual(sorted(os.listdir(out)), ["result.gpkg", "result.json", "subjects.csv"])
        result = load_json(os.path.join(out, "result.json"))
        self.assertEqual(len(result["subjects"]), 30)
        self.assertEqual({s["id"] for s in result["subjects"]}, {f"XM{i:03d}" for i in range(1, 31)})
        # the zone is named after --zone-field; only the basins layer was given
        for s in result["subjects"]:
            self.assertEqual(set(s["zones"]), {"basin"})
        # no water-source layer here: only the redline categories
        self.assertEqual({c for s in result["subjects"] for o in s["overlaps"] for c in [o["category"]]},
                         {"core", "general"})
        project = write_json(self.path("equivalent.json"), equivalent_project())
        self.assertReferenceAgrees(project, os.path.join(out, "result.json"))

    def test_the_sample_project_written_as_flags(self):
        # A category field for the redlines and a fixed category for the water sources: each flag
        # belongs to the --constraints before it, or both are given per layer with "-".
        project = self.path("project")
        self.assertOk(redline("check", sample("project.json"), "--out", project, "-q"))
        want = [(s["id"], s["status"], s["severity"], s["conflict_area_m2"])
                for s in load_json(os.path.join(project, "result.json"))["subjects"]]
        common = ["--subjects", sample("sites.shp"), "--id-field", "site_id", "--rules", sample("rules.json"), "-q"]
        for n, layers in enumerate((
                ["--constraints", sample("redlines.shp"), "--category-field", "category",
                 "--constraints", sample("water_sources.geojson"), "--category", "water_source"],
                ["--constraints", sample("redlines.shp"), "--constraints", sample("water_sources.geojson"),
                 "--category-field", "category", "-", "--category", "-", "water_source"])):
            out = self.path(f"flags{n}")
            run = redline("check", *common, *layers, "--out", out)
            self.assertOk(run)
            got = [(s["id"], s["status"], s["severity"], s["conflict_area_m2"])
                   for s in load_json(os.path.join(out, "result.json"))["subjects"]]
            self.assertEqual(got, want, layers)

    def test_one_subject_is_counted_in_the_singular(self):
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        site = write_json(self.path("site.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": "XM1"}, "geometry": {"type": "Polygon", "coordinates": [square]}}]})
        run = redline("check", "--subjects", site, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--id-field", "code", "--out", self.path("out"), cwd=self.tmp)
        self.assertOk(run)
        self.assertRegex(run.stdout, r"(?m)^1 subject: ")

    def test_repeated_and_missing_ids_are_noted(self):
        # Three copies of the same square: ids A, A (again) and none. Every row stays, and a
        # planner can tell them apart: the repeat and the stand-in say what they are.
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        features = [{"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon",
                                                                                   "coordinates": [square]}}
                    for code in ("A", "B", "A", None)]
        site = write_json(self.path("sites.geojson"), {"type": "FeatureCollection", "crs": crs, "features": features})
        out = self.path("out")
        run = redline("check", "--subjects", site, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--id-field", "code", "--out", out, "-q", cwd=self.tmp)
        self.assertOk(run)
        self.assertInStderr(run, "warning: 1 subject repeats an id that an earlier subject has (first: A, fids 0 and 2)")
        subjects = load_json(os.path.join(out, "result.json"))["subjects"]
        self.assertEqual([(s["id"], s["fid"], s["notes"]) for s in subjects],
                         [("A", 0, []), ("B", 1, []), ("A", 2, ["id A repeats that of fid 0"]),
                          ("3", 3, ["no id; the fid 3 stands in"])])
        with open(os.path.join(out, "subjects.csv"), encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([(r["id"], r["notes"]) for r in rows],
                         [("A", ""), ("B", ""), ("A", "id A repeats that of fid 0"), ("3", "no id; the fid 3 stands in")])
        # A constraint without an id is no problem to report: it is named by its fid in pairs.
        redlines = write_json(self.path("redlines.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": None, "category": "core"},
             "geometry": {"type": "Polygon", "coordinates": [square]}}]})
        project = write_json(self.path("project.json"), {
            "version": 1, "subjects": {"path": site, "id_field": "code"},
            "constraints": [{"path": redlines, "category_field": "category", "id_field": "code"}]})
        with_project = redline("check", project, "--out", self.path("project_out"), "-q", cwd=self.tmp)
        self.assertOk(with_project)
        result = load_json(os.path.join(self.path("project_out"), "result.json"))
        self.assertEqual(result["problems"], [])
        self.assertEqual(result["subjects"][0]["overlaps"][0]["features"][0]["id"], "0")
        # unique ids: no warning
        clean = redline("check", *FLAG_ARGS, "--out", self.path("clean"), "-q", cwd=self.tmp)
        self.assertOk(clean)
        self.assertNotIn("warning", clean.stderr)

    def test_an_empty_subjects_layer_is_warned_about(self):
        # A filtered export or the wrong layer: the run is right (nothing in conflict) but says so.
        empty = self.path("empty.gpkg")
        gdal.VectorTranslate(empty, sample("sites.shp"), format="GPKG", where="1 = 0")
        out = self.path("out")
        run = redline("check", "--subjects", empty, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", out, "-q", cwd=self.tmp)
        self.assertOk(run)
        self.assertInStderr(run, "warning: empty.gpkg holds no subjects; nothing was checked")
        self.assertEqual(load_json(os.path.join(out, "result.json"))["subjects"], [])

    def test_constraints_left_out_are_named_on_the_terminal(self):
        # A redline whose category is empty is not checked: the site on it comes out clear, so
        # the planner must hear of it, not only find it in the errors layer.
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        site = write_json(self.path("site.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": "XM1"}, "geometry": {"type": "Polygon", "coordinates": [square]}}]})
        redlines = write_json(self.path("redlines.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": f"HX-{i}", "category": "core" if i == 0 else ""},
             "geometry": {"type": "Polygon", "coordinates": [square]}} for i in range(7)]})
        project = write_json(self.path("project.json"), {
            "version": 1, "subjects": {"path": site, "id_field": "code"},
            "constraints": [{"path": redlines, "category_field": "category", "id_field": "code"}]})
        out = self.path("out")
        run = redline("check", project, "--out", out, "-q", cwd=self.tmp)
        self.assertOk(run)
        self.assertInStderr(run, "warning: 6 constraint or zone features were not used")
        self.assertInStderr(run, "redlines.geojson fid 1 (HX-1): the category field is empty")
        self.assertInStderr(run, "redlines.geojson fid 5 (HX-5)")
        self.assertNotIn("HX-6", run.stderr)
        self.assertInStderr(run, "… and 1 more")
        result = load_json(os.path.join(out, "result.json"))
        self.assertEqual(len(result["problems"]), 6)
        self.assertEqual(result["subjects"][0]["status"], "conflict")  # by HX-0, the one with a category

    def test_qgis_layername_form(self):
        out = self.path("out")
        args = [a.replace("zones.gpkg|basins", "zones.gpkg|layername=basins") for a in FLAG_ARGS]
        self.assertOk(redline("check", *args, "--out", out, "-q"))
        by_id = {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}
        # XM012 straddles the 淮河流域/长江流域 boundary, about 71 % in 淮河流域 (sample_data/README.md)
        self.assertEqual(by_id["XM012"]["zones"]["basin"], "淮河流域")
        self.assertGreater(by_id["XM012"]["zone_shares"]["basin"], 0.6)
        self.assertLess(by_id["XM012"]["zone_shares"]["basin"], 0.8)

    def test_multi_layer_source_without_layer_lists_the_layers(self):
        out = self.path("work", "out")
        os.makedirs(self.path("work"))
        args = ["--subjects", sample("sites.shp"), "--constraints", sample("redlines.shp"), "--category-field",
                "category", "--zones", sample("zones.gpkg"), "--zone-field", "basin", "--out", out]
        run = redline("check", *args)
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "zones.gpkg", "basins", "counties")
        self.assertNoOutput(self.path("work"), "out")

    def test_unknown_layer_lists_the_layers(self):
        out = self.path("out")
        args = ["--subjects", sample("sites.shp"), "--constraints", sample("redlines.shp"), "--category-field",
                "category", "--zones", sample("zones.gpkg") + "|rivers", "--zone-field", "basin", "--out", out]
        run = redline("check", *args)
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "zones.gpkg", "rivers", "basins", "counties")
        self.assertNoOutput(self.tmp, "out")


class CommandLineTest(RedlineTestCase):
    def test_progress_in_a_log_runs_to_100(self):
        # stderr is a pipe here, as in a log: GDAL-style tenths. A command whose last stage
        # (writing the files) reports nothing still ends at 100 when it has succeeded.
        full = "0...10...20...30...40...50...60...70...80...90...100 done."
        project = sample("project.json")
        for args in (("check", project, "--out", self.path("check")),
                     ("stats", project, "--out", self.path("stats")),
                     ("map", project, "--out", self.path("map.pdf")),
                     ("report", project, "--out", self.path("report.html"), "--no-subject-pages"),
                     ("validate", sample("sites.shp"))):
            with self.subTest(command=args[0]):
                run = redline(*args, cwd=self.tmp)
                self.assertOk(run)
                self.assertIn(full, run.stderr)

    def test_version(self):
        run = redline("--version")
        self.assertOk(run)
        self.assertRegex(run.stdout.strip(), r"^redline \d+\.\d+\.\d+$")
        # the same version is recorded in result.json
        self.assertOk(redline("check", sample("project.json"), "--out", self.path("o"), "-q"))
        version = run.stdout.split()[1]
        self.assertEqual(load_json(self.path("o", "result.json"))["redline_version"], version)

    def test_check_help(self):
        run = redline("check", "--help")
        self.assertOk(run)
        for flag in ("--subjects", "--constraints", "--category-field", "--zones", "--rules", "--buffer", "--threads",
                     "--out"):
            self.assertIn(flag, run.stdout)

    def test_unknown_flag_is_a_usage_error(self):
        run = redline("check", sample("project.json"), "--bogus-flag", "--out", self.path("o"))
        self.assertExit(run, EXIT_USAGE)
        self.assertIn("--bogus-flag", run.stdout + run.stderr)
        self.assertNoOutput(self.tmp, "o")

    def test_no_subcommand_is_a_usage_error(self):
        run = redline()
        self.assertExit(run, EXIT_USAGE)
        self.assertRegex(run.stdout + run.stderr, re.compile("subcommand", re.I))

    def test_unknown_subcommand_is_a_usage_error(self):
        self.assertExit(redline("frobnicate"), EXIT_USAGE)

    def test_timings_file_lists_every_phase(self):
        timings = self.path("timings.json")
        self.assertOk(redline("check", sample("project.json"), "--out", self.path("o"), "-q", "--threads", "2",
                              "--timings", timings))
        t = load_json(timings)
        self.assertEqual(t["threads"], 2)
        for phase in ("read", "validate", "index", "overlay", "nearest", "measure", "write", "other", "process"):
            self.assertGreaterEqual(t["cpu_s"][phase], 0.0, phase)
        for phase in ("read", "validate", "index", "overlay", "measure", "write"):
            self.assertGreater(t["cpu_s"][phase], 0.0, phase)
        self.assertAlmostEqual(t["wall_s"]["total"], t["wall_s"]["prepare"] + t["wall_s"]["check_and_write"])
        self.assertGreater(t["peak_rss_mb"], 0)

    def test_timings_in_a_missing_directory_is_a_usage_error(self):
        run = redline("check", sample("project.json"), "--out", self.path("o"), "--timings",
                      self.path("no", "such", "t.json"))
        self.assertExit(run, EXIT_USAGE)
        self.assertIn("--timings", run.stdout + run.stderr)
        self.assertNoOutput(self.tmp, "o")

    def test_timings_never_replace_the_runs_own_files(self):
        # --timings project.json replaced the project file, a layer's name destroyed the layer, and
        # o/result.json replaced the results: exit 0 each time.
        folder = self.path("proj")
        shutil.copytree(sample(""), folder)
        project = os.path.join(folder, "project.json")
        names = ("project.json", "water_sources.geojson", "sites.dbf")
        before = {n: read_bytes(os.path.join(folder, n)) for n in names}
        for name, code in (("project.json", EXIT_OUTPUT), ("water_sources.geojson", EXIT_OUTPUT),
                           ("sites.dbf", EXIT_OUTPUT), (os.path.join("o", "result.json"), EXIT_USAGE)):
            os.makedirs(os.path.join(folder, "o"), exist_ok=True)
            run = redline("check", project, "--out", os.path.join(folder, "o"), "-q", "--timings",
                          os.path.join(folder, name))
            self.assertExit(run, code)
            self.assertIn("--timings", run.stderr)
            self.assertEqual(os.listdir(os.path.join(folder, "o")), [], name)
        for n, data in before.items():
            self.assertEqual(read_bytes(os.path.join(folder, n)), data, n)

    def test_timings_that_cannot_be_written_stop_the_run_before_any_output(self):
        # Found out only at the end, it left the results behind a failed run.
        os.makedirs(self.path("taken"))
        run = redline("check", sample("project.json"), "--out", self.path("o"), "--timings", self.path("taken"))
        self.assertExit(run, EXIT_USAGE)
        self.assertIn("is a directory", run.stderr)
        self.assertNoOutput(self.tmp, "o", ["taken"])

    def test_numbers_that_are_not_finite_are_usage_errors(self):
        # Every comparison with NaN is false: "--min-area nan" passed the range check and was
        # then ignored, and "--dpi nan" reached the renderer.
        for command, out, flag, value in (("check", "o", "--min-area", "nan"), ("check", "o", "--buffer", "inf"),
                                          ("map", "o.png", "--dpi", "nan"), ("report", "o.html", "--map-dpi", "nan")):
            with self.subTest(flag=flag, value=value):
                run = redline(command, sample("project.json"), flag, value, "--out", self.path(out))
                self.assertExit(run, EXIT_USAGE)
                self.assertIn(f"{flag}: {value} is not a", run.stderr)
                self.assertNoOutput(self.tmp, out)

    def test_a_buffer_of_planetary_size_is_refused(self):
        # At 8,000 km a geodesic circle folds over the pole and came apart: a point inside a core
        # redline came out clear. (A slip of units: kilometres typed as metres thousands.)
        src = write_json(self.path("pt.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [119, 32]}}]})
        run = redline("check", "--subjects", src, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--buffer", "8000000", "--out", self.path("o"))
        self.assertExit(run, EXIT_INPUT)
        self.assertIn("over 1,000 km", run.stderr)
        self.assertNoOutput(self.tmp, "o", ["pt.geojson"])

    def test_more_threads_than_cores_runs_quietly(self):
        # TBB printed "TBB Warning: The number of workers is currently limited…" even with -q.
        for command in ("check", "stats"):
            run = redline(command, sample("project.json"), "--out", self.path(command), "-q", "--threads", "256")
            self.assertOk(run)
            self.assertNotIn("TBB", run.stderr, command)  # (LeakSanitizer may add its summary)

    def test_negative_threads_is_a_usage_error(self):
        run = redline("check", sample("project.json"), "--threads", "-1", "--out", self.path("o"))
        self.assertExit(run, EXIT_USAGE)
        self.assertIn("--threads", run.stdout + run.stderr)
        self.assertIn("not in range 0 to 4096", run.stderr)
        self.assertLess(len(run.stderr), 200, run.stderr)  # it printed DBL_MAX's 309 digits
        self.assertNoOutput(self.tmp, "o")

    def test_check_without_inputs_is_a_usage_error(self):
        run = redline("check", "--out", self.path("o"))
        self.assertInStderr(run, "project file")
        self.assertNoOutput(self.tmp, "o")
        self.assertExit(run, EXIT_USAGE)

    def test_subjects_without_constraints_is_a_usage_error(self):
        run = redline("check", "--subjects", sample("sites.shp"), "--out", self.path("o"))
        self.assertInStderr(run, "--constraints")
        self.assertNoOutput(self.tmp, "o")
        self.assertExit(run, EXIT_USAGE)

    def test_project_and_flags_together_rejected(self):
        run = redline("check", sample("project.json"), "--subjects", sample("sites.shp"), "--out", self.path("o"))
        self.assertNotEqual(run.code, EXIT_OK)
        self.assertIn(run.code, (EXIT_INPUT, EXIT_USAGE))
        self.assertInStderr(run, "not both")
        self.assertNoOutput(self.tmp, "o")


class OutputOptionsTest(RedlineTestCase):
    def test_fail_on_conflict_exit_code(self):
        run = redline("check", sample("project.json"), "--out", self.path("a"), "--quiet", "--fail-on-conflict")
        self.assertExit(run, 5)  # the sample has sites inside core zones
        self.assertTrue(os.path.exists(self.path("a", "result.json")))  # results are still written
        clear = redline("check", sample("project.json"), "--out", self.path("b"), "--quiet", "--fail-on-conflict",
                        "--min-area", "1e12")
        result = load_json(self.path("b", "result.json"))
        # With an impossible minimum only buffer rules, and sites wholly inside a redline (no
        # sliver, whatever the minimum), still make a conflict.
        buffered = [s["id"] for s in result["subjects"] if s["within_buffer"]]
        inside = [s["id"] for s in result["subjects"] if s["overlaps"]]
        for s in result["subjects"]:
            for o in s["overlaps"]:
                self.assertEqual(o["area_m2"], s["area_m2"], s["id"])
        self.assertTrue(inside, "the sample has sites wholly inside core zones")
        self.assertEqual(clear.code, 5)
        for s in result["subjects"]:
            self.assertEqual(s["status"] == "conflict", s["id"] in buffered or s["id"] in inside, s["id"])
        # A buffer-only conflict says why in its notes, as subjects.csv shows them (every area is 0)
        self.assertTrue(buffered)
        with open(self.path("b", "subjects.csv"), encoding="utf-8-sig", newline="") as f:
            notes = {row["id"]: row["notes"] for row in csv.DictReader(f)}
        for s in result["subjects"]:
            for w in s["within_buffer"]:
                self.assertIn("within %.1f m of %s, inside its %g m buffer" % (w["distance_m"], w["category"],
                                                                              w["buffer_m"]), notes[s["id"]])

    def test_subject_fields_named_like_output_columns_are_renamed(self):
        # A Shapefile exported from a GeoPackage carries "fid"; others have "geom" or a "Status".
        from osgeo import ogr, osr
        sites = self.path("sites.shp")
        src = ogr.Open(sample("sites.shp"))
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(sites)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        layer = ds.CreateLayer("sites", srs, ogr.wkbPolygon, ["ENCODING=UTF-8"])
        for name, kind in (("site_id", ogr.OFTString), ("fid", ogr.OFTInteger), ("GEOM", ogr.OFTString),
                           ("Status", ogr.OFTString), ("src_status", ogr.OFTString)):
            layer.CreateField(ogr.FieldDefn(name, kind))
        for i, f in enumerate(src.GetLayer(0)):
            out = ogr.Feature(layer.GetLayerDefn())
            out.SetField("site_id", f.GetField("site_id"))
            out.SetField("fid", 1000 + i)
            out.SetField("GEOM", f"g{i}")
            out.SetField("Status", f"s{i}")
            out.SetField("src_status", f"t{i}")
            out.SetGeometry(f.GetGeometryRef())
            layer.CreateFeature(out)
        ds = None
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", sites, "--constraints", sample("redlines.shp"),
                              "--category-field", "category", "--rules", sample("rules.json"), "--id-field",
                              "site_id", "--out", out, "--quiet"))
        ds = ogr.Open(os.path.join(out, "result.gpkg"))
        subjects = ds.GetLayerByName("subjects")
        defn = subjects.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        for name in ("src_fid", "src_GEOM", "src_Status", "src_src_status", "status"):
            self.assertIn(name, names)
        rows = sorted((f.GetField("src_fid"), f.GetField("src_GEOM"), f.GetField("src_Status"),
                       f.GetField("src_src_status"), f.GetField("status")) for f in subjects)
        self.assertEqual(len(rows), 30)
        self.assertEqual(rows[0][:4], (1000, "g0", "s0", "t0"))
        self.assertTrue(all(r[4] in ("conflict", "clear", "error") for r in rows))
        ds = None

    def test_shapefile_output_keeps_chinese(self):
        out = self.path("out")
        self.assertOk(redline("check", sample("project.json"), "--out", out, "--quiet", "--shapefile"))
        for name in ("conflicts", "subjects"):
            with open(os.path.join(out, name + ".cpg")) as f:
                self.assertEqual(f.read().strip(), "CP936")
        result = load_json(os.path.join(out, "result.json"))
        by_id = {s["id"]: s for s in result["subjects"]}
        from osgeo import ogr
        ds = ogr.Open(os.path.join(out, "subjects.shp"))
        layer = ds.GetLayer(0)
        self.assertEqual(layer.GetFeatureCount(), 30)
        names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
        self.assertIn("名称", names)
        self.assertIn("建设单位", names)
        for f in layer:
            s = by_id[f.GetField("subj_id")]
            self.assertEqual(f.GetField("subj_name"), s["name"])
            self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in s["name"]))
            if s["area_m2"] is not None:
                self.assertAlmostEqual(f.GetField("area_m2"), s["area_m2"], delta=1e-6 * s["area_m2"])
        ds = None

    def test_ids_that_excel_would_evaluate_are_written_as_text(self):
        # An id or name starting with = + - @ went into subjects.csv as it was, and Excel evaluated
        # it as a formula (CSV injection). Now with a ' in front, as OWASP advises; result.json and
        # result.gpkg keep the value as it is.
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        ring = [[119.0, 31.5], [119.01, 31.5], [119.01, 31.51], [119.0, 31.51], [119.0, 31.5]]
        subjects = write_json(self.path("subs.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"pid": pid, "nm": name},
             "geometry": {"type": "Polygon", "coordinates": [ring]}}
            for pid, name in (("=1+1", "@SUM(A1)"), ("+86", "-2"), ("A-1", "园区"))]})
        out = self.path("out")
        self.assertOk(redline("check", "--subjects", subjects, "--constraints", sample("redlines.shp"),
                              "--category-field", "category", "--id-field", "pid", "--name-field", "nm",
                              "--out", out, "-q"))
        with open(os.path.join(out, "subjects.csv"), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([(r["id"], r["name"]) for r in rows],
                         [("'=1+1", "'@SUM(A1)"), ("'+86", "'-2"), ("A-1", "园区")])
        self.assertEqual([s["id"] for s in load_json(os.path.join(out, "result.json"))["subjects"]],
                         ["=1+1", "+86", "A-1"])

    def many_categories(self, n):
        """n constraint squares in n categories along a row, all under one long subject."""
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}

        def square(x, y, w, h):
            return {"type": "Polygon", "coordinates": [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]]}
        constraints = write_json(self.path("cons.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": f"C{i:03d}", "cat": f"c{i:03d}"},
             "geometry": square(119.0 + i * 0.001, 31.5, 0.002, 0.002)} for i in range(n)]})
        subjects = write_json(self.path("subs.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"nm": "全"}, "geometry": square(118.999, 31.499, 0.002 * n, 0.004)}]})
        return ["--subjects", subjects, "--constraints", constraints, "--category-field", "cat"]

    def test_a_dbf_of_more_than_255_fields_is_refused_in_one_line(self):
        # 100 categories give subjects.dbf 312 fields: GDAL wrote them with a warning, and dBASE
        # readers refused the file. Now refused up front, naming the count, nothing written.
        args = self.many_categories(100)
        run = redline("check", *args, "--out", self.path("out"), "--shapefile", "-q")
        self.assertExit(run, EXIT_OUTPUT)
        self.assertInStderr(run, "subjects.dbf: 312 fields, more than the 255", "100 categories")
        self.assertNotIn("Warning 1", run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertNoOutput(self.tmp, "out", ["cons.geojson", "subs.geojson"])
        self.assertOk(redline("check", *args, "--out", self.path("out"), "-q"))  # the GeoPackage holds them

    def test_too_many_categories_for_a_geopackage_are_named_in_one_line(self):
        # 700 categories: SQLite's "too many columns" came with the whole 40 KB CREATE TABLE.
        run = redline("check", *self.many_categories(700), "--out", self.path("out"), "-q", timeout=600)
        self.assertExit(run, EXIT_OUTPUT)
        self.assertInStderr(run, "2114 columns, more than the 2000", "700 categories")  # 3 × 700 + 14
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertLess(len(run.stderr), 500, run.stderr)
        self.assertNoOutput(self.tmp, "out", ["cons.geojson", "subs.geojson"])


if __name__ == "__main__":
    main()
