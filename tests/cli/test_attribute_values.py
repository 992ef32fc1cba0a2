#!/usr/bin/python3
"""Attribute values as planners' files carry them: ids and categories with stray spaces, numbers
in shapefile Double fields, 19-digit parcel codes, empty ids, categories the rules do not name, an
empty constraint layer, and an output directory that holds the inputs. Each answer is compared
with the same data written plainly, or with the value written into the file."""
import os
import unittest

from cli_testlib import (EXIT_OUTPUT, RedlineTestCase, absolute_project, copy_shapefile, gdal, load_json, main,
                         ogr, osr, redline, sample, write_json)


def write_layer(path, fields, rows, driver="GPKG", layer="layer"):
    """Writes polygons rows = [(wkt, {field: value})] in EPSG:4490; fields = [(name, ogr type, width, precision)]."""
    ds = ogr.GetDriverByName(driver).CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer(layer, srs, ogr.wkbPolygon)
    for name, kind, width, precision in fields:
        defn = ogr.FieldDefn(name, kind)
        defn.SetWidth(width)
        defn.SetPrecision(precision)
        lyr.CreateField(defn)
    for wkt, values in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in values.items():
            if v is not None:
                f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    return path


def sample_features(path, layer=None):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    return [(f.GetGeometryRef().ExportToWkt(), f.items()) for f in lyr]


class AttributeValuesTest(RedlineTestCase):

    def run_check(self, project, *extra):
        path = self.path("project.json")
        write_json(path, project)
        out = self.path("out")
        run = redline("check", path, "--out", out, "-q", *extra)
        self.assertOk(run)
        return run, load_json(os.path.join(out, "result.json"))

    def redlines_with(self, category_of):
        """The sample redlines as a GeoPackage, each category mapped by category_of(category)."""
        rows = [(wkt, {"id": v["code"], "category": category_of(v["category"])})
                for wkt, v in sample_features(sample("redlines.shp"))]
        return write_layer(self.path("redlines.gpkg"), [("id", ogr.OFTString, 0, 0), ("category", ogr.OFTString, 0, 0)],
                           rows)

    def severities(self, result):
        return {s["id"]: s["severity"] for s in result["subjects"]}

    def test_stray_spaces_around_a_category_do_not_lose_its_rule(self):
        base = absolute_project("project.json", zones=[])
        base["constraints"] = [dict(path=self.redlines_with(lambda c: c), category_field="category")]
        _, plain = self.run_check(base)
        # Trailing ASCII space and the ideographic space U+3000 typed on a Chinese Windows.
        spaced = dict(base, constraints=[dict(path=self.redlines_with(lambda c: c + " \u3000"),
                                              category_field="category")])
        run, result = self.run_check(spaced)
        self.assertEqual(self.severities(result), self.severities(plain))
        self.assertIn("prohibited", self.severities(result).values())
        self.assertNotIn("not in the rules", run.stderr)
        # A fixed category in the project file too: " water_source " lost its 500 m buffer rule.
        fixed = absolute_project("project.json", zones=[])
        _, plain = self.run_check(fixed)
        fixed["constraints"][1]["category"] = " water_source\u3000"
        run, result = self.run_check(fixed)
        self.assertEqual(self.severities(result), self.severities(plain))
        self.assertNotIn("not in the rules", run.stderr)

    def test_a_category_the_rules_do_not_name_is_warned_of(self):
        project = absolute_project("project.json", zones=[])
        project["constraints"] = [dict(path=self.redlines_with(lambda c: "cor" if c == "core" else c),
                                       category_field="category")]
        run, result = self.run_check(project)
        self.assertIn('category "cor" (', run.stderr)
        self.assertIn("it is rated review, the rules' default", run.stderr)
        self.assertNotIn('category "general"', run.stderr)

    def test_an_empty_constraint_layer_beside_others_is_warned_of(self):
        project = absolute_project("project.json", zones=[])
        empty = write_layer(self.path("empty.gpkg"), [("category", ogr.OFTString, 0, 0)], [])
        project["constraints"] = [dict(path=empty, category_field="category")] + project["constraints"][1:]
        run, _ = self.run_check(project)
        self.assertIn("warning: empty.gpkg: the layer holds no features: nothing of it was checked", run.stderr)

    def test_numbers_in_shapefile_fields_are_the_numbers_written(self):
        # ArcGIS's Double is N(19,11): GDAL hands "1.00000000000" as its text. A 19-digit parcel
        # code in N(19,0) is beyond a double's 53 bits.
        rows = []
        codes = []
        for i, (wkt, values) in enumerate(sample_features(sample("sites.shp"))):
            codes.append(3201150010010000001 + 2 * i)
            rows.append((wkt, {"BSM": float(i + 1), "DKBH": codes[-1]}))
        shp = write_layer(self.path("sites.shp"),
                          [("BSM", ogr.OFTReal, 19, 11), ("DKBH", ogr.OFTInteger64, 19, 0)], rows,
                          driver="ESRI Shapefile", layer="sites")
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=shp, id_field="BSM")
        _, result = self.run_check(project)
        self.assertEqual([s["id"] for s in result["subjects"]][:3], ["1", "2", "3"])
        project["subjects"] = dict(path=shp, id_field="DKBH")
        _, result = self.run_check(project)
        self.assertEqual([s["id"] for s in result["subjects"]], [str(c) for c in codes])

    def test_an_empty_id_is_no_id(self):
        rows = [(wkt, {"code": ["", "A", None, "B"][i] if i < 4 else f"S{i}"})
                for i, (wkt, _) in enumerate(sample_features(sample("sites.shp")))]
        gpkg = write_layer(self.path("sites.gpkg"), [("code", ogr.OFTString, 0, 0)], rows)
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=gpkg, id_field="code")
        run, result = self.run_check(project)
        first, third = result["subjects"][0], result["subjects"][2]
        self.assertEqual(first["id"], str(first["fid"]))
        self.assertIn(f"no id; the fid {first['fid']} stands in", first["notes"])
        self.assertIn(f"no id; the fid {third['fid']} stands in", third["notes"])
        self.assertNotIn("repeats", run.stderr)

    def test_text_that_is_not_utf8_in_a_geopackage_is_the_same_in_every_output(self):
        # GBK bytes written into a GeoPackage by a careless tool: subjects.csv carried them raw
        # (no longer UTF-8), result.json a replacement, result.gpkg the raw bytes; validate said nothing.
        rows = [(wkt, {"code": f"S{i}", "name": "名称"}) for i, (wkt, _) in enumerate(sample_features(sample("sites.shp")))]
        gpkg = write_layer(self.path("sites.gpkg"), [("code", ogr.OFTString, 0, 0), ("name", ogr.OFTString, 0, 0)],
                           rows)
        ds = gdal.OpenEx(gpkg, gdal.OF_VECTOR | gdal.OF_UPDATE)  # GDAL's SQLite has the triggers' functions
        ds.ExecuteSQL("UPDATE layer SET name = CAST(X'C0CFC9BDB9ABD4B0' AS TEXT) WHERE code = 'S1'")
        ds = None
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=gpkg, id_field="code", name_field="name")
        _, result = self.run_check(project)
        name = next(s["name"] for s in result["subjects"] if s["id"] == "S1")
        self.assertIn("\ufffd", name)
        with open(self.path("out", "subjects.csv"), "rb") as f:
            csv_text = f.read().decode("utf-8")  # raises if not UTF-8
        self.assertIn(name, csv_text)
        run = redline("validate", gpkg, "--no-overlaps", "-q")
        self.assertIn("1 text value is not valid UTF-8 (first: fid 2, field name)", run.stdout)

    def test_a_project_written_on_windows_finds_its_folders(self):
        # "数据\\sites.shp": a backslash is a file-name character on Linux, so the file was not found.
        folder = self.path("proj")
        copy_shapefile("sites", os.path.join(folder, "数据"))
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path="数据\\sites.shp", id_field="site_id")
        path = os.path.join(folder, "p.json")
        write_json(path, project)
        run = redline("check", path, "--out", self.path("out"), "-q")
        self.assertOk(run)
        self.assertEqual(len(load_json(self.path("out", "result.json"))["subjects"]), 30)
        # The map section too (map and report failed on it while check ran), and a relative
        # /vsizip/ archive beside the project.
        import zipfile
        with zipfile.ZipFile(os.path.join(folder, "数据", "sites.zip"), "w") as z:
            for ext in (".shp", ".shx", ".dbf", ".prj"):
                z.write(os.path.join(folder, "数据", "sites" + ext), "sites" + ext)
        project["map"] = {"layers": [{"path": "数据\\sites.shp"}, {"path": "/vsizip/数据/sites.zip/sites.shp"}]}
        write_json(path, project)
        run = redline("map", path, "--out", self.path("map.png"), "--dpi", "30", "-q")
        self.assertOk(run)

    def test_results_never_replace_an_input(self):
        # "output": "." with an input called subjects.csv: the run fails and the input is intact.
        folder = self.path("project")
        os.makedirs(folder)
        with open(os.path.join(folder, "subjects.csv"), "w", encoding="utf-8") as f:
            f.write("WKT,id\n")
            for i, (wkt, _) in enumerate(sample_features(sample("sites.shp"))):
                f.write(f'"{wkt}",S{i}\n')
        project = absolute_project("project.json", zones=[], output=".")
        project["subjects"] = dict(path="subjects.csv", id_field="id", crs="EPSG:4490")
        path = os.path.join(folder, "project.json")
        write_json(path, project)
        before = open(os.path.join(folder, "subjects.csv"), "rb").read()
        run = redline("check", path, "-q")
        self.assertExit(run, EXIT_OUTPUT)
        self.assertInStderr(run, "subjects.csv: is an input of this run")
        self.assertEqual(open(os.path.join(folder, "subjects.csv"), "rb").read(), before)
        self.assertEqual(sorted(os.listdir(folder)), ["project.json", "subjects.csv"])

    def test_names_cp936_lacks_are_kept_elsewhere_and_the_shapefile_says_so(self):
        # 䶮 (Extension A) and 𠀀 (Extension B) occur in place names; CP936 has neither. The run used
        # to fail (exit 3, nothing written). Now subjects.shp holds "?" for each, the run warns,
        # and the GeoPackage, the CSV and a GB18030 shapefile keep the names whole.
        names = ["䶮山工业园", "𠀀村项目", "普通项目"]
        def square(x):
            return "POLYGON((%f 32,%f 32,%f 32.005,%f 32.005,%f 32))" % (x, x + 0.005, x + 0.005, x, x)
        rows = [(square(118.8 + i * 0.01), {"code": "S%d" % i, "name": n}) for i, n in enumerate(names)]
        sites = write_layer(self.path("sites.gpkg"), [("code", ogr.OFTString, 0, 0), ("name", ogr.OFTString, 0, 0)], rows)
        project = {"version": 1, "subjects": {"path": sites, "id_field": "code", "name_field": "name"},
                   "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}]}
        run, result = self.run_check(project, "--shapefile")
        self.assertRegex(run.stderr, r"warning: subjects\.shp: 4 values \(fields name, subject_name\) have characters "
                                     r"that CP936 cannot hold, written as \"\?\" \(first: subject S0: \"䶮山工业园\"\)")
        out = self.path("out")
        def values(path, field, layer=None):
            ds = gdal.OpenEx(path, gdal.OF_VECTOR)
            return [f[field] for f in (ds.GetLayerByName(layer) if layer else ds.GetLayer(0))]
        self.assertEqual(values(os.path.join(out, "result.gpkg"), "subject_name", "subjects"), names)
        self.assertEqual(values(os.path.join(out, "subjects.shp"), "subj_name"), ["?山工业园", "?村项目", "普通项目"])
        self.assertEqual([s["name"] for s in result["subjects"]], names)
        self.assertEqual([s["status"] for s in result["subjects"]], ["clear"] * 3)
        run, _ = self.run_check(project, "--shapefile", "--shapefile-encoding", "GB18030")
        self.assertNotIn("warning", run.stderr)
        self.assertEqual(values(os.path.join(out, "subjects.shp"), "subj_name"), names)


    def test_a_name_too_long_for_a_dbf_is_cut_with_a_warning(self):
        # 300 characters became 253 in subjects.shp without a word.
        name = "长" * 300
        rows = [("POLYGON((118.8 32,118.805 32,118.805 32.005,118.8 32.005,118.8 32))", {"code": "L1", "name": name})]
        sites = write_layer(self.path("sites.gpkg"), [("code", ogr.OFTString, 0, 0), ("name", ogr.OFTString, 0, 0)], rows)
        project = {"version": 1, "subjects": {"path": sites, "id_field": "code", "name_field": "name"},
                   "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}]}
        run, result = self.run_check(project, "--shapefile")
        self.assertRegex(run.stderr, r"warning: subjects\.shp: 2 values \(fields name, subject_name\) longer than the "
                                     r"254 bytes a DBF text holds, cut and ended with \"…\" \(first: subject L1: ")
        self.assertEqual(result["subjects"][0]["name"], name)

if __name__ == "__main__":
    main()
