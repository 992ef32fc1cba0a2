#!/usr/bin/env bash
# One command from a fresh machine to a tested build: installs what is needed, builds the `ci`
# preset (warnings are errors) and runs every test. With --asan, or when CI=true, the suite also
# runs under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
asan=0
for arg in "$@"; do
  case "$arg" in
    --asan) asan=1 ;;
    --no-asan) asan=-1 ;;
    *) echo "usage: scripts/test.sh [--asan|--no-asan]" >&2; exit 2 ;;
  esac
done
if [ "${CI:-}" = "true" ] && [ "$asan" -eq 0 ]; then asan=1; fi

jobs=$(nproc 2>/dev/null || echo 2)
scripts/build.sh ci
ctest --preset ci -j "$jobs"

if [ "$asan" -eq 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ctest --preset asan -j "$jobs"
fi
echo "all tests passed"
