#!/usr/bin/env bash
# Installs the Debian packages Redline needs to build, test and run its demo.
# Idempotent: packages already present are skipped, so a second run is quick.
# --bench also installs the benchmark's other peers (GeoPandas, QGIS); CI does not need them.
set -euo pipefail
bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) bench=1 ;;
    *) echo "usage: scripts/install-deps.sh [--bench]" >&2; exit 2 ;;
  esac
done

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang-format
  # geospatial stack (imported CMake targets GDAL::GDAL, GEOS::geos_c, PROJ::proj)
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  # C++ libraries
  libfmt-dev nlohmann-json3-dev libcli11-dev libtbb-dev libgtest-dev libgmock-dev libsqlite3-dev
  # the CLI's allocator (see cli/CMakeLists.txt)
  libtcmalloc-minimal4
  # charts (cairo + pango for text with font fallback) and a CJK font for Chinese labels
  libcairo2-dev libpango1.0-dev fonts-wqy-zenhei
  # the viewer: Qt 6 Widgets/Svg/Test, Linguist tools for the zh_CN translation, and an X
  # server + screenshot tools for the end-to-end viewer test
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  xvfb xauth x11-utils imagemagick poppler-utils xdotool
  # independent reference engine for tests (shapely + pyproj Geod under /usr/bin/python3)
  python3-gdal python3-pyproj python3-shapely python3-numpy
  # reading back rendered maps (PNG pixels, world files) in the map and report tests
  python3-pil
  # PostGIS: a layer source (PG:…) the tests read from a throwaway server (scripts/postgis.sh),
  # whose own ST_Area(geography) is their reference; also the benchmark's PostGIS peer
  postgresql postgresql-15-postgis-3 postgresql-client
)
if [ "$bench" -eq 1 ]; then
  # peers of bench/run_bench.py besides PostGIS: GeoPandas and QGIS (qgis_process.bin, run headless on the offscreen platform)
  packages+=(python3-psycopg2 python3-geopandas python3-rtree
    qgis)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
