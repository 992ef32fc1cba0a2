#!/usr/bin/python3
"""Outputs that cannot be written in full: a run must fail (exit 3), leave no file, and leave a
previous good output as it was. A full disk is stood in for by a file-size limit (RLIMIT_FSIZE,
with SIGXFSZ ignored, writes past it fail as they do on a full disk), which needs no root.

Qt's PDF and SVG writers and GDAL's XLSX driver dropped their write errors: a truncated PDF or a
cut zip was renamed into place with exit 0."""
import os
import resource
import signal
import subprocess

from cli_testlib import EXIT_OUTPUT, REDLINE, RedlineTestCase, Run, main, read_bytes, redline, sample

LIMIT = 16 * 1024  # bytes: far below any of these outputs of the sample project


def limited_redline(*args, limit_bytes=LIMIT):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    proc = subprocess.run([REDLINE, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
                          preexec_fn=limit, env={**os.environ, "LC_ALL": "C.UTF-8"})
    return Run([str(a) for a in args], proc)


class WriteFailureTest(RedlineTestCase):
    def assertFailsAndKeepsTheOldOutput(self, command, out, *extra):
        good = redline(command, sample("project.json"), "--out", out, *extra)
        self.assertExit(good, 0)
        before = read_bytes(out)
        self.assertGreater(len(before), LIMIT, "the test needs an output larger than the limit")
        run = limited_redline(command, sample("project.json"), "--out", out, *extra)
        self.assertExit(run, EXIT_OUTPUT)
        self.assertIn("cannot write", run.stderr)
        self.assertEqual(read_bytes(out), before, f"{out} was replaced by a failed run")
        self.assertEqual(sorted(os.listdir(os.path.dirname(out))), [os.path.basename(out)], "leftovers")

    def test_check_at_several_stages_of_its_writing(self):
        # The GeoPackage fails at its first pages, in the subjects table, or in its R-tree: each is
        # exit 3 with one short line naming the file, and no results folder.
        for limit in (16 * 1024, 48 * 1024, 96 * 1024, 140 * 1024):
            out = self.path(f"out{limit}")
            run = limited_redline("check", sample("project.json"), "--out", out, "-q", limit_bytes=limit)
            self.assertExit(run, EXIT_OUTPUT)
            self.assertIn("cannot write", run.stderr)
            self.assertIn("result.gpkg", run.stderr)
            self.assertLess(max(len(line) for line in run.stderr.splitlines()), 300, run.stderr)
            self.assertEqual(os.listdir(self.tmp), [], f"limit {limit}: leftovers")

    def test_a_large_check_that_cannot_create_its_geopackage(self):
        # From 20,000 subjects result.gpkg is made with 64 KB pages, so GDAL's creation itself
        # fails under the limit: exit 3, one short line (not GDAL's quoted CREATE TABLE
        # statements), no results folder.
        from osgeo import ogr, osr
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4549)
        data = self.path("data")
        os.makedirs(data)
        for name, count in (("s.gpkg", 20000), ("c.gpkg", 1)):
            ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(data, name))
            layer = ds.CreateLayer("layer", srs, ogr.wkbPolygon)
            layer.CreateField(ogr.FieldDefn("cat", ogr.OFTString))
            layer.StartTransaction()
            for i in range(count):
                if count > 1:
                    x, y, size = 500000 + 20 * (i % 200), 3500000 + 20 * (i // 200), 10
                else:
                    x, y, size = 499990, 3499990, 500
                f = ogr.Feature(layer.GetLayerDefn())
                f.SetField("cat", "core")
                f.SetGeometry(ogr.CreateGeometryFromWkt(
                    f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"))
                layer.CreateFeature(f)
            layer.CommitTransaction()
            ds = None
        out = self.path("large")
        run = limited_redline("check", "--subjects", os.path.join(data, "s.gpkg"), "--constraints",
                              os.path.join(data, "c.gpkg"), "--category-field", "cat", "--out", out, "-q")
        self.assertExit(run, EXIT_OUTPUT)
        self.assertIn("result.gpkg: cannot create", run.stderr)
        self.assertLess(max(len(line) for line in run.stderr.splitlines()), 300, run.stderr)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["data"], "leftovers")

    def test_map_pdf(self):
        self.assertFailsAndKeepsTheOldOutput("map", self.path("m.pdf"))

    def test_map_svg(self):
        self.assertFailsAndKeepsTheOldOutput("map", self.path("m.svg"))

    def test_report_pdf(self):
        self.assertFailsAndKeepsTheOldOutput("report", self.path("r.pdf"))

    def test_report_xlsx(self):
        self.assertFailsAndKeepsTheOldOutput("report", self.path("r.xlsx"))

    def test_stats_xlsx(self):
        self.assertFailsAndKeepsTheOldOutput("stats", self.path("s.xlsx"))


class OutputSetTest(RedlineTestCase):
    """Outputs written as a set: all of them or none, and nothing left of an earlier set."""

    def test_a_failure_in_one_folder_leaves_the_other_folder_s_old_output(self):
        # stats and report stage one folder at a time; the first was committed before the second
        # found its target was a folder, so the run failed (exit 3) having replaced the first.
        for command, first, second in (("stats", "x.csv", "x.json"), ("report", "r.html", "r.pdf")):
            a, b = self.path(command, "a"), self.path(command, "b")
            os.makedirs(a)
            os.makedirs(os.path.join(b, second))  # a folder where the second output goes
            with open(os.path.join(a, first), "w", encoding="utf-8") as f:
                f.write("OLD")
            run = redline(command, sample("project.json"), "--out", os.path.join(a, first), "--out",
                          os.path.join(b, second), "-q")
            self.assertExit(run, EXIT_OUTPUT)
            self.assertIn("is a folder", run.stderr)
            with open(os.path.join(a, first), encoding="utf-8") as f:
                self.assertEqual(f.read(), "OLD", f"{command}: the first folder's output was replaced")
            self.assertEqual(os.listdir(a), [first], f"{command}: leftovers")

    def test_a_shorter_atlas_leaves_no_pages_of_the_longer_one(self):
        atlas = redline("map", sample("project.json"), "--atlas", "--out", self.path("a.svg"), "-q")
        self.assertExit(atlas, 0)
        pages = sorted(os.listdir(self.tmp))
        self.assertGreater(len(pages), 5)
        self.assertEqual(pages[0], "a_01.svg")
        with open(self.path("a_notes.svg"), "w", encoding="utf-8") as f:  # not a page: stays
            f.write("mine")
        one = redline("map", sample("project.json"), "--out", self.path("a.svg"), "-q")
        self.assertExit(one, 0)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["a.svg", "a_notes.svg"])


class UnwritableFolderTest(RedlineTestCase):
    """A folder that cannot be made is found before the work, not after it: map, report and stats
    computed everything (the report's check, maps and PDF: seconds to minutes) and then said
    "cannot create the directory". A regular file in the folder's path stands in for any folder
    that cannot be made (it also works as root, where permissions do not stop a write)."""

    def test_map_report_and_stats_refuse_before_any_work(self):
        blocker = self.path("not_a_folder")
        with open(blocker, "w", encoding="utf-8") as f:
            f.write("a file")
        for command, out in (("map", "m.pdf"), ("report", "r.html"), ("stats", "s.csv"), ("stats", "folder")):
            run = redline(command, sample("project.json"), "--out", os.path.join(blocker, "sub", out))
            self.assertExit(run, EXIT_OUTPUT)
            self.assertIn("cannot create the directory", run.stderr, command)
            # Refused before the work started: no progress was shown.
            self.assertNotIn("10", run.stderr.replace(blocker, ""), f"{command} {out}: {run.stderr}")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["not_a_folder"])


if __name__ == "__main__":
    main()
