#!/usr/bin/python3
"""Bad input: a clear message naming the file / field / JSON path, a non-zero exit code (1 for
input errors, 2 for usage, 3 for output errors) and nothing left behind: no output directory,
no hidden staging directory, no parent directory the run had created."""
import json
import os
import shutil
import tempfile
import sqlite3
import unittest

from cli_testlib import (EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE, RedlineTestCase, absolute_project, copy_shapefile,
                         gdal, load_json, main, read_bytes, redline, sample, write_json)


class BadInputTest(RedlineTestCase):
    """Inputs live in TMP/in, the run writes to TMP/work/out: afterwards TMP/work must be empty."""

    def setUp(self):
        super().setUp()
        os.makedirs(self.path("in"))
        os.makedirs(self.path("work"))
        self.out = self.path("work", "out")

    def check_flags(self, subjects, *extra, constraints=None, category_field="category"):
        return redline("check", "--subjects", subjects, "--constraints", constraints or sample("redlines.shp"),
                       "--category-field", category_field, *extra, "--out", self.out, cwd=self.path("in"))

    def assertFailedCleanly(self, run, code=EXIT_INPUT):
        self.assertExit(run, code)
        self.assertTrue(run.stderr.strip(), f"no message on stderr\n{run}")
        self.assertNotIn("internal error", run.stderr)
        self.assertNoOutput(self.path("work"), "out")

    # ------------------------------------------------------------------ files
    def test_missing_subjects_file(self):
        missing = self.path("in", "no_such_sites.shp")
        run = self.check_flags(missing)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "no_such_sites.shp")
        self.assertRegex(run.stderr, r"not found|does not exist|no such file")

    def test_missing_file_in_project(self):
        p = absolute_project("project.json")
        p["constraints"][1]["path"] = "nothere.geojson"
        project = write_json(self.path("in", "project.json"), p)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "nothere.geojson", "(at $.constraints[1])")

    def test_missing_layer_in_project_names_the_entry(self):
        # Two entries may name one file: the message says which one is wrong.
        p = absolute_project("project.json")
        p["zones"][1]["layer"] = "county"
        project = write_json(self.path("in", "project.json"), p)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, 'zones.gpkg: no layer named "county"', "(at $.zones[1])")

    def test_corrupt_shp_garbage(self):
        shp = copy_shapefile("sites", self.path("in"))
        with open(shp, "wb") as f:
            f.write(bytes(range(256)) * 8)  # deterministic garbage, no shapefile header
        run = self.check_flags(shp)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "sites.shp")
        self.assertRegex(run.stderr, r"corrupt|cannot be opened|not a")

    def test_corrupt_shp_truncated(self):
        shp = copy_shapefile("sites", self.path("in"))
        with open(shp, "r+b") as f:
            f.truncate(1000)  # header + the first records; the .shx still lists all 30
        run = self.check_flags(shp, "--id-field", "site_id")
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "sites.shp")

    def test_map_and_report_name_a_truncated_shapefile(self):
        # They draw the layers themselves: GDAL's complaint went to stderr as "ERROR 1:" lines and
        # the map went on with the sites that could be read.
        shp = copy_shapefile("sites", self.path("in"))
        with open(shp, "r+b") as f:
            f.truncate(1000)
        p = absolute_project("project.json")
        p["subjects"]["path"] = shp
        project = write_json(self.path("in", "project.json"), p)
        for command, out in (("map", self.out + ".png"), ("report", self.out + ".html")):
            run = redline(command, project, "--out", out, "-q")
            self.assertFailedCleanly(run)
            self.assertInStderr(run, "sites.shp: the file is damaged")
            self.assertNotIn("ERROR 1", run.stderr)
            self.assertFalse(os.path.exists(out), out)

    def test_truncated_flatgeobuf_fails_mid_run_without_leftovers(self):
        # The subjects are streamed during the run, after the output has been staged: a read
        # error there must still leave nothing, not even the parent directories it created.
        fgb = self.path("in", "sites.fgb")
        gdal.VectorTranslate(fgb, sample("sites.shp"), format="FlatGeobuf", layerCreationOptions=["SPATIAL_INDEX=NO"],
                             geometryType="PROMOTE_TO_MULTI", options=["-oo", "ENCODING=CP936"])
        size = os.path.getsize(fgb)
        with open(fgb, "r+b") as f:
            f.truncate(size * 3 // 4)
        self.out = self.path("work", "a", "b", "out")
        run = self.check_flags(fgb, "--id-field", "site_id")
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "sites.fgb")
        self.assertNoOutput(self.path("work"), "a")

    def test_geojson_with_a_bad_coordinate_is_reported_once(self):
        # The GeoJSON driver meets the bad coordinate when asked for the layer's extent, before
        # any feature is read: that must not print GDAL's own "ERROR 1" beside Redline's message.
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        bad = [[119.0, 32.0], [119.01, 32.0], [119.01, "x"], [119.0, 32.0]]
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        sites = write_json(self.path("in", "sites.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": "OK"}, "geometry": {"type": "Polygon", "coordinates": [square]}},
            {"type": "Feature", "properties": {"code": "BAD"}, "geometry": {"type": "Polygon", "coordinates": [bad]}}]})
        run = self.check_flags(sites, "--id-field", "code")
        self.assertFailedCleanly(run)
        self.assertRegex(run.stderr, r"sites\.geojson: the file is damaged: reading failed after 0 feature\(s\) were read: .*'y' coordinate")
        self.assertNotIn("ERROR 1", run.stderr)

    def broken_geopackage(self):
        """The sample sites as a GeoPackage whose third feature's geometry blob is cut short; returns
        its path and that feature's id."""
        gpkg = self.path("in", "sites.gpkg")
        gdal.VectorTranslate(gpkg, gdal.OpenEx(sample("sites.shp"), open_options=["ENCODING=CP936"]), format="GPKG",
                             geometryType="PROMOTE_TO_MULTI")
        ds = gdal.OpenEx(gpkg)
        third = ds.GetLayer(0).GetFeature(3).GetField("site_id")
        ds = None  # closed before SQLite writes to the file
        with sqlite3.connect(gpkg) as db:
            # GeoPackage triggers call SpatiaLite functions plain SQLite lacks; the blob keeps the
            # "GP" header but its envelope is cut short.
            for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                db.execute(f'DROP TRIGGER "{trigger}"')
            db.execute("UPDATE sites SET geom = X'47500003E61000000000DEADBEEF' WHERE fid = 3")
        return gpkg, third

    def test_geopackage_with_a_broken_geometry_names_the_feature(self):
        gpkg, third = self.broken_geopackage()
        run = self.check_flags(gpkg, "--id-field", "site_id")
        self.assertFailedCleanly(run)
        self.assertInStderr(run, f"sites.gpkg: the file is damaged: feature fid 3 (id {third}) cannot be read")

    def test_validate_lists_the_damaged_feature_and_rejects_the_layer(self):
        # The data doctor must not call usable what check refuses.
        gpkg, third = self.broken_geopackage()
        run = redline("validate", gpkg, "--id-field", "site_id", "--no-overlaps", "-q")
        self.assertExit(run, EXIT_INPUT)
        self.assertIn(f"feature {third} (fid 3): Unable to read geometry", run.stdout)
        self.assertIn("NOT usable", run.stdout)
        report = json.loads(redline("validate", gpkg, "--id-field", "site_id", "--no-overlaps", "--json").stdout)
        self.assertEqual(report["damaged_count"], 1)
        self.assertEqual([(d["fid"], d["id"]) for d in report["damaged"]], [(3, third)])
        self.assertEqual(report["null_geometries"], 0)
        self.assertFalse(report["usable"])

    def test_shapefile_without_its_index_or_attribute_table(self):
        # GDAL's own message for a missing .shx suggests a configuration option; a missing .dbf
        # it reads as a layer without fields. Either way the user must copy the file along.
        for missing, role in ((".shx", "index"), (".dbf", "attribute table")):
            with self.subTest(missing=missing):
                folder = self.path("in", missing[1:])
                os.makedirs(folder)
                exts = tuple(e for e in (".shp", ".shx", ".dbf", ".prj") if e != missing)
                shp = copy_shapefile("sites", folder, exts=exts)
                run = self.check_flags(shp)
                self.assertFailedCleanly(run)
                self.assertInStderr(run, f"sites.shp: its {role} sites{missing} is missing")

    def test_shapefile_whose_attribute_table_is_cut_short_or_lies(self):
        # GDAL read these as a layer without fields or with empty attributes: the sites were
        # checked under made-up ids, or "id field not found; the fields are: (none)".
        def damaged(name, change):
            folder = self.path("in", name)
            os.makedirs(folder)
            shp = copy_shapefile("sites", folder)
            dbf = shp[:-4] + ".dbf"
            data = bytearray(read_bytes(dbf))
            with open(dbf, "wb") as f:
                f.write(change(data))
            return shp

        def record_length_one(data):
            data[10:12] = (1).to_bytes(2, "little")
            return data

        for name, change, why in (("empty", lambda d: b"", "its header is cut short"),
                                  ("header", lambda d: d[:20], "its header is cut short"),
                                  ("records", lambda d: d[:400], "it is cut short: its header announces 30 records"),
                                  ("length", record_length_one, "its header gives records of 1 bytes")):
            with self.subTest(name=name):
                shp = damaged(name, change)
                run = self.check_flags(shp)
                self.assertFailedCleanly(run)
                self.assertInStderr(run, f"sites.shp: the file is damaged: sites.dbf: {why}")
                validate = redline("validate", shp)
                self.assertExit(validate, EXIT_INPUT)
                self.assertInStderr(validate, "sites.dbf")

    def test_shapefile_records_marked_deleted_are_left_out_and_said_so(self):
        # A record deleted in ArcGIS or dBASE without packing keeps its shape; GDAL (as ArcGIS and
        # QGIS) leaves it out. The counts must agree, and the planner hear of it.
        shp = copy_shapefile("sites", self.path("in"))
        dbf = shp[:-4] + ".dbf"
        data = bytearray(read_bytes(dbf))
        header, record = int.from_bytes(data[8:10], "little"), int.from_bytes(data[10:12], "little")
        data[header + 5 * record] = ord("*")  # the sixth record, XM006
        with open(dbf, "wb") as f:
            f.write(data)
        out = self.out
        run = self.check_flags(shp, "--id-field", "site_id", "-q")
        self.assertExit(run, 0)
        self.assertInStderr(run, "warning: sites.shp: 1 record marked deleted in the .dbf left out")
        result = load_json(os.path.join(out, "result.json"))
        ids = [s["id"] for s in result["subjects"]]
        self.assertEqual(len(ids), 29)
        self.assertNotIn("XM006", ids)
        subjects = next(i for i in result["inputs"] if i["role"] == "subjects")
        self.assertEqual(subjects["features"], 29)
        report = json.loads(redline("validate", shp, "--json", "--no-overlaps").stdout)
        self.assertEqual(report["features"], 29)
        self.assertEqual(sum(report["geometry_types"].values()), 29)

    def test_a_zipped_shapefile_is_read_and_checked_as_the_unzipped_one(self):
        # Zipped, GDAL reads sites.shp.zip itself, and the checks on its parts looked for a .dbf
        # beside the .zip: a .dbf of another version lost sites without a word, and the GBK names
        # (no .cpg) came out garbled. sites.zip and /vsizip/ paths were refused.
        import zipfile
        folder = self.path("in", "unzipped")
        shp = copy_shapefile("sites", folder)  # GBK, no .cpg
        plain = self.path("plain")
        self.assertOk(redline("check", "--subjects", shp, "--constraints", sample("redlines.shp"), "--category-field",
                              "category", "--id-field", "site_id", "--name-field", "名称", "--out", plain, "-q"))
        want = load_json(os.path.join(plain, "result.json"))["subjects"]
        for name in ("sites.shp.zip", "sites.zip"):
            archive = self.path("in", name)
            with zipfile.ZipFile(archive, "w") as z:
                for f in sorted(os.listdir(folder)):
                    z.write(os.path.join(folder, f), f)
            for source in (archive, "/vsizip/" + archive, "/vsizip/" + archive + "/sites.shp"):
                out = self.path("zipped")
                run = redline("check", "--subjects", source, "--constraints", sample("redlines.shp"),
                              "--category-field", "category", "--id-field", "site_id", "--name-field", "名称",
                              "--out", out, "-q")
                self.assertOk(run)
                got = load_json(os.path.join(out, "result.json"))["subjects"]
                self.assertEqual([(s["id"], s["name"], s["area_m2"]) for s in got],
                                 [(s["id"], s["name"], s["area_m2"]) for s in want], source)
                shutil.rmtree(out)
        # A .dbf of another version inside the zip is refused as it is unzipped.
        records = read_bytes(os.path.join(folder, "sites.dbf"))
        header, length = int.from_bytes(records[8:10], "little"), int.from_bytes(records[10:12], "little")
        short = bytearray(records[:header + 25 * length]) + b"\x1a"
        short[4:8] = (25).to_bytes(4, "little")
        damaged = self.path("in", "damaged.shp.zip")
        with zipfile.ZipFile(damaged, "w") as z:
            for f in sorted(os.listdir(folder)):
                z.writestr(f, bytes(short) if f.endswith(".dbf") else read_bytes(os.path.join(folder, f)))
        run = self.check_flags(damaged, "--id-field", "site_id")
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "damaged.shp.zip/sites.shp: the file is damaged: it holds 30 shapes but sites.dbf "
                                 "holds 25 records")
        self.assertEqual([d for d in os.listdir(tempfile.gettempdir()) if d.startswith("redline-zip-")], [])

    def zipped(self, name, members):
        """A zip in TMP/in of (name inside, path or bytes) pairs."""
        import zipfile
        archive = self.path("in", name)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for inside, what in members:
                if isinstance(what, bytes):
                    z.writestr(inside, what)
                else:
                    z.write(what, inside)
        return archive

    @staticmethod
    def shapefile_members(stem, as_stem=None):
        return [((as_stem or stem) + ext, sample(stem + ext)) for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg")
                if os.path.exists(sample(stem + ext))]

    def test_a_zip_of_a_shapefile_and_another_vector_file_asks_which(self):
        # The shapefile used to be taken without a word, the GeoJSON or GeoPackage ignored.
        for other in ("water_sources.geojson", "zones.gpkg"):
            with self.subTest(other=other):
                archive = self.zipped("mixed.zip", self.shapefile_members("redlines") + [(other, sample(other))])
                run = redline("info", archive)
                self.assertExit(run, 1)
                self.assertInStderr(run, "mixed.zip: holds several vector files (", "redlines.shp", other,
                                    "choose one by its name")
                self.assertOk(redline("info", archive + "|redlines"))
        # A table without geometry beside the shapefile is no second choice.
        archive = self.zipped("table.zip", self.shapefile_members("redlines") + [("attributes.csv", b"a,b\n1,2\n")])
        self.assertOk(redline("info", archive))

    def test_a_zipped_geopackage_layer_is_chosen_after_the_zip(self):
        archive = self.zipped("zones.zip", [("zones.gpkg", sample("zones.gpkg"))])
        run = redline("info", archive)
        self.assertExit(run, 1)
        # The path suggested is one that works, not the temporary copy.
        self.assertInStderr(run, f'choose one ("{archive}|LAYER"')
        self.assertNotIn("redline-zip-", run.stderr)
        run = redline("info", archive + "|basins")
        self.assertOk(run)
        self.assertIn("basins", run.stdout)
        run = redline("info", archive + "|nothere")
        self.assertExit(run, 1)
        self.assertInStderr(run, 'no layer named "nothere"')

    def test_a_relative_vsizip_path_in_a_project_is_the_projects(self):
        os.makedirs(self.path("in", "data"))
        shutil.copy(self.zipped("zones.zip", [("zones.gpkg", sample("zones.gpkg"))]), self.path("in", "data"))
        p = absolute_project("project.json")
        p["zones"][0]["path"] = "/vsizip/data/zones.zip/zones.gpkg"
        project = write_json(self.path("in", "project.json"), p)
        run = redline("check", project, "--out", self.out, "-q", cwd=self.path("work"))
        self.assertOk(run)

    def test_gbk_member_names_are_read_as_gbk(self):
        # Chinese Windows zip tools write names in GBK without the UTF-8 flag; GDAL decoded them as
        # CP437 (mojibake) and "|项目用地" found nothing. Written here with ASCII stand-ins of the
        # GBK names' length, then the bytes swapped, as Python writes only UTF-8 names.
        gbk = "项目用地".encode("gbk")
        stand_in = b"Q" * len(gbk)
        archive = self.zipped("gbk.zip", self.shapefile_members("sites", stand_in.decode())
                              + self.shapefile_members("redlines"))
        with open(archive, "rb") as f:
            raw = f.read().replace(stand_in, gbk)
        with open(archive, "wb") as f:
            f.write(raw)
        run = redline("info", archive)
        self.assertExit(run, 1)
        self.assertInStderr(run, "项目用地.shp")
        run = redline("info", archive + "|项目用地")
        self.assertOk(run)
        self.assertIn("site_id", run.stdout)

    def test_a_password_protected_zip_says_so(self):
        archive = self.zipped("enc.zip", self.shapefile_members("sites"))
        raw = bytearray(read_bytes(archive))
        # The "encrypted" bit of each entry's flags, in its local header (offset 6) and its central
        # directory entry (offset 8): what a zip tool writes with a password, less the ciphering.
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = raw.find(signature)
            while at >= 0:
                raw[at + offset] |= 1
                at = raw.find(signature, at + 4)
        with open(archive, "wb") as f:
            f.write(raw)
        run = self.check_flags(archive)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "enc.zip: is password-protected")
        self.assertNotIn("ERROR", run.stderr)
        self.assertNotIn("/vsizip/", run.stderr)

    def test_only_the_parts_gdal_reads_are_extracted(self):
        # A zip may carry a spatial index or anything else of the shapefile's name, gigabytes of it:
        # only .shp .shx .dbf .prj .cpg are extracted. Here the extra member is damaged, so that
        # extracting it fails.
        archive = self.zipped("extra.zip", self.shapefile_members("sites") + [("sites.sbn", bytes(range(256)) * 4096)])
        raw = bytearray(read_bytes(archive))
        at = raw.find(b"sites.sbn") + len("sites.sbn")  # its local header's name; the data follows
        for i in range(at + 100, at + 400):
            raw[i] ^= 0xFF
        with open(archive, "wb") as f:
            f.write(raw)
        self.assertExit(redline("info", "/vsizip/" + archive + "/sites.sbn"), 1)  # damaged indeed
        run = self.check_flags(archive)
        self.assertOk(run)

    def test_a_zipped_boundary_points_txt(self):
        text = ("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=40\n[地块坐标]\n"
                "5,29.0000,JZ001,仓储,面,,,,@\nJ1,1,3500000,40490000\nJ2,1,3500000,40490600\n"
                "J3,1,3500500,40490600\nJ4,1,3500500,40490000\nJ1,1,3500000,40490000\n")
        archive = self.zipped("jzd.zip", [("界址点.txt", text.encode("gbk"))])
        run = redline("info", archive)
        self.assertOk(run)
        self.assertIn("EPSG:4528", run.stdout)

    def test_shapefile_whose_attribute_table_belongs_to_another_version(self):
        # GDAL stops at the shorter of .shp and .dbf without a word: the 30th site would be left
        # out of the check. A longer .dbf pairs shapes with another version's attributes.
        shorter = self.path("in", "shorter")
        gdal.VectorTranslate(shorter, sample("sites.shp"), format="ESRI Shapefile", where="FID < 29",
                             layerName="sites")
        longer = self.path("in", "longer")
        gdal.VectorTranslate(longer, sample("sites.shp"), format="ESRI Shapefile", layerName="sites")
        gdal.VectorTranslate(longer, sample("sites.shp"), format="ESRI Shapefile", layerName="sites",
                             accessMode="append", where="FID < 2")
        for source, records in ((shorter, 29), (longer, 32)):
            with self.subTest(records=records):
                folder = self.path("in", f"mixed{records}")
                shp = copy_shapefile("sites", folder)
                with open(os.path.join(source, "sites.dbf"), "rb") as other, \
                        open(os.path.join(folder, "sites.dbf"), "wb") as dbf:
                    dbf.write(other.read())
                run = self.check_flags(shp, "--id-field", "site_id")
                self.assertFailedCleanly(run)
                self.assertInStderr(run, f"sites.shp: the file is damaged: it holds 30 shapes but sites.dbf "
                                         f"holds {records} records")
                doctor = redline("validate", shp)
                self.assertExit(doctor, EXIT_INPUT)
                self.assertInStderr(doctor, "holds 30 shapes")

    def test_constraints_without_a_usable_polygon_are_named(self):
        empty = self.path("in", "empty_redlines.gpkg")
        gdal.VectorTranslate(empty, sample("redlines.shp"), format="GPKG", where="1 = 0")
        run = self.check_flags(sample("sites.shp"), constraints=empty)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "empty_redlines.gpkg: no usable constraint polygon (0 features read)")

    def test_geojson_naming_an_unknown_crs(self):
        # GDAL says "crs not found" and reads the file as WGS 84, whatever it holds.
        site = write_json(self.path("in", "sites.geojson"), {
            "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:99999999"}},
            "features": [{"type": "Feature", "properties": {"code": "S1"}, "geometry": {"type": "Polygon", "coordinates": [
                [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]]}}]})
        run = self.check_flags(site)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, 'sites.geojson: its "crs" member names a CRS that is not known')
        self.assertOk(self.check_flags(site + "|crs=EPSG:4490", "-q"))

    def test_shapefile_without_prj(self):
        shp = copy_shapefile("sites", self.path("in"), exts=(".shp", ".shx", ".dbf"))
        run = self.check_flags(shp)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "sites.shp")
        self.assertRegex(run.stderr, r"no CRS")

    def test_shapefile_with_an_unreadable_prj(self):
        # "no .prj" would send the planner looking for a file that is there
        shp = copy_shapefile("sites", self.path("in"), exts=(".shp", ".shx", ".dbf"))
        with open(self.path("in", "sites.prj"), "w", encoding="ascii") as f:
            f.write("Xian 1980 / 3-degree, ask the surveyor")
        run = self.check_flags(shp)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "sites.shp: the layer has no CRS (its sites.prj is not a CRS GDAL can read); "
                                 "state it with \"|crs=EPSG:4490\" after the path")

    def test_attribute_table_as_a_layer(self):
        # a GeoPackage table without a geometry column is no layer to check; it has no CRS either,
        # but that is not what the planner must fix
        table = self.path("in", "table.gpkg")
        gdal.VectorTranslate(table, sample("sites.shp"), format="GPKG", layerName="sites_table",
                             geometryType="NONE")
        for subjects, constraints, category in ((table, None, "category"), (sample("sites.shp"), table, "site_id")):
            with self.subTest(subjects=subjects):
                run = self.check_flags(subjects, constraints=constraints, category_field=category)
                self.assertFailedCleanly(run)
                self.assertInStderr(run, "table.gpkg: the layer sites_table has no geometry (an attribute table)")
        doctor = redline("validate", "--json", table)
        self.assertExit(doctor, EXIT_INPUT)
        report = json.loads(doctor.stdout)
        self.assertFalse(report["geometry_column"])
        self.assertFalse(report["usable"])

    def test_shapefile_without_prj_but_crs_given(self):
        # the message's advice works: state the CRS after the path
        shp = copy_shapefile("sites", self.path("in"), exts=(".shp", ".shx", ".dbf"))
        run = self.check_flags(shp + "|crs=EPSG:4490", "--id-field", "site_id", "-q")
        self.assertOk(run)
        self.assertEqual(len(load_json(os.path.join(self.out, "result.json"))["subjects"]), 30)

    # ------------------------------------------------------------------ fields
    def test_wrong_category_field(self):
        run = self.check_flags(sample("sites.shp"), category_field="categroy")
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "redlines.shp", "categroy")
        for field in ("code", "name", "category", "类型"):  # the available fields are listed
            self.assertIn(field, run.stderr.split("categroy", 1)[1], run.stderr)

    def test_wrong_id_field_in_project(self):
        p = absolute_project("project.json")
        p["subjects"]["id_field"] = "siteid"
        run = redline("check", write_json(self.path("in", "p.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "siteid", "$.subjects.id_field", "site_id", "名称")

    def test_wrong_zone_field_in_project(self):
        p = absolute_project("project.json")
        p["zones"][1]["field"] = "县"
        run = redline("check", write_json(self.path("in", "p.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "县", "$.zones[1].field", "county")

    # ------------------------------------------------------------------ project file
    def test_broken_project_json_has_line_and_column(self):
        text = '{\n  "version": 1,\n  "subjects": {"path": "sites.shp",}\n}\n'
        project = self.path("in", "broken.json")
        with open(project, "w", encoding="utf-8") as f:
            f.write(text)
        with self.assertRaises(json.JSONDecodeError) as err:  # where Python's parser stops, independently
            json.loads(text)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, f"broken.json:{err.exception.lineno}:{err.exception.colno}")

    def test_a_key_given_twice_is_refused(self):
        # JSON parsers keep the last of two equal keys: a second "constraints" silently dropped
        # the redlines from the check (2 conflicts instead of 19, exit 0).
        p = absolute_project("project.json")
        constraints = json.dumps(p["constraints"][:1], ensure_ascii=False)
        water = json.dumps(p["constraints"][1:], ensure_ascii=False)
        text = json.dumps(p, ensure_ascii=False).replace(
            '"constraints": ' + json.dumps(p["constraints"], ensure_ascii=False),
            f'"constraints": {constraints}, "constraints": {water}')
        self.assertEqual(text.count('"constraints"'), 2)
        project = self.path("in", "twice.json")
        with open(project, "w", encoding="utf-8") as f:
            f.write(text)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, 'twice.json: $.constraints: the key "constraints" appears twice')
        # Inside an object, that object is named.
        with open(project, "w", encoding="utf-8") as f:
            f.write(json.dumps(p, ensure_ascii=False).replace('"id_field": "site_id"',
                                                              '"id_field": "site_id", "id_field": "名称"'))
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, '$.subjects.id_field: the key "id_field" appears twice')
        # In an item of a list, the item is named (it was the previous item's last key).
        with open(project, "w", encoding="utf-8") as f:
            f.write(json.dumps(p, ensure_ascii=False).replace('"category": "water_source"',
                                                              '"category": "water_source", "category": "core"'))
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, '$.constraints[1].category: the key "category" appears twice')

    def test_a_utf16_project_is_named_as_such(self):
        project = self.path("in", "unicode.json")
        with open(project, "w", encoding="utf-16") as f:  # Notepad's "Unicode": UTF-16 with a BOM
            json.dump(absolute_project("project.json"), f, ensure_ascii=False)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "unicode.json: the text is UTF-16 (Notepad's \"Unicode\"); save it as UTF-8")

    def test_analysis_crs_must_be_geographic_or_projected(self):
        # A geocentric CRS has no plane to overlay in: every site came out "no area", exit 0.
        for code in ("EPSG:4978", "EPSG:5773"):  # WGS 84 geocentric; EGM96 height (vertical)
            project = write_json(self.path("in", "geocentric.json"), absolute_project("project.json", analysis_crs=code))
            for command, out in (("check", self.out), ("stats", self.out + ".csv")):
                run = redline(command, project, "--out", out)
                self.assertFailedCleanly(run)
                self.assertInStderr(run, f"geocentric.json: $.analysis_crs: {code} is neither geographic nor projected")
        # On the command line the flag is named, and PROJ's own error line is not printed.
        run = redline("check", "--subjects", sample("sites.shp"), "--constraints", sample("redlines.shp"),
                      "--category-field", "category", "--analysis-crs", "EPSG:99999", "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, '--analysis-crs: unknown CRS "EPSG:99999"')
        self.assertNotIn("ERROR 1", run.stderr)

    def test_a_number_beyond_a_double_is_named(self):
        text = json.dumps(absolute_project("project.json"), ensure_ascii=False).replace(
            '"min_area_m2": 1.0', '"min_area_m2": 1e999')
        self.assertIn("1e999", text)
        project = self.path("in", "huge.json")
        with open(project, "w", encoding="utf-8") as f:
            f.write(text)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "huge.json: invalid JSON: a number is beyond the range of a double")

    def test_a_directory_given_as_the_project_is_named(self):
        run = redline("check", self.path("in"), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "is a directory, not a JSON file")

    def test_broken_project_json_missing_comma(self):
        p = json.dumps(absolute_project("project.json"), ensure_ascii=False, indent=2).splitlines()
        line = next(i for i, l in enumerate(p) if '"min_area_m2"' in l)
        p[line] = p[line].rstrip(",")
        text = "\n".join(p) + "\n"
        project = self.path("in", "comma.json")
        with open(project, "w", encoding="utf-8") as f:
            f.write(text)
        with self.assertRaises(json.JSONDecodeError) as err:
            json.loads(text)
        run = redline("check", project, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertRegex(run.stderr, rf"comma\.json:{err.exception.lineno}:\d+")

    def test_project_unknown_key(self):
        p = absolute_project("project.json")
        p["subjects"]["id_feild"] = "site_id"
        run = redline("check", write_json(self.path("in", "typo.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "typo.json", "$.subjects.id_feild")

    def test_project_unknown_top_level_key(self):
        p = absolute_project("project.json")
        p["outputs"] = "x"
        run = redline("check", write_json(self.path("in", "typo.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "$.outputs")

    def test_project_unknown_key_in_list(self):
        p = absolute_project("project.json")
        p["constraints"][1]["catgory"] = "water_source"
        run = redline("check", write_json(self.path("in", "typo.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "$.constraints[1].catgory")

    def test_project_wrong_type(self):
        p = absolute_project("project.json", threads="four")
        run = redline("check", write_json(self.path("in", "p.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "$.threads")

    def test_missing_project_file(self):
        run = redline("check", self.path("in", "nope.json"), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "nope.json")

    # ------------------------------------------------------------------ rules
    def test_rules_unknown_severity(self):
        rules = load_json(sample("rules.json"))
        rules["categories"]["general"]["severity"] = "forbidden"
        path = write_json(self.path("in", "rules.json"), rules)
        run = redline("check", sample("project.json"), "--rules", path, "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "rules.json", "$.categories.general.severity", "forbidden")

    def test_inline_rules_unknown_severity(self):
        rules = load_json(sample("rules.json"))
        rules["default"]["severity"] = "maybe"
        p = absolute_project("project.json", rules=rules)
        run = redline("check", write_json(self.path("in", "p.json"), p), "--out", self.out)
        self.assertFailedCleanly(run)
        self.assertInStderr(run, "maybe", "severity")
        self.assertRegex(run.stderr, r"\$\.rules\.default\.severity|\$\.default\.severity")

    # ------------------------------------------------------------------ usage and output
    def test_unknown_flag(self):
        run = redline("check", sample("project.json"), "--no-such-flag", "--out", self.out)
        self.assertExit(run, EXIT_USAGE)
        self.assertIn("--no-such-flag", run.stdout + run.stderr)
        self.assertNoOutput(self.path("work"), "out")

    def test_output_below_a_file(self):
        blocker = self.path("work", "file.txt")
        with open(blocker, "w") as f:
            f.write("not a directory\n")
        run = redline("check", sample("project.json"), "--out", os.path.join(blocker, "out"), "-q")
        self.assertExit(run, EXIT_OUTPUT)
        self.assertInStderr(run, "file.txt")
        self.assertNoOutput(self.path("work"), "out", ["file.txt"])
        with open(blocker) as f:
            self.assertEqual(f.read(), "not a directory\n")

    def test_number_too_wide_for_a_shapefile(self):
        # A DBF number is fixed-width text: 1e300 cannot be written whole, and GDAL would cut it
        # to 1e23 with a warning. Refused, naming the file, field and subject; nothing written.
        square = [[119.0, 32.0], [119.01, 32.0], [119.01, 32.01], [119.0, 32.01], [119.0, 32.0]]
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
        sites = write_json(self.path("in", "sites.geojson"), {"type": "FeatureCollection", "crs": crs, "features": [
            {"type": "Feature", "properties": {"code": "XM1", "budget": 1.5e9},
             "geometry": {"type": "Polygon", "coordinates": [square]}},
            {"type": "Feature", "properties": {"code": "XM2", "budget": 1e300},
             "geometry": {"type": "Polygon", "coordinates": [square]}}]})
        run = self.check_flags(sites, "--id-field", "code", "--shapefile", "-q")
        self.assertFailedCleanly(run, EXIT_OUTPUT)
        self.assertRegex(run.stderr, r"out/subjects\.shp: the value 1e\+300 of field budget \(subject XM2\) does not fit")
        self.assertNotIn("Warning", run.stderr)
        self.assertOk(self.check_flags(sites, "--id-field", "code", "-q"))  # GeoPackage holds it

    def test_inputs_are_not_modified(self):
        # a failing run (and a successful one) leaves the input files byte-identical
        shp = copy_shapefile("sites", self.path("in"))
        before = {n: read_bytes(self.path("in", n)) for n in sorted(os.listdir(self.path("in")))}
        self.assertExit(self.check_flags(shp, category_field="nope"), EXIT_INPUT)
        self.assertOk(self.check_flags(shp, "-q"))
        after = {n: read_bytes(self.path("in", n)) for n in sorted(os.listdir(self.path("in")))}
        self.assertEqual(before, after)


if __name__ == "__main__":
    main()
