#!/usr/bin/env bash
# One command from a fresh machine to results: installs what is needed, builds Redline and runs
# the conflict check on the bundled sample data (project sites, then industrial parks).
# and the zoning statistics (redlines and land cover by basin and county, by park).
# Results: out/sites and out/parks (result.gpkg, subjects.csv, result.json), out/stats and
# out/park_stats (stats.csv, stats_crosstab.csv, stats.xlsx, stats.gpkg, stats.json, charts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
redline=build/release/cli/redline

echo
echo "== data doctor: sample_data/sites.shp (GBK without .cpg, one invalid polygon) =="
"$redline" validate sample_data/sites.shp --id-field site_id --quiet || true

echo
echo "== project sites against redlines, water sources, basins and counties =="
"$redline" check sample_data/project.json --out out/sites --shapefile

echo
echo "== industrial parks (Gauss-Kruger EPSG:4549) =="
"$redline" check sample_data/parks_project.json --out out/parks

echo
echo "== zoning statistics: redlines and land cover by basin and county =="
"$redline" stats sample_data/project.json --out out/stats

echo
echo "== land-cover make-up and redlines of each industrial park =="
"$redline" stats sample_data/parks_project.json --out out/park_stats

echo
echo "== conflict map (A3 atlas with 界址点 tables) and report of the project sites =="
"$redline" map sample_data/project.json --out out/maps/sites_atlas.pdf --size A3 --landscape --atlas --boundary-points --lang zh_CN
"$redline" map sample_data/project.json --out out/maps/sites.png --landscape --lang zh_CN -q
"$redline" report sample_data/project.json --out out/report/sites.html --out out/report/sites.pdf --out out/report/sites.xlsx --lang zh_CN
"$redline" report sample_data/parks_project.json --out out/report/parks.html --out out/report/parks.pdf --lang zh_CN -q

echo
echo "out/maps/sites_atlas.pdf is the map book (overview, then a page per site in conflict),"
echo "out/report/sites.html the report (open in a browser; it prints well), sites.pdf the same on A4."
echo "Open out/sites/result.gpkg in QGIS (the conflicts layer is styled by severity),"
echo "out/sites/subjects.csv in Excel, or read out/sites/result.json;"
echo "out/stats/stats.xlsx holds the zoning tables, out/stats/chart_*.png the charts."
