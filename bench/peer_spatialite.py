#!/usr/bin/python3
"""The "spatialite" peer: the benchmark's conflict check as SQL run by `ogr2ogr -dialect SQLite`.

    /usr/bin/python3 bench/peer_spatialite.py PROJECT.json OUT.gpkg [WORKDIR]

Two ogr2ogr runs on the subjects' GeoPackage, whose native SQLite engine GDAL uses with the
SpatiaLite functions working directly on GeoPackage blobs ("amphibious" mode). The constraint
and zone GeoPackages are ATTACHed through the GPKG open option PRELUDE_STATEMENTS, so their
R-tree tables (rtree_<layer>_geom) serve as the spatial index of the join, as a SpatiaLite user
would write it:

  overlaps  per site and category: ST_Intersection(site, ST_Union(redlines of that category
            whose R-tree box meets the site's and that ST_Intersects it)), its ellipsoidal area
            ST_Area(geom, 1) (GROUP BY site, category): the union before the cut, no double
            counting. Written as layer `overlaps` (site_id, category, area_m2, geometry).
  basins    per site and basin: ST_Covers(basin, site) ? ST_Area(site, 1)
            : ST_Area(ST_Intersection(site, basin), 1), summed per basin value; the largest per
            site (window function) with its share of the site. Layer `basins` (site_id, basin,
            area_m2, share).

A small SpatiaLite database holding `spatial_ref_sys` is attached too, so ST_Area(geom, 1) finds
the CGCS2000 ellipsoid (without it SpatiaLite prints "unknown SRID" for every row); it is made
before the timed run. SpatiaLite's ellipsoidal area (RTTOPO's spheroid algorithm, not Karney's)
differs from the geodesic area by a few 1e-5 relative: compare with a tolerance, not 1e-6.
"""
import json
import os
import shlex
import subprocess
import sys

OVERLAPS_SQL = """\
SELECT site_id, category, ST_Area(g, 1) AS area_m2, g AS geom FROM (
  SELECT s.{sid} AS site_id, c.{cat} AS category, ST_Intersection(s.{sgeom}, ST_Union(c.{cgeom})) AS g
  FROM {slayer} s JOIN c.{clayer} c ON c.{cfid} IN (
      SELECT id FROM c.rtree_{clayer}_{cgeom} t
      WHERE t.minx <= ST_MaxX(s.{sgeom}) AND t.maxx >= ST_MinX(s.{sgeom})
        AND t.miny <= ST_MaxY(s.{sgeom}) AND t.maxy >= ST_MinY(s.{sgeom}))
  WHERE ST_Intersects(s.{sgeom}, c.{cgeom})
  GROUP BY s.{sfid}, c.{cat})
"""

BASINS_SQL = """\
SELECT site_id, basin, area_m2, share FROM (
  SELECT site_id, basin, area_m2, area_m2 / site_area AS share,
         ROW_NUMBER() OVER (PARTITION BY site_id ORDER BY area_m2 DESC, basin) AS rk
  FROM (
    SELECT s.{sid} AS site_id, z.{zfield} AS basin, ST_Area(s.{sgeom}, 1) AS site_area,
           SUM(CASE WHEN ST_Covers(z.{zgeom}, s.{sgeom}) THEN ST_Area(s.{sgeom}, 1)
                    ELSE ST_Area(ST_Intersection(s.{sgeom}, z.{zgeom}), 1) END) AS area_m2
    FROM {slayer} s JOIN z.{zlayer} z ON z.{zfid} IN (
        SELECT id FROM z.rtree_{zlayer}_{zgeom} t
        WHERE t.minx <= ST_MaxX(s.{sgeom}) AND t.maxx >= ST_MinX(s.{sgeom})
          AND t.miny <= ST_MaxY(s.{sgeom}) AND t.maxy >= ST_MinY(s.{sgeom}))
    WHERE ST_Intersects(s.{sgeom}, z.{zgeom})
    GROUP BY s.{sfid}, z.{zfield}))
WHERE rk = 1
"""


def layer_info(path, name):
    """-> (layer name, fid column, geometry column) of a GeoPackage layer."""
    from osgeo import ogr
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(0)
    return lyr.GetName(), lyr.GetFIDColumn() or "fid", lyr.GetGeometryColumn() or "geom"


def prepare(project_path, out_gpkg, workdir):
    """Writes the SQL files and the spatial_ref_sys database into workdir (untimed set-up) and
    returns the shell command that does the timed work."""
    proj = json.load(open(project_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(project_path))
    cons = proj["constraints"] if isinstance(proj["constraints"], list) else [proj["constraints"]]
    if len(cons) != 1 or len(proj.get("zones", [])) < 1:
        raise ValueError("the spatialite peer handles one constraint layer and one zone layer")
    subj, con, zone = proj["subjects"], cons[0], proj["zones"][0]
    paths = {k: os.path.join(base, o["path"]) for k, o in (("s", subj), ("c", con), ("z", zone))}
    for p in paths.values():
        if not p.lower().endswith(".gpkg"):
            raise ValueError(f"the spatialite peer reads GeoPackages only: {p}")
    sl, sfid, sgeom = layer_info(paths["s"], subj.get("layer"))
    cl, cfid, cgeom = layer_info(paths["c"], con.get("layer"))
    zl, zfid, zgeom = layer_info(paths["z"], zone.get("layer"))
    os.makedirs(workdir, exist_ok=True)
    srs_db = os.path.join(workdir, "srs.sqlite")
    if not os.path.exists(srs_db):          # a SpatiaLite database: spatial_ref_sys for ST_Area(g, 1)
        subprocess.run(["ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", srs_db, paths["z"],
                        "-where", "0 = 1", "-nln", "empty"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    fmt = dict(sid=subj["id_field"], cat=con["category_field"], zfield=zone["field"], slayer=sl, sfid=sfid,
               sgeom=sgeom, clayer=cl, cfid=cfid, cgeom=cgeom, zlayer=zl, zfid=zfid, zgeom=zgeom)
    ov_sql, bs_sql = os.path.join(workdir, "overlaps.sql"), os.path.join(workdir, "basins.sql")
    with open(ov_sql, "w", encoding="utf-8") as f:
        f.write(OVERLAPS_SQL.format(**fmt))
    with open(bs_sql, "w", encoding="utf-8") as f:
        f.write(BASINS_SQL.format(**fmt))

    def attach(alias, path):
        return f"ATTACH DATABASE '{path}' AS {alias}; ATTACH DATABASE '{srs_db}' AS srs"

    if os.path.exists(out_gpkg):
        os.remove(out_gpkg)
    run1 = ["ogr2ogr", "-f", "GPKG", out_gpkg, paths["s"], "-oo", "PRELUDE_STATEMENTS=" + attach("c", paths["c"]),
            "-sql", "@" + ov_sql, "-nln", "overlaps", "-nlt", "GEOMETRY", "-a_srs", "EPSG:4490"]
    run2 = ["ogr2ogr", "-update", out_gpkg, paths["s"], "-oo", "PRELUDE_STATEMENTS=" + attach("z", paths["z"]),
            "-sql", "@" + bs_sql, "-nln", "basins"]
    return " && ".join(shlex.join(c) for c in (run1, run2))


def read_results(out_gpkg):
    """-> ({(site_id, category): area_m2}, {site_id: (basin, share)}) from the peer's output."""
    from osgeo import ogr
    ds = ogr.Open(out_gpkg)
    overlaps, basins = {}, {}
    lyr = ds.GetLayerByName("overlaps")
    lyr.SetIgnoredFields(["OGR_GEOMETRY"])
    for f in lyr:
        a = f.GetField("area_m2")
        overlaps[(f.GetField("site_id"), f.GetField("category"))] = 0.0 if a is None else a
    for f in ds.GetLayerByName("basins"):
        basins[f.GetField("site_id")] = (f.GetField("basin"), f.GetField("share"))
    return overlaps, basins


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    workdir = argv[3] if len(argv) == 4 else os.path.dirname(os.path.abspath(argv[2]))
    cmd = prepare(argv[1], argv[2], workdir)
    return subprocess.run(["sh", "-c", cmd]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
