#!/usr/bin/env bash
# One command from a fresh machine to results: installs what is needed, builds Redline and runs
# the conflict check on the bundled sample data (project sites, then industrial parks).
# Results: out/sites and out/parks, each with result.gpkg, subjects.csv and result.json.
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
echo "Open out/sites/result.gpkg in QGIS (the conflicts layer is styled by severity),"
echo "out/sites/subjects.csv in Excel, or read out/sites/result.json."
