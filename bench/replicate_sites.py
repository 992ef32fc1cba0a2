#!/usr/bin/env python3
"""Makes a dataset with K times the sites of another and the same redlines and basins: each
site repeated K times (ids suffixed -1 … -K), so every site costs exactly what it did and only
the subject count changes. Used to check that Redline's time grows linearly in the subject
count and its memory does not (docs/benchmark.md, "Linear in the subjects").

  /usr/bin/python3 bench/replicate_sites.py --data build/bench-data/M --times 6 --out /tmp/M6
  build/release/cli/redline check /tmp/M6/project.json --out /tmp/M6-out --timings /tmp/M6.json
"""
import argparse
import json
import os
import shutil
import sys

from osgeo import gdal

gdal.UseExceptions()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="a generated dataset (bench/generate.py)")
    ap.add_argument("--times", type=int, required=True, help="copies of each site (≥ 1)")
    ap.add_argument("--out", required=True, help="output directory (created; existing files replaced)")
    a = ap.parse_args(argv)
    if a.times < 1:
        ap.error(f"--times: at least 1, got {a.times}")
    project_path = os.path.join(a.data, "project.json")
    if not os.path.exists(project_path):
        ap.error(f"--data: {a.data} has no project.json (generate it with bench/generate.py)")
    project = json.load(open(project_path, encoding="utf-8"))
    subjects = project["subjects"]
    os.makedirs(a.out, exist_ok=True)
    for name in os.listdir(a.data):
        if name != subjects["path"]:
            shutil.copy(os.path.join(a.data, name), os.path.join(a.out, name))
    copies = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(1, a.times + 1))
    id_field, layer = subjects["id_field"], subjects["layer"]
    source = gdal.OpenEx(os.path.join(a.data, subjects["path"]), gdal.OF_VECTOR)
    definition = source.GetLayerByName(layer).GetLayerDefn()
    fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    geometry = source.GetLayerByName(layer).GetGeometryColumn()
    columns = ", ".join(f"s.\"{f}\" || '-' || c.k AS \"{f}\"" if f == id_field else f's."{f}"' for f in fields)
    target = os.path.join(a.out, subjects["path"])
    if os.path.exists(target):
        os.remove(target)
    written = gdal.VectorTranslate(target, source, format="GPKG", layerName=layer, SQLDialect="SQLite",
                                   SQLStatement=f'SELECT {columns}, s."{geometry}" FROM "{layer}" s, ({copies}) c '
                                                f"ORDER BY c.k, s.fid")
    count = written.GetLayerByName(layer).GetFeatureCount()
    written = None  # closes the file
    print(f"{count} sites ({a.times} × those of {a.data}) in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
