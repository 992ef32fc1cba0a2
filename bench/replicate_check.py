#!/usr/bin/env python3
"""Checks bench/replicate_sites.py on a generated dataset: K times the sites, ids suffixed -1 … -K,
every copy's geometry byte-identical to its source, the other files copied unchanged, and a bad
--times refused with exit 2."""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

from osgeo import gdal

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))


def sites(path):
    ds = gdal.OpenEx(os.path.join(path, "sites.gpkg"), gdal.OF_VECTOR)
    layer = ds.GetLayerByName("sites")
    return [(f.GetField("site_id"), f.GetField("name"), bytes(f.GetGeometryRef().ExportToIsoWkb())) for f in layer]


def main():
    data = sys.argv[1]
    out = tempfile.mkdtemp(prefix="replicate-check-")
    try:
        run = subprocess.run([sys.executable, os.path.join(HERE, "replicate_sites.py"), "--data", data, "--times", "3",
                              "--out", out], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        source, copies = sites(data), sites(out)
        expected = [(f"{i}-{k}", n, g) for k in (1, 2, 3) for i, n, g in source]
        failures = []
        if copies != expected:
            failures.append(f"{len(copies)} sites written for {len(expected)} expected, or not the same ones")
        for name in ("redlines.gpkg", "basins.gpkg", "project.json", "rules.json"):
            if not filecmp.cmp(os.path.join(data, name), os.path.join(out, name), shallow=False):
                failures.append(f"{name} differs from the source's")
        bad = subprocess.run([sys.executable, os.path.join(HERE, "replicate_sites.py"), "--data", data, "--times", "0",
                              "--out", out], capture_output=True, text=True)
        if bad.returncode != 2 or "--times" not in bad.stderr:
            failures.append(f"--times 0: exit {bad.returncode}, {bad.stderr.strip()!r}")
        for f in failures:
            print("FAIL", f)
        print(f"{len(source)} sites × 3 checked" if not failures else "")
        return 1 if failures else 0
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
