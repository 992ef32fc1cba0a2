#!/usr/bin/python3
"""Outputs of runs that are interrupted or that meet another run: a cancel that arrives while the
files are written still cancels (exit 130, the old outputs kept); what a run killed outright
(SIGKILL) leaves is removed by the next run, and a live run's is not; two runs writing one new
folder both complete; an output never replaces a layer the project names.

The moments are caught without timing guesses: the run is stopped (SIGSTOP) as soon as its
staging folder shows, and the test checks it is still there before going on."""
import glob
import json
import math
import os
import shutil
import signal
import subprocess
import time
import zipfile

from osgeo import ogr, osr

from cli_testlib import EXIT_OK, EXIT_OUTPUT, REDLINE, RedlineTestCase, main, redline, sample

EXIT_CANCELLED = 130
ATTEMPTS = 5


def start(*args, tmpdir=None):
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    if tmpdir:
        env["TMPDIR"] = tmpdir
    return subprocess.Popen([REDLINE, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def stop_when(proc, *patterns, timeout=120):
    """Stops `proc` once every glob pattern matches, and returns True when they still match with
    it stopped (False when the run ended first)."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if all(glob.glob(p) for p in patterns):
            proc.send_signal(signal.SIGSTOP)
            if all(glob.glob(p) for p in patterns):
                return True
            proc.send_signal(signal.SIGCONT)
            return False
        time.sleep(0.0005)
    return False


def finish(proc):
    out, err = proc.communicate(timeout=300)
    return proc.returncode, err.decode("utf-8", "replace")


class InterruptedOutputsTest(RedlineTestCase):
    def test_a_cancel_while_the_files_are_written_keeps_the_old_outputs(self):
        # The signal handler only sets a flag, and nothing read it after the last computation:
        # Ctrl-C while stats wrote its xlsx, GeoPackage and charts replaced the old outputs, exit 0.
        out = self.path("stats")
        old = {"stats.csv": "OLD", "notes.txt": "mine"}

        def write_old():
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            for name, text in old.items():
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    f.write(text)

        for _ in range(ATTEMPTS):
            write_old()  # a run not caught in time wrote its outputs
            proc = start("stats", sample("project.json"), "--out", out, "-q")
            # A file in the staging folder: the outputs are being written. (The folder alone shows
            # at the start too, where stats first makes sure it can write there.)
            if not stop_when(proc, os.path.join(out, ".redline-partial-*", "*")):
                finish(proc)
                continue
            proc.send_signal(signal.SIGINT)
            proc.send_signal(signal.SIGCONT)
            code, stderr = finish(proc)
            self.assertEqual(code, EXIT_CANCELLED, stderr)
            self.assertIn("cancelled", stderr)
            self.assertEqual(sorted(os.listdir(out)), sorted(old), "the cancelled run replaced or left files")
            with open(os.path.join(out, "stats.csv"), encoding="utf-8") as f:
                self.assertEqual(f.read(), "OLD")
            return
        self.skipTest("the run never showed its staging folder before it ended")

    def zipped_sites_project(self):
        zip_path = self.path("sites.zip")
        with zipfile.ZipFile(zip_path, "w") as z:
            for ext in (".shp", ".shx", ".dbf", ".prj"):
                z.write(sample("sites" + ext), "sites" + ext)
        with open(sample("project.json"), encoding="utf-8") as f:
            project = json.load(f)
        project["subjects"]["path"] = zip_path
        for layer in project["constraints"] + project["zones"]:
            layer["path"] = sample(layer["path"])
        project["rules"] = sample(project["rules"])
        del project["stats"]
        path = self.path("project.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(project, f, ensure_ascii=False)
        return path

    def test_what_a_killed_run_left_is_removed_by_the_next_run(self):
        # SIGKILL cannot be caught: the staging folder beside the outputs and the extracted zip in
        # TMPDIR stayed for ever, a whole unzipped layer each time.
        project = self.zipped_sites_project()
        out, tmp = self.path("out"), self.path("tmp")
        os.makedirs(out)
        os.makedirs(tmp)
        live = os.path.join(out, f".redline-partial-{os.getpid()}")  # a live process's: kept
        os.makedirs(live)
        for _ in range(ATTEMPTS):
            proc = start("check", project, "--out", out, "-q", tmpdir=tmp)
            caught = stop_when(proc, os.path.join(out, f".redline-partial-{proc.pid}"),
                               os.path.join(tmp, f"redline-zip-{proc.pid}-*"))
            proc.send_signal(signal.SIGKILL)
            finish(proc)
            if caught:
                break
        else:
            self.skipTest("the run never showed its staging folder and zip before it ended")
        self.assertEqual(len(glob.glob(os.path.join(out, ".redline-partial-*"))), 2)

        proc = start("check", project, "--out", out, "-q", tmpdir=tmp)
        code, stderr = finish(proc)
        self.assertEqual(code, EXIT_OK, stderr)
        self.assertEqual(sorted(os.listdir(out)),
                         sorted(["result.gpkg", "result.json", "subjects.csv", os.path.basename(live)]))
        self.assertEqual(os.listdir(tmp), [], "the killed run's extracted zip is still there")

    def test_two_runs_writing_one_new_folder_both_complete(self):
        # The second run to finish found the folder made by the first and failed (exit 3, "cannot
        # move the results into place: Directory not empty") after its whole check.
        out = self.path("new")
        for _ in range(ATTEMPTS):
            second = start("check", sample("project.json"), "--out", out, "-q")
            if stop_when(second, self.path(".new.redline-partial-*")):
                break
            finish(second)
            if os.path.isdir(out):
                os.rename(out, self.path(f"done{time.monotonic_ns()}"))
        else:
            self.skipTest("the run never showed its staging folder before it ended")
        first = redline("check", sample("project.json"), "--out", out, "-q")
        self.assertEqual(first.code, EXIT_OK, first)
        second.send_signal(signal.SIGCONT)
        code, stderr = finish(second)
        self.assertEqual(code, EXIT_OK, stderr)
        self.assertEqual(sorted(os.listdir(out)), ["result.gpkg", "result.json", "subjects.csv"])
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".")], [], "leftovers")
        with open(os.path.join(out, "result.json"), encoding="utf-8") as f:
            subjects = json.load(f)["subjects"]
        sites = ogr.Open(sample("sites.shp"))  # kept: a layer outlives no dataset
        self.assertEqual(len(subjects), sites.GetLayer().GetFeatureCount())

    def test_stats_never_replaces_a_layer_the_project_names(self):
        # Statistics do not read the sites: "--out sites.gpkg" beside the project replaced them.
        sites = self.path("sites.gpkg")
        with open(sites, "wb") as f:
            f.write(b"the planner's sites")
        with open(sample("project.json"), encoding="utf-8") as f:
            project = json.load(f)
        project["subjects"]["path"] = sites
        for layer in project["constraints"] + project["zones"] + project["stats"]["classes"]:
            layer["path"] = sample(layer["path"])
        for raster in project["stats"]["rasters"]:
            raster["path"], raster["classes"] = sample(raster["path"]), sample(raster["classes"])
        project["rules"] = sample(project["rules"])
        path = self.path("project.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(project, f, ensure_ascii=False)
        run = redline("stats", path, "--out", sites, "-q")
        self.assertExit(run, EXIT_OUTPUT)
        self.assertIn("sites.gpkg", run.stderr)
        with open(sites, "rb") as f:
            self.assertEqual(f.read(), b"the planner's sites")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["project.json", "sites.gpkg"])

    def test_stats_shows_progress_and_hears_ctrl_c_while_it_unites_large_zones(self):
        # Four overlapping zones of 100,000 vertices: uniting them (for the area they cover
        # together) takes seconds, with no progress shown and Ctrl-C unheard until it was done.
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        driver = ogr.GetDriverByName("GPKG")
        zones = driver.CreateDataSource(self.path("zones.gpkg"))
        layer = zones.CreateLayer("zones", srs, ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("zone", ogr.OFTString))
        n = 100_000
        for k in range(4):
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for i in range(n):
                a = 2 * math.pi * i / n
                r = 0.1 * (1 + 0.3 * math.sin(997 * a + k))
                ring.AddPoint_2D(118.0 + 0.01 * k + r * math.cos(a), 32.0 + r * math.sin(a))
            ring.CloseRings()
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(ring)
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("zone", f"z{k}")
            feature.SetGeometry(polygon)
            layer.CreateFeature(feature)
        zones = None
        classes = driver.CreateDataSource(self.path("classes.gpkg"))
        layer = classes.CreateLayer("classes", srs, ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("c", ogr.OFTString))
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("c", "park")
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((118 32,118.01 32,118.01 32.01,118 32.01,118 32))"))
        layer.CreateFeature(feature)
        classes = None

        started = time.monotonic()
        proc = start("stats", "--zones", self.path("zones.gpkg"), "--zone-field", "zone", "--classes",
                     self.path("classes.gpkg"), "--class-field", "c", "--out", self.path("s.csv"))
        first = proc.stderr.read(1)  # the progress: its signal handlers are set up by then
        while proc.poll() is None and time.monotonic() - started < 120:
            proc.send_signal(signal.SIGINT)
            time.sleep(0.05)
        code, stderr = finish(proc)
        elapsed = time.monotonic() - started
        self.assertEqual(code, EXIT_CANCELLED, stderr)
        self.assertIn("cancelled", first.decode() + stderr)
        self.assertLess(elapsed, 3.0, "the progress or the cancel waited for the zones' union")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["classes.gpkg", "zones.gpkg"])


if __name__ == "__main__":
    main()
