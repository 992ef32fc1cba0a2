#!/usr/bin/env bash
# Installs the system packages (if missing), configures and builds one CMake preset.
# Usage: scripts/build.sh [PRESET]   (default: release; others: dev, ci, asan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
