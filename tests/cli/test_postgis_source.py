#!/usr/bin/python3
"""Layers read from a PostGIS database (`PG:…|TABLE`), checked against PostGIS itself.

A throwaway PostgreSQL + PostGIS cluster (scripts/postgis.sh, under a temporary folder) holds the
sample sites and redlines, loaded with ogr2ogr. Redline reads both tables from it; every site's
area and overlap per category must equal what the server computes on the same tables with
ST_Area(geography) (CGCS2000's ellipsoid, 1e-6 relative as the correctness contract says). The
connection string's password must not reach a message, result.json or a report, and a table that
is missing, a database of several tables and an unreachable server are refused, naming the source.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from cli_testlib import (EXIT_INPUT, SOURCE_DIR, RedlineTestCase, load_json, main, redline, sample,
                         write_json)

POSTGIS_SH = os.path.join(SOURCE_DIR, "scripts", "postgis.sh")
PASSWORD = "s3cret-Pa55"  # trust authentication ignores it; it must still never be shown


class Server:
    """A private cluster under a fresh temporary folder, stopped and removed at the end."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="redline-pg-")
        os.chmod(self.root, 0o755)  # as root the server runs as `postgres`, which must reach it
        self.env = {**os.environ, "REDLINE_PG_ROOT": self.root}
        proc = subprocess.run([POSTGIS_SH, "start"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=180)
        if proc.returncode != 0:
            self.stop()
            raise RuntimeError(f"scripts/postgis.sh start failed (PostgreSQL + PostGIS come with "
                               f"scripts/install-deps.sh):\n{proc.stdout.decode()}{proc.stderr.decode()}")
        self.conninfo = proc.stdout.decode().strip().splitlines()[-1]

    def psql(self, sql):
        proc = subprocess.run(["psql", self.conninfo, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"psql failed: {proc.stderr.decode()}")
        return [line.split("|") for line in proc.stdout.decode().splitlines() if line]

    def load(self, path, table, *options):
        proc = subprocess.run(["ogr2ogr", "-f", "PostgreSQL", f"PG:{self.conninfo}", path, "-nln", table,
                               "-overwrite", "-nlt", "PROMOTE_TO_MULTI", "-lco", "GEOMETRY_NAME=geom",
                               "-lco", "LAUNDER=NO", *options],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"ogr2ogr {path} → {table} failed: {proc.stderr.decode()}")

    def stop(self):
        subprocess.run([POSTGIS_SH, "stop"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)
        shutil.rmtree(self.root, ignore_errors=True)


class PostgisSourceTest(RedlineTestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server()
        try:
            # The sample sites are GBK without a .cpg; the database holds text as UTF-8.
            cls.server.load(sample("sites.shp"), "sites", "--config", "SHAPE_ENCODING", "CP936")
            cls.server.load(sample("redlines.shp"), "redlines")
            cls.server.psql("CREATE SCHEMA audit; CREATE TABLE audit.red2 AS SELECT * FROM redlines;"
                            "ALTER TABLE audit.red2 ADD PRIMARY KEY (ogc_fid)")
            # Tables a database may hold that a file cannot: one geometry column of rows in two
            # SRIDs, and a table with two geometry columns (a point, then the site's polygon).
            cls.server.psql("CREATE SCHEMA odd;"
                            "CREATE TABLE odd.mixed (id serial PRIMARY KEY, site_id text, geom geometry);"
                            "INSERT INTO odd.mixed (site_id, geom) SELECT site_id, ST_Transform(geom, 4549) "
                            "FROM sites WHERE ogc_fid <= 15;"
                            "INSERT INTO odd.mixed (site_id, geom) SELECT site_id, ST_Transform(geom, 4550) "
                            "FROM sites WHERE ogc_fid > 15;"
                            "CREATE TABLE odd.two (id serial PRIMARY KEY, site_id text, pt geometry(Point, 4490), "
                            "geom geometry(MultiPolygon, 4490));"
                            "INSERT INTO odd.two (site_id, pt, geom) SELECT site_id, ST_PointOnSurface(geom), geom "
                            "FROM sites;"
                            # A view whose 21st row fails on the server, as a lost connection does.
                            "CREATE VIEW odd.failing AS SELECT ogc_fid, site_id, geom, "
                            "CASE WHEN ogc_fid > 20 THEN 1 / (ogc_fid - ogc_fid) ELSE 0 END AS boom FROM sites")
        except Exception:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def source(self, table=None):
        conn = f"PG:{self.server.conninfo} password={PASSWORD}"
        return f"{conn}|{table}" if table else conn

    def project(self, **changes):
        p = {"version": 1,
             "analysis_crs": "EPSG:4490",
             "subjects": {"path": self.source(), "layer": "sites", "id_field": "site_id", "name_field": "名称"},
             "constraints": [{"path": self.source(), "layer": "redlines", "category_field": "category",
                              "id_field": "code", "name_field": "name"}],
             "rules": sample("rules.json")}
        p.update(changes)
        return write_json(self.path("project.json"), p)

    def reference(self):
        """{site_id: (area, {category: overlap})} from PostGIS on the same tables: each category's
        redlines united, cut by the site (a bow-tie repaired with ST_MakeValid, as GEOS repairs it
        for Redline), measured on the ellipsoid."""
        site = "ST_MakeValid(s.geom)"
        areas = {sid: float(a) for sid, a in self.server.psql(
            f"SELECT site_id, ST_Area({site}::geography, true) FROM sites s")}
        overlaps = {}
        for sid, category, area in self.server.psql(
                f"SELECT s.site_id, r.category, ST_Area(ST_Intersection({site}, ST_Union(r.geom))::geography, true) "
                f"FROM sites s JOIN redlines r ON ST_Intersects({site}, r.geom) GROUP BY s.site_id, s.geom, r.category"):
            if float(area) > 1.0:  # the rules' minimum overlap
                overlaps.setdefault(sid, {})[category] = float(area)
        return {sid: (a, overlaps.get(sid, {})) for sid, a in areas.items()}

    def test_sites_and_redlines_from_postgis_agree_with_postgis_geography_areas(self):
        run = redline("check", self.project(output=self.path("out")))
        self.assertOk(run)
        result = load_json(self.path("out", "result.json"))
        reference = self.reference()
        self.assertEqual(len(result["subjects"]), len(reference))
        self.assertGreater(sum(1 for _, o in reference.values() if o), 10, "the sample has conflicts")
        for s in result["subjects"]:
            area, overlaps = reference[s["id"]]
            self.assertClose(s["area_m2"], area, 1e-6, s["id"])
            got = {o["category"]: o["area_m2"] for o in s["overlaps"]}
            self.assertEqual(sorted(got), sorted(overlaps), s["id"])
            for category, want in overlaps.items():
                self.assertClose(got[category], want, 1e-6, f"{s['id']} {category}")
        # The names came through as UTF-8 from the database.
        self.assertIn("老山生态旅游服务中心项目", [s["name"] for s in result["subjects"]])

    def test_the_password_is_never_shown(self):
        out = self.path("out")
        self.assertOk(redline("check", self.project(output=out)))
        report = self.path("report.html")
        self.assertOk(redline("report", self.path("project.json"), "--out", report))
        info = redline("info", self.source("sites"), "--json")
        self.assertOk(info)
        texts = [info.stdout, info.stderr]
        for folder, _, files in os.walk(out):
            for f in files:
                with open(os.path.join(folder, f), "rb") as fh:
                    texts.append(fh.read().decode("utf-8", "replace"))
        with open(report, encoding="utf-8") as fh:
            texts.append(fh.read())
        for text in texts:
            self.assertNotIn(PASSWORD, text)
        inputs = load_json(os.path.join(out, "result.json"))["inputs"]
        self.assertEqual([i["layer"] for i in inputs], ["PG:dbname=bench|sites", "PG:dbname=bench|redlines"])
        self.assertIn("password=***", inputs[0]["path"])
        self.assertEqual(inputs[0]["driver"], "PostgreSQL")

    def test_a_table_in_another_schema_and_a_layer_from_the_command_line(self):
        run = redline("check", "--subjects", self.source("sites"), "--constraints", self.source("audit.red2"),
                      "--category-field", "category", "--out", self.path("out"))
        self.assertOk(run)
        by_id = {s["id"]: s for s in load_json(self.path("out", "result.json"))["subjects"]}
        reference = self.reference()
        # Without --id-field the sites are numbered by their FID; compare through the names.
        names = dict(self.server.psql("SELECT ogc_fid, site_id FROM sites"))
        for fid, s in by_id.items():
            _, overlaps = reference[names[fid]]
            got = {o["category"]: o["area_m2"] for o in s["overlaps"]}
            for category, want in overlaps.items():
                self.assertClose(got[category], want, 1e-6, f"{fid} {category}")

    def test_a_missing_table_names_the_database_and_lists_its_tables(self):
        run = redline("check", self.project(output=self.path("out"),
                                            constraints=[{"path": self.source(), "layer": "redline",
                                                          "category_field": "category"}]))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, 'PG:dbname=bench: no table named "redline"', "redlines", "sites", "audit.red2",
                            "$.constraints[0]")
        self.assertNotIn(PASSWORD, run.stderr)
        self.assertNoOutput(self.tmp, "out", ["project.json"])

    def test_a_database_of_several_tables_needs_one_named(self):
        run = redline("check", "--subjects", self.source(), "--constraints", sample("redlines.shp"),
                      "--category-field", "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "PG:dbname=bench: has 6 tables with geometry", "choose one")
        self.assertNotIn(PASSWORD, run.stderr)
        self.assertNoOutput(self.tmp, "out")

    def test_an_unreachable_server_is_an_input_error_without_the_password(self):
        nowhere = os.path.join(self.tmp, "nosocket")
        run = redline("check", "--subjects", f"PG:host={nowhere} dbname=plans password={PASSWORD}|sites",
                      "--constraints", sample("redlines.shp"), "--category-field", "category",
                      "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "PG:dbname=plans: cannot connect")
        self.assertNotIn(PASSWORD, run.stderr)
        self.assertNoOutput(self.tmp, "out", ["nosocket"] if os.path.exists(nowhere) else [])

    def test_rows_of_several_srids_are_refused(self):
        # GDAL took the first row's SRID for all: half the sites landed 280 km off, and seven
        # conflicts came out clear.
        run = redline("check", "--subjects", self.source("odd.mixed"), "--constraints", self.source("redlines"),
                      "--category-field", "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "PG:dbname=bench|odd.mixed", "several SRIDs (4549, 4550)", "ST_Transform")
        self.assertNotIn(PASSWORD, run.stderr)
        self.assertNoOutput(self.tmp, "out")

    def test_a_table_of_two_geometry_columns_needs_one_named(self):
        run = redline("check", "--subjects", self.source("odd.two"), "--constraints", self.source("redlines"),
                      "--category-field", "category", "--id-field", "site_id", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "has 2 geometry columns (pt, geom)", "odd.two(geom)")
        # Named, the polygons are read: the same areas as the sites table.
        self.assertOk(redline("check", "--subjects", self.source("odd.two(geom)"), "--constraints",
                              self.source("redlines"), "--category-field", "category", "--id-field", "site_id",
                              "--out", self.path("out")))
        reference = self.reference()
        for s in load_json(self.path("out", "result.json"))["subjects"]:
            self.assertClose(s["area_m2"], reference[s["id"]][0], 1e-6, s["id"])

    def test_passwords_in_any_form_are_never_shown(self):
        # libpq ends an unquoted value at white space only; a quoted one may hold '|'.
        base = self.server.conninfo
        for conn in (f"PG:{base} password=Ab12,Tail9;Semi8", f"PG:{base}\npassword=Nl{PASSWORD}",
                     f"PG:{base} password='Pi|pe{PASSWORD}'"):
            secret = conn.split("password=")[1].strip("'")
            for args in (("info", conn + "|sites"), ("validate", conn + "|sites"), ("validate", conn + "|sites", "--json"),
                         ("info", conn + "|sites|srs=EPSG:4490")):
                run = redline(*args)
                for part in (secret, secret.split(",")[-1], secret.split("|")[-1]):
                    self.assertNotIn(part, run.stdout + run.stderr, f"{args[0]} showed a password")
            out = self.path("out")
            self.assertOk(redline("check", "--subjects", conn + "|sites", "--constraints", self.source("redlines"),
                                  "--category-field", "category", "--out", out, "-q"))
            with open(os.path.join(out, "result.json"), encoding="utf-8") as f:
                self.assertNotIn(secret.split("|")[-1], f.read())
            shutil.rmtree(out)

    def test_a_read_failing_on_the_server_is_not_called_a_damaged_file(self):
        run = redline("check", "--subjects", self.source("odd.failing"), "--constraints", self.source("redlines"),
                      "--category-field", "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "PG:dbname=bench|odd.failing: reading from the database failed", "division by zero")
        self.assertNotIn("damaged", run.stderr)
        self.assertNoOutput(self.tmp, "out")

    def test_an_encoding_override_on_a_database_is_refused(self):
        run = redline("check", "--subjects", self.source("sites") + "|encoding=CP936", "--constraints",
                      sample("redlines.shp"), "--category-field", "category", "--out", self.path("out"))
        self.assertExit(run, EXIT_INPUT)
        self.assertInStderr(run, "encoding=CP936 applies to files")


if __name__ == "__main__":
    main()
