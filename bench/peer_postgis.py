#!/usr/bin/python3
"""The "postgis" peer: the benchmark's conflict check as a PostGIS user writes it at its best.

    /usr/bin/python3 bench/peer_postgis.py PROJECT.json OUT.csv --conninfo "host=… dbname=…"
                                           [--timings TIMINGS.json] [--vertices 256]

Needs a server with PostGIS: scripts/postgis.sh start prints the connection string. Writes the
same CSV as bench/peer_shapely.py (site_id, area_m2, <category>_m2 …, basin, basin_share), so
run_bench.py holds it to the same 1e-6 agreement, and the time of each phase:

  load      ogr2ogr of the three GeoPackages into tables (COPY mode), no index yet;
  prepare   ST_Subdivide of redlines and basins into pieces of at most --vertices vertices,
            GiST indexes on the pieces and the sites, ANALYZE: the plan PostGIS's own docs
            recommend for overlays with large polygons;
  query     per site and category: the geography area of site ∩ (union of the category's
            pieces that intersect the site): the union comes first, so overlapping redlines count
            once and the pieces' cut lines do not end up in the site's boundary; the site's own
            geography area; its basin by the largest such area.
            PostgreSQL parallelises the scans and joins over max_parallel_workers_per_gather.

Areas are ST_Area(geography) on the SRID's spheroid (EPSG:4490: CGCS2000 = GRS 1980), the
definition Redline's areas are held to.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

import psycopg2


def layer_spec(project_dir, spec):
    return os.path.join(project_dir, spec["path"]), spec.get("layer")


def load(conninfo, path, layer, table):
    cmd = ["ogr2ogr", "-f", "PostgreSQL", f"PG:{conninfo}", path] + ([layer] if layer else []) + [
        "-nln", table, "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=NONE",
        "-lco", "FID=fid", "--config", "PG_USE_COPY", "YES", "-q"]
    subprocess.run(cmd, check=True)


def exact_overlap(cur, project, site_id, category):
    """The overlap as PostGIS computes it without subdividing: ST_Area(geography) of
    site ∩ union of the category's original redlines, or of the site when that union covers
    it (as Redline and the shapely peer take it). For checking disagreements only."""
    subjects, constraint = project["subjects"], project["constraints"][0]
    cur.execute(f"""SELECT CASE WHEN ST_Covers(ST_Union(r.geom), s.geom) THEN ST_Area(s.geom::geography)
                                ELSE ST_Area(ST_Intersection(s.geom, ST_Union(r.geom))::geography) END
                    FROM sites s JOIN redlines r ON ST_Intersects(s.geom, r.geom)
                    WHERE s.{subjects["id_field"]} = %s AND r.{constraint["category_field"]} = %s
                    GROUP BY s.fid, s.geom""", (site_id, category))
    row = cur.fetchone()
    return row[0] if row and row[0] is not None else 0.0


def exact_basin_share(cur, project, site_id, basin):
    subjects, zone = project["subjects"], project["zones"][0]
    cur.execute(f"""SELECT ST_Area(ST_Intersection(s.geom, ST_Union(b.geom))::geography) / ST_Area(s.geom::geography)
                    FROM sites s JOIN basins b ON ST_Intersects(s.geom, b.geom)
                    WHERE s.{subjects["id_field"]} = %s AND b.{zone["field"]} = %s
                    GROUP BY s.fid, s.geom""", (site_id, basin))
    row = cur.fetchone()
    return row[0] if row else None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project")
    ap.add_argument("out")
    ap.add_argument("--conninfo", required=True)
    ap.add_argument("--timings")
    ap.add_argument("--vertices", type=int, default=256)
    a = ap.parse_args(argv)

    project = json.load(open(a.project, encoding="utf-8"))
    pdir = os.path.dirname(os.path.abspath(a.project))
    subjects, constraint, zone = project["subjects"], project["constraints"][0], project["zones"][0]
    id_field, cat_field, zone_field = subjects["id_field"], constraint["category_field"], zone["field"]
    timings = {}

    t = time.perf_counter()
    load(a.conninfo, *layer_spec(pdir, subjects), "sites")
    load(a.conninfo, *layer_spec(pdir, constraint), "redlines")
    load(a.conninfo, *layer_spec(pdir, zone), "basins")
    timings["load_s"] = time.perf_counter() - t

    conn = psycopg2.connect(a.conninfo)
    conn.autocommit = True
    cur = conn.cursor()

    t = time.perf_counter()
    cur.execute("DROP TABLE IF EXISTS redline_pieces, basin_pieces")
    cur.execute(f"""CREATE TABLE redline_pieces AS
                    SELECT {cat_field} AS category, ST_Subdivide(geom, %s) AS geom FROM redlines""",
                (a.vertices,))
    cur.execute(f"""CREATE TABLE basin_pieces AS
                    SELECT {zone_field} AS basin, ST_Subdivide(geom, %s) AS geom FROM basins""", (a.vertices,))
    for table in ("redline_pieces", "basin_pieces", "sites"):
        cur.execute(f"CREATE INDEX ON {table} USING GIST (geom)")
        cur.execute(f"ANALYZE {table}")
    timings["prepare_s"] = time.perf_counter() - t

    t = time.perf_counter()
    cur.execute(f"""SELECT s.{id_field}, ST_Area(s.geom::geography) FROM sites s""")
    sites = {str(sid): area for sid, area in cur.fetchall()}
    # Dissolve the category's pieces near the site first, then cut: cutting piece by piece would
    # put the pieces' artificial edges into the site's boundary as extra vertices, which changes
    # a geodesic polygon's area by up to 1e-5 (its edges are geodesics, the cuts are straight).
    cur.execute(f"""SELECT s.{id_field}, u.category, ST_Area(ST_Intersection(s.geom, u.geom)::geography)
                    FROM (SELECT s.fid, p.category, ST_Union(p.geom) AS geom
                          FROM sites s JOIN redline_pieces p ON ST_Intersects(s.geom, p.geom)
                          GROUP BY s.fid, p.category) u
                    JOIN sites s ON s.fid = u.fid""")
    overlaps = {}
    for sid, category, area in cur.fetchall():
        overlaps.setdefault(str(sid), {})[category] = area or 0.0
    cur.execute(f"""SELECT DISTINCT ON (site_id) site_id, basin, area FROM (
                      SELECT s.{id_field} AS site_id, u.basin,
                             ST_Area(ST_Intersection(s.geom, u.geom)::geography) AS area
                      FROM (SELECT s.fid, p.basin, ST_Union(p.geom) AS geom
                            FROM sites s JOIN basin_pieces p ON ST_Intersects(s.geom, p.geom)
                            GROUP BY s.fid, p.basin) u
                      JOIN sites s ON s.fid = u.fid) x
                    ORDER BY site_id, area DESC, basin""")
    basins = {str(sid): (basin, area) for sid, basin, area in cur.fetchall()}
    timings["query_s"] = time.perf_counter() - t
    cur.execute("SHOW max_parallel_workers_per_gather")
    timings["parallel_workers_per_gather"] = int(cur.fetchone()[0])
    conn.close()

    categories = sorted({c for v in overlaps.values() for c in v})
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["site_id", "area_m2"] + [f"{c}_m2" for c in categories] + ["basin", "basin_share"])
        for sid, area in sites.items():
            basin, barea = basins.get(sid, (None, None))
            share = barea / area if basin is not None and area else None
            w.writerow([sid, repr(area)] + [repr(overlaps.get(sid, {}).get(c, 0.0)) for c in categories] +
                       [basin or "", repr(share) if share is not None else ""])
    timings["total_s"] = sum(v for k, v in timings.items() if k.endswith("_s"))
    if a.timings:
        json.dump(timings, open(a.timings, "w"), indent=1)
    print(json.dumps(timings), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
