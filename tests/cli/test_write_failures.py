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


def limited_redline(*args):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

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


if __name__ == "__main__":
    main()
