#!/usr/bin/env bash
# `cmake --install` gives a working redline, the core library and headers, and the sample data.
set -euo pipefail
build="$1"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/redline"
test -x "$prefix/bin/redline-viewer"
QT_QPA_PLATFORM=offscreen "$prefix/bin/redline-viewer" --version | grep -q "redline-viewer"
ls "$prefix"/lib*/libredline_core.so* >/dev/null
test -f "$prefix/include/redline/analysis/conflict_check.hpp"
test -f "$prefix/share/redline/sample_data/project.json"
"$prefix/bin/redline" check "$prefix/share/redline/sample_data/project.json" --out "$prefix/out" --quiet
test -f "$prefix/out/result.json"
# Maps and reports from the installed program, with no display.
env -u DISPLAY -u QT_QPA_PLATFORM "$prefix/bin/redline" map "$prefix/share/redline/sample_data/project.json" \
  --out "$prefix/out/map.pdf" --quiet
head -c 5 "$prefix/out/map.pdf" | grep -q "%PDF-"
echo "installed redline ran the sample project"
